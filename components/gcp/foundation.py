"""Google Cloud implementation of `SiteFoundation`: network, key, alert channels and log bucket
of one site, in the site's project (`sites.<role>.projectId`)."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.foundation import FoundationProps
from components.gcp.alerting import AlertChannels, AlertChannelsProps
from components.gcp.buckets import BucketProps, HardenedBucket
from components.gcp.keys import CmekKey, KeyProps
from components.gcp.network import Network, NetworkProps
from components.gcp.project import ServiceAgents, service_agents
from config.models import Site


def project_of(site: Site) -> str:
    if site.project_id is None:  # config.gcp refuses a GCP site without one
        raise ValueError(f"the {site.region} site has no projectId")
    return site.project_id


class GcpFoundation(Component):
    def __init__(self, name: str, props: FoundationProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("foundation", name, opts)
        site = props.site
        self.project = project_of(site)
        self.agents: ServiceAgents = service_agents(self.project, self)
        # The site key: every regional data store of this site (Cloud SQL, disks, the backup
        # vault, the log bucket) encrypts with it. dr has its own key, not a replica of prod's
        # (GCP has no multi-region key replication; components.gcp.keys).
        self.key = CmekKey(
            f"{name}-data",
            KeyProps(
                location=site.region,
                users=self.agents.members("cloud_sql", "storage", "compute", "backup_dr"),
                tags=props.tags,
            ),
            self.child(),
        )
        self.network = Network(
            name,
            NetworkProps(
                cidr=site.cidr, region=site.region, tags=props.tags, shared_vpc_id=props.primary_network_id
            ),
            self.child(),
        )
        self.alerts = AlertChannels(
            f"{name}-alerts",
            AlertChannelsProps(
                emails=props.alerts.emails, https_endpoints=props.alerts.https_endpoints, tags=props.tags
            ),
            self.child(),
        )
        self.logs = HardenedBucket(
            f"{name}-logs",
            BucketProps(
                location=site.region,
                key_id=self.key.ready,
                tags=props.tags,
                lifecycle_rules=[
                    gcp.storage.BucketLifecycleRuleArgs(
                        action=gcp.storage.BucketLifecycleRuleActionArgs(type="Delete"),
                        condition=gcp.storage.BucketLifecycleRuleConditionArgs(age=site.log_retention_days),
                    )
                ],
            ),
            self.child(),
        )
        # Cloud Storage usage logs are written by cloud-storage-analytics@google.com, which needs
        # object create on the log bucket (Cloud Storage "Usage logs & storage logs").
        self.log_writer = gcp.storage.BucketIAMMember(
            f"{name}-logs-writer",
            bucket=self.logs.name,
            role="roles/storage.objectCreator",
            member="group:cloud-storage-analytics@google.com",
            opts=self.child(),
        )
        self.network_id: pulumi.Output[str] = self.network.network_id
        self.public_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.from_input([])
        """None: the global load balancer is not in a subnetwork."""
        self.private_subnet_ids: pulumi.Output[list[str]] = pulumi.Output.all(
            self.network.app_subnet_id, self.network.run_subnet_id
        ).apply(lambda ids: [str(i) for i in ids])
        """[app, run]: VM instance groups, then Cloud Run direct VPC egress."""
        self.key_id: pulumi.Output[str] = self.key.ready
        self.alert_topic_id: pulumi.Output[str] = self.alerts.id
        # Cloud Monitoring is global: health-check alerts use the same channels in both sites.
        self.global_alert_topic_id: pulumi.Input[str] | None = self.alerts.id
        self.log_bucket_id: pulumi.Output[str] = pulumi.Output.all(self.logs.name, self.log_writer.id).apply(
            lambda a: str(a[0])
        )
        self.vpn_gateway_id: pulumi.Output[str] | None = None  # a recovery site's tunnels end on prod's
        self.register_outputs({"keyId": self.key_id, "alertTopicId": self.alert_topic_id})


def provider(name: str, site: Site) -> gcp.Provider:
    """The stack's one Google provider: its project and region (resources in another project or
    location, like the Cloud DNS zone's, say so themselves)."""
    return gcp.Provider(name, project=project_of(site), region=site.region)
