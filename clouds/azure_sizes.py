"""The Azure sizes an Azure site runs a catalog entry on, from the catalog's own size names.

The catalog names sizes once, in AWS's vocabulary (`instanceClass: db.r6g.large`,
`instanceType: m7i.large`): a family letter (t burstable, m general purpose, r memory optimised,
c compute optimised) and a size (large = 2 vCPUs, xlarge = 4, 2xlarge = 8, ...). An Azure site
runs the Azure SKU of the same family and vCPU count, so the same catalog plans on either cloud.
A size without an Azure equivalent is a config error that names what is allowed.

Sources (checked 2026 with the search tool):
- PostgreSQL flexible server compute tiers and SKUs: "Compute options in Azure Database for
  PostgreSQL" (Burstable B-series, General Purpose Ddsv5, Memory Optimized Edsv5) and the
  storage sizes it provisions (32 GiB .. 32 TiB, fixed steps): "Storage options".
- VM sizes: "Sizes for virtual machines in Azure" (Dsv5 general purpose, Esv5 memory
  optimised, Fsv2 compute optimised, Dpsv5/Epsv5 Arm64 (Ampere), Bsv2 burstable).
- Container Apps: a container app's total CPU and memory must be one of the consumption
  combinations 0.25 vCPU / 0.5 GiB .. 4 vCPU / 8 GiB in 0.25 vCPU steps with 2 GiB per vCPU
  (the API's own error text, "Containers in Azure Container Apps").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

PostgresTier = Literal["Burstable", "GeneralPurpose", "MemoryOptimized"]

# --- sizes (large = 2 vCPUs) -------------------------------------------------------------------

VCPUS: Final[dict[str, int]] = {
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
    "24xlarge": 96,
}
"""AWS size suffix -> vCPUs (every current family doubles from large = 2)."""

_CLASS = re.compile(
    r"^(?:db\.)?(?P<family>[a-z])(?P<generation>\d+)(?P<options>[a-z]*)\.(?P<size>[a-z0-9]+)$"
)


@dataclass(frozen=True)
class PostgresSku:
    name: str
    tier: PostgresTier

    @property
    def burstable(self) -> bool:
        return self.tier == "Burstable"


# Flexible server vCPU counts per series (Ddsv5: 2-96; Edsv5: 2-96 incl. 20).
_POSTGRES_VCPUS: Final = frozenset({2, 4, 8, 16, 32, 48, 64, 96})
# Burstable sizes by the t-class size names (B1ms 1 vCPU/2 GiB ... B8ms 8 vCPU/32 GiB).
_POSTGRES_BURSTABLE: Final[dict[str, str]] = {
    "micro": "Standard_B1ms",
    "small": "Standard_B1ms",
    "medium": "Standard_B2s",
    "large": "Standard_B2ms",
    "xlarge": "Standard_B4ms",
    "2xlarge": "Standard_B8ms",
}
POSTGRES_CLASSES_ALLOWED: Final = (
    "db.t*.{micro,small,medium,large,xlarge,2xlarge} (Burstable), db.m*.<size> (General Purpose, "
    "Ddsv5) or db.r*/db.x*.<size> (Memory Optimized, Edsv5) with <size> large..24xlarge "
    "(2-96 vCPUs)"
)


def postgres_sku(instance_class: str) -> PostgresSku | None:
    """The flexible-server SKU of an RDS-style class (`db.r6g.large` -> Standard_E2ds_v5), or
    None when flexible server has no equivalent."""
    m = _CLASS.match(instance_class)
    if m is None:
        return None
    family, size = m["family"], m["size"]
    if family == "t":
        name = _POSTGRES_BURSTABLE.get(size)
        return PostgresSku(name, "Burstable") if name else None
    vcpus = VCPUS.get(size)
    if vcpus is None or vcpus not in _POSTGRES_VCPUS:
        return None
    if family == "m":
        return PostgresSku(f"Standard_D{vcpus}ds_v5", "GeneralPurpose")
    if family in ("r", "x"):
        return PostgresSku(f"Standard_E{vcpus}ds_v5", "MemoryOptimized")
    return None


# Flexible server storage is provisioned in fixed sizes ("Storage options": 32 GiB to 32 TiB);
# a size in between fails the create call, so a store's sizeGb rounds up to the next one.
POSTGRES_STORAGE_GB: Final = (32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767)
POSTGRES_MAX_STORAGE_GB: Final = POSTGRES_STORAGE_GB[-1]


def postgres_storage_gb(size_gb: int) -> int | None:
    """The smallest flexible-server storage size holding `size_gb` (None: above 32 TiB)."""
    return next((s for s in POSTGRES_STORAGE_GB if s >= size_gb), None)


# --- VMs -----------------------------------------------------------------------------------------

_VM_SERIES: Final[dict[tuple[str, bool], tuple[str, frozenset[int]]]] = {
    # (family, Arm64) -> (name pattern, vCPU counts the series offers)
    ("m", False): ("Standard_D{n}s_v5", frozenset({2, 4, 8, 16, 32, 48, 64, 96})),
    ("m", True): ("Standard_D{n}ps_v5", frozenset({2, 4, 8, 16, 32, 48, 64})),
    ("r", False): ("Standard_E{n}s_v5", frozenset({2, 4, 8, 16, 32, 48, 64, 96})),
    ("r", True): ("Standard_E{n}ps_v5", frozenset({2, 4, 8, 16, 32})),
    ("c", False): ("Standard_F{n}s_v2", frozenset({2, 4, 8, 16, 32, 48, 64})),
    ("t", False): ("Standard_B{n}s_v2", frozenset({2, 4, 8, 16, 32})),
}
VM_TYPES_ALLOWED: Final = (
    "m*/r*/c*/t*.<size> with <size> large..24xlarge where the Azure series has that many vCPUs "
    "(Dsv5/Dpsv5, Esv5/Epsv5, Fsv2, Bsv2)"
)


def vm_size(instance_type: str) -> str | None:
    """The Azure VM size of an EC2-style type (`m7i.large` -> Standard_D2s_v5), or None.

    Graviton types (a `g` after the generation, e.g. m7g) take the Arm64 series.
    """
    m = _CLASS.match(instance_type)
    if m is None or instance_type.startswith("db."):
        return None
    vcpus = VCPUS.get(m["size"])
    series = _VM_SERIES.get((m["family"], "g" in m["options"]))
    if vcpus is None or series is None or vcpus not in series[1]:
        return None
    return series[0].format(n=vcpus)


# --- Container Apps --------------------------------------------------------------------------

CONTAINER_APPS_MAX_CPU: Final = 4.0
CONTAINER_APPS_GIB_PER_CPU: Final = 2.0


def container_resources(cpu_units: int, memory_mib: int) -> tuple[float, str] | None:
    """Container Apps' (cpu, memory) for a Fargate-style size (1024 units = 1 vCPU), or None
    when the consumption profile has no such combination."""
    cpu = cpu_units / 1024
    gib = memory_mib / 1024
    if cpu > CONTAINER_APPS_MAX_CPU or (cpu * 4) != int(cpu * 4) or gib != cpu * CONTAINER_APPS_GIB_PER_CPU:
        return None
    return cpu, f"{gib:g}Gi"
