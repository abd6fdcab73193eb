"""Load balancers: TLS only with the configured policy, logged, hardened; maintenance page in dr."""

from __future__ import annotations

from offline.engine import ProgramRun
from tests.conftest import resources

ENDPOINT_SERVICES = {"ecommerce", "payments", "inventory", "crm", "comms"}
HEALTH_PATHS = {
    "ecommerce": "/healthz",
    "payments": "/health",
    "inventory": "/healthz",
    "crm": "/status",
    "comms": "/healthz",
}
LB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
TARGET_GROUP = "aws:lb/targetGroup:TargetGroup"


def test_every_endpoint_service_has_its_own_public_alb_in_three_public_subnets(site: ProgramRun) -> None:
    lbs = resources(site, LB)
    assert {site.service_of(lb) for lb in lbs} == ENDPOINT_SERVICES
    public = set(site.outputs["network"]["publicSubnetIds"])
    for lb in lbs:
        assert lb.inputs["loadBalancerType"] == "application" and lb.inputs["internal"] is False
        assert set(lb.inputs["subnets"]) == public and len(public) == 3


def test_https_listeners_use_the_tls13_policy_and_a_validated_certificate(site: ProgramRun) -> None:
    https = [r for r in resources(site, LISTENER) if r.inputs["protocol"] == "HTTPS"]
    assert len(https) == len(ENDPOINT_SERVICES)
    validations = {
        v.outputs["certificateArn"]
        for v in resources(site, "aws:acm/certificateValidation:CertificateValidation")
    }
    for listener in https:
        assert listener.inputs["port"] == 443
        assert listener.inputs["sslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
        assert listener.inputs["certificateArn"] in validations


def test_http_only_redirects_to_https(site: ProgramRun) -> None:
    http = [r for r in resources(site, LISTENER) if r.inputs["protocol"] == "HTTP"]
    assert len(http) == len(ENDPOINT_SERVICES)
    for listener in http:
        (action,) = listener.inputs["defaultActions"]
        assert action["type"] == "redirect"
        assert action["redirect"] == {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}


def test_certificates_are_dns_validated_in_the_zone_for_the_service_hostname(site: ProgramRun) -> None:
    certs = resources(site, "aws:acm/certificate:Certificate")
    assert {c.inputs["domainName"] for c in certs} == {
        "shop.marketplace.example.com",
        "pay.marketplace.example.com",
        "inventory.marketplace.example.com",
        "crm.marketplace.example.com",
        "comms.marketplace.example.com",
    }
    assert all(c.inputs["validationMethod"] == "DNS" for c in certs)
    records = [r for r in resources(site, "aws:route53/record:Record") if r.name.endswith("-validation")]
    assert len(records) == len(certs)
    for record in records:
        assert record.inputs["zoneId"] == "Z0EXAMPLE0MARKETPLACE"
        assert record.inputs["type"] == "CNAME" and record.inputs["allowOverwrite"] is True


def test_albs_log_to_the_site_log_bucket_and_drop_invalid_headers(site: ProgramRun) -> None:
    policies = resources(site, "aws:s3/bucketPolicy:BucketPolicy")
    (log_bucket_id,) = [p.inputs["bucket"] for p in policies if p.name.endswith("-logs-policy")]
    for lb in resources(site, LB):
        assert lb.inputs["accessLogs"] == {"bucket": log_bucket_id, "prefix": "alb", "enabled": True}
        assert lb.inputs["dropInvalidHeaderFields"] is True


def test_deletion_protection_is_on_in_both_sites(site: ProgramRun) -> None:
    # Deliberate change (issue 13): dr's load balancers serve production after a failover.
    assert all(lb.inputs["enableDeletionProtection"] is True for lb in resources(site, LB))


def test_lb_and_target_group_names_fit_aws_limits(site: ProgramRun) -> None:
    for r in [*resources(site, LB), *resources(site, TARGET_GROUP)]:
        assert len(r.inputs["name"]) <= 32, r.inputs["name"]


def test_target_groups_check_the_service_health_path_on_its_port(site: ProgramRun) -> None:
    for tg in resources(site, TARGET_GROUP):
        service = site.service_of(tg)
        assert service is not None
        assert tg.inputs["healthCheck"]["path"] == HEALTH_PATHS[service]
        assert tg.inputs["healthCheck"]["port"] == "traffic-port"
        assert tg.inputs["targetType"] == ("instance" if service == "crm" else "ip")
        assert tg.inputs["port"] == (8443 if service == "crm" else 8080)


def test_dr_comms_without_standby_compute_serves_a_maintenance_page(dr: ProgramRun) -> None:
    comms = [r for r in dr.resources if dr.service_of(r) == "comms"]
    assert not [r for r in comms if r.type in (TARGET_GROUP, "aws:ecs/service:Service")]
    (https,) = [r for r in comms if r.type == LISTENER and r.inputs["protocol"] == "HTTPS"]
    (action,) = https.inputs["defaultActions"]
    assert action["type"] == "fixed-response"
    assert action["fixedResponse"]["statusCode"] == "503"
    assert "back soon" in action["fixedResponse"]["messageBody"]
    (rule,) = [r for r in comms if r.type == "aws:lb/listenerRule:ListenerRule"]
    assert rule.inputs["conditions"][0]["pathPattern"]["values"] == ["/healthz"]
    assert rule.inputs["actions"][0]["fixedResponse"]["statusCode"] == "200"


def test_prod_comms_serves_from_its_containers(prod: ProgramRun) -> None:
    (https,) = [
        r
        for r in resources(prod, LISTENER)
        if prod.service_of(r) == "comms" and r.inputs["protocol"] == "HTTPS"
    ]
    assert https.inputs["defaultActions"][0]["type"] == "forward"
    assert not prod.of_type("aws:lb/listenerRule:ListenerRule")
