"""Values the cross-cloud paths send that the mock engine accepts whatever they are and a real
deploy checks, over both stacks of both examples (as written and with the longest names config
allows, longest.py): Data Factory entity names and references, schedule triggers' time zones, the
site-to-site VPNs' inside addresses and BGP ASNs, the DMS destination's tier and edition, SQS."""

from __future__ import annotations

import re
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network
from typing import Any, Literal

import pytest
from pulumi_azure_native import datafactory as adf
from pulumi_azure_native import dbforpostgresql as pg

from offline.engine import ProgramRun
from tests.components.cross_cloud.longest import longest_run
from tests.conftest import unsecret
from tests.cross_cloud import RECOVERY_CLOUDS, Recovery, example_run

Names = Literal["example", "longest"]
NAMES: tuple[Names, ...] = ("example", "longest")
RUNS: dict[Names, Callable[[Recovery, str], ProgramRun]] = {"example": example_run, "longest": longest_run}

# Data Factory "naming rules": linked services, datasets, pipelines (and triggers: the REST
# pattern ^[A-Za-z0-9_][^<>*#.%&:\\+?/]*$, max 260) start with a letter and contain none of
# . + ? / < > * % & : \ ; dashes are not allowed in linked services' and datasets' names.
ADF_FORBIDDEN = re.compile(r"[.+?/<>*%&:\\#]")
ADF_NO_DASH = ("azure-native:datafactory:LinkedService", "azure-native:datafactory:Dataset")
ADF_NAME_KEYS = {
    "azure-native:datafactory:LinkedService": "linkedServiceName",
    "azure-native:datafactory:Dataset": "datasetName",
    "azure-native:datafactory:Pipeline": "pipelineName",
    "azure-native:datafactory:Trigger": "triggerName",
}
# AWS Site-to-Site VPN tunnel options (EC2 VpnTunnelOptionsSpecification.TunnelInsideCidr): a /30
# of 169.254.0.0/16, unique across the VPN connections of one virtual private gateway, none of:
AWS_LINK_LOCAL = IPv4Network("169.254.0.0/16")
AWS_RESERVED_INSIDE = frozenset(
    IPv4Network(c)
    for c in (
        "169.254.0.0/30",
        "169.254.1.0/30",
        "169.254.2.0/30",
        "169.254.3.0/30",
        "169.254.4.0/30",
        "169.254.5.0/30",
        "169.254.169.252/30",
    )
)
# Azure VPN Gateway "Configure BGP: APIPA": custom BGP addresses 169.254.21.0-169.254.22.255.
AZURE_APIPA = (IPv4Address("169.254.21.0"), IPv4Address("169.254.22.255"))
# Azure VPN Gateway BGP FAQ: ASNs Azure reserves (public 8074, 8075, 12076; private 65515-65520)
# and ASNs IANA reserves (23456, 64496-64511, 65535-65551) cannot be used.
AZURE_RESERVED_ASNS = frozenset({8074, 8075, 12076, 23456, *range(64496, 64512), *range(65515, 65521)})
# Cloud Router: a private ASN, 64512-65534 or 4200000000-4294967294 ("Cloud Router overview").
CLOUD_ROUTER_ASNS = (range(64512, 65535), range(4_200_000_000, 4_294_967_295))
# Cloud SQL machine types by edition ("Instance settings", machine series): performance-optimized
# N2 tiers are Enterprise Plus only; custom (db-custom-*) tiers are Enterprise only.
EDITION_OF_TIER = (("db-perf-optimized-N-", "ENTERPRISE_PLUS"), ("db-custom-", "ENTERPRISE"))
CLOUD_SQL_DISK_GB = range(10, 65_536 + 1)
"""Cloud SQL data disk: 10 GB to 64 TB (Cloud SQL "Quotas and limits", storage)."""
SQS_RETENTION_SECONDS = range(60, 1_209_600 + 1)
"""SetQueueAttributes MessageRetentionPeriod: 60 s to 1,209,600 s (14 days)."""


def _by_factory(run: ProgramRun) -> dict[str, dict[str, list[Any]]]:
    """Each factory's children by type (the children name their factory by its output name)."""
    out: dict[str, dict[str, list[Any]]] = {}
    for type_ in ADF_NAME_KEYS:
        for r in run.of_type(type_):
            out.setdefault(r.inputs["factoryName"], {}).setdefault(type_, []).append(r)
    return out


@pytest.mark.parametrize("variant", NAMES)
def test_data_factory_entity_names_follow_its_naming_rules(variant: Names) -> None:
    dr = RUNS[variant]("azure", "dr")
    bad = []
    for type_, key in ADF_NAME_KEYS.items():
        found = dr.of_type(type_)
        assert found, type_
        for r in found:
            name = r.inputs[key]
            if not name[:1].isalpha() or ADF_FORBIDDEN.search(name) or len(name) > 260:
                bad.append((type_, name))
            if type_ in ADF_NO_DASH and "-" in name:
                bad.append((type_, name))
    assert bad == []


def _references(value: Any, kind: str) -> list[str]:
    """Every `referenceName` of a reference of `kind` (LinkedServiceReference, ...) in `value`."""
    if isinstance(value, dict):
        own = [value["referenceName"]] if value.get("type") == kind and "referenceName" in value else []
        return own + [n for v in value.values() for n in _references(v, kind)]
    if isinstance(value, list):
        return [n for v in value for n in _references(v, kind)]
    return []


@pytest.mark.parametrize("variant", NAMES)
def test_data_factory_references_name_entities_of_their_own_factory(variant: Names) -> None:
    """A reference to a linked service, dataset or pipeline the factory lacks is refused when the
    referring entity is created (ARM validates it; the mocks do not)."""
    factories = _by_factory(RUNS[variant]("azure", "dr"))
    assert factories
    for children in factories.values():
        declared = {
            kind: {r.inputs[ADF_NAME_KEYS[type_]] for r in children.get(type_, [])}
            for kind, type_ in (
                ("LinkedServiceReference", "azure-native:datafactory:LinkedService"),
                ("DatasetReference", "azure-native:datafactory:Dataset"),
                ("PipelineReference", "azure-native:datafactory:Pipeline"),
            )
        }
        everything = [r.inputs for rs in children.values() for r in rs]
        for kind, names in declared.items():
            used = {n for inputs in everything for n in _references(inputs, kind)}
            assert used and used <= names, (kind, used - names)


@pytest.mark.parametrize("variant", NAMES)
def test_schedule_triggers_give_their_start_time_in_their_time_zone(variant: Names) -> None:
    """ScheduleTrigger recurrence: in UTC the start time ends in 'Z'; in another time zone it must
    not (Data Factory "Schedule trigger", startTime and timeZone)."""
    triggers = RUNS[variant]("azure", "dr").of_type("azure-native:datafactory:Trigger")
    assert triggers
    for t in triggers:
        recurrence = t.inputs["properties"]["recurrence"]
        assert recurrence["startTime"].endswith("Z") is (recurrence.get("timeZone", "UTC") == "UTC")


@pytest.mark.parametrize("variant", NAMES)
@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_vpn_tunnel_inside_cidrs_are_unreserved_unique_link_local_slash_30s(
    recovery: Recovery, variant: Names
) -> None:
    connections = RUNS[variant](recovery, "dr").of_type("aws:ec2/vpnConnection:VpnConnection")
    cidrs = [IPv4Network(c.inputs[f"tunnel{t}InsideCidr"]) for c in connections for t in (1, 2)]
    assert len(cidrs) == 4
    assert all(c.prefixlen == 30 and c.subnet_of(AWS_LINK_LOCAL) for c in cidrs)
    assert not set(cidrs) & AWS_RESERVED_INSIDE
    assert len(set(cidrs)) == len(cidrs)  # one virtual private gateway (prod's)


@pytest.mark.parametrize("variant", NAMES)
def test_azure_bgp_addresses_are_apipa_and_pair_with_awss_tunnel_ends(variant: Names) -> None:
    dr = RUNS[variant]("azure", "dr")
    cidrs = [
        IPv4Network(c.inputs[f"tunnel{t}InsideCidr"])
        for c in dr.of_type("aws:ec2/vpnConnection:VpnConnection")
        for t in (1, 2)
    ]
    aws_ends = {str(c.network_address + 1) for c in cidrs}
    azure_ends = {str(c.network_address + 2) for c in cidrs}
    [gateway] = dr.of_type("azure-native:network:VirtualNetworkGateway")
    custom = [
        a for p in gateway.inputs["bgpSettings"]["bgpPeeringAddresses"] for a in p["customBgpIpAddresses"]
    ]
    assert custom and all(AZURE_APIPA[0] <= IPv4Address(a) <= AZURE_APIPA[1] for a in custom)
    assert set(custom) == azure_ends
    locals_ = dr.of_type("azure-native:network:LocalNetworkGateway")
    assert {g.inputs["bgpSettings"]["bgpPeeringAddress"] for g in locals_} == aws_ends


@pytest.mark.parametrize("variant", NAMES)
@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_bgp_asns_are_private_distinct_and_not_reserved(recovery: Recovery, variant: Names) -> None:
    dr = RUNS[variant](recovery, "dr")
    aws_side = {
        int(g.inputs["bgpSettings"]["asn"]) for g in dr.of_type("azure-native:network:LocalNetworkGateway")
    }
    aws_side |= {int(p.inputs["peerAsn"]) for p in dr.of_type("gcp:compute/routerPeer:RouterPeer")}
    other = {int(c.inputs["bgpAsn"]) for c in dr.of_type("aws:ec2/customerGateway:CustomerGateway")}
    assert len(aws_side) == 1 and len(other) == 1 and aws_side != other
    if recovery == "azure":
        [gateway] = dr.of_type("azure-native:network:VirtualNetworkGateway")
        assert int(gateway.inputs["bgpSettings"]["asn"]) in other
        assert not (other | aws_side) & AZURE_RESERVED_ASNS
    else:
        [router] = [r for r in dr.of_type("gcp:compute/router:Router") if r.inputs.get("bgp")]
        asn = int(router.inputs["bgp"]["asn"])
        assert asn in other and any(asn in r for r in CLOUD_ROUTER_ASNS)


@pytest.mark.parametrize("variant", NAMES)
def test_dms_destinations_run_a_tier_of_their_edition_on_a_disk_cloud_sql_allows(variant: Names) -> None:
    profiles = RUNS[variant]("gcp", "dr").of_type(
        "gcp:databasemigrationservice/connectionProfile:ConnectionProfile"
    )
    settings = [p.inputs["cloudsql"]["settings"] for p in profiles if "cloudsql" in p.inputs]
    assert settings
    for s in settings:
        [edition] = [e for prefix, e in EDITION_OF_TIER if s["tier"].startswith(prefix)]
        assert s["edition"] == edition, s["tier"]
        assert int(s["dataDiskSizeGb"]) in CLOUD_SQL_DISK_GB


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_event_queues_keep_messages_as_long_as_sqs_allows_at_most(recovery: Recovery) -> None:
    queues = example_run(recovery, "dr").of_type("aws:sqs/queue:Queue")
    assert all(int(q.inputs["messageRetentionSeconds"]) in SQS_RETENTION_SECONDS for q in queues)
    if recovery == "gcp":
        assert queues


@pytest.mark.parametrize("variant", NAMES)
def test_the_gateway_subnet_lies_in_the_vnet_and_overlaps_no_other_subnet(variant: Names) -> None:
    """ARM refuses a subnet outside its VNet's address space or overlapping another subnet
    (NetcfgInvalidSubnet, NetcfgSubnetRangesOverlap); VPN Gateway needs `GatewaySubnet` of /29 or
    larger, /27 recommended ("About VPN Gateway settings: Gateway subnet")."""
    dr = RUNS[variant]("azure", "dr")
    [vnet] = dr.of_type("azure-native:network:VirtualNetwork")
    spaces = [IPv4Network(p) for p in vnet.inputs["addressSpace"]["addressPrefixes"]]
    subnets = {
        s.inputs["subnetName"]: IPv4Network(s.inputs["addressPrefix"])
        for s in dr.of_type("azure-native:network:Subnet")
    }
    assert subnets["GatewaySubnet"].prefixlen <= 27
    assert all(any(n.subnet_of(space) for space in spaces) for n in subnets.values())
    names = sorted(subnets)
    overlapping = [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if subnets[a].overlaps(subnets[b])
    ]
    assert overlapping == []


@pytest.mark.parametrize("variant", NAMES)
def test_a_zone_redundant_vpn_gateway_has_two_standard_zonal_public_addresses(variant: Names) -> None:
    """AZ gateway SKUs take Standard public IPs in zones ("About zone-redundant virtual network
    gateways"); an active-active gateway has two IP configurations, each its own address."""
    dr = RUNS[variant]("azure", "dr")
    [gateway] = dr.of_type("azure-native:network:VirtualNetworkGateway")
    assert gateway.inputs["sku"]["name"].endswith("AZ") and gateway.inputs["activeActive"] is True
    used = [c["publicIPAddress"]["id"].rsplit("/", 1)[-1] for c in gateway.inputs["ipConfigurations"]]
    assert len(used) == len(set(used)) == 2
    addresses = {
        a.inputs["publicIpAddressName"]: a.inputs for a in dr.of_type("azure-native:network:PublicIPAddress")
    }
    for name in used:
        assert addresses[name]["sku"]["name"] == "Standard" and addresses[name].get("zones")


def test_gcp_bgp_sessions_pair_with_awss_tunnel_ends() -> None:
    """Each Cloud Router interface takes the second host of its tunnel's AWS inside /30 and peers
    with the first, AWS's end (AWS Site-to-Site VPN: the virtual private gateway takes the first
    address; Cloud Router: interface and peer in the same link-local /30)."""
    dr = example_run("gcp", "dr")
    cidrs = {
        IPv4Network(c.inputs[f"tunnel{t}InsideCidr"])
        for c in dr.of_type("aws:ec2/vpnConnection:VpnConnection")
        for t in (1, 2)
    }
    interfaces = {
        IPv4Network(i.inputs["ipRange"], strict=False)
        for i in dr.of_type("gcp:compute/routerInterface:RouterInterface")
    }
    assert interfaces == cidrs
    pairs = {
        (p.inputs["ipAddress"], p.inputs["peerIpAddress"])
        for p in dr.of_type("gcp:compute/routerPeer:RouterPeer")
    }
    assert pairs == {(str(c.network_address + 2), str(c.network_address + 1)) for c in cidrs}


def test_the_route_export_waits_for_the_private_services_peering() -> None:
    """The peering `servicenetworking-googleapis-com` exists only once the private services
    connection is made; updating its routes before then fails ("peering not found")."""
    dr = example_run("gcp", "dr")
    [connection] = dr.of_type("gcp:servicenetworking/connection:Connection")
    [routes] = dr.of_type("gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig")
    assert connection.urn in routes.dependencies


@pytest.mark.parametrize("recovery", RECOVERY_CLOUDS)
def test_database_migrations_start_only_once_the_vpn_is_up(recovery: Recovery) -> None:
    """A migration started before its network path exists fails its connection test (DMS: the
    source must be reachable at start; Azure's migration service validates connectivity first)."""
    dr = example_run(recovery, "dr")
    jobs = dr.of_type(
        "gcp:databasemigrationservice/migrationJob:MigrationJob"
        if recovery == "gcp"
        else "azure-native:dbforpostgresql:Migration"
    )
    tunnels = dr.of_type(
        "gcp:compute/vPNTunnel:VPNTunnel"
        if recovery == "gcp"
        else "azure-native:network:VirtualNetworkGatewayConnection"
    )
    needed = {t.urn for t in tunnels}
    if recovery == "gcp":
        needed |= {
            r.urn for r in dr.of_type("gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig")
        }
    assert jobs and tunnels
    assert all(needed <= set(j.dependencies) for j in jobs)


MIGRATION_ENUMS = {
    "sourceType": pg.SourceType,
    "migrationMode": pg.MigrationMode,
    "migrationOption": pg.MigrationOption,
    "sslMode": pg.SslMode,
    "overwriteDbsInTarget": pg.OverwriteDatabasesOnTargetServer,
    "startDataMigration": pg.StartDataMigration,
}
"""The migration's string-typed enum inputs and the values ARM takes (the SDK's enums, generated
from the REST spec of the provider's API version)."""


def test_migration_enum_inputs_are_values_the_api_takes() -> None:
    migrations = example_run("azure", "dr").of_type("azure-native:dbforpostgresql:Migration")
    assert migrations
    bad = [
        (key, m.inputs.get(key))
        for m in migrations
        for key, enum in MIGRATION_ENUMS.items()
        if m.inputs.get(key) not in {e.value for e in enum}
    ]
    assert bad == []
    # the migration service connects with SSL prefer or require only (dr-reference; "Known issues
    # and limitations for the migration service": SSLMODE preferred or required)
    assert {m.inputs["sslMode"] for m in migrations} <= {"Prefer", "Require"}


def test_data_factory_enum_inputs_are_values_the_api_takes() -> None:
    dr = example_run("azure", "dr")
    blob = [
        r.inputs["properties"]
        for r in dr.of_type("azure-native:datafactory:LinkedService")
        if r.inputs["properties"]["type"] == "AzureBlobStorage"
    ]
    s3 = [
        r.inputs["properties"]
        for r in dr.of_type("azure-native:datafactory:LinkedService")
        if r.inputs["properties"]["type"] == "AmazonS3"
    ]
    assert blob and s3
    assert {b["authenticationType"] for b in blob} <= {e.value for e in adf.AzureStorageAuthenticationType}
    # AmazonS3LinkedService.authenticationType: AccessKey or TemporarySecurityCredentials (Data
    # Factory "Amazon S3 connector", linked service properties)
    assert {x["authenticationType"] for x in s3} <= {"AccessKey", "TemporarySecurityCredentials"}
    frequencies = {
        t.inputs["properties"]["recurrence"]["frequency"]
        for t in dr.of_type("azure-native:datafactory:Trigger")
    }
    assert frequencies and frequencies <= {e.value for e in adf.RecurrenceFrequency} - {"NotSpecified"}
    parameters = {
        p["type"]
        for r in dr.of_type("azure-native:datafactory:Pipeline")
        for p in r.inputs["parameters"].values()
    }
    assert parameters and parameters <= {e.value for e in adf.ParameterType}


# pulumi-gcp's documented values (storage.TransferJob, databasemigrationservice.ConnectionProfile
# and MigrationJob: "Possible values"), and STS LoggingConfig (LoggableAction: FIND, DELETE, COPY;
# LoggableActionState: SUCCEEDED, FAILED, SKIPPED).
TRANSFER_VALUES = {
    "overwriteWhen": {"ALWAYS", "DIFFERENT", "NEVER"},
    "logActions": {"FIND", "DELETE", "COPY"},
    "logActionStates": {"SUCCEEDED", "FAILED", "SKIPPED"},
    "status": {"ENABLED", "DISABLED", "DELETED"},
}
DMS_VALUES = {
    "type": {"ONE_TIME", "CONTINUOUS"},
    "desiredState": {"NOT_STARTED", "RUNNING"},
    "activationPolicy": {"ALWAYS", "NEVER"},
    "dataDiskType": {"PD_SSD", "PD_HDD"},
    "edition": {"ENTERPRISE", "ENTERPRISE_PLUS"},
    "ssl": {"SERVER_ONLY", "SERVER_CLIENT", "REQUIRED", "NONE"},
}
MIN_REPEAT_SECONDS = 3600
"""TransferJob schedule.repeatInterval "may not be less than 1 hour" (pulumi-gcp storage docs)."""


def test_transfer_jobs_send_values_storage_transfer_takes() -> None:
    jobs = example_run("gcp", "dr").of_type("gcp:storage/transferJob:TransferJob")
    assert jobs
    for j in jobs:
        options = j.inputs["transferSpec"]["transferOptions"]
        logging = j.inputs["loggingConfig"]
        assert options["overwriteWhen"] in TRANSFER_VALUES["overwriteWhen"]
        assert set(logging["logActions"]) <= TRANSFER_VALUES["logActions"]
        assert set(logging["logActionStates"]) <= TRANSFER_VALUES["logActionStates"]
        assert j.inputs["status"] in TRANSFER_VALUES["status"]
        # deleteObjectsUniqueInSink and deleteObjectsFromSourceAfterTransfer exclude each other
        assert not (
            options.get("deleteObjectsUniqueInSink") and options.get("deleteObjectsFromSourceAfterTransfer")
        )
        if "schedule" in j.inputs:
            assert float(j.inputs["schedule"]["repeatInterval"].removesuffix("s")) >= MIN_REPEAT_SECONDS


def test_dms_resources_send_values_the_api_takes() -> None:
    dr = example_run("gcp", "dr")
    jobs = dr.of_type("gcp:databasemigrationservice/migrationJob:MigrationJob")
    profiles = dr.of_type("gcp:databasemigrationservice/connectionProfile:ConnectionProfile")
    assert jobs and profiles
    assert {j.inputs["type"] for j in jobs} <= DMS_VALUES["type"]
    assert {j.inputs["desiredState"] for j in jobs} <= DMS_VALUES["desiredState"]
    for p in profiles:
        if "cloudsql" in p.inputs:
            s = p.inputs["cloudsql"]["settings"]
            assert s["activationPolicy"] in DMS_VALUES["activationPolicy"]
            assert s["dataDiskType"] in DMS_VALUES["dataDiskType"]
            assert s["edition"] in DMS_VALUES["edition"]
        else:
            postgresql = unsecret(p.inputs["postgresql"])
            assert postgresql["ssl"]["type"] in DMS_VALUES["ssl"]
