"""The private link between two sites on different clouds, as a cloud-neutral interface.

A cross-cloud pair's database paths replicate from prod's private database into the recovery
site's private network, so the two networks are joined by a site-to-site VPN; databases stay
private (the policy pack forbids public databases). The primary site attaches its side (on AWS a
virtual private gateway with route propagation, declared by prod from config alone); the recovery
site declares the tunnels on both clouds, since only it knows its own gateway's addresses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pulumi

from components.foundation import SiteFoundation
from config.models import Site


@dataclass(frozen=True)
class SiteLinkProps:
    site: Site
    """This (recovery) site."""
    peer: Site
    """The primary site, on another cloud."""
    foundation: SiteFoundation
    peer_gateway_id: pulumi.Input[str]
    """The primary site's VPN gateway (prod's `network.vpnGatewayId`)."""
    peer_provider: pulumi.ProviderResource
    """The dr stack's provider for the primary site's cloud and region."""
    tags: Mapping[str, str]
    name: str
    """A short name for the link's resources (`<organization>-<label>`)."""


class SiteLink(Protocol):
    ready: Sequence[pulumi.Resource]
    """What must exist before a database path can reach the primary site (the tunnels)."""
