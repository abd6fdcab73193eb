"""One service's Application Gateway v2 in one site: TLS listener, HTTP redirected to HTTPS, a
health probe on the service's health path, WAF_v2 for pci/pii services.

Per service, as on AWS (one ALB per service): a service's failover, capacity and listener stay
its own. Constraints checked with the search tool ("Application Gateway infrastructure
configuration", "TLS termination with Key Vault certificates", checked 2026):
- v2 gateways live in a dedicated subnet (several v2 gateways may share it), zone redundant over
  the region's zones, with a Standard static public IP.
- A Key Vault certificate is referenced by its versionless secret id through a user-assigned
  identity holding "Key Vault Secrets User" (foundation.py grants it); the gateway polls it for
  renewals. ARM cannot issue certificates, hence `sites.<role>.tlsCertificate`.
- The sub-resources a gateway refers to (listeners, pools, settings) are named by ids under the
  gateway's own id, built here before the gateway exists.
- Application Gateway has no fixed-response action: a dr site without compute (backup & restore)
  has an empty pool, so its Traffic Manager endpoint stays degraded until compute is provisioned
  (no maintenance page, unlike the AWS site).
- The public IP's DNS label (`<label>.<region>.cloudapp.azure.com`) is regionally unique and is
  what the Traffic Manager endpoint needs (clouds/azure_names.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
from pulumi_azure_native import network

from clouds import azure_names as names
from components.azure.data import foundation_of
from components.azure.diagnostics import send_to_workspace
from components.base import Component
from components.failover import EndpointProps, ZoneRecord

SSL_POLICY = "AppGwSslPolicy20220101S"
"""Predefined policy: TLS 1.2 minimum with strong suites (Application Gateway TLS policy)."""
WAF_CLASSIFICATIONS = frozenset({"pci", "pii"})
PROBE_INTERVAL_SECONDS = 10
PROBE_TIMEOUT_SECONDS = 5
PROBE_UNHEALTHY_THRESHOLD = 3
MAX_CAPACITY = 10


class ApplicationGateway(Component):
    def __init__(self, name: str, props: EndpointProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("gateway", name, opts)
        f = foundation_of(props)
        site = f.site
        tags = dict(props.tags)
        gateway_name = f"{props.name}-agw"
        waf = tags.get("data-classification") in WAF_CLASSIFICATIONS
        self.public_ip = network.PublicIPAddress(
            f"{name}-ip",
            public_ip_address_name=f"{props.name}-agw",
            resource_group_name=site.resource_group,
            location=site.location,
            sku=network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
            public_ip_allocation_method="Static",
            zones=["1", "2", "3"],
            dns_settings=network.PublicIPAddressDnsSettingsArgs(
                domain_name_label=names.gateway_dns_label(
                    site.subscription_id,
                    site.organization,
                    site.environment,
                    site.label,
                    props.name.split("-", 1)[-1],
                )
            ),
            tags=tags,
            opts=self.child(),
        )
        self.firewall: network.WebApplicationFirewallPolicy | None = None
        if waf:
            self.firewall = network.WebApplicationFirewallPolicy(
                f"{name}-waf",
                policy_name=f"{props.name}-waf",
                resource_group_name=site.resource_group,
                location=site.location,
                policy_settings=network.PolicySettingsArgs(
                    mode="Prevention", state="Enabled", request_body_check=True
                ),
                managed_rules=network.ManagedRulesDefinitionArgs(
                    managed_rule_sets=[
                        network.ManagedRuleSetArgs(
                            rule_set_type="Microsoft_DefaultRuleSet", rule_set_version="2.1"
                        )
                    ]
                ),
                tags=tags,
                opts=self.child(),
            )

        def part(collection: str, item: str) -> network.SubResourceArgs:
            return network.SubResourceArgs(
                id=site.resource_id(
                    "Microsoft.Network", f"applicationGateways/{gateway_name}/{collection}/{item}"
                )
            )

        containers = props.compute_kind == "containers"
        pool: list[network.ApplicationGatewayBackendAddressArgs] = []
        if containers:
            app = names.container_app_name(site.label, props.name.split("-", 1)[-1])
            pool = [
                network.ApplicationGatewayBackendAddressArgs(
                    fqdn=f.environment.default_domain.apply(lambda d, a=app: f"{a}.{d}")
                )
            ]
        # Container Apps' ingress ends TLS on 443 for `<app>.<default domain>`; VMs serve HTTP on the
        # app port inside the VNet (TLS ends at the gateway, as at the AWS load balancer).
        protocol = "Https" if containers else "Http"
        port = 443 if containers else (props.app_port or 80)
        self.gateway = network.ApplicationGateway(
            name,
            application_gateway_name=gateway_name,
            resource_group_name=site.resource_group,
            location=site.location,
            zones=["1", "2", "3"],
            sku=network.ApplicationGatewaySkuArgs(
                name="WAF_v2" if waf else "Standard_v2", tier="WAF_v2" if waf else "Standard_v2"
            ),
            autoscale_configuration=network.ApplicationGatewayAutoscaleConfigurationArgs(
                min_capacity=2 if props.deletion_protection else 1, max_capacity=MAX_CAPACITY
            ),
            identity=network.ManagedServiceIdentityArgs(
                type=network.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[f.edge.id]
            ),
            gateway_ip_configurations=[
                network.ApplicationGatewayIPConfigurationArgs(
                    name="gateway", subnet=network.SubResourceArgs(id=f.network.subnet_ids["gateways"])
                )
            ],
            frontend_ip_configurations=[
                network.ApplicationGatewayFrontendIPConfigurationArgs(
                    name="public", public_ip_address=network.SubResourceArgs(id=self.public_ip.id)
                )
            ],
            frontend_ports=[
                network.ApplicationGatewayFrontendPortArgs(name="https", port=443),
                network.ApplicationGatewayFrontendPortArgs(name="http", port=80),
            ],
            ssl_certificates=[
                network.ApplicationGatewaySslCertificateArgs(
                    name="tls", key_vault_secret_id=f.certificate_secret_id
                )
            ],
            ssl_policy=network.ApplicationGatewaySslPolicyArgs(
                policy_type="Predefined", policy_name=SSL_POLICY
            ),
            backend_address_pools=[
                network.ApplicationGatewayBackendAddressPoolArgs(name="service", backend_addresses=pool)
            ],
            probes=[
                network.ApplicationGatewayProbeArgs(
                    name="health",
                    protocol=protocol,
                    path=props.health_path,
                    interval=PROBE_INTERVAL_SECONDS,
                    timeout=PROBE_TIMEOUT_SECONDS,
                    unhealthy_threshold=PROBE_UNHEALTHY_THRESHOLD,
                    pick_host_name_from_backend_http_settings=True,
                    match=network.ApplicationGatewayProbeHealthResponseMatchArgs(status_codes=["200-399"]),
                )
            ],
            backend_http_settings_collection=[
                network.ApplicationGatewayBackendHttpSettingsArgs(
                    name="service",
                    protocol=protocol,
                    port=port,
                    cookie_based_affinity="Disabled",
                    request_timeout=30,
                    pick_host_name_from_backend_address=containers,
                    host_name=None if containers else props.hostname,
                    probe=part("probes", "health"),
                )
            ],
            http_listeners=[
                network.ApplicationGatewayHttpListenerArgs(
                    name="https",
                    protocol="Https",
                    frontend_ip_configuration=part("frontendIPConfigurations", "public"),
                    frontend_port=part("frontendPorts", "https"),
                    ssl_certificate=part("sslCertificates", "tls"),
                ),
                network.ApplicationGatewayHttpListenerArgs(
                    name="http",
                    protocol="Http",
                    frontend_ip_configuration=part("frontendIPConfigurations", "public"),
                    frontend_port=part("frontendPorts", "http"),
                ),
            ],
            redirect_configurations=[
                network.ApplicationGatewayRedirectConfigurationArgs(
                    name="to-https",
                    redirect_type="Permanent",
                    target_listener=part("httpListeners", "https"),
                    include_path=True,
                    include_query_string=True,
                )
            ],
            request_routing_rules=[
                network.ApplicationGatewayRequestRoutingRuleArgs(
                    name="https",
                    rule_type="Basic",
                    priority=100,
                    http_listener=part("httpListeners", "https"),
                    backend_address_pool=part("backendAddressPools", "service"),
                    backend_http_settings=part("backendHttpSettingsCollection", "service"),
                ),
                network.ApplicationGatewayRequestRoutingRuleArgs(
                    name="http",
                    rule_type="Basic",
                    priority=200,
                    http_listener=part("httpListeners", "http"),
                    redirect_configuration=part("redirectConfigurations", "to-https"),
                ),
            ],
            firewall_policy=network.SubResourceArgs(id=self.firewall.id) if self.firewall else None,
            enable_http2=True,
            tags=tags,
            opts=self.child(),
        )
        send_to_workspace(f"{name}-diagnostics", self.gateway.id, f.logs.workspace_id, self.child())
        self.dns_name: pulumi.Output[str] = self.public_ip.dns_settings.apply(
            lambda d: (d.fqdn or "") if d else ""
        )
        # What a Traffic Manager endpoint (or an Azure DNS alias) targets: the public IP resource.
        self.zone_id: pulumi.Output[str] = self.public_ip.id
        self.security_group_id: pulumi.Output[str] = f.network.security_groups["gateways"].id
        self.pool_id: pulumi.Output[str] = pulumi.Output.all(self.gateway.id).apply(
            lambda a: f"{a[0]}/backendAddressPools/service"
        )
        self.target_group_id: pulumi.Output[str] | None = self.pool_id if props.app_port is not None else None
        self.ready: Sequence[pulumi.Resource] = [self.gateway]
        self.zone_records: Sequence[ZoneRecord] = ()  # the Key Vault certificate needs no DNS record
        self.metric_dimensions: pulumi.Output[dict[str, str]] = self.gateway.id.apply(
            lambda i: {"ApplicationGateway": i, "BackendPool": "service"}
        )
        self.register_outputs({"dnsName": self.dns_name, "gatewayId": self.gateway.id})
