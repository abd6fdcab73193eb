"""The typed shape of stack config: every section the program reads, validated once.

Keys are camelCase in the stack files (Pulumi's convention) and snake_case here. Every model is
frozen and forbids unknown keys, so a typo in a stack file is an error, not a silent default.
Checks that need two sections at once (hostname in the zone, residency vs. regions) live in
`config.checks`, so they still run when some other section is broken.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PositiveInt,
    Tag,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel

from clouds import Cloud
from config.durations import Duration, format_duration
from config.regions import (
    default_availability_zones,
    find_region,
    too_few_zones_message,
    unknown_region_message,
    wrong_zones,
    zone_names,
)

Role = Literal["primary", "recovery"]
Tier = Literal[0, 1, 2]
DataClassification = Literal["public", "internal", "confidential", "pii", "pci"]
ResidencyZone = Literal["eu", "us", "any"]
Strategy = Literal["warm-standby", "pilot-light", "backup-restore"]
Disruption = Literal["az-loss", "region-loss", "data-corruption", "accidental-deletion"]
"""What a service must survive: one AZ, the whole prod region, corrupted or encrypted data
(ransomware: restore from an immutable backup), and data deleted by mistake."""
Objective = Literal["rpo", "rto"]
LogRetentionDays = Literal[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653
]
"""Retention periods a log group accepts (CloudWatch Logs API, PutRetentionPolicy retentionInDays)."""
PCI_AUDIT_LOG_DAYS = 365
"""PCI DSS v4.0 requirement 10.5.1: retain audit log history for at least 12 months."""

# No "--": names become RDS identifiers, which may not contain two consecutive hyphens (RDS API).
_SLUG = r"^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$"


def _slug(max_len: int) -> object:
    def check(value: str) -> str:
        if not re.match(_SLUG, value) or len(value) > max_len:
            raise ValueError(
                f"{value!r} is not a name: use 2-{max_len} characters a-z, 0-9 and '-', "
                "starting with a letter, without '--'"
            )
        return value

    return AfterValidator(check)


Slug = Annotated[str, _slug(32)]
ServiceName = Annotated[str, _slug(20)]  # leaves room in 32-character LB/target-group names
StoreName = Annotated[str, _slug(24)]


class Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=True,
    )


# --- sites ---------------------------------------------------------------------------------


class TlsCertificate(Model):
    """Azure sites: the certificate the application gateways serve, kept in a Key Vault that the
    organisation's PKI renews (ARM cannot issue certificates; the gateways read the current
    version of the secret)."""

    key_vault_id: Annotated[
        str,
        Field(
            pattern=r"^/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\w.()]+/providers/"
            r"Microsoft\.KeyVault/vaults/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$",
            description="resource id of the Key Vault holding the certificate",
        ),
    ]
    secret_name: Annotated[
        str, Field(pattern=r"^[0-9a-zA-Z-]{1,127}$", description="the certificate's name in that vault")
    ]

    @property
    def secret_id(self) -> str:
        """The versionless secret URI (the gateway follows renewals)."""
        vault = self.key_vault_id.rsplit("/", 1)[-1]
        return f"https://{vault}.vault.azure.net/secrets/{self.secret_name}"


class Site(Model):
    """One site (prod or dr): where it runs and how its network is laid out."""

    cloud: Cloud
    region: str
    account_id: Annotated[str, Field(pattern=r"^\d{12}$")] | None = None
    subscription_id: Annotated[str, Field(pattern=r"^[0-9a-f-]{36}$")] | None = None
    project_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")] | None = None
    availability_zones: Annotated[list[str], Field(min_length=3, max_length=3)] | None = None
    cidr: Annotated[str, Field(pattern=r"^10\.\d{1,3}\.0\.0/16$")] = "10.0.0.0/16"
    nat_gateways: Literal["per-az", "single"] | None = None
    log_retention_days: Literal[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731] = 90
    resource_group: Annotated[str, Field(pattern=r"^[-\w.()]{0,89}[-\w()]$")] | None = None
    """Azure sites: the resource group the site's resources live in (default
    `<organization>-<environment>-<prod|dr>`, created by the stack)."""
    tls_certificate: TlsCertificate | None = None
    """Azure sites: where the application gateways' TLS certificate lives."""

    @field_validator("region")
    @classmethod
    def _region_of_its_cloud(cls, region: str, info: ValidationInfo) -> str:
        cloud = info.data.get("cloud")
        if cloud is None:  # the cloud is invalid: that is the problem reported for this site
            return region
        found = find_region(cloud, region)
        if found is None:
            raise ValueError(unknown_region_message(cloud, region))
        too_few = too_few_zones_message(cloud, found)
        if too_few:
            raise ValueError(too_few)
        return region

    @field_validator("availability_zones")
    @classmethod
    def _zones_of_its_region(cls, zones: list[str] | None, info: ValidationInfo) -> list[str] | None:
        cloud, region = info.data.get("cloud"), info.data.get("region")
        if zones is None or cloud is None or region is None:  # region invalid: reported there
            return zones
        found = find_region(cloud, region)
        if found is None:
            return zones
        wrong = wrong_zones(cloud, found, zones)
        if wrong:
            raise ValueError(
                f"{', '.join(repr(z) for z in wrong)} not in {region}; "
                f"its zones are {', '.join(zone_names(cloud, found))}"
            )
        if len(set(zones)) != len(zones):
            raise ValueError("lists a zone twice; a site spreads over three different zones")
        return zones

    @property
    def zones(self) -> tuple[str, ...]:
        return tuple(self.availability_zones or default_availability_zones(self.cloud, self.region))


class Sites(Model):
    primary: Site
    recovery: Site


# --- shared sections -----------------------------------------------------------------------


class _Zone(Model):
    """The public zone every service endpoint lives in (one model per cloud that can host it)."""

    domain: Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")]
    # Route 53 guide, "Values specific for failover records": TTL <= 60 s recommended.
    ttl: Annotated[int, Field(ge=0, le=60)] = 60


class Route53Zone(_Zone):
    """A Route 53 hosted zone (`dns.cloud: aws`, the default)."""

    cloud: Cloud = "aws"
    """The cloud that hosts the public zone (`aws`: a Route 53 hosted zone, `hostedZoneId`)."""
    hosted_zone_id: Annotated[str, Field(pattern=r"^Z[A-Z0-9]{4,32}$")]

    @property
    def zone_id(self) -> str:
        """The zone as its cloud's API names it (a Route 53 hosted zone id)."""
        return self.hosted_zone_id


class AzureDnsZone(_Zone):
    """An Azure DNS public zone (`dns.cloud: azure`; an existing zone: delegation and registrar
    are the organisation's, not this program's). Traffic Manager endpoint monitoring recommends
    the same 60 s TTL."""

    cloud: Literal["azure"]
    resource_group: Annotated[str, Field(pattern=r"^[-\w.()]{0,89}[-\w()]$")]
    zone_name: Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")]
    """The Azure DNS zone resource; `domain` is the zone or a name inside it."""
    subscription_id: Annotated[str, Field(pattern=r"^[0-9a-f-]{36}$")] | None = None
    """The zone's subscription when it is not the site's."""

    @field_validator("zone_name")
    @classmethod
    def _domain_in_zone(cls, zone_name: str, info: ValidationInfo) -> str:
        domain = info.data.get("domain")
        if isinstance(domain, str) and domain != zone_name and not domain.endswith("." + zone_name):
            raise ValueError(
                f"is not the zone of domain {domain!r}: domain must be the zone or a name inside it"
            )
        return zone_name

    @property
    def zone_id(self) -> str:
        """The zone as ARM names it inside a subscription (resource group and zone name)."""
        return f"/resourceGroups/{self.resource_group}/providers/Microsoft.Network/dnszones/{self.zone_name}"


class CloudDnsZone(_Zone):
    """A Cloud DNS public managed zone (`dns.cloud: gcp`)."""

    cloud: Literal["gcp"]
    # Cloud DNS managed zone names: 1-63 characters, lowercase letters, digits and hyphens,
    # starting with a letter and ending with a letter or digit (Cloud DNS API, ManagedZone.name).
    managed_zone: Annotated[str, Field(pattern=r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    project_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    """The project that owns the managed zone (often a shared DNS project)."""

    @property
    def zone_id(self) -> str:
        """The zone as Cloud DNS's API names it: `projects/<project>/managedZones/<zone>`."""
        return f"projects/{self.project_id}/managedZones/{self.managed_zone}"


_ZONE_MODELS = frozenset({"azure", "gcp"})
"""Clouds with a zone model of their own; any other value is validated as a Route 53 zone,
whose `cloud` field then says what is allowed (and checks report unsupported zone clouds)."""


def _zone_cloud(value: object) -> str:
    cloud = value.get("cloud", "aws") if isinstance(value, dict) else getattr(value, "cloud", "aws")
    return cloud if cloud in _ZONE_MODELS else "aws"


Dns = Annotated[
    Annotated[Route53Zone, Tag("aws")]
    | Annotated[AzureDnsZone, Tag("azure")]
    | Annotated[CloudDnsZone, Tag("gcp")],
    Discriminator(_zone_cloud),
]
"""The public zone, one model per zone cloud (discriminated by `cloud`, default `aws`); each has
`domain`, `ttl`, `cloud` and `zone_id`."""


class Failover(Model):
    """How traffic moves between the sites (DNS failover is always on for endpoint services)."""

    recovery_control: bool = False
    """Route 53 Application Recovery Controller: a routing control per service and site, so
    operators fail over through ARC's data plane (5 regional cluster endpoints) instead of a
    Route 53 control-plane edit (dr-reference, "Route 53 control plane"). Off by default: an ARC
    cluster is billed per hour."""


class Alerts(Model):
    emails: Annotated[
        list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]], Field(min_length=1)
    ]
    https_endpoints: list[Annotated[str, Field(pattern=r"^https://\S+$")]] = []


class Residency(Model):
    """Which regions data may live in. `default` applies to services that do not say."""

    default: ResidencyZone = "any"
    zones: dict[Literal["eu", "us"], list[str]] | None = None


class VaultLock(Model):
    """AWS Backup Vault Lock on the dr vault (AWS Backup guide, "Vault Lock")."""

    mode: Literal["governance", "compliance"] = "governance"
    # Compliance mode becomes immutable after its cooling-off period; AWS's minimum is 72 h.
    changeable_for_days: Annotated[int, Field(ge=3)] = 3
    min_retention: Duration = timedelta(days=7)
    max_retention: Duration = timedelta(days=400)


class BackupSettings(Model):
    vault_lock: VaultLock = VaultLock()


class TierPolicy(Model):
    """What a tier asks for unless a service says otherwise."""

    rpo: Duration
    rto: Duration
    backup_frequency: Duration
    backup_retention: Duration
    copy_retention: Duration
    continuous_backup: bool
    restore_test_every: Duration
    # Route 53 HealthCheckConfig: FailureThreshold 1-10, default 3.
    health_check_failure_threshold: Annotated[int, Field(ge=1, le=10)]
    audit_log_retention_days: LogRetentionDays = 90
    """How long the tier's services keep their logs (application, WAF, database); a stricter
    `auditLogRetentionDays` for the service's data classification wins."""


DEFAULT_TIERS: dict[int, dict[str, object]] = {
    0: {
        "rpo": "1m", "rto": "15m", "backupFrequency": "1h", "backupRetention": "35d",
        "copyRetention": "35d", "continuousBackup": True, "restoreTestEvery": "7d",
        "healthCheckFailureThreshold": 3,
    },
    1: {
        "rpo": "15m", "rto": "1h", "backupFrequency": "1h", "backupRetention": "35d",
        "copyRetention": "35d", "continuousBackup": True, "restoreTestEvery": "7d",
        "healthCheckFailureThreshold": 3,
    },
    2: {
        "rpo": "24h", "rto": "24h", "backupFrequency": "12h", "backupRetention": "35d",
        "copyRetention": "35d", "continuousBackup": False, "restoreTestEvery": "30d",
        "healthCheckFailureThreshold": 3,
    },
}  # fmt: skip
"""Starting targets: tier 0 RPO 1 min / RTO 15 min; tier 1 15 min / 1 h; tier 2 24 h / 24 h."""


# --- the service catalog -------------------------------------------------------------------


class _Store(Model):
    name: StoreName
    size_gb: PositiveInt
    rpo: Duration | None = None
    """The store's own RPO target; the service's RPO applies when absent."""


class ObjectStore(_Store):
    kind: Literal["object"]
    worm: bool = False
    """Write once, read many: S3 Object Lock (compliance mode) on both copies."""
    worm_retention: Duration | None = None

    @field_validator("worm_retention")
    @classmethod
    def _worm(cls, retention: timedelta | None, info: ValidationInfo) -> timedelta | None:
        if retention is not None and info.data.get("worm") is False:
            raise ValueError("is set but worm is false; set worm: true or drop wormRetention")
        if retention is not None and retention % timedelta(days=1):
            raise ValueError(
                f"{format_duration(retention)} is not whole days; S3 Object Lock's default retention "
                "is set in days"
            )
        return retention


class RelationalDatabase(_Store):
    kind: Literal["relational"]
    # RDS for PostgreSQL allocates at most 64 TiB (65,536 GiB) of storage.
    size_gb: Annotated[int, Field(gt=0, le=65_536)]
    engine: Literal["postgres"] = "postgres"
    engine_version: Annotated[str, Field(pattern=r"^\d+\.\d+$")] = "16.6"
    # An RDS instance class (`db.r6g.large`) or a Cloud SQL tier (`db-perf-optimized-N-4`,
    # `db-custom-2-7680`); config.aws / config.gcp check the form each site's cloud takes.
    instance_class: Annotated[
        str, Field(pattern=r"^(db\.[a-z0-9]+\.[a-z0-9]+|db-[a-z0-9]+(-[a-zA-Z0-9]+)+)$")
    ] = "db.r6g.large"


class KeyValueTable(_Store):
    kind: Literal["keyvalue"]
    partition_key: str = "pk"
    sort_key: str | None = None


class VmVolumes(_Store):
    kind: Literal["volume"]


DataStore = Annotated[
    ObjectStore | RelationalDatabase | KeyValueTable | VmVolumes, Field(discriminator="kind")
]

# Fargate task sizes (ECS Developer Guide, "Task CPU and memory"): cpu units -> allowed MiB.
FARGATE_MEMORY: dict[int, range] = {
    256: range(512, 2049, 512),
    512: range(1024, 4097, 1024),
    1024: range(2048, 8193, 1024),
    2048: range(4096, 16385, 1024),
    4096: range(8192, 30721, 1024),
    8192: range(16384, 61441, 4096),
    16384: range(32768, 122881, 8192),
}


class _Compute(Model):
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    desired_count: PositiveInt
    """Serving capacity in prod (and what dr scales to on failover)."""
    standby_count: Annotated[int, Field(ge=0)] | None = None
    """Capacity dr keeps running before a failover; derived from the strategy when absent."""

    @field_validator("standby_count")
    @classmethod
    def _standby_not_above_prod(cls, standby: int | None, info: ValidationInfo) -> int | None:
        desired = info.data.get("desired_count")
        if standby is not None and desired is not None and standby > desired:
            raise ValueError(
                f"standbyCount {standby} is above desiredCount {desired}: a standby never runs more than prod"
            )
        return standby


ROOT_USERS = ("root", "0")
_USER = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?"
_PATH = r"/[A-Za-z0-9_./-]*[A-Za-z0-9_.-]"


class Containers(_Compute):
    kind: Literal["containers"]
    image: Annotated[str, Field(min_length=1)]
    cpu: Literal[256, 512, 1024, 2048, 4096, 8192, 16384] = 512
    memory: Annotated[PositiveInt, Field(validate_default=True)] = 1024
    user: str | None = None
    """The non-root user the container runs as, where the image allows one: a uid, uid:gid, or a
    name the image defines (unset: the image's own user, which the policy pack reports)."""
    scratch_paths: Annotated[list[str], Field(max_length=10)] = ["/tmp"]
    """Writable directories of a container whose root filesystem is read-only: one task-scoped
    scratch volume each (`[]`: nothing is writable)."""

    @field_validator("user")
    @classmethod
    def _non_root_user(cls, user: str | None) -> str | None:
        if user is None:
            return None
        if not re.fullmatch(_USER, user):
            raise ValueError(
                f"{user!r} is not a user: use a uid (10001), uid:gid (10001:10001) or a name the image "
                "defines (letters, digits, '_', '.', '-'; at most 32 characters each side)"
            )
        if user.split(":")[0] in ROOT_USERS:
            raise ValueError(
                f"{user!r} runs the container as root; name a non-root user the image defines (e.g. 10001)"
            )
        return user

    @field_validator("scratch_paths")
    @classmethod
    def _distinct_scratch(cls, paths: list[str]) -> list[str]:
        wrong = [p for p in paths if not re.fullmatch(_PATH, p)]
        if wrong:
            raise ValueError(
                f"{', '.join(repr(p) for p in wrong)}: scratch paths are absolute directories "
                "(start with '/', letters, digits, '_', '.', '-' and '/', no trailing '/'), e.g. /tmp"
            )
        dupes = sorted({p for p in paths if paths.count(p) > 1})
        if dupes:
            raise ValueError(f"lists {dupes} twice; each scratch path gets its own volume")
        return paths

    @field_validator("memory")
    @classmethod
    def _fargate_size(cls, memory: int, info: ValidationInfo) -> int:
        cpu = info.data.get("cpu")
        allowed = FARGATE_MEMORY.get(cpu) if isinstance(cpu, int) else None
        if allowed is not None and memory not in allowed:
            raise ValueError(
                f"memory {memory} MiB is not a Fargate size for cpu {cpu}: "
                f"allowed {allowed.start}-{allowed.stop - 1} MiB in steps of {allowed.step}"
            )
        return memory


class VirtualMachines(_Compute):
    kind: Literal["vms"]
    # An AMI id, a Compute Engine image (`projects/<project>/global/images/[family/]<name>`), or
    # an Azure image (publisher:offer:sku:version or an image resource id); each site's cloud
    # says which it boots (config.aws / config.gcp, and clouds.azure's compute_limits).
    image: Annotated[
        str,
        Field(
            pattern=r"^(ami-[0-9a-f]{8,17}|projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/global/images/"
            r"(family/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?|[\w.-]+:[\w.-]+:[\w.-]+:[\w.-]+|/subscriptions/[^\s]+)$"
        ),
    ]
    # An EC2 instance type (`m7g.large`) or a Compute Engine machine type (`n2-standard-2`).
    instance_type: Annotated[
        str, Field(pattern=r"^([a-z][a-z0-9-]*\.[a-z0-9]+|[a-z][a-z0-9]*-[a-z0-9]+(-[a-z0-9]+)*)$")
    ] = "m7g.large"


Compute = Annotated[Containers | VirtualMachines, Field(discriminator="kind")]


class Endpoint(Model):
    hostname: Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")]
    health_path: Annotated[
        str,
        Field(
            pattern=r"^/[\x21-\x7e]*$",
            max_length=255,
            description="the path Route 53 and the load balancer probe, e.g. /healthz "
            "(starts with '/', at most 255 characters)",
        ),
    ]
    port: Annotated[int, Field(ge=1, le=65535)] = 443


class BackupOverrides(Model):
    frequency: Duration | None = None
    retention: Duration | None = None
    copy_retention: Duration | None = None
    continuous: bool | None = None
    restore_test_every: Duration | None = None


class Waiver(Model):
    """An accepted, time-boxed miss: the posture check warns instead of failing until `expires`."""

    disruption: Disruption
    objective: Objective
    reason: Annotated[str, Field(min_length=10)]
    expires: date
    """Last day the waiver holds (YYYY-MM-DD); from the next day the miss fails again."""


class Service(Model):
    """One mission-critical service: what it holds, what runs it, what it must survive."""

    name: ServiceName
    description: Annotated[str, Field(min_length=1)]
    owner: Annotated[str, Field(min_length=1)]
    tier: Tier
    rto: Duration | None = None
    rpo: Duration | None = None
    data_classification: DataClassification
    residency: ResidencyZone | None = None
    foundation: bool = False
    """The service that owns the shared per-site foundation (network, keys, alerting, vaults)."""
    data_stores: list[DataStore] = []
    compute: Compute | None = None
    endpoint: Endpoint | None = None
    backup: BackupOverrides = BackupOverrides()
    waivers: list[Waiver] = []

    @field_validator("waivers")
    @classmethod
    def _one_waiver_per_objective(cls, waivers: list[Waiver]) -> list[Waiver]:
        pairs = [(w.disruption, w.objective) for w in waivers]
        dupes = sorted({f"{d} {o}" for d, o in pairs if pairs.count((d, o)) > 1})
        if dupes:
            raise ValueError(f"more than one waiver for {dupes}; keep one per disruption and objective")
        return waivers

    @field_validator("data_stores")
    @classmethod
    def _unique_store_names(cls, stores: list[DataStore]) -> list[DataStore]:
        names = [s.name for s in stores]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate data store names {dupes}; each store needs its own name")
        return stores

    @field_validator("endpoint")
    @classmethod
    def _endpoint_needs_compute(cls, endpoint: Endpoint | None, info: ValidationInfo) -> Endpoint | None:
        # compute is absent from info.data when it is itself invalid: that is the problem then
        if endpoint is not None and "compute" in info.data and info.data["compute"] is None:
            raise ValueError("an endpoint needs compute to serve it; add compute or drop endpoint")
        return endpoint


def _audit_retention(value: dict[DataClassification, LogRetentionDays]) -> dict[DataClassification, int]:
    merged: dict[DataClassification, int] = {"pci": PCI_AUDIT_LOG_DAYS, **value}
    if merged["pci"] < PCI_AUDIT_LOG_DAYS:
        raise ValueError(
            f"pci is {merged['pci']} days; PCI DSS 10.5.1 keeps audit logs at least "
            f"{PCI_AUDIT_LOG_DAYS} days: use {PCI_AUDIT_LOG_DAYS} or more"
        )
    return merged


AuditLogRetention = Annotated[dict[DataClassification, LogRetentionDays], AfterValidator(_audit_retention)]


class StackConfig(Model):
    """All of one stack's config, validated."""

    organization: Slug
    environment: Slug
    role: Role
    prod_stack: Annotated[str, Field(pattern=r"^[\w.-]+(/[\w.-]+){0,2}$")] | None = None
    """Fully qualified name of the prod stack the dr stack reads (org/project/stack)."""
    sites: Sites
    dns: Dns
    alerts: Alerts
    residency: Residency = Residency()
    backup: BackupSettings = BackupSettings()
    failover: Failover = Failover()
    audit_log_retention_days: AuditLogRetention = {"pci": PCI_AUDIT_LOG_DAYS}
    """Log retention per data classification (days), where stricter than the service's tier;
    `pci` is at least 365 (PCI DSS 10.5.1) whatever is set."""
    protect: bool = True
    """Guards against deleting state by mistake, in both sites: Pulumi's `protect` on stateful
    resources (databases, tables, buckets, vaults, keys) and the clouds' own deletion protection
    (databases, tables, load balancers). `false` only for sandboxes meant to be torn down."""
    tiers: dict[Tier, TierPolicy]
    services: Annotated[list[Service], Field(min_length=1)]

    # -- derived views used by services/ and components/ --

    @property
    def site(self) -> Site:
        return self.sites.primary if self.role == "primary" else self.sites.recovery

    @property
    def peer(self) -> Site:
        return self.sites.recovery if self.role == "primary" else self.sites.primary

    @property
    def is_primary(self) -> bool:
        return self.role == "primary"

    @property
    def foundation_service(self) -> Service:
        return next(s for s in self.services if s.foundation)

    def tier_policy(self, service: Service) -> TierPolicy:
        return self.tiers[service.tier]

    def rpo(self, service: Service) -> timedelta:
        return service.rpo or self.tiers[service.tier].rpo

    def rto(self, service: Service) -> timedelta:
        return service.rto or self.tiers[service.tier].rto

    def log_retention_days_of(self, service: Service) -> int:
        """How long the service's logs are kept: its tier's, or its classification's if stricter."""
        tier = self.tiers[service.tier].audit_log_retention_days
        return max(tier, self.audit_log_retention_days.get(service.data_classification, 0))

    def describe_targets(self, service: Service) -> str:
        return f"RPO {format_duration(self.rpo(service))} / RTO {format_duration(self.rto(service))}"
