"""Relational stores: Aurora global for tier 0, RDS replica or backup copies otherwise; private,
encrypted, IAM auth, only the service's compute may connect."""

from __future__ import annotations

import re

from offline.engine import ProgramRun
from offline.mocks import Recorded
from tests.conftest import pci_run, plan_with, resources, service, waive_posture

SECRET_SIG = "4dabf18193072939515e22adb298388d"  # Pulumi's marker of a secret value


def stores(run: ProgramRun, kind: str) -> dict[tuple[str, str], dict]:
    return {
        (svc, name): store
        for svc, out in run.outputs["services"].items()
        for name, store in out.get("stores", {}).items()
        if store["kind"] == kind
    }


def db_resources(run: ProgramRun) -> list[Recorded]:
    found = [*run.of_type("aws:rds/cluster:Cluster"), *run.of_type("aws:rds/instance:Instance")]
    assert found, f"the {run.stack} plan declares no database"
    return found


def test_each_relational_store_gets_the_mode_its_targets_need(prod: ProgramRun) -> None:
    modes = {key: s["mode"] for key, s in stores(prod, "relational").items()}
    assert modes == {
        ("ecommerce", "orders"): "global-database",
        ("payments", "payments"): "global-database",
        ("crm", "crm"): "cross-region-replica",
        ("comms", "messages"): "backup-copy",
    }


def test_tier_0_databases_are_aurora_global(prod: ProgramRun, dr: ProgramRun) -> None:
    globals_ = {
        g.inputs["globalClusterIdentifier"]: g for g in resources(prod, "aws:rds/globalCluster:GlobalCluster")
    }
    tier0 = {svc for svc, o in prod.outputs["services"].items() if o["tier"] == 0}
    for (svc, _), store in stores(prod, "relational").items():
        if svc in tier0:
            assert store["mode"] == "global-database"
            assert store["globalClusterId"] in globals_
    for g in globals_.values():
        assert g.inputs["engine"] == "aurora-postgresql"
        assert g.inputs["storageEncrypted"] is True
    prod_clusters = {c.inputs["globalClusterIdentifier"] for c in resources(prod, "aws:rds/cluster:Cluster")}
    dr_clusters = {c.inputs["globalClusterIdentifier"] for c in resources(dr, "aws:rds/cluster:Cluster")}
    assert prod_clusters == dr_clusters == set(globals_)


def test_secondary_clusters_ignore_what_a_failover_rewrites(dr: ProgramRun) -> None:
    for cluster in resources(dr, "aws:rds/cluster:Cluster"):
        assert {"globalClusterIdentifier", "replicationSourceIdentifier"} <= set(cluster.ignore_changes)
        assert "masterUsername" not in cluster.inputs and "masterPassword" not in cluster.inputs
        assert cluster.inputs["kmsKeyId"] == dr.outputs["keyArn"]


def test_global_database_master_password_is_a_generated_secret_kept_in_secrets_manager(
    prod: ProgramRun,
) -> None:
    for cluster in resources(prod, "aws:rds/cluster:Cluster"):
        assert "manageMasterUserPassword" not in cluster.inputs  # unsupported on global clusters
        assert SECRET_SIG in cluster.inputs["masterPassword"], "the password must be a Pulumi secret"
        assert "masterPassword" in cluster.ignore_changes
    secrets = resources(prod, "aws:secretsmanager/secret:Secret")
    assert all(s.inputs["kmsKeyId"] == prod.outputs["keyArn"] for s in secrets)
    assert all(s.inputs["replicas"] == [{"region": "us-west-2"}] for s in secrets)  # survives us-east-1
    for version in resources(prod, "aws:secretsmanager/secretVersion:SecretVersion"):
        assert SECRET_SIG in version.inputs["secretString"]
        assert "secretString" in version.ignore_changes


def test_rds_instances_use_a_managed_master_password(prod: ProgramRun) -> None:
    for instance in resources(prod, "aws:rds/instance:Instance"):
        assert instance.inputs["manageMasterUserPassword"] is True
        assert instance.inputs["masterUserSecretKmsKeyId"] == prod.outputs["keyArn"]
        assert "password" not in instance.inputs


def test_cross_region_replica_follows_the_prod_instance_with_the_replica_key(
    prod: ProgramRun, dr: ProgramRun
) -> None:
    (replica,) = resources(dr, "aws:rds/instance:Instance")
    assert replica.inputs["replicateSourceDb"] == stores(prod, "relational")[("crm", "crm")]["arn"]
    assert replica.inputs["kmsKeyId"] == dr.outputs["keyArn"]
    assert "replicateSourceDb" in replica.ignore_changes
    assert stores(dr, "relational")[("crm", "crm")]["readerEndpoint"] == replica.outputs["address"]


def test_backup_copy_databases_have_nothing_live_in_dr(dr: ProgramRun) -> None:
    messages = stores(dr, "relational")[("comms", "messages")]
    assert messages["mode"] == "backup-copy" and "arn" not in messages
    assert not [r for r in db_resources(dr) if "messages" in r.name]


def test_every_database_is_encrypted_private_iam_authenticated_and_backed_up(site: ProgramRun) -> None:
    for db in db_resources(site):
        assert db.inputs["storageEncrypted"] is True
        assert db.inputs["kmsKeyId"] == site.outputs["keyArn"]
        assert db.inputs["iamDatabaseAuthenticationEnabled"] is True
        assert db.inputs.get("publiclyAccessible", False) is False
        if "replicateSourceDb" not in db.inputs:
            assert 1 <= db.inputs["backupRetentionPeriod"] <= 35  # automated backups -> PITR
    for instance in resources(site, "aws:rds/clusterInstance:ClusterInstance"):
        assert instance.inputs["publiclyAccessible"] is False


def test_database_identifiers_fit_rds_rules(site: ProgramRun) -> None:
    # RDS: 1-63 letters, digits and hyphens, starting with a letter, no "--", not ending in "-".
    rule = re.compile(r"[a-z](?!.*--)[a-z0-9-]{0,61}[a-z0-9]")
    identifiers = [
        *(c.inputs["clusterIdentifier"] for c in resources(site, "aws:rds/cluster:Cluster")),
        *(i.inputs["identifier"] for i in db_resources(site) if "identifier" in i.inputs),
        *(i.inputs["identifier"] for i in resources(site, "aws:rds/clusterInstance:ClusterInstance")),
        *(g.inputs["globalClusterIdentifier"] for g in site.of_type("aws:rds/globalCluster:GlobalCluster")),
    ]
    assert identifiers
    for identifier in identifiers:
        assert rule.fullmatch(identifier), identifier


def test_rds_storage_fits_gp3_limits(prod: ProgramRun, dr: ProgramRun) -> None:
    # dr's replica takes its storage from the source.
    assert not [i for i in resources(dr, "aws:rds/instance:Instance") if "allocatedStorage" in i.inputs]
    for instance in resources(prod, "aws:rds/instance:Instance"):
        assert instance.inputs["storageType"] == "gp3"
        assert 20 <= instance.inputs["allocatedStorage"] <= 65_536, instance.name


def test_a_small_database_gets_the_gp3_minimum() -> None:
    run = plan_with("prod", lambda raw: service(raw, "comms")["dataStores"][1].update(sizeGb=5))
    (db,) = [i for i in resources(run, "aws:rds/instance:Instance") if run.service_of(i) == "comms"]
    assert db.inputs["allocatedStorage"] == 20


def test_deletion_protection_in_both_sites(site: ProgramRun) -> None:
    # Deliberate change (issue 13): dr's Aurora secondaries and RDS replica are protected too.
    for db in [*db_resources(site), *site.of_type("aws:rds/globalCluster:GlobalCluster")]:
        assert db.inputs["deletionProtection"] is True, db.name


def test_databases_live_in_private_subnets(site: ProgramRun) -> None:
    private = {
        s.urn.rsplit("::", 1)[-1]
        for s in site.of_type("aws:ec2/subnet:Subnet")
        if s.inputs["tags"]["subnet"] == "private"
    }
    groups = {}
    for group in resources(site, "aws:rds/subnetGroup:SubnetGroup"):
        ids = group.inputs["subnetIds"]
        assert len(ids) == 3
        assert all(any(i.startswith(f"{name}-") for name in private) for i in ids), ids
        groups[site.service_of(group)] = group.outputs["name"]
    for db in [*db_resources(site), *resources(site, "aws:rds/clusterInstance:ClusterInstance")]:
        assert db.inputs["dbSubnetGroupName"] == groups[site.service_of(db)], db.name


def _in_database_networks(run: ProgramRun, type_: str) -> list[Recorded]:
    networks = [r.urn for r in run.of_type("marketplace-dr:database:DatabaseNetwork")]
    inside = {r.urn for urn in networks for r in run.descendants_of(urn)}
    return [r for r in resources(run, type_) if r.urn in inside]


def test_no_database_admits_anything_but_its_services_app_group(site: ProgramRun) -> None:
    rules = _in_database_networks(site, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
    assert rules
    for rule in rules:
        assert "cidrIpv4" not in rule.inputs and "cidrIpv6" not in rule.inputs
        assert rule.inputs["fromPort"] == rule.inputs["toPort"] == 5432
        assert rule.inputs["referencedSecurityGroupId"].startswith(f"{site.service_of(rule)}-app-")
    for group in _in_database_networks(site, "aws:ec2/securityGroup:SecurityGroup"):
        assert not group.inputs.get("ingress") and not group.inputs.get("egress")
    for db in db_resources(site):
        (sg,) = db.inputs["vpcSecurityGroupIds"]
        assert sg.startswith(f"{site.service_of(db)}-db-")


def test_every_service_with_a_database_exports_its_app_security_group(site: ProgramRun) -> None:
    services = site.outputs["services"]
    with_db = {svc for (svc, _) in stores(site, "relational")}
    assert with_db == {svc for svc, o in services.items() if "appSecurityGroupId" in o}
    for svc in with_db:
        assert services[svc]["appSecurityGroupId"].startswith(f"{svc}-app-")


def test_a_tier_1_service_with_a_15_minute_rto_gets_a_global_database() -> None:
    def faster_crm(raw: dict) -> None:
        service(raw, "crm")["rto"] = "15m"
        waive_posture(raw, "crm", "test exercises the database mode choice, not the posture")

    run = plan_with("prod", faster_crm)
    assert run.outputs["services"]["crm"]["stores"]["crm"]["mode"] == "global-database"
    assert "crm-crm" in {
        g.inputs["globalClusterIdentifier"] for g in run.of_type("aws:rds/globalCluster:GlobalCluster")
    }


# --- issue 13: observability, Multi-AZ in both sites, rotated credentials ---------------------


def _instances(run: ProgramRun) -> list[Recorded]:
    return [
        *resources(run, "aws:rds/instance:Instance"),
        *resources(run, "aws:rds/clusterInstance:ClusterInstance"),
    ]


def test_every_database_instance_has_enhanced_monitoring_and_cmk_performance_insights(
    site: ProgramRun,
) -> None:
    roles = {r.outputs["arn"]: r for r in resources(site, "aws:iam/role:Role")}
    for instance in _instances(site):
        assert instance.inputs["monitoringInterval"] == 60
        role = roles[instance.inputs["monitoringRoleArn"]]
        assert "monitoring.rds.amazonaws.com" in role.inputs["assumeRolePolicy"]
        assert instance.inputs["performanceInsightsEnabled"] is True
        assert instance.inputs["performanceInsightsKmsKeyId"] == site.outputs["keyArn"]


def test_postgresql_logs_go_to_a_cmk_group_declared_before_the_database(site: ProgramRun) -> None:
    groups = {g.inputs.get("name"): g for g in resources(site, "aws:cloudwatch/logGroup:LogGroup")}
    for db in db_resources(site):
        assert db.inputs["enabledCloudwatchLogsExports"] == ["postgresql"]
        kind, ident = (
            ("cluster", db.inputs["clusterIdentifier"])
            if "clusterIdentifier" in db.inputs
            else ("instance", db.inputs["identifier"])
        )
        group = groups[f"/aws/rds/{kind}/{ident}/postgresql"]  # where RDS exports it
        assert group.inputs["kmsKeyId"] == site.outputs["keyArn"]
        assert group.inputs["retentionInDays"] == (365 if site.service_of(db) == "payments" else 90)
        assert group.urn in db.dependencies  # else RDS creates it first, unencrypted, kept forever


def test_parameter_groups_log_connections_ddl_and_slow_statements(site: ProgramRun) -> None:
    groups = {
        g.outputs["name"]: g
        for t in (
            "aws:rds/parameterGroup:ParameterGroup",
            "aws:rds/clusterParameterGroup:ClusterParameterGroup",
        )
        for g in site.of_type(t)
    }
    for db in db_resources(site):
        name = db.inputs.get("parameterGroupName") or db.inputs["dbClusterParameterGroupName"]
        group = groups[name]
        params = {p["name"]: p["value"] for p in group.inputs["parameters"]}
        assert params == {
            "log_connections": "1",
            "log_disconnections": "1",
            "log_statement": "ddl",
            "log_min_duration_statement": "1000",
        }
        engine = "aurora-postgresql" if "clusterIdentifier" in db.inputs else "postgres"
        assert group.inputs["family"] == f"{engine}16"


def test_every_live_copy_is_multi_az_in_both_sites(site: ProgramRun) -> None:
    # Deliberate change (issue 13): dr's RDS replica is a Multi-AZ replica, and dr's Aurora
    # secondaries run two instances, so a promoted copy is not a single-AZ primary.
    for instance in resources(site, "aws:rds/instance:Instance"):
        assert instance.inputs["multiAz"] is True, instance.name
    zones = [s.inputs["availabilityZone"] for s in resources(site, "aws:ec2/subnet:Subnet")][:3]
    for cluster in resources(site, "aws:rds/cluster:Cluster"):
        members = [
            i
            for i in resources(site, "aws:rds/clusterInstance:ClusterInstance")
            if i.inputs["clusterIdentifier"] == cluster.outputs["id"]
        ]
        assert sorted(i.inputs["availabilityZone"] for i in members) == sorted(zones[:2]), cluster.name


def test_the_aurora_master_password_rotates_with_secrets_managers_own_function(prod: ProgramRun) -> None:
    secrets = resources(prod, "aws:secretsmanager/secret:Secret")
    rotations = {
        r.inputs["secretId"]: r for r in resources(prod, "aws:secretsmanager/secretRotation:SecretRotation")
    }
    stacks = {
        s.outputs["outputs"]["RotationLambdaARN"]: s
        for s in resources(prod, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack")
    }
    for secret in secrets:
        rotation = rotations[secret.outputs["arn"]]
        assert rotation.inputs["rotationRules"]["automaticallyAfterDays"] == 30  # PCI DSS 8.3.9: <= 90
        stack = stacks[rotation.inputs["rotationLambdaArn"]]
        assert stack.inputs["applicationId"].endswith(
            ":applications/SecretsManagerRDSPostgreSQLRotationSingleUser"
        )
        assert stack.inputs["semanticVersion"]  # pinned
        assert stack.inputs["parameters"]["kmsKeyArn"] == prod.outputs["keyArn"]


def test_the_rotation_function_reaches_its_database_and_secrets_manager_only(prod: ProgramRun) -> None:
    rotation_groups = [
        g for g in resources(prod, "aws:ec2/securityGroup:SecurityGroup") if g.name.endswith("-rotation")
    ]
    assert len(rotation_groups) == 2  # one per Aurora global database
    stacks = resources(prod, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack")
    for group in rotation_groups:
        (stack,) = [s for s in stacks if s.inputs["parameters"]["vpcSecurityGroupIds"] == group.id]
        assert set(stack.inputs["parameters"]["vpcSubnetIds"].split(",")) == set(
            prod.outputs["network"]["privateSubnetIds"]
        )
        egress = [
            e
            for e in resources(prod, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
            if e.inputs["securityGroupId"] == group.id
        ]
        assert sorted(e.inputs["fromPort"] for e in egress) == [443, 5432]
        (to_db,) = [e for e in egress if e.inputs["fromPort"] == 5432]
        assert to_db.inputs["referencedSecurityGroupId"].startswith(f"{prod.service_of(group)}-db-")


def test_the_secret_the_rotation_function_reads_names_the_global_writer_endpoint(prod: ProgramRun) -> None:
    import json

    endpoints = {g.outputs["endpoint"] for g in resources(prod, "aws:rds/globalCluster:GlobalCluster")}
    for version in resources(prod, "aws:secretsmanager/secretVersion:SecretVersion"):
        secret = version.inputs["secretString"]
        assert SECRET_SIG in secret  # still a Pulumi secret
        value = json.loads(secret["value"])
        assert value["engine"] == "postgres" and value["host"] in endpoints and value["port"] == 5432
        assert {"username", "password", "dbname"} <= value.keys()


def test_a_pci_rds_database_keeps_its_postgresql_log_a_year_in_both_sites() -> None:
    for stack in ("prod", "dr"):
        run = pci_run(stack)
        groups = [
            g
            for g in resources(run, "aws:cloudwatch/logGroup:LogGroup")
            if str(g.inputs.get("name", "")).startswith("/aws/rds/instance/crm-crm-")
        ]
        assert len(groups) == 1 and groups[0].inputs["retentionInDays"] == 365, stack
