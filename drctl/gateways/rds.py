"""RDS and Aurora: global clusters, cross-region replicas, point-in-time restores, scratch cleanup."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation

INSTANCE_MISSING = ("DBInstanceNotFound", "DBInstanceNotFoundFault")
CLUSTER_MISSING = ("DBClusterNotFoundFault", "DBClusterNotFound")
GLOBAL_MISSING = ("GlobalClusterNotFoundFault", "GlobalClusterNotFound")


def identifier(arn_or_id: str) -> str:
    """`arn:aws:rds:...:db:crm-crm-dr` or `...:cluster:x` -> the identifier."""
    return arn_or_id.rsplit(":", 1)[-1] if arn_or_id.startswith("arn:") else arn_or_id


def region_of(arn: str) -> str:
    return arn.split(":")[3]


class RdsGateway(Gateway):
    service = "rds"

    # --- reads ---------------------------------------------------------------------------------

    def instance(self, arn_or_id: str) -> dict[str, Any] | None:
        found = self._read_or_none(
            "describe_db_instances", INSTANCE_MISSING, DBInstanceIdentifier=identifier(arn_or_id)
        )
        return found["DBInstances"][0] if found and found["DBInstances"] else None

    def cluster(self, arn_or_id: str) -> dict[str, Any] | None:
        found = self._read_or_none(
            "describe_db_clusters", CLUSTER_MISSING, DBClusterIdentifier=identifier(arn_or_id)
        )
        return found["DBClusters"][0] if found and found["DBClusters"] else None

    def global_cluster(self, global_id: str) -> dict[str, Any] | None:
        found = self._read_or_none(
            "describe_global_clusters", GLOBAL_MISSING, GlobalClusterIdentifier=global_id
        )
        return found["GlobalClusters"][0] if found and found["GlobalClusters"] else None

    def writer_of(self, global_id: str) -> str | None:
        found = self.global_cluster(global_id)
        members = found.get("GlobalClusterMembers", []) if found else []
        return next((m["DBClusterArn"] for m in members if m.get("IsWriter")), None)

    def await_global_writer(self, global_id: str, writer_arn: str) -> Observation:
        found = self.global_cluster(global_id)
        if found is None:
            return Observation(False, f"global cluster {global_id} not found", {})
        members = found.get("GlobalClusterMembers", [])
        writer = next((m["DBClusterArn"] for m in members if m.get("IsWriter")), None)
        status = found.get("Status", "")
        failover = found.get("FailoverState", {}).get("Status")
        reached = writer == writer_arn and status == "available" and failover in (None, "cancelled")
        return Observation(
            reached,
            f"writer {identifier(writer or '-')}, status {status}"
            + (f", failover {failover}" if failover else ""),
            {"globalClusterId": global_id, "writer": writer, "status": status, "failoverState": failover},
        )

    def await_global_settled(self, global_id: str) -> Observation:
        """No switchover or failover in flight: the global cluster is available again."""
        found = self.global_cluster(global_id)
        status = (found or {}).get("Status", "missing")
        failover = (found or {}).get("FailoverState", {}).get("Status")
        return Observation(
            status == "available" and failover in (None, "cancelled"),
            f"global {global_id} {status}" + (f", failover {failover}" if failover else ""),
            {"globalClusterId": global_id, "status": status, "failoverState": failover},
        )

    def await_instance(self, arn_or_id: str, standalone: bool = False) -> Observation:
        found = self.instance(arn_or_id)
        if found is None:
            return Observation(False, f"{identifier(arn_or_id)} not found", {})
        status = found["DBInstanceStatus"]
        source = found.get("ReadReplicaSourceDBInstanceIdentifier")
        reached = status == "available" and (not standalone or not source)
        return Observation(
            reached,
            f"{identifier(arn_or_id)} {status}"
            + (f", replica of {identifier(source)}" if source else ", standalone"),
            {"instance": identifier(arn_or_id), "status": status, "replicaSource": source},
        )

    def await_cluster(self, arn_or_id: str) -> Observation:
        found = self.cluster(arn_or_id)
        if found is None:
            return Observation(False, f"{identifier(arn_or_id)} not found", {})
        members = found.get("DBClusterMembers", [])
        return Observation(
            found["Status"] == "available" and bool(members),
            f"{identifier(arn_or_id)} {found['Status']}, {len(members)} instance(s)",
            {"cluster": identifier(arn_or_id), "status": found["Status"], "instances": len(members)},
        )

    def await_instance_gone(self, arn_or_id: str) -> Observation:
        found = self.instance(arn_or_id)
        return Observation(
            found is None, "deleted" if found is None else f"still {found['DBInstanceStatus']}", {}
        )

    def await_promotion_undone(self, arn_or_id: str) -> Observation:
        """Failback of a promotion, first half: the promoted instance is gone (or was never promoted:
        it is still an available read replica)."""
        found = self.instance(arn_or_id)
        if found is None:
            return Observation(True, "deleted", {})
        replica = bool(found.get("ReadReplicaSourceDBInstanceIdentifier"))
        status = found["DBInstanceStatus"]
        return Observation(
            replica and status == "available",
            f"still a read replica ({status}), never promoted" if replica else f"still {status}",
            {"instance": identifier(arn_or_id), "status": status, "replica": replica},
        )

    def await_cluster_gone(self, arn_or_id: str) -> Observation:
        found = self.cluster(arn_or_id)
        return Observation(found is None, "deleted" if found is None else f"still {found['Status']}", {})

    def replica_settings(self, arn_or_id: str) -> dict[str, Any]:
        """What re-creating this replica with the same identifier needs (captured before promotion)."""
        found = self.instance(arn_or_id)
        if found is None:
            return {}
        return {
            "identifier": found["DBInstanceIdentifier"],
            "source": found.get("ReadReplicaSourceDBInstanceIdentifier"),
            "instanceClass": found["DBInstanceClass"],
            "subnetGroup": found.get("DBSubnetGroup", {}).get("DBSubnetGroupName"),
            "securityGroups": [g["VpcSecurityGroupId"] for g in found.get("VpcSecurityGroups", [])],
            "kmsKeyId": found.get("KmsKeyId"),
            "storageType": found.get("StorageType"),
            "tags": found.get("TagList", []),
        }

    def latest_restorable(self, arn_or_id: str, is_cluster: bool) -> Any:
        found = self.cluster(arn_or_id) if is_cluster else self.instance(arn_or_id)
        return found.get("LatestRestorableTime") if found else None

    # --- mutations -----------------------------------------------------------------------------

    def switchover_global(self, global_id: str, target_arn: str) -> Any:
        """Planned switchover: RPO 0, the old writer becomes a secondary (reversible)."""
        return self._mutate(
            "switchover_global_cluster",
            GlobalClusterIdentifier=global_id,
            TargetDbClusterIdentifier=target_arn,
        )

    def switch_back(self, global_id: str, target_arn: str) -> Any:
        """Failback of a switchover or failover: the old writer writes again; nothing when it still
        does (the drill's request never took): failback must be idempotent."""
        if self.writer_of(global_id) == target_arn:
            return None
        return self.switchover_global(global_id, target_arn)

    def failover_global(self, global_id: str, target_arn: str) -> Any:
        """Managed unplanned failover (AllowDataLoss): the path for a lost primary region."""
        return self._mutate(
            "failover_global_cluster",
            GlobalClusterIdentifier=global_id,
            TargetDbClusterIdentifier=target_arn,
            AllowDataLoss=True,
        )

    def promote_replica(self, arn_or_id: str) -> Any:
        return self._mutate("promote_read_replica", DBInstanceIdentifier=identifier(arn_or_id))

    def delete_instance(self, arn_or_id: str, final_snapshot: str | None = None) -> Any:
        params: dict[str, Any] = {"DBInstanceIdentifier": identifier(arn_or_id)}
        if final_snapshot:
            params["FinalDBSnapshotIdentifier"] = final_snapshot
        else:
            params["SkipFinalSnapshot"] = True
        return self._mutate("delete_db_instance", **params)

    def delete_promoted(self, arn_or_id: str, final_snapshot: str) -> Any:
        """Delete a replica that a drill promoted; nothing when it was never promoted (the promotion
        request failed or was interrupted before RDS took it): failback must be idempotent."""
        found = self.instance(arn_or_id)
        if found is None or found.get("ReadReplicaSourceDBInstanceIdentifier"):
            return None
        return self.delete_instance(arn_or_id, final_snapshot)

    def delete_cluster(self, arn_or_id: str) -> Any:
        return self._mutate(
            "delete_db_cluster", DBClusterIdentifier=identifier(arn_or_id), SkipFinalSnapshot=True
        )

    def recreate_replica(self, settings: dict[str, Any]) -> Any:
        """The replica again, same identifier and settings, from its source (cross-region); nothing
        when it is still there as a replica (never promoted)."""
        found = self.instance(str(settings["identifier"]))
        if found is not None and found.get("ReadReplicaSourceDBInstanceIdentifier"):
            return None
        source = str(settings["source"])
        params: dict[str, Any] = {
            "DBInstanceIdentifier": settings["identifier"],
            "SourceDBInstanceIdentifier": source,
            "DBInstanceClass": settings["instanceClass"],
            "Tags": settings.get("tags") or [],
        }
        if source.startswith("arn:"):
            params["SourceRegion"] = region_of(source)
        for key, name in (
            ("subnetGroup", "DBSubnetGroupName"),
            ("kmsKeyId", "KmsKeyId"),
            ("storageType", "StorageType"),
        ):
            if settings.get(key):
                params[name] = settings[key]
        if settings.get("securityGroups"):
            params["VpcSecurityGroupIds"] = settings["securityGroups"]
        return self._mutate("create_db_instance_read_replica", **params)

    def restore_instance_pitr(self, source: str, target: str, tags: list[dict[str, str]]) -> Any:
        found = self.instance(source) or {}
        params: dict[str, Any] = {
            "SourceDBInstanceIdentifier": identifier(source),
            "TargetDBInstanceIdentifier": target,
            "UseLatestRestorableTime": True,
            "Tags": tags,
            "DeletionProtection": False,
            "PubliclyAccessible": False,
        }
        if found.get("DBSubnetGroup"):
            params["DBSubnetGroupName"] = found["DBSubnetGroup"]["DBSubnetGroupName"]
        if found.get("VpcSecurityGroups"):
            params["VpcSecurityGroupIds"] = [g["VpcSecurityGroupId"] for g in found["VpcSecurityGroups"]]
        return self._mutate("restore_db_instance_to_point_in_time", **params)

    def restore_cluster_pitr(self, source: str, target: str, tags: list[dict[str, str]]) -> Any:
        found = self.cluster(source) or {}
        params: dict[str, Any] = {
            "SourceDBClusterIdentifier": identifier(source),
            "DBClusterIdentifier": target,
            "UseLatestRestorableTime": True,
            "Tags": tags,
            "DeletionProtection": False,
        }
        if found.get("DBSubnetGroup"):
            params["DBSubnetGroupName"] = found["DBSubnetGroup"]
        if found.get("VpcSecurityGroups"):
            params["VpcSecurityGroupIds"] = [g["VpcSecurityGroupId"] for g in found["VpcSecurityGroups"]]
        return self._mutate("restore_db_cluster_to_point_in_time", **params)

    def add_cluster_instance(self, cluster: str, instance: str, like: str, tags: list[dict[str, str]]) -> Any:
        """A restored Aurora cluster has no instance; give it one like the source's writer."""
        source = self.cluster(like) or {}
        members = source.get("DBClusterMembers", [])
        writer = next((m["DBInstanceIdentifier"] for m in members if m.get("IsClusterWriter")), None)
        instance_class = (
            (self.instance(writer) or {}).get("DBInstanceClass", "db.r6g.large") if writer else "db.r6g.large"
        )
        return self._mutate(
            "create_db_instance",
            DBInstanceIdentifier=instance,
            DBClusterIdentifier=cluster,
            Engine=source.get("Engine", "aurora-postgresql"),
            DBInstanceClass=instance_class,
            Tags=tags,
        )

    def tag(self, arn: str, tags: list[dict[str, str]]) -> Any:
        return self._mutate("add_tags_to_resource", ResourceName=arn, Tags=tags)
