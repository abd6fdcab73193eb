"""The GCP site as a whole: one network shared by both sites, the outputs contract's keys with
GCP values, and what GCP cannot do said in the plan instead of skipped silently."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from offline.engine import ProgramRun, run_program
from tests.components.gcp.conftest import gcp_raw, gcp_resources, gcp_run
from vocabulary import outputs


def test_dr_adds_its_subnetworks_to_the_network_prod_created(
    gcp_prod: ProgramRun, gcp_dr: ProgramRun
) -> None:
    (network,) = gcp_resources(gcp_prod, "gcp:compute/network:Network")
    assert not gcp_dr.of_type("gcp:compute/network:Network")
    for site in (gcp_prod, gcp_dr):
        subnets = gcp_resources(site, "gcp:compute/subnetwork:Subnetwork")
        assert {s.inputs["network"] for s in subnets} == {network.outputs["id"]}
        assert {s.inputs["region"] for s in subnets} == {site.outputs["site"]["region"]}
    assert gcp_dr.outputs[outputs.NETWORK]["vpcId"] == network.outputs["id"]


def test_subnetworks_log_flows_and_reach_google_apis_privately(gcp_site: ProgramRun) -> None:
    for s in gcp_resources(gcp_site, "gcp:compute/subnetwork:Subnetwork"):
        assert s.inputs["privateIpGoogleAccess"] is True and s.inputs["logConfig"]["flowSampling"] > 0, s.name


def test_each_site_has_cloud_nat_for_egress(gcp_site: ProgramRun) -> None:
    (nat,) = gcp_resources(gcp_site, "gcp:compute/routerNat:RouterNat")
    assert nat.inputs["region"] == gcp_site.outputs["site"]["region"]


def test_cloud_sql_reaches_the_network_through_private_services_access(gcp_prod: ProgramRun) -> None:
    (connection,) = gcp_resources(gcp_prod, "gcp:servicenetworking/connection:Connection")
    (peering,) = [
        a
        for a in gcp_resources(gcp_prod, "gcp:compute/globalAddress:GlobalAddress")
        if a.inputs.get("purpose") == "VPC_PEERING"
    ]
    assert connection.inputs["reservedPeeringRanges"] == [peering.inputs["name"]]


def test_the_outputs_contract_keeps_its_keys(gcp_site: ProgramRun) -> None:
    assert set(gcp_site.outputs) == set(outputs.ALL)
    fields = outputs.PROD_ENDPOINT_FIELDS if gcp_site.stack == "prod" else outputs.DR_ENDPOINT_FIELDS
    assert all(tuple(e) == fields for e in gcp_site.outputs[outputs.ENDPOINTS].values())


def test_alert_channels_notify_every_configured_contact(gcp_site: ProgramRun) -> None:
    channels = gcp_resources(gcp_site, "gcp:monitoring/notificationChannel:NotificationChannel")
    emails = gcp_raw(gcp_site.stack)["alerts"]["emails"]
    assert sorted(c.inputs["labels"]["email_address"] for c in channels) == sorted(emails)
    assert gcp_site.outputs[outputs.ALERT_TOPIC_ARN] == ",".join(c.outputs["name"] for c in channels)


def test_what_gcp_cannot_do_is_said_in_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    original = pulumi.log.info

    def keep(message: str, *args: Any, **kwargs: Any) -> None:
        said.append(message)
        original(message, *args, **kwargs)

    monkeypatch.setattr(pulumi.log, "info", keep)
    raw = gcp_raw("dr")
    run_program(raw, "dr", {str(raw["prodStack"]): gcp_run("prod").outputs})
    prefix = "Google Cloud site: not declared: "
    assert {m.removeprefix(prefix).split(":")[0] for m in said if m.startswith(prefix)} == {
        "resilience assessment",
        "backup-copy",
        "restore testing",
    }
