"""What services/ decides for each catalog service, in the shape components/ carry out.

Plain data: `services.plan` and `services.protection` fill these in from the validated config and
the clouds' capability profiles; components read them and never decide anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from clouds.base import Mode, ModeCapability
from config.models import DataStore, Service, Strategy

WEB_FIREWALL_CLASSIFICATIONS = ("pci", "pii")


@dataclass(frozen=True)
class StoreProtection:
    """How one declared data store is protected across sites."""

    store: DataStore
    mode: Mode
    rpo: timedelta
    """The store's own target, else the service's."""
    path: ModeCapability | None = None
    """The cross-cloud data path carrying the store when the two sites run on different clouds
    (clouds.paths); None on one cloud, where the mode is the cloud's own."""


@dataclass(frozen=True)
class BackupPlan:
    frequency: timedelta
    retention: timedelta
    copy_retention: timedelta
    continuous: bool
    restore_test_every: timedelta


@dataclass(frozen=True)
class ServicePlan:
    """One service's DR decisions for both sites."""

    service: Service
    rpo: timedelta
    rto: timedelta
    strategy: Strategy
    backup: BackupPlan
    health_check_failure_threshold: int
    health_check_interval: timedelta
    dns_ttl: timedelta
    """TTL of the failover records (<= 60 s recommended for health-checked records)."""
    stores: tuple[StoreProtection, ...]
    """How each declared data store is protected across sites."""
    audit_log_retention_days: int = 90
    """How long the service's logs (application, firewall, database) are kept, in both sites: its
    tier's, or its data classification's where stricter (pci: at least a year)."""

    @property
    def web_firewall(self) -> bool:
        """Public endpoints of payment-card and personal data get a web application firewall
        (PCI DSS 6.4.2 for pci; the same guard for pii, GDPR art. 32)."""
        return self.service.data_classification in WEB_FIREWALL_CLASSIFICATIONS

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def desired_count(self) -> int:
        return self.service.compute.desired_count if self.service.compute else 0

    @property
    def standby_count(self) -> int:
        """Capacity the dr site runs before failover."""
        compute = self.service.compute
        if compute is None or self.strategy == "backup-restore":
            return 0
        if compute.standby_count is not None:
            return compute.standby_count
        if self.strategy == "pilot-light":
            return 0
        return max(1, compute.desired_count // 2)

    def count_for(self, primary: bool) -> int:
        return self.desired_count if primary else self.standby_count

    @property
    def has_standby_compute(self) -> bool:
        return self.service.compute is not None and self.strategy != "backup-restore"

    def store_rpo(self, store_rpo: timedelta | None) -> timedelta:
        return store_rpo or self.rpo
