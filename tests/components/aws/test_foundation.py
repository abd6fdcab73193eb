"""The per-site foundation as a whole: tags, ownership by service, regions, the catalog."""

from __future__ import annotations

from offline.engine import ProgramRun
from services.tags import REQUIRED_TAGS
from tests.conftest import accepts_tags, plan_with, resources


def test_every_taggable_resource_carries_the_required_tags(site: ProgramRun) -> None:
    taggable = [r for r in site.resources if r.custom and accepts_tags(r.type)]
    assert len(taggable) >= 15
    for r in taggable:
        missing = [t for t in REQUIRED_TAGS if t not in (r.inputs.get("tags") or {})]
        assert not missing, f"{r.type} {r.name} lacks tags {missing}"


def test_every_resource_is_inside_a_service_component(site: ProgramRun) -> None:
    for r in site.resources:
        if r.type.startswith("pulumi:"):
            continue
        assert site.service_of(r), f"{r.type} {r.name} belongs to no service"


def test_prod_has_a_nat_gateway_per_zone_and_dr_one(prod: ProgramRun, dr: ProgramRun) -> None:
    assert len(resources(prod, "aws:ec2/natGateway:NatGateway")) == 3
    assert len(resources(dr, "aws:ec2/natGateway:NatGateway")) == 1


def test_each_site_lives_in_its_configured_region(prod: ProgramRun, dr: ProgramRun) -> None:
    assert {p.inputs["region"] for p in prod.of_type("pulumi:providers:aws")} == {"us-east-1"}
    assert {p.inputs["region"] for p in dr.of_type("pulumi:providers:aws")} == {"us-west-2"}
    assert resources(dr, "aws:ec2/vpc:Vpc")[0].outputs["arn"].split(":")[3] == "us-west-2"


def test_all_six_services_appear_as_components(site: ProgramRun) -> None:
    names = {r.name for r in resources(site, "marketplace-dr:services:ServiceComponent")}
    assert names == {"ecommerce", "payments", "inventory", "hosting", "crm", "comms"}


def test_a_seventh_service_is_a_config_change_only() -> None:
    def add_search(raw: dict) -> None:
        raw["services"].append(
            {
                "name": "search",
                "description": "Product search",
                "owner": "team-search",
                "tier": 1,
                "dataClassification": "internal",
            }
        )

    run = plan_with("prod", add_search)
    assert "search" in {r.name for r in run.of_type("marketplace-dr:services:ServiceComponent")}
    assert run.outputs["services"]["search"]["strategy"] == "pilot-light"
