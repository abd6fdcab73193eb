"""The two sites of a config as one view: their clouds' profiles, the data paths between them
and the failover mechanism (clouds.pair). The same in prod and dr."""

from __future__ import annotations

from clouds import SitePair, pair
from clouds.base import TrafficFailover
from config.models import StackConfig


def site_pair(cfg: StackConfig) -> SitePair:
    return pair(cfg.sites.primary.cloud, cfg.sites.recovery.cloud, cfg.dns.cloud)


def failover_of(sites: SitePair) -> TrafficFailover:
    failover = sites.failover
    if not isinstance(failover, TrafficFailover):  # config validation refuses such a pair
        raise ValueError(f"no health-checked failover between these sites: {failover}")
    return failover
