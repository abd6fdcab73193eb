"""DynamoDB: global-table replicas, canary items (RPO), point-in-time restores into scratch tables."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation

MISSING = ("ResourceNotFoundException",)
CANARY_SORT_VALUE = "drctl-canary"


class DynamoDbGateway(Gateway):
    service = "dynamodb"

    def table(self, name: str) -> dict[str, Any] | None:
        found = self._read_or_none("describe_table", MISSING, TableName=name)
        return found["Table"] if found else None

    def replica(self, name: str, region: str) -> dict[str, Any] | None:
        found = self.table(name)
        return next((r for r in (found or {}).get("Replicas", []) if r["RegionName"] == region), None)

    def canary_key(self, name: str) -> tuple[str, str | None] | None:
        """(partition key, sort key) when both are strings, else None (no canary for this table)."""
        found = self.table(name)
        if found is None:
            return None
        types = {a["AttributeName"]: a["AttributeType"] for a in found["AttributeDefinitions"]}
        keys = {k["KeyType"]: k["AttributeName"] for k in found["KeySchema"]}
        if any(types.get(k) != "S" for k in keys.values()):
            return None
        return keys["HASH"], keys.get("RANGE")

    @staticmethod
    def _key(pk: str, sk: str | None, value: str) -> dict[str, Any]:
        key: dict[str, Any] = {pk: {"S": value}}
        if sk:
            key[sk] = {"S": CANARY_SORT_VALUE}
        return key

    def put_canary(self, table: str, pk: str, sk: str | None, value: str, written_at: str) -> Any:
        item = {**self._key(pk, sk, value), "drctlWrittenAt": {"S": written_at}}
        return self._mutate("put_item", TableName=table, Item=item)

    def has_canary(self, table: str, pk: str, sk: str | None, value: str) -> bool:
        found = self._read("get_item", TableName=table, Key=self._key(pk, sk, value))
        return "Item" in found

    def delete_canary(self, table: str, pk: str, sk: str | None, value: str) -> Any:
        return self._mutate("delete_item", TableName=table, Key=self._key(pk, sk, value))

    def delete_canaries(self, table: str, pk: str, sk: str | None, values: list[str]) -> None:
        for value in values:
            self.delete_canary(table, pk, sk, value)

    def await_canaries_gone(self, table: str, pk: str, sk: str | None, values: list[str]) -> Observation:
        left = [v for v in values if self.has_canary(table, pk, sk, v)]
        return Observation(not left, f"{len(left)} canary item(s) left in {table}", {"left": left})

    def latest_restorable(self, name: str) -> Any:
        found = self._read_or_none(
            "describe_continuous_backups", ("TableNotFoundException", *MISSING), TableName=name
        )
        if not found:
            return None
        pitr = found["ContinuousBackupsDescription"].get("PointInTimeRecoveryDescription", {})
        return pitr.get("LatestRestorableDateTime")

    def restore_pitr(self, source: str, target: str) -> Any:
        return self._mutate(
            "restore_table_to_point_in_time",
            SourceTableName=source,
            TargetTableName=target,
            UseLatestRestorableTime=True,
        )

    def tag(self, arn: str, tags: list[dict[str, str]]) -> Any:
        return self._mutate("tag_resource", ResourceArn=arn, Tags=tags)

    def delete_table(self, name: str) -> Any:
        return self._mutate("delete_table", TableName=name)

    def await_active(self, name: str) -> Observation:
        found = self.table(name)
        status = found["TableStatus"] if found else "missing"
        return Observation(status == "ACTIVE", f"{name} {status}", {"table": name, "status": status})

    def await_gone(self, name: str) -> Observation:
        found = self.table(name)
        return Observation(found is None, "deleted" if found is None else f"still {found['TableStatus']}", {})
