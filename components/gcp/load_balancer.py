"""One service's global external Application Load Balancer in one site: a global static IP,
HTTPS only (HTTP redirected), a Google-managed certificate, Cloud Armor for pci/pii services,
request logging, and a backend on the service's compute.

Per service and site rather than one load balancer with both sites as backends: DNS failover
(Cloud DNS's routing policy, components.gcp.failover_dns) then health-checks each site's address
on its own, and one site's changes cannot take the other's endpoint, as on AWS.

Backends: Cloud Run through a serverless NEG (no health checks: Cloud Run has its own), VM
instance groups through a backend service with an HTTP health check on the health path. A dr
site without compute answers from the load balancer itself: `200` on the health path (so the
dr address passes its DNS health check and takes traffic when prod fails) and `503` elsewhere,
by URL map fault injection (abort.httpStatus 200-599).

Certificate: Certificate Manager with DNS authorization, not a load-balancer-authorized
certificate. A load-balancer-authorized certificate is only issued once the hostname resolves to
that load balancer, which dr's never does until a failover: dr would fail over onto a
certificate that does not exist. The DNS authorization's CNAME lives in the Cloud DNS zone, and
the certificate (a global resource of the project both sites share) is created by prod and
referenced by dr by its deterministic name. A recovery site whose prod runs on another cloud
creates its own, and hands the DNS authorization's record to the zone's cloud (`zone_records`:
Route 53 for a cross-cloud pair).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.failover import EndpointProps, ZoneRecord
from components.gcp.labels import labels

# Cloud Armor (Google Cloud Armor "Preconfigured WAF rules"): the OWASP CRS 3.3 rule sets this
# program turns on for services holding pci or pii data, at sensitivity 1 (fewest false positives).
WAF_RULES = (
    "sqli-v33-stable",
    "xss-v33-stable",
    "lfi-v33-stable",
    "rce-v33-stable",
    "protocolattack-v33-stable",
)
WAF_CLASSIFICATIONS = ("pci", "pii")
# Certificate Manager map entries route SNI hostnames to certificates; the TLS policy below
# refuses anything older than TLS 1.2 (SSL policies "MODERN" profile, min TLS 1.2).
MIN_TLS = "TLS_1_2"
CERTIFICATE_MANAGER = "//certificatemanager.googleapis.com/"
# Serverless NEG backend services speak HTTPS to Cloud Run (Cloud Load Balancing "Serverless
# NEGs"); VM backends get plain HTTP inside the VPC, TLS ending at Google's front end.
BACKEND_TIMEOUT_SECONDS = 30
MAINTENANCE_STATUS = 503

_PENDING_GROUPS: dict[str, Callable[[pulumi.Output[str]], None]] = {}
"""Endpoint name -> resolver of its backend service's instance group (VM services): the load
balancer is declared before its compute, whose instance group it needs as a backend."""


def attach_instance_group(endpoint: str, group: pulumi.Output[str]) -> None:
    """Called by the VM compute of `endpoint` once its instance group exists."""
    _PENDING_GROUPS.pop(endpoint)(group)


def certificate_map_name(hostname: str) -> str:
    """The certificate map both sites' proxies use for `hostname` (a certificate map name:
    lowercase letters, digits and '-', at most 63 characters, starting with a letter)."""
    slug = re.sub(r"[^a-z0-9]+", "-", hostname).strip("-")[:50]
    return f"cm-{slug}-{hashlib.sha256(hostname.encode()).hexdigest()[:8]}"


def zone_parts(zone_id: str) -> tuple[str, str]:
    """(project, managed zone) of a Cloud DNS zone id `projects/<p>/managedZones/<z>`."""
    parts = zone_id.split("/")
    if len(parts) != 4 or parts[0] != "projects" or parts[2] != "managedZones":
        raise ValueError(f"not a Cloud DNS zone id: {zone_id!r}")
    return parts[1], parts[3]


class GlobalLoadBalancer(Component):
    def __init__(self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("load_balancer", name, opts)
        if props.site is None or props.site.project_id is None or props.primary is None:
            raise ValueError("a GCP endpoint needs its site (project) and role")
        self.props = props
        self.zone_records: Sequence[ZoneRecord] = ()
        tags = labels(props.tags)
        project = props.site.project_id
        self.address = gcp.compute.GlobalAddress(
            f"{name}-ip",
            name=f"{name}-ip",
            ip_version="IPV4",
            address_type="EXTERNAL",
            labels=tags,
            opts=self.child(),
        )
        certificate_map = self._certificate(name, props, project)
        self.tls_policy = gcp.compute.SSLPolicy(
            f"{name}-tls", name=f"{name}-tls", profile="MODERN", min_tls_version=MIN_TLS, opts=self.child()
        )
        self.armor: gcp.compute.SecurityPolicy | None = None
        if props.tags.get("data-classification") in WAF_CLASSIFICATIONS:
            self.armor = self._armor(name, tags)
        self.health_check: gcp.compute.HealthCheck | None = None
        self.backend = self._backend(name, props)
        self.url_map = gcp.compute.URLMap(
            f"{name}-https",
            name=f"{name}-https",
            description=f"{props.hostname} ({props.name})",
            default_service=self.backend.id,
            host_rules=[gcp.compute.URLMapHostRuleArgs(hosts=[props.hostname], path_matcher="service")],
            path_matchers=[self._path_matcher(props)],
            opts=self.child(),
        )
        self.https_proxy = gcp.compute.TargetHttpsProxy(
            f"{name}-https",
            name=f"{name}-https",
            url_map=self.url_map.id,
            certificate_map=certificate_map,
            ssl_policy=self.tls_policy.id,
            quic_override="NONE",
            opts=self.child(),
        )
        self.https = gcp.compute.GlobalForwardingRule(
            f"{name}-https",
            name=f"{name}-https",
            target=self.https_proxy.id,
            ip_address=self.address.address,
            port_range="443",
            ip_protocol="TCP",
            load_balancing_scheme="EXTERNAL_MANAGED",
            labels=tags,
            opts=self.child(),
        )
        # Port 80 answers only with a redirect to HTTPS.
        self.redirect_map = gcp.compute.URLMap(
            f"{name}-http",
            name=f"{name}-http",
            default_url_redirect=gcp.compute.URLMapDefaultUrlRedirectArgs(
                https_redirect=True, strip_query=False, redirect_response_code="MOVED_PERMANENTLY_DEFAULT"
            ),
            opts=self.child(),
        )
        self.http_proxy = gcp.compute.TargetHttpProxy(
            f"{name}-http", name=f"{name}-http", url_map=self.redirect_map.id, opts=self.child()
        )
        self.http = gcp.compute.GlobalForwardingRule(
            f"{name}-http",
            name=f"{name}-http",
            target=self.http_proxy.id,
            ip_address=self.address.address,
            port_range="80",
            ip_protocol="TCP",
            load_balancing_scheme="EXTERNAL_MANAGED",
            labels=tags,
            opts=self.child(),
        )
        # The contract's `dnsName` is the address clients and the DNS failover reach: a global
        # load balancer has an anycast IP, not a DNS name; there is no hosted zone (`zoneId`).
        self.dns_name: pulumi.Output[str] = self.address.address
        self.zone_id: pulumi.Output[str] = pulumi.Output.from_input("")
        self.security_group_id: pulumi.Output[str] = self.backend.name
        """No security groups on GCP: the backend service stands for the load balancer."""
        self.target_group_id: pulumi.Output[str] | None = (
            self.backend.id if props.app_port is not None else None
        )
        self.ready: Sequence[pulumi.Resource] = [self.https]
        fixed = {
            "host": props.hostname,
            "healthPath": props.health_path,
            "computeKind": props.compute_kind or "none",
            "computeName": props.name,
            "region": props.site.region,
        }
        self.metric_dimensions: pulumi.Output[dict[str, str]] = pulumi.Output.all(
            self.url_map.name, self.backend.name, self.https.name, self.address.address
        ).apply(
            lambda a: {
                "urlMap": a[0],
                "backendService": a[1],
                "forwardingRule": a[2],
                "address": a[3],
                **fixed,
            }
        )
        """What monitoring reads: the load balancer's resources, its address and host, and the
        compute behind it (Cloud Monitoring filters name these)."""
        self.register_outputs({"address": self.dns_name})

    # --- pieces ---------------------------------------------------------------------------------

    def _certificate(self, name: str, props: EndpointProps, project: str) -> pulumi.Input[str]:
        """prod creates the certificate both GCP sites serve; a recovery site whose prod runs on
        another cloud creates its own (same hostname, nothing shared across the clouds). The DNS
        authorization's CNAME goes into the public zone: Cloud DNS here, or, when the zone is on
        another cloud (Route 53), into `zone_records` for the zone's cloud to write."""
        map_name = certificate_map_name(props.hostname)
        site = props.site
        shared = props.peer is None or site is None or props.peer.cloud == site.cloud
        if not props.primary and shared:
            return f"{CERTIFICATE_MANAGER}projects/{project}/locations/global/certificateMaps/{map_name}"
        tags = labels(props.tags)
        auth = gcp.certificatemanager.DnsAuthorization(
            f"{name}-auth",
            name=f"{map_name}-auth",
            domain=props.hostname,
            location="global",
            type="FIXED_RECORD",
            labels=tags,
            opts=self.child(),
        )
        record = auth.dns_resource_records.apply(lambda rs: rs[0])
        record_name = record.apply(lambda r: _get(r, "name"))
        record_data = record.apply(lambda r: _get(r, "data"))
        waits: list[pulumi.Resource] = []
        if props.zone is None or site is None or props.zone.cloud == site.cloud:
            zone_project, zone = zone_parts(props.zone_id)
            self.authorization_record = gcp.dns.RecordSet(
                f"{name}-auth",
                project=zone_project,
                managed_zone=zone,
                name=record_name,
                type="CNAME",
                ttl=300,
                rrdatas=[record_data],
                opts=self.child(),
            )
            waits.append(self.authorization_record)
        else:
            # Certificate Manager keeps checking for the record and issues once it resolves, so
            # the certificate need not wait for another stack's (or cloud's) write.
            self.zone_records = (ZoneRecord(record_name, "CNAME", [record_data], 300),)
        self.certificate = gcp.certificatemanager.Certificate(
            f"{name}-cert",
            name=f"{map_name}-cert",
            scope="DEFAULT",
            managed=gcp.certificatemanager.CertificateManagedArgs(
                domains=[props.hostname], dns_authorizations=[auth.id]
            ),
            labels=tags,
            opts=self.child(depends_on=waits),
        )
        self.certificate_map = gcp.certificatemanager.CertificateMap(
            f"{name}-certs", name=map_name, labels=tags, opts=self.child()
        )
        self.certificate_entry = gcp.certificatemanager.CertificateMapEntry(
            f"{name}-certs",
            name=f"{map_name}-entry",
            map=self.certificate_map.name,
            hostname=props.hostname,
            certificates=[self.certificate.id],
            labels=tags,
            opts=self.child(),
        )
        return self.certificate_map.id.apply(lambda i: f"{CERTIFICATE_MANAGER}{i}")

    def _armor(self, name: str, tags: dict[str, str]) -> gcp.compute.SecurityPolicy:
        rules = [
            gcp.compute.SecurityPolicyRuleArgs(
                priority=1000 + i,
                action="deny(403)",
                description=f"OWASP CRS: {rule}",
                match=gcp.compute.SecurityPolicyRuleMatchArgs(
                    expr=gcp.compute.SecurityPolicyRuleMatchExprArgs(
                        expression=f"evaluatePreconfiguredWaf('{rule}', {{'sensitivity': 1}})"
                    )
                ),
            )
            for i, rule in enumerate(WAF_RULES)
        ]
        rules.append(
            gcp.compute.SecurityPolicyRuleArgs(
                priority=2147483647,  # the default rule: allow what no WAF rule denied
                action="allow",
                description="default",
                match=gcp.compute.SecurityPolicyRuleMatchArgs(
                    versioned_expr="SRC_IPS_V1",
                    config=gcp.compute.SecurityPolicyRuleMatchConfigArgs(src_ip_ranges=["*"]),
                ),
            )
        )
        return gcp.compute.SecurityPolicy(
            f"{name}-armor",
            name=f"{name}-armor",
            description=f"WAF for {self.props.hostname}",
            type="CLOUD_ARMOR",
            rules=rules,
            labels=tags,
            opts=self.child(),
        )

    def _backend(self, name: str, props: EndpointProps) -> gcp.compute.BackendService:
        common = {
            "name": f"{name}-backend",
            "load_balancing_scheme": "EXTERNAL_MANAGED",
            "log_config": gcp.compute.BackendServiceLogConfigArgs(enable=True, sample_rate=1.0),
            "security_policy": self.armor.id if self.armor is not None else None,
        }
        if props.app_port is None:
            # Maintenance: the URL map answers every request itself (fault injection); the
            # backend service only anchors the routes and never receives traffic.
            return gcp.compute.BackendService(
                f"{name}-backend", protocol="HTTPS", **common, opts=self.child()
            )
        if props.compute_kind == "containers":
            neg = gcp.compute.RegionNetworkEndpointGroup(
                f"{name}-neg",
                name=f"{name}-neg",
                region=props.site.region if props.site else None,
                network_endpoint_type="SERVERLESS",
                # The Cloud Run service components.gcp.containers names after the endpoint.
                cloud_run=gcp.compute.RegionNetworkEndpointGroupCloudRunArgs(service=props.name),
                opts=self.child(),
            )
            return gcp.compute.BackendService(
                f"{name}-backend",
                protocol="HTTPS",
                backends=[gcp.compute.BackendServiceBackendArgs(group=neg.id)],
                **common,
                opts=self.child(),
            )
        self.health_check = gcp.compute.HealthCheck(
            f"{name}-hc",
            name=f"{name}-hc",
            check_interval_sec=10,
            timeout_sec=5,
            healthy_threshold=2,
            unhealthy_threshold=3,
            http_health_check=gcp.compute.HealthCheckHttpHealthCheckArgs(
                port=props.app_port, request_path=props.health_path
            ),
            log_config=gcp.compute.HealthCheckLogConfigArgs(enable=True),
            opts=self.child(),
        )
        group, resolve = pulumi.deferred_output()
        _PENDING_GROUPS[props.name] = resolve
        return gcp.compute.BackendService(
            f"{name}-backend",
            protocol="HTTP",
            port_name="http",
            health_checks=self.health_check.id,
            backends=[gcp.compute.BackendServiceBackendArgs(group=group, balancing_mode="UTILIZATION")],
            # Only instance-group backends take a timeout: serverless NEG backend services refuse
            # timeoutSec (Cloud Run's request timeout applies instead).
            timeout_sec=BACKEND_TIMEOUT_SECONDS,
            **common,
            opts=self.child(),
        )

    def _path_matcher(self, props: EndpointProps) -> gcp.compute.URLMapPathMatcherArgs:
        if props.app_port is not None:
            return gcp.compute.URLMapPathMatcherArgs(name="service", default_service=self.backend.id)

        def abort(status: int) -> gcp.compute.URLMapPathMatcherRouteRuleRouteActionArgs:
            return gcp.compute.URLMapPathMatcherRouteRuleRouteActionArgs(
                fault_injection_policy=gcp.compute.URLMapPathMatcherRouteRuleRouteActionFaultInjectionPolicyArgs(
                    abort=gcp.compute.URLMapPathMatcherRouteRuleRouteActionFaultInjectionPolicyAbortArgs(
                        http_status=status, percentage=100.0
                    )
                )
            )

        return gcp.compute.URLMapPathMatcherArgs(
            name="service",
            default_service=self.backend.id,
            route_rules=[
                gcp.compute.URLMapPathMatcherRouteRuleArgs(
                    priority=1,
                    match_rules=[
                        gcp.compute.URLMapPathMatcherRouteRuleMatchRuleArgs(full_path_match=props.health_path)
                    ],
                    service=self.backend.id,
                    route_action=abort(200),
                ),
                gcp.compute.URLMapPathMatcherRouteRuleArgs(
                    priority=2,
                    match_rules=[gcp.compute.URLMapPathMatcherRouteRuleMatchRuleArgs(prefix_match="/")],
                    service=self.backend.id,
                    route_action=abort(MAINTENANCE_STATUS),
                ),
            ],
        )


def _get(record: object, key: str) -> str:
    found = getattr(record, key, None)
    if found is None and isinstance(record, dict):
        found = record.get(key)
    return str(found or "")
