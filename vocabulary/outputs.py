"""Stack output names: the contract other teams (and the dr stack) consume. One place only."""

from __future__ import annotations

from typing import Final

SITE: Final = "site"
"""{role, cloud, region}: which site this stack is."""
NETWORK: Final = "network"
"""{vpcId, publicSubnetIds, privateSubnetIds} of this site (prod of a cross-cloud pair with
relational stores also `vpnGatewayId`)."""
VPN_GATEWAY_ID: Final = "vpnGatewayId"
"""prod of a cross-cloud pair: the VPN gateway dr's site-to-site tunnels end on."""
KEY_ARN: Final = "keyArn"
"""This site's data key; in prod the multi-region primary that dr replicates."""
ALERT_TOPIC_ARN: Final = "alertTopicArn"
"""Where this site's alarms go."""
SERVICES: Final = "services"
"""{<service>: {tier, strategy, rpoSeconds, rtoSeconds, ...}} per catalog entry."""

ENDPOINTS: Final = "endpoints"
"""{<service>: {...}} per service with an endpoint; the fields below. The dr stack's copy is the
complete one (it holds both sites' load balancers and the health checks)."""
WORKERS: Final = "workers"
"""{<service>: {kind, cluster+service | autoScalingGroup, securityGroupId, scaleUpCommand?}} per
service with compute but no endpoint that runs compute in this site (the COMPUTE fields)."""
DASHBOARD: Final = "dashboard"
"""Name of this site's CloudWatch dashboard (health, replication, backup per service)."""

# -- fields of one ENDPOINTS entry --
HOSTNAME: Final = "hostname"
"""The public name clients use, e.g. shop.marketplace.example.com."""
URL: Final = "url"
"""https://<hostname>/"""
FAILOVER_SECONDS: Final = "failoverSeconds"
"""Expected DNS failover time: interval x threshold + TTL (no SLA; resolvers may cache longer)."""
LOAD_BALANCERS: Final = "loadBalancers"
"""{prod: {dnsName, zoneId}, dr: {dnsName, zoneId}} (prod's stack knows only its own)."""
LB_DNS_NAME: Final = "dnsName"
LB_ZONE_ID: Final = "zoneId"
HEALTH_CHECK_IDS: Final = "healthCheckIds"
"""{prod: <Route 53 health check id>, dr: <id>} (dr stack)."""
ROUTING_CONTROL_ARNS: Final = "routingControlArns"
"""{prod: <ARC routing control ARN>, dr: <ARN>} (dr stack, when failover.recoveryControl is on)."""
COMPUTE: Final = "compute"
"""{kind: containers|vms|none, cluster+service | autoScalingGroup, securityGroupId, and for pilot
light scaleUpCommand: the one command the failover runbook runs in dr}."""

PROD_ENDPOINT_FIELDS: Final = (HOSTNAME, URL, FAILOVER_SECONDS, LOAD_BALANCERS, COMPUTE)
DR_ENDPOINT_FIELDS: Final = (*PROD_ENDPOINT_FIELDS, HEALTH_CHECK_IDS)
"""ROUTING_CONTROL_ARNS is added when recovery control is on."""


# --- under services.<name> (data protection) ---------------------------------------------------
APP_SECURITY_GROUP_ID: Final = "appSecurityGroupId"
"""Security group compute joins to reach the service's databases (port 5432); per site."""
STORES: Final = "stores"
"""{<store>: {...}} per declared data store, with the keys below that apply to its kind."""
STORE_KIND: Final = "kind"
STORE_MODE: Final = "mode"
"""How the store is protected across sites (services.protection.Mode)."""
STORE_ARN: Final = "arn"
"""This site's copy of the store (bucket, DB cluster/instance, table); prod's is what dr reads."""
BUCKET: Final = "bucket"
"""Bucket name in this site (dr: the replica)."""
WRITER_ENDPOINT: Final = "writerEndpoint"
READER_ENDPOINT: Final = "readerEndpoint"
GLOBAL_CLUSTER_ID: Final = "globalClusterId"
"""Aurora global database identifier (prod exports it; dr's secondary joins it)."""
TABLE_NAME: Final = "tableName"
BACKUP: Final = "backup"
"""{vaultArn, copyVaultArn, planId} of the service's backups (prod: planId; dr: restore test)."""
VAULT_ARN: Final = "vaultArn"
COPY_VAULT_ARN: Final = "copyVaultArn"
PLAN_ID: Final = "planId"
"""The scheduled backup plan (copies to dr)."""
CONTINUOUS_PLAN_ID: Final = "continuousPlanId"
"""The continuous-backup (PITR) plan, where the service's plan asks for it."""
RESTORE_TESTING_PLAN: Final = "restoreTestingPlan"
REPLICATION_SECRET_ARN: Final = "replicationSecretArn"
"""prod of a cross-cloud pair: the Secrets Manager secret of a relational store's replication user
(the recovery cloud's migration service logs in with it; dr reads it at each `pulumi up`)."""
PATH: Final = "path"
"""dr of a cross-cloud pair: {implementation, caveats} of the path that keeps the store's copy."""
PROMOTE_COMMAND: Final = "promoteCommand"
"""dr of a cross-cloud pair, relational stores: the one command that ends replication and opens
the copy for writes (the failover runbook's promotion step)."""
ACTIVATE_COMMAND: Final = "activateCommand"
"""dr on Azure of a cross-cloud pair, object stores: the command that runs the first full copy and
starts the copy schedules (ARM creates Data Factory triggers stopped; run it after each deploy)."""
FAILBACK: Final = "failback"
"""dr of a cross-cloud pair, relational stores: how to fail back (promotion ends the path)."""
ASSOCIATE_COMMAND: Final = "associateCommand"
"""dr on GCP: the command that puts each promoted Cloud SQL instance under dr's backup plan
(replicas cannot be backed up, so dr's plan waits for a failover)."""
POSTURE: Final = "posture"
"""{<service>: {<disruption>: {rto: {...}, rpo: {<store>: {...}}}}}: target, estimate, status
(met/waived/missed) and breakdown of each (services.posture.Posture.to_dict)."""

ALL: Final = (SITE, NETWORK, KEY_ARN, ALERT_TOPIC_ARN, SERVICES, ENDPOINTS, WORKERS, DASHBOARD, POSTURE)
