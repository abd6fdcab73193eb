"""S3: replication rules and RTC, canary objects (RPO), scratch buckets from restores."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation

CANARY_PREFIX = "drctl-canary/"


class S3Gateway(Gateway):
    service = "s3"

    def replication(self, bucket: str) -> dict[str, Any] | None:
        found = self._read_or_none(
            "get_bucket_replication", ("ReplicationConfigurationNotFoundError", "NoSuchBucket"), Bucket=bucket
        )
        return found["ReplicationConfiguration"] if found else None

    def object_lock(self, bucket: str) -> bool:
        found = self._read_or_none(
            "get_object_lock_configuration", ("ObjectLockConfigurationNotFoundError",), Bucket=bucket
        )
        return bool(found and found["ObjectLockConfiguration"].get("ObjectLockEnabled") == "Enabled")

    def exists(self, bucket: str) -> bool:
        return (
            self._read_or_none("head_bucket", ("404", "NoSuchBucket", "NotFound"), Bucket=bucket) is not None
        )

    def put_canary(self, bucket: str, key: str, body: str) -> Any:
        return self._mutate("put_object", Bucket=bucket, Key=key, Body=body.encode())

    def canaries(self, bucket: str, prefix: str) -> set[str]:
        found = self._read("list_objects_v2", Bucket=bucket, Prefix=prefix)
        return {o["Key"] for o in found.get("Contents", [])}

    def delete_prefix(self, bucket: str, prefix: str) -> Any:
        """Every version and delete marker under the prefix (canaries must leave no history)."""
        found = self._read("list_object_versions", Bucket=bucket, Prefix=prefix)
        objects = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in [*found.get("Versions", []), *found.get("DeleteMarkers", [])]
        ]
        if not objects:
            return None
        return self._mutate("delete_objects", Bucket=bucket, Delete={"Objects": objects, "Quiet": True})

    def await_prefix_gone(self, bucket: str, prefix: str) -> Observation:
        found = self._read("list_object_versions", Bucket=bucket, Prefix=prefix)
        left = len(found.get("Versions", [])) + len(found.get("DeleteMarkers", []))
        return Observation(left == 0, f"{left} version(s) left under s3://{bucket}/{prefix}", {"left": left})

    def tag_bucket(self, bucket: str, tags: list[dict[str, str]]) -> Any:
        return self._mutate("put_bucket_tagging", Bucket=bucket, Tagging={"TagSet": tags})

    def delete_bucket(self, bucket: str) -> Any:
        self.delete_prefix(bucket, "")
        return self._mutate("delete_bucket", Bucket=bucket)

    def await_bucket_gone(self, bucket: str) -> Observation:
        gone = not self.exists(bucket)
        return Observation(gone, "deleted" if gone else "still there", {"bucket": bucket})

    def await_bucket(self, bucket: str) -> Observation:
        there = self.exists(bucket)
        return Observation(there, "exists" if there else "missing", {"bucket": bucket})
