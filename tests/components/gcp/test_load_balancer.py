"""Each service's global external Application Load Balancer in each site."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.components.gcp.conftest import gcp_raw, gcp_resources

URL_MAP = "gcp:compute/uRLMap:URLMap"
RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule"
PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
BACKEND = "gcp:compute/backendService:BackendService"
ENDPOINTS = {s["name"]: s for s in gcp_raw("prod")["services"] if "endpoint" in s}


def _by_name(site: ProgramRun, type_token: str) -> dict[str, Recorded]:
    return {str(r.inputs["name"]): r for r in gcp_resources(site, type_token)}


def test_https_only_port_80_redirects(gcp_site: ProgramRun) -> None:
    rules = _by_name(gcp_site, RULE)
    maps = {m.outputs["id"]: m for m in gcp_resources(gcp_site, URL_MAP)}
    proxies = {p.outputs["id"]: p for p in gcp_site.of_type("gcp:compute/targetHttpProxy:TargetHttpProxy")}
    for name in ENDPOINTS:
        http = rules[f"{gcp_site.stack}-{name}-http"]
        assert http.inputs["portRange"] == "80"
        redirect = maps[proxies[http.inputs["target"]].inputs["urlMap"]].inputs["defaultUrlRedirect"]
        assert redirect["httpsRedirect"] is True, name
        assert rules[f"{gcp_site.stack}-{name}-https"].inputs["portRange"] == "443"


def test_https_proxies_use_a_tls_1_2_policy_and_the_hostnames_certificate_map(gcp_site: ProgramRun) -> None:
    policies = {p.outputs["id"]: p for p in gcp_resources(gcp_site, "gcp:compute/sSLPolicy:SSLPolicy")}
    for proxy in gcp_resources(gcp_site, PROXY):
        assert policies[proxy.inputs["sslPolicy"]].inputs["minTlsVersion"] == "TLS_1_2"
        assert proxy.inputs["certificateMap"].startswith("//certificatemanager.googleapis.com/projects/")


def test_dr_uses_the_certificate_map_prod_created(gcp_prod: ProgramRun, gcp_dr: ProgramRun) -> None:
    # A load-balancer-authorized certificate would never be issued for dr (its hostname points
    # at prod until a failover); prod's DNS-authorized certificate serves both sites.
    maps = {
        f"//certificatemanager.googleapis.com/{m.outputs['id']}"
        for m in gcp_resources(gcp_prod, "gcp:certificatemanager/certificateMap:CertificateMap")
    }
    assert {p.inputs["certificateMap"] for p in gcp_resources(gcp_dr, PROXY)} == maps
    assert not gcp_dr.of_type("gcp:certificatemanager/certificate:Certificate")


def test_certificates_are_authorized_by_dns_in_the_zone(gcp_prod: ProgramRun) -> None:
    auths = gcp_resources(gcp_prod, "gcp:certificatemanager/dnsAuthorization:DnsAuthorization")
    records = [
        r for r in gcp_resources(gcp_prod, "gcp:dns/recordSet:RecordSet") if r.inputs["type"] == "CNAME"
    ]
    assert {a.outputs["dnsResourceRecords"][0]["name"] for a in auths} == {r.inputs["name"] for r in records}
    certs = gcp_resources(gcp_prod, "gcp:certificatemanager/certificate:Certificate")
    assert {c.inputs["managed"]["domains"][0] for c in certs} == {
        s["endpoint"]["hostname"] for s in ENDPOINTS.values()
    }


def test_pci_and_pii_services_are_behind_cloud_armor(gcp_site: ProgramRun) -> None:
    armored = {
        b.inputs["name"].removeprefix(f"{gcp_site.stack}-").removesuffix("-backend")
        for b in gcp_resources(gcp_site, BACKEND)
        if b.inputs.get("securityPolicy")
    }
    assert armored == {n for n, s in ENDPOINTS.items() if s["dataClassification"] in ("pci", "pii")}


def test_every_backend_logs_its_requests(gcp_site: ProgramRun) -> None:
    assert all(b.inputs["logConfig"]["enable"] is True for b in gcp_resources(gcp_site, BACKEND))


def test_dr_without_compute_answers_its_health_path_and_503_elsewhere(gcp_dr: ProgramRun) -> None:
    url_map = _by_name(gcp_dr, URL_MAP)["dr-comms-https"]
    rules = url_map.inputs["pathMatchers"][0]["routeRules"]
    health = ENDPOINTS["comms"]["endpoint"]["healthPath"]
    answers = {
        (r["matchRules"][0].get("fullPathMatch") or r["matchRules"][0].get("prefixMatch")): r["routeAction"][
            "faultInjectionPolicy"
        ]["abort"]
        for r in rules
    }
    assert answers == {
        health: {"httpStatus": 200, "percentage": 100.0},
        "/": {"httpStatus": 503, "percentage": 100.0},
    }


def test_vm_backends_are_health_checked_on_the_health_path(gcp_site: ProgramRun) -> None:
    checks = {h.outputs["id"]: h for h in gcp_resources(gcp_site, "gcp:compute/healthCheck:HealthCheck")}
    backend = _by_name(gcp_site, BACKEND)[f"{gcp_site.stack}-crm-backend"]
    http = checks[backend.inputs["healthChecks"]].inputs["httpHealthCheck"]
    assert http == {
        "port": ENDPOINTS["crm"]["compute"]["port"],
        "requestPath": ENDPOINTS["crm"]["endpoint"]["healthPath"],
    }
