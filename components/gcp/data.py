"""Google Cloud implementation of `ServiceData`: one service's protected data stores in one site.

Per declared store, by mode (services.protection, clouds.gcp):
- object (`replicated-bucket`): one dual-region bucket with turbo replication spanning both
  sites' regions, created by prod; dr reads its name from prod's outputs.
- key-value (`multi-region-table`): one Firestore multi-region database, created by prod.
- relational (`global-database` / `cross-region-replica`): prod's Cloud SQL primary, dr's
  replica of it (advanced DR's designated DR replica, or a plain read replica).

Data that one resource keeps in both sites is encrypted with a key in the matching Cloud KMS
multi-region (per service and location, created by prod); each site's regional data with the
site key. prod protects its Cloud SQL primaries with the service's Backup and DR plan; dr
declares the same plan, ready for the instance a failover promotes (replicas cannot be backed
up), and outputs the command that associates it.
"""

from __future__ import annotations

from typing import Any

import pulumi

from clouds import gcp_regions
from clouds.gcp import (
    DUAL_REGION_KMS_LOCATIONS,
    FIRESTORE_KMS_LOCATIONS,
    bucket_location_for,
    firestore_locations_for,
)
from components.base import Component
from components.data import DataProps
from components.gcp.backup.plan import CLOUD_SQL, Protected, ServiceBackup, ServiceBackupProps
from components.gcp.backup.vault import GcpSiteBackup
from components.gcp.buckets import BucketProps, HardenedBucket
from components.gcp.data_alarms import instance_down_alert, replica_lag_alert, turbo_replication_alert
from components.gcp.database import CloudSqlDatabase, CloudSqlProps
from components.gcp.firestore import FirestoreDatabase, FirestoreProps
from components.gcp.foundation import project_of
from components.gcp.keys import CmekKey, KeyProps
from components.gcp.project import service_agents
from config.models import KeyValueTable, ObjectStore, RelationalDatabase
from vocabulary import outputs
from vocabulary.plans import StoreProtection

Store = HardenedBucket | FirestoreDatabase | CloudSqlDatabase


class GcpServiceData(Component):
    def __init__(self, name: str, props: DataProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("data", name, opts)
        self.props = props
        self.label = "prod" if props.is_primary else "dr"
        self.project = project_of(props.site)
        primary, recovery = (props.site, props.peer) if props.is_primary else (props.peer, props.site)
        self.regions = (primary.region, recovery.region)
        self.shared_keys: dict[str, CmekKey] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.stores: dict[str, tuple[StoreProtection, Store | None]] = {}
        for p in props.plan.stores:
            self.stores[p.store.name] = (p, self._store(f"{name}-{p.store.name}", p))
        self.backup = self._backup(name)
        self.app_security_group_id: pulumi.Output[str] | None = None
        """GCP has no security groups: Cloud SQL is reached over the shared network's private
        services access, and only from inside it."""
        self.register_outputs({})

    # --- keys for data both sites share -------------------------------------------------------

    def _shared_key(self, location: str) -> pulumi.Output[str]:
        """The service's key in a Cloud KMS multi-region (prod only)."""
        if location not in self.shared_keys:
            agents = service_agents(self.project, self)
            self.shared_keys[location] = CmekKey(
                f"{self.props.plan.name}-{location}",
                KeyProps(
                    location=location, users=agents.members("storage", "firestore"), tags=self.props.tags
                ),
                self.child(),
            )
        return self.shared_keys[location].ready

    # --- stores -------------------------------------------------------------------------------

    def _store(self, name: str, p: StoreProtection) -> Store | None:
        store = p.store
        entry: dict[str, Any] = {}
        found: Store | None = None
        if isinstance(store, ObjectStore):
            found = self._bucket(name, store, entry)
        elif isinstance(store, KeyValueTable):
            found = self._firestore(name, store, entry)
        elif isinstance(store, RelationalDatabase):
            found = self._database(name, p, store, entry)
        self.entries[store.name] = entry
        return found

    def _bucket(self, name: str, store: ObjectStore, entry: dict[str, Any]) -> HardenedBucket | None:
        if not self.props.is_primary:
            entry[outputs.BUCKET] = self.props.prod_store_output(store.name, outputs.BUCKET)
            entry[outputs.STORE_ARN] = self.props.prod_store_output(store.name, outputs.STORE_ARN)
            return None
        location = bucket_location_for(*self.regions)
        if location is None:  # config.gcp refuses such a pair
            raise ValueError(f"no dual-region pairs {self.regions}")
        predefined = location.name in gcp_regions.PREDEFINED_DUAL_REGIONS
        bucket = HardenedBucket(
            name,
            BucketProps(
                location=location.name,
                data_locations=() if predefined else tuple(r.upper() for r in location.regions),
                turbo_replication=True,
                key_id=self._shared_key(DUAL_REGION_KMS_LOCATIONS[location.name]),
                log_bucket=self.props.log_bucket_id,
                retention=store.worm_retention if store.worm else None,
                # "governance" leaves the retention policy unlocked (it can be shortened with
                # permission), "compliance" locks it, as S3 Object Lock's modes would.
                lock_retention=store.worm and self._compliance,
                tags=self.props.tags,
            ),
            self.child(),
        )
        turbo_replication_alert(name, bucket.name, self.props.alert_topic_id, self.props.tags, self.child())
        entry[outputs.BUCKET] = bucket.name
        entry[outputs.STORE_ARN] = bucket.url
        return bucket

    @property
    def _compliance(self) -> bool:
        backup = self.props.backup
        return isinstance(backup, GcpSiteBackup) and backup.compliance

    def _firestore(self, name: str, store: KeyValueTable, entry: dict[str, Any]) -> FirestoreDatabase | None:
        if not self.props.is_primary:
            entry[outputs.TABLE_NAME] = self.props.prod_store_output(store.name, outputs.TABLE_NAME)
            entry[outputs.STORE_ARN] = self.props.prod_store_output(store.name, outputs.STORE_ARN)
            return None
        found = firestore_locations_for(*self.regions)
        if not found:  # config.gcp refuses such a pair
            raise ValueError(f"no Firestore multi-region holds {self.regions}")
        location = found[0].name
        db = FirestoreDatabase(
            name,
            FirestoreProps(
                store=store,
                database_id=f"{self.props.plan.name}-{store.name}",
                location=location,
                key_id=self._shared_key(FIRESTORE_KMS_LOCATIONS[location]),
                backup_every=self.props.plan.backup.frequency,
                backup_retention=self.props.plan.backup.retention,
                tags=self.props.tags,
            ),
            self.child(),
        )
        entry[outputs.TABLE_NAME] = db.name
        entry[outputs.STORE_ARN] = db.id
        return db

    def _database(
        self, name: str, p: StoreProtection, store: RelationalDatabase, entry: dict[str, Any]
    ) -> CloudSqlDatabase:
        props = self.props
        service = props.plan.name
        advanced_dr = p.mode == "global-database"
        replica_name = instance_name("dr", service, store.name)
        db = CloudSqlDatabase(
            name,
            CloudSqlProps(
                store=store,
                mode=p.mode,
                instance_name=instance_name(self.label, service, store.name),
                project=self.project,
                region=props.site.region,
                peer_region=props.peer.region,
                network_id=props.network_id,
                key_id=props.key_id,
                backup_retention=props.plan.backup.retention,
                tags=props.tags,
                primary=props.is_primary,
                dr_replica_name=f"{self.project}:{replica_name}"
                if advanced_dr and props.is_primary
                else None,
                master_instance_name=None
                if props.is_primary
                else self.props.prod_store_output(store.name, outputs.STORE_ARN),
            ),
            self.child(),
        )
        if props.is_primary:
            instance_down_alert(name, self.project, db.name, props.alert_topic_id, props.tags, self.child())
            entry.update(db.outputs())
        else:
            replica_lag_alert(
                name, self.project, db.name, p.rpo, props.alert_topic_id, props.tags, self.child()
            )
            # The write endpoint is prod's until a failover (advanced DR's follows it after).
            entry.update(db.outputs(writer=props.prod_store_output(store.name, outputs.WRITER_ENDPOINT)))
        if advanced_dr:
            global_id = outputs.GLOBAL_CLUSTER_ID
            entry[global_id] = db.name if props.is_primary else props.prod_store_output(store.name, global_id)
        return db

    # --- backups --------------------------------------------------------------------------------

    def _backup(self, name: str) -> ServiceBackup | None:
        props = self.props
        databases = [(p.store.name, s) for p, s in self.stores.values() if isinstance(s, CloudSqlDatabase)]
        if not databases:
            return None
        return ServiceBackup(
            f"{name}-backup",
            ServiceBackupProps(
                plan_id=f"{self.label}-{props.plan.name}",
                region=props.site.region,
                vault_id=props.backup.vault_arn,
                plan=props.plan.backup,
                protected=[
                    Protected(store, db.name.apply(lambda n: f"projects/{self.project}/instances/{n}"))
                    for store, db in databases
                ]
                if props.is_primary
                else [],
                tags=props.tags,
            ),
            self.child(),
        )

    def _associate_command(self, plan_id: pulumi.Output[str]) -> pulumi.Output[str]:
        """dr's failover runbook step: put a promoted instance under dr's backup plan."""
        region = self.props.site.region
        names = [
            instance_name("dr", self.props.plan.name, p.store.name)
            for p, s in self.stores.values()
            if isinstance(s, CloudSqlDatabase)
        ]
        return plan_id.apply(
            lambda plan: " && ".join(
                f"gcloud backup-dr backup-plan-associations create {n}-promoted --project={self.project} "
                f"--location={region} --resource-type={CLOUD_SQL} "
                f"--resource=projects/{self.project}/instances/{n} --backup-plan={plan}"
                for n in names
            )
        )

    # --- outputs ------------------------------------------------------------------------------

    def outputs(self) -> dict[str, Any]:
        stores: dict[str, Any] = {}
        for store_name, (p, _) in self.stores.items():
            stores[store_name] = {
                outputs.STORE_KIND: p.store.kind,
                outputs.STORE_MODE: p.mode,
                **self.entries[store_name],
            }
        backup: dict[str, Any] = {
            outputs.VAULT_ARN: self.props.backup.vault_arn,
            outputs.COPY_VAULT_ARN: self.props.backup.copy_target_arn,
        }
        if self.backup is not None:
            backup[outputs.PLAN_ID] = self.backup.plan_id
            if not self.props.is_primary:
                backup[outputs.ASSOCIATE_COMMAND] = self._associate_command(self.backup.plan_id)
        return {outputs.STORES: stores, outputs.BACKUP: backup}


def instance_name(label: str, service: str, store: str) -> str:
    """Cloud SQL instance ids: lowercase letters, digits and '-', starting with a letter
    (project id + instance id at most 98 characters; names stay reserved a week after deletion)."""
    return f"{label}-{service}-{store}"
