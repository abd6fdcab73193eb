"""What an AWS site needs of the catalog beyond the cloud-neutral schema (config.clouds).

The schema accepts each cloud's form of a machine size or image (an RDS class or a Cloud SQL
tier, an AMI or a Compute Engine image); an AWS site takes only AWS's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from config.errors import Problem
from config.models import RelationalDatabase, Service, VirtualMachines

if TYPE_CHECKING:
    from config.clouds import Settings

CLOUD = "aws"
# RDS DB instance classes (RDS User Guide, "DB instance classes"): db.<family>.<size>.
RDS_CLASS = re.compile(r"^db\.[a-z0-9]+\.[a-z0-9]+$")
AMI = re.compile(r"^ami-[0-9a-f]{8,17}$")
# EC2 instance types: <family>.<size>, e.g. m7i.large.
EC2_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$")


def problems(settings: Settings) -> Iterator[Problem]:
    sites = settings.sites
    if CLOUD not in (sites.primary.cloud, sites.recovery.cloud):
        return
    for index, service in settings.services:
        yield from _service_problems(index, service)


def _key(index: int, service: Service, rest: str) -> str:
    return f"services[{index}:{service.name}]{rest}"


def _service_problems(index: int, service: Service) -> Iterator[Problem]:
    for s_index, store in enumerate(service.data_stores):
        if isinstance(store, RelationalDatabase) and not RDS_CLASS.match(store.instance_class):
            yield Problem(
                _key(index, service, f".dataStores[{s_index}].instanceClass"),
                "an AWS site needs an RDS instance class, db.<family>.<size> (e.g. db.r6g.large)",
                store.instance_class,
            )
    compute = service.compute
    if isinstance(compute, VirtualMachines):
        if not AMI.match(compute.image):
            yield Problem(
                _key(index, service, ".compute.image"),
                "an AWS site needs an AMI id, ami-<8-17 hex digits>",
                compute.image,
            )
        if not EC2_TYPE.match(compute.instance_type):
            yield Problem(
                _key(index, service, ".compute.instanceType"),
                "an AWS site needs an EC2 instance type, <family>.<size> (e.g. m7i.large)",
                compute.instance_type,
            )
