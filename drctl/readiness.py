"""Read-only readiness checks of the live estate, per service; each says what it saw (evidence)
and, when not ready, how to fix it. A check that cannot ask (no permission, no endpoint) is not
ready: an unknown is not a yes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from drctl import posture
from drctl.clock import Clock
from drctl.durations import fmt, parse_seconds
from drctl.gateways import Gateways
from drctl.gateways.backup import vault_name
from drctl.gateways.rds import identifier
from drctl.outputs import Endpoint, Estate, ServiceOutput, Store

Status = Literal["ready", "not-ready", "n/a"]
COPY_ALLOWANCE_S = 3600
"""A cross-region copy starts after its backup finishes: a recovery point may be this much older
than the backup interval before it counts as late (our allowance, not an AWS figure)."""
LAG_WINDOW_MIN = 15


@dataclass(frozen=True)
class Check:
    service: str
    check: str
    subject: str
    status: Status
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    fix: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _age_seconds(now: datetime, then: Any) -> float:
    if isinstance(then, str):
        then = datetime.fromisoformat(then.replace("Z", "+00:00"))
    return (now - then).total_seconds()


def _bucket_arn(bucket: str) -> str:
    return f"arn:aws:s3:::{bucket}"


def _alias(name: str) -> str:
    name = name.lower().rstrip(".")
    return name.removeprefix("dualstack.")


class Readiness:
    def __init__(self, estate: Estate, gateways: Gateways, clock: Clock):
        self.estate = estate
        self.gw = gateways
        self.clock = clock
        self.prod_region = estate.prod.site.region
        self.dr_region = estate.dr.site.region

    # --- running the checks --------------------------------------------------------------------

    def run(self, services: list[str]) -> list[Check]:
        out: list[Check] = []
        for name in services:
            out += self.service(name)
        return out

    def service(self, name: str) -> list[Check]:
        dr = self.estate.dr.services[name]
        prod = self.estate.prod.services[name]
        endpoint = self.estate.dr.endpoints.get(name)
        probes: list[tuple[str, str, Callable[[], Check]]] = []
        for store_name, store in dr.stores.items():
            prod_store = prod.stores.get(store_name)
            if prod_store is None:
                continue
            probes += [
                (f"replication:{store_name}", store_name, c)
                for c in self._replication(name, dr, store_name, prod_store, store)
            ]
            if prod_store.arn and dr.backup and dr.backup.vault_arn:
                vault = dr.backup.vault_arn
                probes.append(
                    (
                        f"recovery-point:{store_name}",
                        store_name,
                        lambda s=store_name, a=prod_store.arn, v=vault: self._recovery_point(
                            name, dr, s, a, v
                        ),
                    )
                )
        if dr.backup and dr.backup.vault_arn:
            vault = dr.backup.vault_arn
            probes.append(("vault-locked", vault_name(vault), lambda: self._vault_locked(name, vault)))
        if dr.backup and dr.backup.restore_testing_plan:
            plan = dr.backup.restore_testing_plan
            probes.append(("restore-test", plan, lambda: self._restore_test(name, plan)))
        if endpoint is not None:
            probes.append(("standby-capacity", "dr compute", lambda: self._standby(name, dr, endpoint)))
            for site, check_id in (endpoint.health_check_ids or {}).items():
                idle = site == "dr" and dr.standby_count == 0
                probes.append(
                    (
                        f"health-check:{site}",
                        check_id,
                        lambda s=site, i=check_id, x=idle: self._health_check(name, s, i, x),
                    )
                )
            probes.append(("failover-records", endpoint.hostname, lambda: self._records(name, endpoint)))
            if endpoint.routing_control_arns:
                probes.append(
                    ("routing-controls", endpoint.hostname, lambda: self._routing_controls(name, endpoint))
                )
        probes.append(("alarms", name, lambda: self._alarms(name)))
        return [self._safely(name, check, subject, probe) for check, subject, probe in probes]

    def _safely(self, service: str, check: str, subject: str, probe: Callable[[], Check]) -> Check:
        try:
            return probe()
        except (ClientError, BotoCoreError) as e:
            code = (
                e.response.get("Error", {}).get("Code", "")
                if isinstance(e, ClientError)
                else type(e).__name__
            )
            return Check(
                service,
                check,
                subject,
                "not-ready",
                f"could not check: {e}",
                {"error": str(e), "code": code},
                "give the caller drctl's read-only readiness policy (README, 'Drills and readiness: drctl') "
                "and check the profile/region",
            )

    # --- replication ---------------------------------------------------------------------------

    def _replication(
        self, service: str, dr: ServiceOutput, store_name: str, prod: Store, drs: Store
    ) -> Iterator[Callable[[], Check]]:
        rpo = posture.rpo(self.estate, service, "region-loss", store_name)
        rpo_s = rpo.target if rpo else parse_seconds(dr.rpo)
        if prod.mode == "replicated-bucket" and prod.bucket and drs.bucket:
            yield lambda: self._s3(service, store_name, str(prod.bucket), str(drs.bucket), rpo_s)
        elif prod.mode == "global-database" and prod.global_cluster_id and prod.arn and drs.arn:
            yield lambda: self._aurora(
                service, store_name, str(prod.global_cluster_id), str(prod.arn), str(drs.arn), rpo_s
            )
        elif prod.mode == "cross-region-replica" and drs.arn:
            yield lambda: self._rds_replica(service, store_name, str(drs.arn), rpo_s)
        elif prod.mode == "multi-region-table" and prod.table_name:
            yield lambda: self._dynamodb(service, store_name, str(prod.table_name), rpo_s)

    def _lag(
        self, region: str, namespace: str, metric: str, dims: dict[str, str], per_unit: float
    ) -> float | None:
        value = self.gw.cloudwatch(region).maximum(namespace, metric, dims, self.clock.now(), LAG_WINDOW_MIN)
        return None if value is None else value * per_unit

    def _lag_verdict(
        self,
        service: str,
        store: str,
        healthy: bool,
        summary: str,
        evidence: dict[str, Any],
        lag: float | None,
        rpo_s: int,
        fix: str,
    ) -> Check:
        evidence = {**evidence, "lagSeconds": lag, "rpoSeconds": rpo_s}
        lag_text = (
            "no lag datapoints in the last 15 min"
            if lag is None
            else f"max lag {fmt(lag)} (RPO {fmt(rpo_s)})"
        )
        if healthy and lag is not None and lag > rpo_s:
            return Check(
                service,
                f"replication:{store}",
                store,
                "not-ready",
                f"{summary}; {lag_text}",
                evidence,
                "replication lags beyond the RPO: find the write burst or throttling before failing over",
            )
        return Check(
            service,
            f"replication:{store}",
            store,
            "ready" if healthy else "not-ready",
            f"{summary}; {lag_text}",
            evidence,
            "" if healthy else fix,
        )

    def _s3(self, service: str, store: str, bucket: str, replica: str, rpo_s: int) -> Check:
        config = self.gw.s3(self.prod_region).replication(bucket)
        rules = (config or {}).get("Rules", [])
        rule = next(
            (r for r in rules if r.get("Destination", {}).get("Bucket") == _bucket_arn(replica)), None
        )
        enabled = bool(rule and rule.get("Status") == "Enabled")
        rtc = bool(rule and rule.get("Destination", {}).get("ReplicationTime", {}).get("Status") == "Enabled")
        lag = None
        if rule:
            dims = {"SourceBucket": bucket, "DestinationBucket": replica, "RuleId": str(rule.get("ID", ""))}
            lag = self._lag(self.prod_region, "AWS/S3", "ReplicationLatency", dims, 1.0)
        summary = f"s3://{bucket} -> s3://{replica}: " + (
            "no rule" if rule is None else f"rule {rule.get('Status')}, RTC {'on' if rtc else 'off'}"
        )
        return self._lag_verdict(
            service,
            store,
            enabled and rtc,
            summary,
            {"rule": rule, "rtc": rtc},
            lag,
            rpo_s,
            "re-deploy prod (`pulumi up`): its replication rule with RTC to the dr replica is missing or off",
        )

    def _aurora(
        self, service: str, store: str, global_id: str, prod_arn: str, dr_arn: str, rpo_s: int
    ) -> Check:
        found = self.gw.rds(self.prod_region).global_cluster(global_id)
        members = {m["DBClusterArn"]: m for m in (found or {}).get("GlobalClusterMembers", [])}
        writer_ok = members.get(prod_arn, {}).get("IsWriter") is True
        secondary_ok = dr_arn in members and not members[dr_arn].get("IsWriter")
        status = (found or {}).get("Status", "missing")
        ok = found is not None and writer_ok and secondary_ok and status == "available"
        lag = self._lag(
            self.dr_region,
            "AWS/RDS",
            "AuroraGlobalDBRPOLag",
            {"DBClusterIdentifier": identifier(dr_arn)},
            0.001,
        )
        writer = "prod" if writer_ok else "NOT prod"
        secondary = "secondary" if secondary_ok else "NOT a secondary"
        summary = f"global {global_id} {status}: writer {writer}, dr {secondary}"
        return self._lag_verdict(
            service,
            store,
            ok,
            summary,
            {"status": status, "members": list(members)},
            lag,
            rpo_s,
            "the global database is not prod-writer/dr-secondary: finish or undo a switchover "
            "(`drctl drill failback RUN_ID`), or `pulumi up` dr to re-add its secondary",
        )

    def _rds_replica(self, service: str, store: str, dr_arn: str, rpo_s: int) -> Check:
        found = self.gw.rds(self.dr_region).instance(dr_arn)
        source = (found or {}).get("ReadReplicaSourceDBInstanceIdentifier")
        infos = {i.get("StatusType"): i for i in (found or {}).get("StatusInfos", [])}
        replicating = infos.get("read replication", {})
        ok = bool(
            found
            and source
            and found["DBInstanceStatus"] == "available"
            and replicating.get("Status") == "replicating"
            and replicating.get("Normal", False)
        )
        lag = self._lag(
            self.dr_region, "AWS/RDS", "ReplicaLag", {"DBInstanceIdentifier": identifier(dr_arn)}, 1.0
        )
        summary = f"{identifier(dr_arn)}: " + (
            "missing"
            if found is None
            else f"{found['DBInstanceStatus']}, replication {replicating.get('Status', 'unknown')}"
        )
        return self._lag_verdict(
            service,
            store,
            ok,
            summary,
            {"replicaSource": source, "replication": replicating},
            lag,
            rpo_s,
            "the dr replica is not replicating: if a drill promoted it, run `drctl drill failback RUN_ID`; "
            "else check its events (`aws rds describe-events`) and `pulumi up` dr",
        )

    def _dynamodb(self, service: str, store: str, table: str, rpo_s: int) -> Check:
        replica = self.gw.dynamodb(self.prod_region).replica(table, self.dr_region)
        status = (replica or {}).get("ReplicaStatus", "missing")
        lag = self._lag(
            self.prod_region,
            "AWS/DynamoDB",
            "ReplicationLatency",
            {"TableName": table, "ReceivingRegion": self.dr_region},
            0.001,
        )
        return self._lag_verdict(
            service,
            store,
            status == "ACTIVE",
            f"{table} replica in {self.dr_region}: {status}",
            {"replica": replica},
            lag,
            rpo_s,
            f"the {self.dr_region} replica of {table} is not ACTIVE: "
            "`pulumi up` prod to restore the global table",
        )

    # --- backups -------------------------------------------------------------------------------

    def _recovery_point(
        self, service: str, dr: ServiceOutput, store: str, resource_arn: str, vault_arn: str
    ) -> Check:
        every = posture.backup_every(self.estate, service, store) or parse_seconds(dr.rpo)
        point = self.gw.backup(self.dr_region).newest_recovery_point(vault_arn, resource_arn)
        check = f"recovery-point:{store}"
        if point is None:
            return Check(
                service,
                check,
                store,
                "not-ready",
                f"no completed recovery point of {store} in {vault_name(vault_arn)}",
                {"vault": vault_arn, "resource": resource_arn},
                "check the backup plan's copy action to the dr vault and the failed-jobs alarm; "
                "start an on-demand backup",
            )
        age = _age_seconds(self.clock.now(), point["CreationDate"])
        allowed = every + COPY_ALLOWANCE_S
        evidence = {
            "recoveryPointArn": point["RecoveryPointArn"],
            "ageSeconds": round(age),
            "backupEverySeconds": every,
        }
        summary = f"newest copy in {vault_name(vault_arn)} is {fmt(age)} old (backups every {fmt(every)})"
        if age > allowed:
            return Check(
                service,
                check,
                store,
                "not-ready",
                summary,
                evidence,
                f"copies are late (> {fmt(allowed)}): look at the backup and copy jobs of plan "
                f"{dr.backup.plan_id if dr.backup else '?'} in prod",
            )
        return Check(service, check, store, "ready", summary, evidence)

    def _vault_locked(self, service: str, vault_arn: str) -> Check:
        found = self.gw.backup(self.dr_region).vault(vault_arn)
        locked = bool(found and found.get("Locked"))
        evidence = (
            {k: found.get(k) for k in ("Locked", "MinRetentionDays", "MaxRetentionDays", "LockDate")}
            if found
            else {}
        )
        return Check(
            service,
            "vault-locked",
            vault_name(vault_arn),
            "ready" if locked else "not-ready",
            f"{vault_name(vault_arn)}: "
            + ("locked" if locked else "missing" if found is None else "NOT locked"),
            evidence,
            "" if locked else "`pulumi up` dr: its vault lock (backup.vaultLock) is missing",
        )

    def _restore_test(self, service: str, plan: str) -> Check:
        backup = self.gw.backup(self.dr_region)
        arn = backup.restore_testing_plan_arn(plan)
        if arn is None:
            return Check(
                service,
                "restore-test",
                plan,
                "not-ready",
                f"restore testing plan {plan} not found",
                {},
                "`pulumi up` dr: the restore testing plan is missing",
            )
        job = backup.newest_restore_test(arn)
        if job is None:
            return Check(
                service,
                "restore-test",
                plan,
                "not-ready",
                f"{plan}: no restore test has run yet",
                {"plan": arn},
                "wait for the plan's schedule, or run `drctl drill run --scenario backup-restore`",
            )
        status, validation = job.get("Status"), job.get("ValidationStatus")
        ok = status == "COMPLETED" and validation not in ("FAILED", "TIMED_OUT")
        evidence = {
            "restoreJobId": job.get("RestoreJobId"),
            "status": status,
            "validation": validation,
            "created": str(job.get("CreationDate")),
            "durationSeconds": job.get("RecoveryPointCreationDate") and None,
        }
        return Check(
            service,
            "restore-test",
            plan,
            "ready" if ok else "not-ready",
            f"{plan}: last restore test {status}" + (f", validation {validation}" if validation else ""),
            evidence,
            ""
            if ok
            else f"restore job {job.get('RestoreJobId')} failed: "
            "read its StatusMessage and fix the restore metadata",
        )

    # --- compute and DNS -----------------------------------------------------------------------

    def _standby(self, service: str, dr: ServiceOutput, endpoint: Endpoint) -> Check:
        compute = endpoint.compute
        wanted = dr.standby_count
        if compute.kind == "none":
            return Check(
                service,
                "standby-capacity",
                "dr compute",
                "n/a",
                f"{dr.strategy}: dr compute is provisioned from code in a disaster",
                {"kind": "none"},
            )
        if compute.kind == "containers" and compute.cluster and compute.service:
            running = self.gw.ecs(self.dr_region).running(compute.cluster, compute.service)
            target = self.gw.appscaling(self.dr_region).target(compute.cluster, compute.service)
            evidence = {"running": running, "standbyCount": wanted, "scalableTarget": target}
            can_scale = target["max"] is not None
            subject = f"{compute.cluster}/{compute.service}"
            fix = (
                f"dr runs {running} of {wanted} standby tasks: check the service's events and `pulumi up` dr"
            )
            if not can_scale:
                fix = "no Application Auto Scaling target: the pilot light cannot scale up; `pulumi up` dr"
            ok = running >= wanted and can_scale
            return Check(
                service,
                "standby-capacity",
                subject,
                "ready" if ok else "not-ready",
                f"{running} task(s) running, standby {wanted}",
                evidence,
                "" if ok else fix,
            )
        if compute.kind == "vms" and compute.auto_scaling_group:
            asg = self.gw.autoscaling(self.dr_region)
            healthy = asg.in_service(compute.auto_scaling_group)
            group = asg.group(compute.auto_scaling_group)
            policy_name = _scale_up_policy(compute.scale_up_command)
            policy_ok = policy_name is None or asg.policy(compute.auto_scaling_group, policy_name) is not None
            ok = group is not None and healthy >= wanted and policy_ok
            evidence = {
                "inService": healthy,
                "standbyCount": wanted,
                "scaleUpPolicy": policy_name,
                "policyFound": policy_ok,
            }
            fix = (
                "the group is missing"
                if group is None
                else f"the failover policy {policy_name} is missing"
                if not policy_ok
                else f"{healthy} of {wanted} standby instances in service: check the group's activities"
            )
            return Check(
                service,
                "standby-capacity",
                compute.auto_scaling_group,
                "ready" if ok else "not-ready",
                f"{healthy} instance(s) in service, standby {wanted}",
                evidence,
                "" if ok else fix + "; `pulumi up` dr",
            )
        return Check(
            service,
            "standby-capacity",
            "dr compute",
            "not-ready",
            "compute identifiers missing from the outputs",
            {"compute": compute.model_dump()},
            "re-export dr's outputs (`pulumi up` dr)",
        )

    def _health_check(self, service: str, site: str, check_id: str, idle: bool = False) -> Check:
        """`idle`: dr keeps no standby capacity (pilot light, backup & restore), so its check fails
        until the failover scales it up; that is expected, not a readiness problem."""
        r53 = self.gw.route53()
        config = r53.health_check(check_id)
        if config is None:
            return Check(
                service,
                f"health-check:{site}",
                check_id,
                "not-ready",
                f"{site} health check {check_id} not found",
                {},
                "`pulumi up` dr: the health check is gone",
            )
        inverted = bool(config["HealthCheckConfig"].get("Inverted"))
        seen = r53.health_status(check_id)
        verdict = (
            "healthy"
            if seen.reached
            else "unhealthy as expected (no standby capacity)"
            if idle
            else "UNHEALTHY"
        )
        ok = (seen.reached or idle) and not inverted
        fix = (
            "the check is inverted (a drill left it so?): `drctl drill failback RUN_ID`"
            if inverted
            else f"the {site} load balancer fails its health check: look at its targets and the 5xx alarm"
        )
        return Check(
            service,
            f"health-check:{site}",
            check_id,
            "ready" if ok else "not-ready",
            f"{site}: {verdict} ({seen.summary})" + (", INVERTED" if inverted else ""),
            {**seen.evidence, "inverted": inverted},
            "" if ok else fix,
        )

    def _records(self, service: str, endpoint: Endpoint) -> Check:
        r53 = self.gw.route53()
        zone = r53.zone_for(endpoint.hostname)
        if zone is None:
            return Check(
                service,
                "failover-records",
                endpoint.hostname,
                "not-ready",
                f"no hosted zone holds {endpoint.hostname}",
                {},
                "check dns.hostedZoneId and the caller's account",
            )
        records = {r["Failover"]: r for r in r53.failover_records(zone, endpoint.hostname)}
        problems = []
        for role, site in (("PRIMARY", "prod"), ("SECONDARY", "dr")):
            record = records.get(role)
            wanted_check = (endpoint.health_check_ids or {}).get(site)
            lb = endpoint.load_balancers.get(site)
            if record is None:
                problems.append(f"no {role} record")
                continue
            attached = record.get("HealthCheckId")
            if not attached:
                problems.append(f"{role} has no health check")
            elif attached != wanted_check:
                children = (
                    (r53.health_check(attached) or {})
                    .get("HealthCheckConfig", {})
                    .get("ChildHealthChecks", [])
                )
                if wanted_check not in children:
                    problems.append(f"{role} is checked by {attached}, not {site}'s check {wanted_check}")
            alias = record.get("AliasTarget", {}).get("DNSName", "")
            if lb and _alias(alias) != _alias(lb.dns_name):
                problems.append(f"{role} aliases {alias or '-'}, not {site}'s load balancer {lb.dns_name}")
        ok = not problems
        return Check(
            service,
            "failover-records",
            endpoint.hostname,
            "ready" if ok else "not-ready",
            "PRIMARY -> prod, SECONDARY -> dr, both health-checked" if ok else "; ".join(problems),
            {
                "zone": zone,
                "records": {
                    k: {
                        "healthCheckId": v.get("HealthCheckId"),
                        "alias": v.get("AliasTarget", {}).get("DNSName"),
                    }
                    for k, v in records.items()
                },
            },
            "" if ok else "`pulumi up` dr: its failover records drifted",
        )

    def _routing_controls(self, service: str, endpoint: Endpoint) -> Check:
        arc = self.gw.arc()
        arns = endpoint.routing_control_arns or {}
        states = {site: arc.state(arn) for site, arn in arns.items()}
        rules = arc.safety_rules(arns["prod"]) if "prod" in arns else []
        guarding = [
            r
            for r in rules
            if set(arns.values()) <= set(r.get("AssertedControls", []))
            and r.get("RuleConfig", {}).get("Type") == "ATLEAST"
            and r.get("RuleConfig", {}).get("Threshold", 0) >= 1
        ]
        problems = []
        if states.get("prod") != "On":
            problems.append(f"prod routing control is {states.get('prod')}")
        if not guarding:
            problems.append("no ATLEAST-1 safety rule over both controls")
        ok = not problems
        return Check(
            service,
            "routing-controls",
            endpoint.hostname,
            "ready" if ok else "not-ready",
            ", ".join(f"{s} {v}" for s, v in states.items()) + ("" if ok else "; " + "; ".join(problems)),
            {"states": states, "safetyRules": [r.get("Name") for r in guarding]},
            ""
            if ok
            else "turn prod's routing control On (or `drctl drill failback RUN_ID`); "
            "`pulumi up` dr for the safety rule",
        )

    def alarms(self, service: str) -> list[dict[str, Any]]:
        regions = dict.fromkeys([self.prod_region, self.dr_region, "us-east-1"])
        return [a for region in regions for a in self.gw.cloudwatch(region).service_alarms(service)]

    def _alarms(self, service: str) -> Check:
        found = self.alarms(service)
        firing = [a for a in found if a["state"] == "ALARM"]
        ok = not firing
        return Check(
            service,
            "alarms",
            service,
            "ready" if ok else "not-ready",
            f"{len(found)} alarm(s), none in ALARM"
            if ok
            else "in ALARM: " + ", ".join(f"{a['name']} ({a['region']})" for a in firing),
            {
                "alarms": len(found),
                "firing": [{k: a[k] for k in ("name", "region", "reason")} for a in firing],
            },
            "" if ok else "resolve what the alarms report before drilling or failing over",
        )


def _scale_up_policy(command: str | None) -> str | None:
    if not command or "--policy-name" not in command:
        return None
    return command.split("--policy-name", 1)[1].split()[0]


def summary(checks: list[Check]) -> tuple[int, int]:
    return sum(c.status == "not-ready" for c in checks), len(checks)
