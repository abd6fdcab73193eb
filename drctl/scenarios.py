"""Scenarios -> runbooks, from the stacks' outputs alone (so `drill plan` works offline).

- region-failover: take prod out of DNS (ARC routing controls when configured, else invert prod's
  Route 53 health check), promote each relational store in dr (Aurora global switchover, or the
  managed unplanned failover with --unplanned; RDS replica promotion), scale a pilot light up, and
  wait until dr serves through the public name. Canary writes date the data loss where the store
  allows it; replication-lag metrics corroborate.
- backup-restore: the newest recovery point of each store in the dr vault -> a scratch resource,
  validated, the validation reported to AWS Backup, then deleted.
- pitr-restore: native point-in-time restore of each database/table into a scratch resource in prod.
- compute-scale-up: dr compute from its standby count to prod's, until healthy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from drctl import posture
from drctl.errors import InputError
from drctl.gateways import ROUTE53_REGION
from drctl.gateways.arc import CONFIG_REGION
from drctl.gateways.rds import identifier
from drctl.outputs import Endpoint, Estate, Store
from drctl.runbook import Call, CanaryTarget, Runbook, Step, Undo

SCENARIOS = ("region-failover", "backup-restore", "pitr-restore", "compute-scale-up")
STACK_OF = {
    "region-failover": "prod",
    "pitr-restore": "prod",
    "backup-restore": "dr",
    "compute-scale-up": "dr",
}
"""The stack the typed confirmation names: whose resources the drill changes most."""
RUN_TAG = "drill-run-id"
CANARY_COUNT = 6
CANARY_INTERVAL_S = 10


@dataclass(frozen=True)
class ScratchKind:
    """How a drill handles one kind of scratch resource it restores: which gateway methods wait for
    it, tag it and delete it, and which AWS APIs (IAM actions) each makes. One row per kind keeps
    point-in-time and backup restores asking for the same permissions for the same resource."""

    gateway: str
    noun: str
    key: str
    """The argument that names the resource in the gateway's methods."""
    ready: tuple[str, str]
    tag: tuple[str, str]
    delete: tuple[str, str]
    gone: tuple[str, str]
    arn: str | None
    """The resource's ARN (`{region}`, `{account}`, `{name}`) its tag call takes; None: tagged by name."""
    backup_type: str
    """AWS Backup's ResourceType for a restore of this kind."""
    emptied: bool = False
    """Deleting it empties it first (a bucket)."""

    def _call(self, region: str, op: tuple[str, str], args: dict[str, Any]) -> Call:
        return Call(self.gateway, region, op[0], args, op[1])

    def await_ready(self, region: str, name: str) -> Call:
        return self._call(region, self.ready, {self.key: name})

    def tagging(self, region: str, account: str, name: str, tags: list[dict[str, str]]) -> Call:
        target = (
            {"arn": self.arn.format(region=region, account=account, name=name)}
            if self.arn
            else {self.key: name}
        )
        return self._call(region, self.tag, {**target, "tags": tags})

    def undo(self, undo_id: str, region: str, name: str) -> Undo:
        return Undo(
            undo_id,
            f"{'empty and delete' if self.emptied else 'delete'} scratch {self.noun} {name}",
            (self._call(region, self.delete, {self.key: name}),),
            (self._call(region, self.gone, {self.key: name}),),
            "deleted",
            cleanup=True,
        )


SCRATCH = {
    "relational-instance": ScratchKind(
        "rds",
        "instance",
        "arn_or_id",
        ready=("await_instance", "rds:DescribeDBInstances"),
        tag=("tag", "rds:AddTagsToResource"),
        delete=("delete_instance", "rds:DeleteDBInstance"),
        gone=("await_instance_gone", "rds:DescribeDBInstances"),
        arn="arn:aws:rds:{region}:{account}:db:{name}",
        backup_type="RDS",
    ),
    "relational-cluster": ScratchKind(
        "rds",
        "cluster",
        "arn_or_id",
        ready=("await_cluster", "rds:DescribeDBClusters"),
        tag=("tag", "rds:AddTagsToResource"),
        delete=("delete_cluster", "rds:DeleteDBCluster"),
        gone=("await_cluster_gone", "rds:DescribeDBClusters"),
        arn="arn:aws:rds:{region}:{account}:cluster:{name}",
        backup_type="Aurora",
    ),
    "keyvalue": ScratchKind(
        "dynamodb",
        "table",
        "name",
        ready=("await_active", "dynamodb:DescribeTable"),
        tag=("tag", "dynamodb:TagResource"),
        delete=("delete_table", "dynamodb:DeleteTable"),
        gone=("await_gone", "dynamodb:DescribeTable"),
        arn="arn:aws:dynamodb:{region}:{account}:table/{name}",
        backup_type="DynamoDB",
    ),
    "object": ScratchKind(
        "s3",
        "bucket",
        "bucket",
        ready=("await_bucket", "s3:HeadBucket"),
        tag=("tag_bucket", "s3:PutBucketTagging"),
        delete=("delete_bucket", "s3:DeleteBucket"),
        gone=("await_bucket_gone", "s3:HeadBucket"),
        arn=None,
        backup_type="S3",
        emptied=True,
    ),
}
"""Scratch resources by kind: `relational-instance`, `relational-cluster`, `keyvalue`, `object`."""


LAG_METRICS = {
    "global-database": ("dr", "AWS/RDS", "AuroraGlobalDBRPOLag", 0.001),
    "cross-region-replica": ("dr", "AWS/RDS", "ReplicaLag", 1.0),
    "multi-region-table": ("prod", "AWS/DynamoDB", "ReplicationLatency", 0.001),
    "replicated-bucket": ("prod", "AWS/S3", "ReplicationLatency", 1.0),
}
"""Replication lag by store mode: (the site whose region publishes it, namespace, metric, seconds
per unit: Aurora's and DynamoDB's are in milliseconds, RDS's and S3's in seconds)."""


def scratch_name(run_id: str, store: str) -> str:
    """A name valid for an RDS identifier, a DynamoDB table and an S3 bucket (<= 63, a-z0-9-)."""
    stamp = run_id.split("-", 1)[0]
    name = re.sub(r"[^a-z0-9-]", "-", f"drill-{stamp}-{store}".lower())
    return re.sub(r"-+", "-", name)[:63].rstrip("-")


def _tags(run_id: str) -> list[dict[str, str]]:
    return [{"Key": RUN_TAG, "Value": run_id}, {"Key": "managed-by", "Value": "drctl"}]


def _account(estate: Estate) -> str:
    for arn in [
        estate.prod.key_arn or "",
        *(s.arn or "" for v in estate.prod.services.values() for s in v.stores.values()),
    ]:
        parts = arn.split(":")
        if len(parts) > 4 and parts[4]:
            return parts[4]
    return "ACCOUNT"


ARC_APIS = {
    "states_by_site": "route53-recovery-cluster:GetRoutingControlState",
    "set_state": "route53-recovery-cluster:UpdateRoutingControlState",
    "await_state": "route53-recovery-cluster:GetRoutingControlState",
}
ROUTE53_APIS = {"set_inverted": "route53:UpdateHealthCheck", "await_health": "route53:GetHealthCheckStatus"}
"""The AWS API (IAM action) each gateway method makes, for the plan."""


def _arc(method: str, **args: Any) -> Call:
    return Call("arc", CONFIG_REGION, method, args, ARC_APIS[method])


def _route53(method: str, **args: Any) -> Call:
    return Call("route53", ROUTE53_REGION, method, args, ROUTE53_APIS[method])


def _is_cluster(store: Store) -> bool:
    return ":cluster:" in (store.arn or "") or store.mode == "global-database"


class Builder:
    def __init__(self, estate: Estate, service: str, run_id: str, restore_role: str | None = None):
        self.estate = estate
        self.service = service
        self.run_id = run_id
        self.restore_role = restore_role or "<--restore-role-arn>"
        self.prod_region = estate.prod.site.region
        self.dr_region = estate.dr.site.region
        self.prod = estate.prod.services[service]
        self.dr = estate.dr.services[service]
        self.endpoint: Endpoint | None = estate.dr.endpoints.get(service)

    def _target(self, disruption: str) -> tuple[posture.Target | None, dict[str, posture.Target]]:
        rto = posture.rto(self.estate, self.service, disruption)
        rpo = {s: t for s in self.dr.stores if (t := posture.rpo(self.estate, self.service, disruption, s))}
        return rto, rpo

    def build(self, scenario: str, unplanned: bool = False, stores: list[str] | None = None) -> Runbook:
        if scenario not in SCENARIOS:
            raise InputError(f"--scenario {scenario!r}: one of {', '.join(SCENARIOS)}")
        unknown = [s for s in stores or [] if s not in self.dr.stores]
        if unknown:
            raise InputError(
                f"--store {', '.join(unknown)}: not a store of {self.service} "
                f"(stores: {', '.join(self.dr.stores) or 'none'})"
            )
        disruption = posture.SCENARIO_DISRUPTION[scenario]
        rto, rpo = self._target(disruption)
        manual: list[str] = []
        notes: list[str] = []
        if scenario == "region-failover":
            steps = list(self._region_failover(unplanned, manual, notes))
        elif scenario == "compute-scale-up":
            steps = list(self._compute_scale_up(manual, notes))
        elif scenario == "pitr-restore":
            steps = list(self._pitr(stores, notes))
        else:
            steps = list(self._backup_restore(stores, notes))
        if not steps:
            manual.append(f"nothing to drill: {self.service} has nothing this scenario exercises")
        if stores:
            rpo = {s: t for s, t in rpo.items() if s in stores}
        return Runbook(
            self.service,
            scenario,
            STACK_OF[scenario],
            disruption,
            unplanned,
            tuple(steps),
            rto,
            rpo,
            tuple(manual),
            tuple(notes),
        )

    # --- region failover -----------------------------------------------------------------------

    def _canary_targets(self) -> list[CanaryTarget]:
        out = []
        for name, store in self.dr.stores.items():
            prod = self.prod.stores.get(name)
            if prod is None:
                continue
            if store.mode == "replicated-bucket" and prod.bucket and store.bucket:
                out.append(
                    CanaryTarget(name, "object", self.prod_region, prod.bucket, self.dr_region, store.bucket)
                )
            elif store.mode == "multi-region-table" and prod.table_name:
                out.append(
                    CanaryTarget(
                        name, "keyvalue", self.prod_region, prod.table_name, self.dr_region, prod.table_name
                    )
                )
        return out

    def _lag_dimensions(self, store: Store, prod: Store) -> dict[str, str] | None:
        if store.mode == "global-database" and store.arn:
            return {"DBClusterIdentifier": identifier(store.arn)}
        if store.mode == "cross-region-replica" and store.arn:
            return {"DBInstanceIdentifier": identifier(store.arn)}
        if store.mode == "multi-region-table" and prod.table_name:
            return {"TableName": prod.table_name, "ReceivingRegion": self.dr_region}
        if store.mode == "replicated-bucket" and prod.bucket and store.bucket:
            return {"SourceBucket": prod.bucket, "DestinationBucket": store.bucket}
        return None

    def _lag_metrics(self) -> list[tuple[str, str, str, str, dict[str, str], float]]:
        """Per replicated store: (store, region, namespace, metric, dimensions, seconds per unit)."""
        out: list[tuple[str, str, str, str, dict[str, str], float]] = []
        for name, store in self.dr.stores.items():
            prod = self.prod.stores.get(name)
            dimensions = self._lag_dimensions(store, prod) if prod else None
            if dimensions is None:
                continue
            site, namespace, metric, unit = LAG_METRICS[store.mode]
            region = self.dr_region if site == "dr" else self.prod_region
            out.append((name, region, namespace, metric, dimensions, unit))
        return out

    def _region_failover(self, unplanned: bool, manual: list[str], notes: list[str]) -> Iterator[Step]:
        rto = posture.rto(self.estate, self.service, "region-loss")
        term = rto.term if rto else (lambda kind, mentioning=None: None)
        endpoint = self.endpoint
        canaries = self._canary_targets()
        if canaries:
            yield Step(
                "canary-write",
                f"write {CANARY_COUNT} canaries every {CANARY_INTERVAL_S}s to prod's "
                + ", ".join(c.store for c in canaries),
                kind="canary-write",
                canaries=tuple(canaries),
                awaited="each write acknowledged (its time is the canary's)",
                blast_radius=f"{CANARY_COUNT} small items/objects per store under a drctl-canary key; "
                "deleted at failback",
                failback=tuple(self._canary_cleanup(c) for c in canaries),
            )
        if endpoint is None:
            manual.append(
                f"{self.service} has no endpoint: no traffic to move "
                "(its stores fail over with the services that use them)"
            )
            return
        hc = endpoint.health_check_ids or {}
        arns = endpoint.routing_control_arns
        if arns:
            yield Step(
                "route-out-prod",
                "ARC: turn dr's routing control On, then prod's Off (the safety rule keeps one On)",
                capture=_arc("states_by_site", control_arns=arns),
                actions=(
                    _arc("set_state", control_arn=arns["dr"], state="On"),
                    _arc("set_state", control_arn=arns["prod"], state="Off"),
                ),
                awaits=(_arc("await_state", control_arn=arns["prod"], state="Off"),),
                awaited="prod's routing control Off",
                term=term("detection"),
                blast_radius=f"all of {endpoint.hostname}'s traffic moves to dr",
                failback=(
                    Undo(
                        "route-in-prod",
                        "ARC: prod's routing control On again, then dr's back to what it was",
                        (
                            _arc("set_state", control_arn=arns["prod"], state="On"),
                            _arc("set_state", control_arn=arns["dr"], state="$capture.route-out-prod.dr"),
                        ),
                        (_arc("await_state", control_arn=arns["prod"], state="On"),),
                        "prod's routing control On",
                    ),
                ),
                fault=True,
            )
        elif "prod" in hc:
            yield Step(
                "invert-prod-check",
                "invert prod's Route 53 health check: Route 53 sees prod as down and answers with dr",
                actions=(_route53("set_inverted", health_check_id=hc["prod"], inverted=True),),
                awaits=(_route53("await_health", health_check_id=hc["prod"], healthy=False),),
                awaited="prod's check reported unhealthy by the checkers",
                term=term("detection"),
                blast_radius=f"all of {endpoint.hostname}'s traffic moves to dr",
                failback=(
                    Undo(
                        "restore-prod-check",
                        "prod's health check not inverted: traffic returns to prod",
                        (_route53("set_inverted", health_check_id=hc["prod"], inverted=False),),
                        (_route53("await_health", health_check_id=hc["prod"], healthy=True),),
                        "prod's check healthy again",
                    ),
                ),
                fault=True,
            )
        else:
            manual.append("no health check ids in dr's endpoints output: cannot move traffic")
        if canaries:
            yield Step(
                "canary-check",
                "at the fault: which canaries had reached dr (last acknowledged vs last present)",
                kind="canary-check",
                canaries=tuple(canaries),
                awaited="dr copies read",
            )
        lags = self._lag_metrics()
        if lags:
            yield Step(
                "replication-lag",
                "at the fault: replication lag metrics (RPO corroboration)",
                kind="lag",
                lag_metrics=tuple(lags),
                awaited="CloudWatch datapoints read",
            )
        for name, store in self.dr.stores.items():
            yield from self._promotion(name, store, unplanned, term, manual)
        yield from self._scale_up(term, manual, group="recover")
        awaits = []
        if "dr" in hc:
            awaits.append(_route53("await_health", health_check_id=hc["dr"], healthy=True))
        awaits.append(Call("http", "-", "probe", {"url": endpoint.url}, "HTTPS GET"))
        yield Step(
            "serve-from-dr",
            f"wait until {endpoint.hostname} answers from dr (dr check healthy, public name serving)",
            awaits=tuple(awaits),
            awaited=f"dr's check healthy and {endpoint.url} answering 2xx/3xx",
            term=term("ttl"),
            healthy=True,
        )
        notes.append(
            "RTO = healthy (serve-from-dr) - fault (first traffic action); promotions and scale-up run "
            "in parallel, as the posture models them"
        )

    def _canary_cleanup(self, c: CanaryTarget) -> Undo:
        if c.kind == "object":
            prefix = f"drctl-canary/{self.run_id}/"
            return Undo(
                f"canaries-{c.store}",
                f"delete the canary objects (every version) in both buckets of {c.store}",
                (
                    Call(
                        "s3",
                        c.prod_region,
                        "delete_prefix",
                        {"bucket": c.prod_name, "prefix": prefix},
                        "s3:DeleteObjects",
                    ),
                    Call(
                        "s3",
                        c.dr_region,
                        "delete_prefix",
                        {"bucket": c.dr_name, "prefix": prefix},
                        "s3:DeleteObjects",
                    ),
                ),
                (
                    Call(
                        "s3",
                        c.prod_region,
                        "await_prefix_gone",
                        {"bucket": c.prod_name, "prefix": prefix},
                        "s3:ListObjectVersions",
                    ),
                    Call(
                        "s3",
                        c.dr_region,
                        "await_prefix_gone",
                        {"bucket": c.dr_name, "prefix": prefix},
                        "s3:ListObjectVersions",
                    ),
                ),
                "no canary version left in either bucket",
                cleanup=True,
            )
        args = {
            "table": c.prod_name,
            "pk": f"$capture.canary-write.{c.store}.pk",
            "sk": f"$capture.canary-write.{c.store}.sk",
            "values": f"$capture.canary-write.{c.store}.values",
        }
        return Undo(
            f"canaries-{c.store}",
            f"delete the canary items of {c.store} (the deletes replicate)",
            (Call("dynamodb", c.prod_region, "delete_canaries", args, "dynamodb:DeleteItem"),),
            (
                Call("dynamodb", c.prod_region, "await_canaries_gone", args, "dynamodb:GetItem"),
                Call(
                    "dynamodb",
                    c.dr_region,
                    "await_canaries_gone",
                    {**args, "table": c.dr_name},
                    "dynamodb:GetItem",
                ),
            ),
            "no canary item left in either region",
            cleanup=True,
        )

    def _promotion(self, name: str, store: Store, unplanned: bool, term, manual: list[str]) -> Iterator[Step]:
        prod = self.prod.stores.get(name)
        if store.mode == "global-database" and prod and prod.global_cluster_id and prod.arn and store.arn:
            gid = prod.global_cluster_id
            method, api = (
                ("failover_global", "rds:FailoverGlobalCluster")
                if unplanned
                else ("switchover_global", "rds:SwitchoverGlobalCluster")
            )
            yield Step(
                f"promote-{name}",
                f"Aurora global {'unplanned failover (AllowDataLoss)' if unplanned else 'switchover'}: "
                f"dr's {identifier(store.arn)} becomes the writer",
                actions=(
                    Call("rds", self.dr_region, method, {"global_id": gid, "target_arn": store.arn}, api),
                ),
                awaits=(
                    Call(
                        "rds",
                        self.dr_region,
                        "await_global_writer",
                        {"global_id": gid, "writer_arn": store.arn},
                        "rds:DescribeGlobalClusters",
                    ),
                ),
                awaited=f"{identifier(store.arn)} is the global writer, global cluster available",
                term=term("promotion", name),
                blast_radius=f"{name}: writes go to dr; prod's cluster becomes a secondary (reversible)",
                failback=(
                    Undo(
                        f"settle-{name}",
                        f"wait until global {gid} is available (a switchover in flight finishes)",
                        (),
                        (
                            Call(
                                "rds",
                                self.prod_region,
                                "await_global_settled",
                                {"global_id": gid},
                                "rds:DescribeGlobalClusters",
                            ),
                        ),
                        "no switchover or failover in flight",
                    ),
                    Undo(
                        f"switch-back-{name}",
                        f"Aurora global switchover back: prod's {identifier(prod.arn)} writer again",
                        (
                            Call(
                                "rds",
                                self.prod_region,
                                "switch_back",
                                {"global_id": gid, "target_arn": prod.arn},
                                "rds:SwitchoverGlobalCluster",
                            ),
                        ),
                        (
                            Call(
                                "rds",
                                self.prod_region,
                                "await_global_writer",
                                {"global_id": gid, "writer_arn": prod.arn},
                                "rds:DescribeGlobalClusters",
                            ),
                        ),
                        f"{identifier(prod.arn)} is the global writer",
                    ),
                ),
                group="recover",
                store=name,
            )
        elif store.mode == "cross-region-replica" and store.arn:
            sid = f"promote-{name}"
            snapshot = scratch_name(self.run_id, f"{name}-promoted")
            yield Step(
                sid,
                f"promote dr's read replica {identifier(store.arn)} to a standalone writer",
                capture=Call(
                    "rds",
                    self.dr_region,
                    "replica_settings",
                    {"arn_or_id": store.arn},
                    "rds:DescribeDBInstances",
                ),
                actions=(
                    Call(
                        "rds",
                        self.dr_region,
                        "promote_replica",
                        {"arn_or_id": store.arn},
                        "rds:PromoteReadReplica",
                    ),
                ),
                awaits=(
                    Call(
                        "rds",
                        self.dr_region,
                        "await_instance",
                        {"arn_or_id": store.arn, "standalone": True},
                        "rds:DescribeDBInstances",
                    ),
                ),
                awaited=f"{identifier(store.arn)} available and no longer a replica",
                term=term("promotion", name),
                blast_radius=(
                    f"{name}: dr's replica becomes standalone (one-way); failback deletes it (final snapshot "
                    f"{snapshot}) and re-creates the replica, so dr has no copy of {name} "
                    "until it is available"
                ),
                failback=(
                    Undo(
                        f"settle-{name}",
                        f"wait until {identifier(store.arn)} is available (a promotion in flight finishes)",
                        (),
                        (
                            Call(
                                "rds",
                                self.dr_region,
                                "await_instance",
                                {"arn_or_id": store.arn},
                                "rds:DescribeDBInstances",
                            ),
                        ),
                        "available, promoted or not",
                    ),
                    Undo(
                        f"delete-promoted-{name}",
                        f"delete the promoted {identifier(store.arn)} (final snapshot {snapshot})",
                        (
                            Call(
                                "rds",
                                self.dr_region,
                                "delete_promoted",
                                {"arn_or_id": store.arn, "final_snapshot": snapshot},
                                "rds:DeleteDBInstance",
                            ),
                        ),
                        (
                            Call(
                                "rds",
                                self.dr_region,
                                "await_promotion_undone",
                                {"arn_or_id": store.arn},
                                "rds:DescribeDBInstances",
                            ),
                        ),
                        "instance deleted (or never promoted)",
                    ),
                    Undo(
                        f"recreate-replica-{name}",
                        f"re-create the read replica {identifier(store.arn)} of prod's {name} "
                        "(same identifier and settings)",
                        (
                            Call(
                                "rds",
                                self.dr_region,
                                "recreate_replica",
                                {"settings": f"$capture.{sid}"},
                                "rds:CreateDBInstanceReadReplica",
                            ),
                        ),
                        (
                            Call(
                                "rds",
                                self.dr_region,
                                "await_instance",
                                {"arn_or_id": store.arn, "standalone": False},
                                "rds:DescribeDBInstances",
                            ),
                        ),
                        "replica available",
                    ),
                ),
                group="recover",
                store=name,
            )
        elif store.mode == "backup-copy":
            manual.append(
                f"{name} is protected by backup copies only: a region failover restores it from the dr "
                f"vault and repoints the app (rehearse the restore with --scenario backup-restore)"
            )

    def _scale_up(self, term, manual: list[str], group: str | None) -> Iterator[Step]:
        endpoint = self.endpoint
        if endpoint is None:
            return
        compute = endpoint.compute
        wanted = self.dr.desired_count
        if compute.kind == "none":
            manual.append(
                f"{self.service}'s dr compute is provisioned from code (`pulumi up` dr with compute declared)"
            )
            return
        if self.dr.standby_count >= wanted:
            return
        sid = "scale-up"
        if compute.kind == "containers" and compute.cluster and compute.service:
            cluster, service = compute.cluster, compute.service

            def set_floor(minimum: int | str) -> Call:
                floor = {"cluster": cluster, "service": service, "minimum": minimum}
                return Call(
                    "appscaling",
                    self.dr_region,
                    "set_floor",
                    {**floor, "maximum": f"$capture.{sid}.max"},
                    "application-autoscaling:RegisterScalableTarget",
                )

            yield Step(
                sid,
                f"raise {compute.service}'s task floor to {wanted} (Application Auto Scaling)",
                capture=Call(
                    "appscaling",
                    self.dr_region,
                    "target",
                    {"cluster": compute.cluster, "service": compute.service},
                    "application-autoscaling:DescribeScalableTargets",
                ),
                actions=(set_floor(wanted),),
                awaits=(
                    Call(
                        "ecs",
                        self.dr_region,
                        "await_running",
                        {"cluster": compute.cluster, "service": compute.service, "count": wanted},
                        "ecs:DescribeServices",
                    ),
                ),
                awaited=f"{wanted} tasks running, deployment steady",
                term=term("scale-up"),
                blast_radius=f"{wanted - self.dr.standby_count} more Fargate tasks in dr "
                "(cost while the drill runs)",
                failback=(
                    Undo(
                        "scale-back",
                        f"restore {compute.service}'s floor",
                        (set_floor(f"$capture.{sid}.min"),),
                    ),
                ),
                group=group,
            )
        elif compute.kind == "vms" and compute.auto_scaling_group:
            asg = compute.auto_scaling_group

            def set_capacity(minimum: int | str, desired: int | str) -> Call:
                return Call(
                    "autoscaling",
                    self.dr_region,
                    "set_capacity",
                    {"group": asg, "minimum": minimum, "desired": desired},
                    "autoscaling:UpdateAutoScalingGroup",
                )

            policy = _policy_name(compute.scale_up_command)
            action = (
                Call(
                    "autoscaling",
                    self.dr_region,
                    "execute_policy",
                    {"group": asg, "policy": policy},
                    "autoscaling:ExecutePolicy",
                )
                if policy
                else set_capacity(wanted, wanted)
            )
            yield Step(
                sid,
                f"scale {asg} to {wanted} instances" + (f" (policy {policy})" if policy else ""),
                capture=Call(
                    "autoscaling",
                    self.dr_region,
                    "capacity",
                    {"name": asg},
                    "autoscaling:DescribeAutoScalingGroups",
                ),
                actions=(action,),
                awaits=(
                    Call(
                        "autoscaling",
                        self.dr_region,
                        "await_in_service",
                        {"group": asg, "count": wanted},
                        "autoscaling:DescribeAutoScalingGroups",
                    ),
                ),
                awaited=f"{wanted} instances InService and Healthy",
                term=term("scale-up"),
                blast_radius=f"{wanted - self.dr.standby_count} more instances in dr "
                "(cost while the drill runs)",
                failback=(
                    Undo(
                        "scale-back",
                        f"restore {asg}'s capacity",
                        (set_capacity(f"$capture.{sid}.min", f"$capture.{sid}.desired"),),
                    ),
                ),
                group=group,
            )

    def _compute_scale_up(self, manual: list[str], notes: list[str]) -> Iterator[Step]:
        rto = posture.rto(self.estate, self.service, "region-loss")
        term = rto.term if rto else (lambda kind, mentioning=None: None)
        steps = list(self._scale_up(term, manual, group=None))
        if not steps:
            if self.endpoint is not None and self.endpoint.compute.kind != "none":
                manual.append(
                    f"{self.service} already runs {self.dr.standby_count} of "
                    f"{self.dr.desired_count} in dr: nothing to scale"
                )
            return
        first = steps[0]
        hc = (self.endpoint.health_check_ids or {}) if self.endpoint else {}
        yield Step(**{**first.__dict__, "fault": True, "healthy": "dr" not in hc})
        if "dr" in hc:
            yield Step(
                "dr-check-healthy",
                "dr's Route 53 health check healthy (the scaled-up compute serves)",
                awaits=(_route53("await_health", health_check_id=hc["dr"], healthy=True),),
                awaited="dr's check healthy",
                healthy=True,
            )
        notes.append("RTO = healthy - scale-up request; compared with the posture's scale-up term")

    # --- restores ------------------------------------------------------------------------------

    def _restorable(self, only: list[str] | None) -> Iterator[tuple[str, Store]]:
        for name, store in self.prod.stores.items():
            if (only is None or name in only) and store.arn:
                yield name, store

    def _pitr(self, only: list[str] | None, notes: list[str]) -> Iterator[Step]:
        rto = posture.rto(self.estate, self.service, "accidental-deletion")
        account = _account(self.estate)
        first = True
        for name, store in self._restorable(only):
            scratch = scratch_name(self.run_id, name)
            region = self.prod_region
            restore_term = rto.term("restore", name) if rto else None
            if store.kind == "object":
                notes.append(
                    f"{name}: S3 point-in-time restore goes through AWS Backup; "
                    "rehearse it with --scenario backup-restore"
                )
                continue
            if store.kind == "keyvalue" and store.table_name:
                table = SCRATCH["keyvalue"]
                yield Step(
                    f"restore-{name}",
                    f"DynamoDB point-in-time restore of {store.table_name} into scratch table {scratch}",
                    capture=Call(
                        "dynamodb",
                        region,
                        "latest_restorable",
                        {"name": store.table_name},
                        "dynamodb:DescribeContinuousBackups",
                    ),
                    actions=(
                        Call(
                            "dynamodb",
                            region,
                            "restore_pitr",
                            {"source": store.table_name, "target": scratch},
                            "dynamodb:RestoreTableToPointInTime",
                        ),
                    ),
                    awaits=(table.await_ready(region, scratch),),
                    awaited=f"{scratch} ACTIVE",
                    term=restore_term,
                    blast_radius=f"a new table {scratch} (tagged {RUN_TAG}); {store.table_name} untouched",
                    failback=(table.undo(f"delete-{name}", region, scratch),),
                    fault=first,
                    healthy=True,
                    group="restore",
                    store=name,
                    rpo_from="restorable",
                )
                yield Step(
                    f"tag-{name}",
                    f"tag {scratch} with {RUN_TAG}",
                    actions=(table.tagging(region, account, scratch, _tags(self.run_id)),),
                    blast_radius="tags on the scratch table",
                )
            elif store.kind == "relational":
                yield self._relational_pitr(name, store, scratch, region, restore_term, first)
            else:
                continue
            first = False
        notes.append(
            "RTO = last scratch resource available - first restore request (restores run in parallel)"
        )

    def _relational_pitr(
        self,
        name: str,
        store: Store,
        scratch: str,
        region: str,
        term: posture.ModelTerm | None,
        first: bool,
    ) -> Step:
        """RDS restores an instance; Aurora restores a cluster without instances, so the drill adds
        one, deleted before the cluster at failback."""
        cluster = _is_cluster(store)
        kind = SCRATCH["relational-cluster" if cluster else "relational-instance"]
        tags = _tags(self.run_id)
        restore, api = (
            ("restore_cluster_pitr", "rds:RestoreDBClusterToPointInTime")
            if cluster
            else ("restore_instance_pitr", "rds:RestoreDBInstanceToPointInTime")
        )
        actions = [Call("rds", region, restore, {"source": store.arn, "target": scratch, "tags": tags}, api)]
        failback = [kind.undo(f"delete-{name}", region, scratch)]
        if cluster:
            instance = f"{scratch}-1"[:63]
            actions.append(
                Call(
                    "rds",
                    region,
                    "add_cluster_instance",
                    {"cluster": scratch, "instance": instance, "like": store.arn, "tags": tags},
                    "rds:CreateDBInstance",
                )
            )
            failback.insert(
                0, SCRATCH["relational-instance"].undo(f"delete-{name}-instance", region, instance)
            )
        source = identifier(store.arn or "")
        return Step(
            f"restore-{name}",
            f"Aurora point-in-time restore of {source} into scratch cluster {scratch} (+ one instance)"
            if cluster
            else f"RDS point-in-time restore of {source} into scratch instance {scratch}",
            # the latest restorable time is read with the same Describe call that awaits the scratch
            capture=Call(
                "rds",
                region,
                "latest_restorable",
                {"arn_or_id": store.arn, "is_cluster": cluster},
                kind.ready[1],
            ),
            actions=tuple(actions),
            awaits=(kind.await_ready(region, scratch),),
            awaited=f"{scratch} available" + (" with an instance" if cluster else ""),
            term=term,
            blast_radius=f"a new {kind.noun} {scratch} (tagged {RUN_TAG}); the source untouched",
            failback=tuple(failback),
            fault=first,
            healthy=True,
            group="restore",
            store=name,
            rpo_from="restorable",
        )

    def _backup_restore(self, only: list[str] | None, notes: list[str]) -> Iterator[Step]:
        backup = self.dr.backup
        if backup is None or not backup.vault_arn:
            return
        vault = backup.vault_arn
        region = self.dr_region
        account = _account(self.estate)
        key = self.estate.dr.key_arn
        rto = posture.rto(self.estate, self.service, "data-corruption")
        restores: list[Step] = []
        validations: list[Step] = []
        for name, store in self._restorable(only):
            scratch = scratch_name(self.run_id, name)
            kind = (
                "relational-cluster"
                if store.kind == "relational" and _is_cluster(store)
                else "relational-instance"
                if store.kind == "relational"
                else store.kind
            )
            if kind not in SCRATCH:
                continue
            overrides: dict[str, str] = {
                "relational-instance": {
                    "DBInstanceIdentifier": scratch,
                    **({"KmsKeyId": key} if key else {}),
                },
                "relational-cluster": {"DBClusterIdentifier": scratch, **({"KmsKeyId": key} if key else {})},
                "keyvalue": {
                    "targetTableName": scratch,
                    **({"encryptionType": "KMS", "kmsMasterKeyArn": key} if key else {}),
                },
                "object": {
                    "DestinationBucketName": scratch,
                    "NewBucket": "true",
                    **({"EncryptionType": "SSE-KMS", "KMSKey": key} if key else {}),
                },
            }[kind]
            sid = f"restore-{name}"
            job = f"$result.{sid}.RestoreJobId"
            scratch_kind = SCRATCH[kind]
            restores.append(
                Step(
                    sid,
                    f"restore {name}'s newest recovery point in {vault.rsplit(':', 1)[-1]} "
                    f"into scratch {scratch}",
                    capture=Call(
                        "backup",
                        region,
                        "prepare_restore",
                        {"vault_arn": vault, "resource_arn": store.arn, "overrides": overrides},
                        "backup:ListRecoveryPointsByBackupVault",
                    ),
                    actions=(
                        Call(
                            "backup",
                            region,
                            "start_restore",
                            {
                                "recovery_point_arn": f"$capture.{sid}.recoveryPointArn",
                                "role_arn": self.restore_role,
                                "metadata": f"$capture.{sid}.metadata",
                                "resource_type": SCRATCH[kind].backup_type,
                            },
                            "backup:StartRestoreJob",
                        ),
                    ),
                    awaits=(
                        Call("backup", region, "await_restore", {"job_id": job}, "backup:DescribeRestoreJob"),
                    ),
                    awaited="restore job COMPLETED",
                    term=rto.term("restore", name) if rto else None,
                    blast_radius=f"a new {kind.split('-')[0]} resource {scratch} in dr; "
                    "the vault and the source untouched",
                    failback=(scratch_kind.undo(f"delete-{name}", region, scratch),),
                    fault=not restores,
                    group="restore",
                    store=name,
                    rpo_from="recovery-point",
                )
            )
            validations.append(
                Step(
                    f"validate-{name}",
                    f"tag {scratch} with {RUN_TAG}, check it serves, report the validation to AWS Backup",
                    actions=(
                        scratch_kind.tagging(region, account, scratch, _tags(self.run_id)),
                        Call(
                            "backup",
                            region,
                            "put_validation",
                            {
                                "job_id": job,
                                "ok": True,
                                "message": f"drctl {self.run_id}: {scratch} available",
                            },
                            "backup:PutRestoreValidationResult",
                        ),
                    ),
                    awaits=(scratch_kind.await_ready(region, scratch),),
                    awaited=f"{scratch} available",
                    blast_radius="tags on the scratch resource; a validation result on the restore job",
                    healthy=True,
                    store=name,
                )
            )
        yield from restores
        yield from validations
        notes.append(
            "RPO = age of the restored recovery point at the restore request; "
            "RTO = last validation - first restore request"
        )
        notes.append(
            "needs --restore-role-arn: the AWS Backup service role of the dr vault (restores run as it)"
        )


def _policy_name(command: str | None) -> str | None:
    if not command or "--policy-name" not in command:
        return None
    return command.split("--policy-name", 1)[1].split()[0]


def build(
    estate: Estate,
    service: str,
    scenario: str,
    run_id: str,
    unplanned: bool = False,
    stores: list[str] | None = None,
    restore_role: str | None = None,
) -> Runbook:
    return Builder(estate, service, run_id, restore_role).build(scenario, unplanned, stores)
