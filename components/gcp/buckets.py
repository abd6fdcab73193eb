"""A hardened Cloud Storage bucket: what every bucket of the program shares.

Uniform bucket-level access (no object ACLs), public access prevention enforced, Object
Versioning, a soft-delete window, CMEK by default, and usage logs to the site's log bucket.
Cloud Storage serves its JSON and XML APIs over HTTPS; public access is what must be refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.gcp.labels import labels

# Soft delete (Cloud Storage "Soft delete"): 7-90 days; deleted objects, including noncurrent
# versions, stay restorable this long.
SOFT_DELETE = timedelta(days=30)
SOFT_DELETE_MAX = timedelta(days=90)


@dataclass(frozen=True)
class BucketProps:
    location: str
    """A region, a multi-region code, or a dual-region's location (`US` with custom placement)."""
    key_id: pulumi.Input[str]
    tags: Mapping[str, str]
    data_locations: Sequence[str] = ()
    """A configurable dual-region's two regions (customPlacementConfig.dataLocations)."""
    turbo_replication: bool = False
    """Dual-region only: `rpo: ASYNC_TURBO` (15 min target) instead of default replication."""
    log_bucket: pulumi.Input[str] | None = None
    retention: timedelta | None = None
    """WORM: a retention policy; each object version is kept at least this long."""
    lock_retention: bool = False
    """Lock the retention policy (irreversible: the bucket cannot be deleted, nor the retention
    shortened, until every object has aged out)."""
    lifecycle_rules: Sequence[gcp.storage.BucketLifecycleRuleArgs] = field(default_factory=tuple)
    soft_delete: timedelta = SOFT_DELETE


class HardenedBucket(Component):
    def __init__(self, name: str, props: BucketProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("buckets", name, opts)
        self.bucket = gcp.storage.Bucket(
            name,  # auto-named: bucket names are global and stay reserved while soft-deleted
            location=props.location,
            custom_placement_config=(
                gcp.storage.BucketCustomPlacementConfigArgs(data_locations=list(props.data_locations))
                if props.data_locations
                else None
            ),
            rpo="ASYNC_TURBO" if props.turbo_replication else None,
            storage_class="STANDARD",
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning=gcp.storage.BucketVersioningArgs(enabled=True),
            soft_delete_policy=gcp.storage.BucketSoftDeletePolicyArgs(
                retention_duration_seconds=int(props.soft_delete.total_seconds())
            ),
            encryption=gcp.storage.BucketEncryptionArgs(default_kms_key_name=props.key_id),
            retention_policy=(
                gcp.storage.BucketRetentionPolicyArgs(
                    retention_period=str(int(props.retention.total_seconds())),
                    is_locked=props.lock_retention,
                )
                if props.retention is not None
                else None
            ),
            logging=(
                gcp.storage.BucketLoggingArgs(log_bucket=props.log_bucket, log_object_prefix=name)
                if props.log_bucket is not None
                else None
            ),
            lifecycle_rules=list(props.lifecycle_rules) or None,
            force_destroy=False,
            labels=labels(props.tags),
            opts=self.child(),
        )
        self.name: pulumi.Output[str] = self.bucket.name
        self.url: pulumi.Output[str] = self.bucket.url
        self.register_outputs({"bucket": self.name})
