"""Security groups admit only what is needed: the internet reaches LBs on 443/80, nothing else."""

from __future__ import annotations

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import resources

INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"


def _groups(site: ProgramRun) -> dict[str, Recorded]:
    """Security groups by id (the mock engine's ARNs end with the resource id)."""
    return {
        g.outputs["arn"].rsplit("/", 1)[-1]: g for g in resources(site, "aws:ec2/securityGroup:SecurityGroup")
    }


def test_no_security_group_opens_the_internet_except_lb_443_and_80(site: ProgramRun) -> None:
    open_rules = [r for r in resources(site, INGRESS) if r.inputs.get("cidrIpv4") == "0.0.0.0/0"]
    assert open_rules
    lb_groups = {i for i, g in _groups(site).items() if g.name.endswith("-lb")}
    for rule in open_rules:
        assert (rule.inputs["fromPort"], rule.inputs["toPort"]) in {(443, 443), (80, 80)}
        assert rule.inputs["securityGroupId"] in lb_groups
    for group in resources(site, "aws:ec2/securityGroup:SecurityGroup"):
        assert not group.inputs.get("ingress"), f"{group.name}: inline rules bypass this check"


def test_compute_admits_only_its_load_balancer_on_the_app_port(site: ProgramRun) -> None:
    app_rules = [r for r in resources(site, INGRESS) if r.name.endswith("-app-from-lb")]
    assert len(app_rules) == len(site.of_type("aws:ecs/service:Service")) + len(
        site.of_type("aws:autoscaling/group:Group")
    )
    groups = _groups(site)
    for rule in app_rules:
        source, target = (
            groups[rule.inputs["referencedSecurityGroupId"]],
            groups[rule.inputs["securityGroupId"]],
        )
        assert source.name.endswith("-lb") and target.name.endswith("-app")
        assert site.service_of(source) == site.service_of(target) == site.service_of(rule)
        port = 8443 if site.service_of(rule) == "crm" else 8080
        assert rule.inputs["fromPort"] == rule.inputs["toPort"] == port
        assert "cidrIpv4" not in rule.inputs


def test_load_balancers_reach_only_their_app_port(site: ProgramRun) -> None:
    out = [r for r in resources(site, EGRESS) if r.name.endswith("-lb-to-app")]
    assert out
    for rule in out:
        assert "cidrIpv4" not in rule.inputs and rule.inputs["referencedSecurityGroupId"]


def test_compute_security_group_ids_are_exported_for_the_data_side(site: ProgramRun) -> None:
    app_groups = {
        i for i, g in _groups(site).items() if g.name.endswith("-app") and g.name.startswith(("prod-", "dr-"))
    }
    exported = {
        e["compute"]["securityGroupId"]
        for e in site.outputs["endpoints"].values()
        if e["compute"]["kind"] != "none"
    }
    assert exported == app_groups and exported


def test_compute_joins_the_group_its_databases_admit(site: ProgramRun) -> None:
    # The databases admit only `appSecurityGroupId`; compute outside it could not reach them.
    services = site.outputs["services"]
    joined: dict[str, list[str]] = {}
    for svc in resources(site, "aws:ecs/service:Service"):
        joined[str(site.service_of(svc))] = svc.inputs["networkConfiguration"]["securityGroups"]
    for template in resources(site, "aws:ec2/launchTemplate:LaunchTemplate"):
        joined[str(site.service_of(template))] = template.inputs["vpcSecurityGroupIds"]
    with_db = {name for name, o in services.items() if "appSecurityGroupId" in o}
    checked = with_db & set(joined)
    assert {"ecommerce", "payments", "crm"} <= checked
    for name in checked:
        assert services[name]["appSecurityGroupId"] in joined[name], name
