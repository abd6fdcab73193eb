"""`make bench`: what a user waits for in `make plan`, phase by phase, beside the SDK's floor.

For the default catalog and generated catalogs of 10, 50 and 100 services (bench/catalog.py),
each written as a config folder, it runs the whole `./plan --config DIR` process (what `make
plan` runs) and reads the phases the plan measured itself (`--timings`, offline/phases.py):
imports (process start to `main`, including ./plan's setup check), loading the provider SDK,
the prod and dr program runs, the checks (posture, policy), each report, and exit (`main`
returning to the process ending). Memory is the peak of the process tree's summed PSS
(bench/memory.py). Then, in a fresh process, the floor: a flat replay of the same recorded
resources through the SDK's typed classes under the same mock engine (bench/replay.py).

Every phase is shown as wall time and as CPU time. Wall time is what the targets name; CPU time
is what the plan would take on an idle machine, and the stable measure when other work shares the
cores (the load average is printed), so ratios (floor, linearity) are judged on CPU time.

Targets (issue #14), printed as met or not met; a benchmark, not a test, it never fails CI:
- the default plan end to end <= 3 s, 100 services <= 40 s, peak memory <= 900 MB at 100;
- the program runs within 1.3x of the flat replay;
- no phase superlinear: time per resource at 100 services within 1.3x of that at 10;
- plan.md (the PR comment) under 65,536 characters.

    python -m bench.plan_bench [--sizes 10,50,100] [--repeat N] [--no-default]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from bench import memory
from bench.catalog import write_catalog
from offline.engine import ROOT
from offline.markdown import PR_LIMIT

WORK = ROOT / "build" / "bench"
SIZES = (10, 50, 100)
DEFAULT_SECONDS = 3.0
LARGE_SECONDS = 40.0
LARGE_SERVICES = 100
PEAK_MB = 900.0
FLOOR_RATIO = 1.3
LINEAR_RATIO = 1.3
PHASES = (
    "imports",
    "sdk imports",
    "prod run",
    "dr run",
    "checks",
    "console report",
    "json report",
    "markdown report",
    "exit",
    "other",
)
SCALED = ("prod run", "dr run", "checks", "console report", "json report", "markdown report")
"""Phases whose work grows with the catalog (imports, SDK loading and exit barely do)."""


def run_plan(config: Path, out: Path) -> dict[str, Any]:
    """One `./plan` process: wall and CPU time by phase, peak memory, and what it wrote."""
    timings = out.parent / "timings.json"
    timings.unlink(missing_ok=True)
    args = [str(ROOT / "plan"), "--config", str(config), "--out", str(out), "--timings", str(timings)]
    started = time.time()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with memory.PeakSampler(process.pid) as sampler:
        _, wait_status, usage = os.wait4(process.pid, 0)
    ended = time.time()
    process.returncode = os.waitstatus_to_exitcode(wait_status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if not timings.is_file():
        raise SystemExit(
            f"bench: ./plan --config {config} wrote no timings (exit {process.returncode}):\n{stderr}"
        )
    doc = json.loads(timings.read_text())
    cpu_total = usage.ru_utime + usage.ru_stime
    wall, cpu = dict(doc["phases"]), dict(doc["cpu"])
    wall["imports"], cpu["imports"] = doc["main_started"] - started, doc["cpu_at_start"]
    wall["exit"], cpu["exit"] = ended - doc["main_finished"], cpu_total - doc["cpu_at_finish"]
    wall["other"] = doc["main_finished"] - doc["main_started"] - sum(doc["phases"].values())
    cpu["other"] = doc["cpu_at_finish"] - doc["cpu_at_start"] - sum(doc["cpu"].values())
    resources = sum(len(json.loads((out / f"{s}.json").read_text())["resources"]) for s in ("prod", "dr"))
    return {
        "status": process.returncode,
        "wall": ended - started,
        "cpu": cpu_total,
        "phases": wall,
        "phases_cpu": cpu,
        "peak_mb": sampler.peak_kb / 1024 if memory.available() else usage.ru_maxrss / 1024,
        "max_rss_mb": usage.ru_maxrss / 1024,
        "resources": resources,
        "plan_md": len((out / "plan.md").read_text()),
    }


def run_floor(out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.replay", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: the replay failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(count: int | None, repeat: int) -> dict[str, Any]:
    label = "default" if count is None else f"{count} services"
    case = WORK / ("default" if count is None else f"services-{count}")
    config = write_catalog(ROOT, case / "config", count)
    runs = [run_plan(config, case / "plan") for _ in range(repeat)]
    best = min(runs, key=lambda r: r["wall"])
    floors = [run_floor(case / "plan") for _ in range(repeat)]
    floor = min(floors, key=lambda f: f["prod replay cpu"] + f["dr replay cpu"])
    services = len(yaml.safe_load((config / "Pulumi.yaml").read_text())["config"]["services"]["value"])
    program_cpu = best["phases_cpu"]["prod run"] + best["phases_cpu"]["dr run"]
    program_wall = best["phases"]["prod run"] + best["phases"]["dr run"]
    floor_cpu = floor["prod replay cpu"] + floor["dr replay cpu"]
    floor_wall = floor["prod replay"] + floor["dr replay"]
    return {
        **best,
        "case": label,
        "count": count,
        "services": services,
        "floor_wall": floor_wall,
        "floor_cpu": floor_cpu,
        "floor_differences": len(floor["prod differences"]) + len(floor["dr differences"]),
        "ratio_cpu": program_cpu / floor_cpu,
        "ratio_wall": program_wall / floor_wall,
        "runs": len(runs),
    }


def verdict(ok: bool) -> str:
    return "[green]met    [/]" if ok else "[bold red]not met[/]"


def phase_table(title: str, results: Sequence[dict[str, Any]], key: str, total: str) -> Table:
    table = Table(title=title)
    for column in ("catalog", "services", "resources", *PHASES, "total"):
        table.add_column(column, justify="left" if column == "catalog" else "right")
    for r in results:
        table.add_row(
            r["case"],
            str(r["services"]),
            str(r["resources"]),
            *(f"{r[key].get(p, 0.0):.2f}" for p in PHASES),
            f"{r[total]:.2f}",
        )
    return table


def summary_table(results: Sequence[dict[str, Any]]) -> Table:
    table = Table(title="memory, floor and PR report")
    for column in (
        "catalog",
        "peak MB (PSS, tree)",
        "max RSS MB (one process)",
        "run CPU s",
        "floor CPU s",
        "run/floor CPU",
        "run/floor wall",
        "plan.md chars",
    ):
        table.add_column(column, justify="left" if column == "catalog" else "right")
    for r in results:
        table.add_row(
            r["case"],
            f"{r['peak_mb']:.0f}",
            f"{r['max_rss_mb']:.0f}",
            f"{r['phases_cpu']['prod run'] + r['phases_cpu']['dr run']:.2f}",
            f"{r['floor_cpu']:.2f}",
            f"{r['ratio_cpu']:.2f}",
            f"{r['ratio_wall']:.2f}",
            str(r["plan_md"]),
        )
    return table


def targets(results: Sequence[dict[str, Any]]) -> list[tuple[str, bool]]:
    checks: list[tuple[str, bool]] = []
    by_count = {r["count"]: r for r in results}
    if None in by_count:
        d = by_count[None]
        checks.append(
            (
                f"default plan end to end: {d['wall']:.2f} s wall (CPU {d['cpu']:.2f} s) "
                f"<= {DEFAULT_SECONDS} s",
                d["wall"] <= DEFAULT_SECONDS,
            )
        )
    if LARGE_SERVICES in by_count:
        big = by_count[LARGE_SERVICES]
        checks.append(
            (
                f"100 services end to end: {big['wall']:.2f} s wall (CPU {big['cpu']:.2f} s) "
                f"<= {LARGE_SECONDS} s",
                big["wall"] <= LARGE_SECONDS,
            )
        )
        checks.append(
            (
                f"100 services peak memory: {big['peak_mb']:.0f} MB <= {PEAK_MB:.0f} MB",
                big["peak_mb"] <= PEAK_MB,
            )
        )
    for r in results:
        differ = r["floor_differences"]
        same = "yes" if differ == 0 else f"no, {differ} differ"
        checks.append(
            (
                f"{r['case']}: the program runs cost {r['ratio_cpu']:.2f}x the flat replay's CPU "
                f"(<= {FLOOR_RATIO}x; the replay registers the same resources: {same})",
                r["ratio_cpu"] <= FLOOR_RATIO and r["floor_differences"] == 0,
            )
        )
    for r in results:
        checks.append(
            (f"{r['case']}: plan.md {r['plan_md']} characters < {PR_LIMIT}", r["plan_md"] < PR_LIMIT)
        )
        if r["status"] != 0:
            checks.append((f"{r['case']}: ./plan exited {r['status']} (expected 0)", False))
    small, large = by_count.get(10), by_count.get(LARGE_SERVICES)
    if small and large:
        for phase in SCALED:
            a = small["phases_cpu"].get(phase, 0.0) / small["resources"]
            b = large["phases_cpu"].get(phase, 0.0) / large["resources"]
            ratio = b / a if a else float("inf")
            checks.append(
                (
                    f"{phase}: {1e3 * b:.3f} ms CPU per resource at 100 services vs {1e3 * a:.3f} at 10 "
                    f"({ratio:.2f}x; linear: <= {LINEAR_RATIO}x)",
                    ratio <= LINEAR_RATIO,
                )
            )
    return checks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES), help="generated catalog sizes")
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest is reported")
    parser.add_argument("--no-default", action="store_true", help="skip the default catalog")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.sizes.split(",") if n]
    console = Console(width=220)
    load = os.getloadavg()
    console.print(f"bench: load average before {load[0]:.2f} on {os.cpu_count()} cores", highlight=False)
    results = []
    for count in ([] if args.no_default else [None]) + sizes:
        console.print(f"bench: {'default' if count is None else f'{count} services'} ...", highlight=False)
        results.append(measure(count, args.repeat))
    console.print(phase_table("./plan --config <catalog>: wall seconds by phase", results, "phases", "wall"))
    console.print(phase_table("the same runs: CPU seconds by phase", results, "phases_cpu", "cpu"))
    console.print(summary_table(results))
    checks = targets(results)
    for text, ok in checks:
        console.print(f"{verdict(ok)}  {text}", highlight=False)
    load = os.getloadavg()
    console.print(
        f"load average after {load[0]:.2f}: wall times include other processes' work when it is above ~1",
        highlight=False,
    )
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(
        json.dumps({"results": results, "targets": [{"target": t, "met": ok} for t, ok in checks]}, indent=2)
        + "\n"
    )
    console.print(f"wrote {WORK / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
