"""prod on AWS + dr on Google Cloud (examples/aws-to-gcp) through the mock engine: every object and
relational store has its path, declared on both clouds by the dr stack."""

from __future__ import annotations

import json
from typing import Any

from offline.engine import ProgramRun
from tests.cross_cloud import example_raw, example_run, unsecret

BUCKET_NOTIFICATION = "aws:s3/bucketNotification:BucketNotification"
TRANSFER_JOB = "gcp:storage/transferJob:TransferJob"
MIGRATION_JOB = "gcp:databasemigrationservice/migrationJob:MigrationJob"
PROFILE = "gcp:databasemigrationservice/connectionProfile:ConnectionProfile"


def _stores(kind: str) -> list[tuple[str, str]]:
    return [
        (s["name"], d["name"])
        for s in example_raw("gcp", "prod")["services"]
        for d in s.get("dataStores", [])
        if d["kind"] == kind
    ]


def _prod_store(service: str, store: str) -> dict[str, Any]:
    return example_run("gcp", "prod").outputs["services"][service]["stores"][store]


def _of(run: ProgramRun, type_: str, service: str) -> list[Any]:
    return [r for r in run.of_type(type_) if run.service_of(r) == service]


def test_every_object_store_has_an_event_driven_job_and_a_daily_full_pass() -> None:
    dr = example_run("gcp", "dr")
    assert _stores("object")
    for service, store in _stores("object"):
        bucket = _prod_store(service, store)["bucket"]
        jobs = [j for j in _of(dr, TRANSFER_JOB, service) if store in j.name]
        sources = {j.inputs["transferSpec"]["awsS3DataSource"]["bucketName"] for j in jobs}
        assert sources == {bucket}
        events = [j for j in jobs if "eventStream" in j.inputs]
        daily = [j for j in jobs if "schedule" in j.inputs]
        assert len(events) == 1 and len(daily) == 1
        assert events[0].inputs["eventStream"]["name"].startswith("arn:aws:sqs:us-east-1:")
        assert daily[0].inputs["schedule"]["repeatInterval"] == "86400s"


def test_the_daily_pass_deletes_what_the_source_no_longer_has_except_in_worm_sinks() -> None:
    dr = example_run("gcp", "dr")
    raw = example_raw("gcp", "prod")
    for service, store in _stores("object"):
        worm = next(d for s in raw["services"] for d in s.get("dataStores", []) if d["name"] == store).get(
            "worm"
        )
        [daily] = [j for j in _of(dr, TRANSFER_JOB, service) if store in j.name and "schedule" in j.inputs]
        assert daily.inputs["transferSpec"]["transferOptions"]["deleteObjectsUniqueInSink"] is (not worm)


def test_prods_buckets_notify_the_event_queue_of_created_objects_only() -> None:
    dr = example_run("gcp", "dr")
    notified = {n.inputs["bucket"]: n.inputs["queues"] for n in dr.of_type(BUCKET_NOTIFICATION)}
    assert set(notified) == {_prod_store(s, b)["bucket"] for s, b in _stores("object")}
    for queues in notified.values():
        assert [q["events"] for q in queues] == [["s3:ObjectCreated:*"]]


def test_the_transfer_role_trusts_only_googles_transfer_agent_by_its_subject_id() -> None:
    dr = example_run("gcp", "dr")
    roles = [r for r in dr.of_type("aws:iam/role:Role") if r.name.endswith("-sts")]
    assert len(roles) == len(_stores("object"))
    for role in roles:
        [statement] = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {"Federated": "accounts.google.com"}
        assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
        assert list(statement["Condition"]["StringEquals"]) == ["accounts.google.com:sub"]


def test_the_transfer_role_only_reads_its_bucket_and_consumes_its_queue() -> None:
    dr = example_run("gcp", "dr")
    allowed = {
        "s3:ListBucket",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "kms:Decrypt",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
    }
    for policy in (p for p in dr.of_type("aws:iam/rolePolicy:RolePolicy") if p.name.endswith("-sts")):
        statements = json.loads(policy.inputs["policy"])["Statement"]
        actions = {
            a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        }
        assert actions <= allowed
        assert all(s["Effect"] == "Allow" and s["Resource"] != "*" for s in statements)


def test_every_relational_store_has_a_continuous_dms_job_from_prods_writer_into_cloud_sql() -> None:
    dr = example_run("gcp", "dr")
    profiles = {p.outputs["name"]: p for p in dr.of_type(PROFILE)}
    assert _stores("relational")
    for service, store in _stores("relational"):
        [job] = [j for j in _of(dr, MIGRATION_JOB, service) if store in j.name]
        assert job.inputs["type"] == "CONTINUOUS" and job.inputs["desiredState"] == "RUNNING"
        assert "vpcPeeringConnectivity" in job.inputs
        source, destination = profiles[job.inputs["source"]], profiles[job.inputs["destination"]]
        postgresql = unsecret(source.inputs["postgresql"])  # it holds the password: secret whole
        assert postgresql["host"] == _prod_store(service, store)["writerEndpoint"]
        assert postgresql["ssl"] == {"type": "REQUIRED"}
        settings = destination.inputs["cloudsql"]["settings"]
        assert settings["ipConfig"]["enableIpv4"] is False and settings["cmekKeyName"]


def test_prods_relational_stores_run_with_the_paths_source_parameters() -> None:
    prod = example_run("gcp", "prod")
    groups = prod.of_type("aws:rds/parameterGroup:ParameterGroup")
    assert len(groups) == len(_stores("relational"))
    for group in groups:
        static = {
            p["name"]: p for p in group.inputs["parameters"] if p.get("applyMethod") == "pending-reboot"
        }
        assert static["rds.logical_replication"]["value"] == "1"
        assert "pglogical" in static["shared_preload_libraries"]["value"].split(",")


def test_the_vpn_joins_prods_gateway_with_four_bgp_tunnels() -> None:
    dr = example_run("gcp", "dr")
    gateway = example_run("gcp", "prod").outputs["network"]["vpnGatewayId"]
    connections = dr.of_type("aws:ec2/vpnConnection:VpnConnection")
    assert len(connections) == 2 and {c.inputs["vpnGatewayId"] for c in connections} == {gateway}
    assert len(dr.of_type("gcp:compute/vPNTunnel:VPNTunnel")) == 4
    assert len(dr.of_type("gcp:compute/routerPeer:RouterPeer")) == 4
    [routes] = dr.of_type("gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig")
    assert routes.inputs["exportCustomRoutes"] is True


def test_the_recovery_site_owns_its_certificates_authorized_in_the_route53_zone() -> None:
    dr = example_run("gcp", "dr")
    certificates = dr.of_type("gcp:certificatemanager/certificate:Certificate")
    zone = example_raw("gcp", "dr")["dns"]["hostedZoneId"]
    records = [
        r
        for r in dr.of_type("aws:route53/record:Record")
        if r.inputs["type"] == "CNAME" and "certificatemanager" in str(r.inputs["records"])
    ]
    assert len(certificates) == len(records) > 0
    assert {r.inputs["zoneId"] for r in records} == {zone}
