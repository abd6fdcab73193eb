"""The tags every taggable resource carries, set explicitly on each resource.

Provider `default_tags` would be simpler, but the engine merges them, so neither the mock engine
nor a policy pack sees them; explicit tags are what tests and policies can check.
"""

from __future__ import annotations

from config.models import Service, StackConfig

REQUIRED_TAGS = ("service", "tier", "dr-role", "data-classification", "owner", "managed-by")


def service_tags(cfg: StackConfig, service: Service) -> dict[str, str]:
    return {
        "service": service.name,
        "tier": str(service.tier),
        "dr-role": cfg.role,
        "data-classification": service.data_classification,
        "owner": service.owner,
        "managed-by": "pulumi",
        "organization": cfg.organization,
        "environment": cfg.environment,
    }
