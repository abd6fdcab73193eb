"""`make bench`: wall time and peak memory of the offline plan (prod then dr).

Each case runs in its own process so peak RSS is that case's alone. Targets (issue #2): the default
stacks in <= 3 s and <= 400 MB, and growth linear in the number of services. This is a benchmark,
not a test: it prints numbers and flags targets, it never fails CI.
"""

from __future__ import annotations

import copy
import json
import resource
import subprocess
import sys
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from config import load_files
from offline.engine import ROOT, run_program

TARGET_SECONDS = 3.0
TARGET_MB = 400.0
SIZES = (10, 50, 100)


def generated_catalog(raw: dict[str, Any], count: int) -> dict[str, Any]:
    """`count` services cycling through the default catalog's shapes (one foundation)."""
    base = [s for s in raw["services"] if not s.get("foundation")]
    foundation = next(s for s in raw["services"] if s.get("foundation"))
    services = [foundation]
    for i in range(count - 1):
        s = copy.deepcopy(base[i % len(base)])
        s["name"] = f"{s['name'][:12]}-{i}"
        if "endpoint" in s:
            s["endpoint"]["hostname"] = f"{s['name']}.{raw['dns']['domain']}"
        services.append(s)
    return {**raw, "services": services}


def run_case(count: int | None) -> dict[str, Any]:
    """Plan prod then dr in this process; return timing and resource counts."""
    prod_raw: dict[str, Any] = load_files("prod", ROOT)[0]
    dr_raw: dict[str, Any] = load_files("dr", ROOT)[0]
    if count is not None:
        prod_raw, dr_raw = generated_catalog(prod_raw, count), generated_catalog(dr_raw, count)
    start = time.perf_counter()
    prod = run_program(prod_raw, "prod")
    dr = run_program(dr_raw, "dr", {str(dr_raw["prodStack"]): prod.outputs})
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "services": len(prod_raw["services"]),
        "resources": len(prod.resources) + len(dr.resources),
        "seconds": seconds,
        "peak_mb": peak_mb,
    }


def measure(count: int | None) -> dict[str, Any]:
    args = [sys.executable, "-m", "bench.plan_bench", "--child", str(count or 0)]
    wall = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - wall
    return result


def main() -> int:
    console = Console()
    table = Table(title="offline plan of prod + dr (each case in a fresh process)")
    for column in ("catalog", "services", "resources", "plan s", "process s", "peak MB"):
        table.add_column(column, justify="right")
    rows = []
    for count in (None, *SIZES):
        r = measure(count)
        rows.append(r)
        label = "default" if count is None else f"generated {count}"
        table.add_row(
            label,
            str(r["services"]),
            str(r["resources"]),
            f"{r['seconds']:.2f}",
            f"{r['process_seconds']:.2f}",
            f"{r['peak_mb']:.0f}",
        )
    console.print(table)
    default = rows[0]
    ok_time = default["seconds"] <= TARGET_SECONDS
    ok_mem = default["peak_mb"] <= TARGET_MB
    # Linear growth: the 50-service time lies near the line through the 10- and 100-service times.
    small, middle, large = rows[1:]
    slope = (large["seconds"] - small["seconds"]) / (large["services"] - small["services"])
    expected = small["seconds"] + slope * (middle["services"] - small["services"])
    deviation = abs(middle["seconds"] - expected) / middle["seconds"]
    mem_slope = (large["peak_mb"] - small["peak_mb"]) / (large["services"] - small["services"])
    console.print(
        f"default stacks: {default['seconds']:.2f} s (target <= {TARGET_SECONDS} s: "
        f"{'met' if ok_time else 'MISSED'}), {default['peak_mb']:.0f} MB "
        f"(target <= {TARGET_MB:.0f} MB: {'met' if ok_mem else 'MISSED'}); "
        f"each extra service adds {1000 * slope:.0f} ms and {mem_slope:.2f} MB; the 50-service "
        f"time is {100 * deviation:.0f} % off the straight line "
        f"({'linear' if deviation < 0.25 else 'NOT linear'})"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        n = int(sys.argv[2])
        print(json.dumps(run_case(n or None)))
    else:
        sys.exit(main())
