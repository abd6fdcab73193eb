"""Reports: the judgements (contradicted assumptions, trend), the plot's data and file, and the
`drctl.report/1` JSON schema, over real drill results from the emulator."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import matplotlib.axes
import pytest

from drctl import report
from drctl.errors import EXIT_NOT_READY, EXIT_OK
from tests.drctl.conftest import Deployment, Estate, make_estate, run


@pytest.fixture(scope="module")
def history(deployment: Deployment, tmp_path_factory: pytest.TempPathFactory) -> Estate:
    """A results folder with a passed drill (crm) and an aborted one (ecommerce's tasks never start)."""
    estate = make_estate(deployment, Path(tmp_path_factory.mktemp("history")))
    assert run(estate, "crm", "compute-scale-up") == EXIT_OK
    estate.world.task_start_seconds = 10_000
    assert run(estate, "ecommerce", "compute-scale-up") == EXIT_NOT_READY
    return estate


def _report(estate: Estate, out: Path, plot: str = "png") -> dict[str, Any]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = estate.drctl("report", "--out", str(out), "--plot", plot, "--format", "json")
    assert code == EXIT_OK
    return json.loads(buffer.getvalue())


def test_the_report_validates_against_its_json_schema(history: Estate, tmp_path: Path) -> None:
    doc = _report(history, tmp_path)
    schema = json.loads(report.SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert (len(doc["runs"]), errors) == (2, [])


def test_each_runs_result_json_validates_against_the_schema(history: Estate) -> None:
    schema = json.loads(report.SCHEMA_FILE.read_text())
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/result"})
    results = [json.loads(p.read_text()) for p in sorted(history.results.glob("*/result.json"))]
    assert [[e.message for e in validator.iter_errors(r)] for r in results] == [[], []]


def test_the_schema_rejects_a_report_with_an_unknown_outcome(history: Estate, tmp_path: Path) -> None:
    doc = _report(history, tmp_path)
    doc["runs"][0]["outcome"] = "mostly fine"
    schema = json.loads(report.SCHEMA_FILE.read_text())
    assert not jsonschema.Draft202012Validator(schema).is_valid(doc)


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_the_plot_is_written_beside_the_report(kind: str, history: Estate, tmp_path: Path) -> None:
    _report(history, tmp_path, kind)
    chart = tmp_path / f"rto.{kind}"
    md = (tmp_path / "report.md").read_text()
    assert (chart.stat().st_size > 1000, f"![measured vs target RTO](rto.{kind})" in md) == (True, True)


def test_the_plot_shows_measured_target_and_estimate_as_the_report_states_them(
    history: Estate, tmp_path: Path
) -> None:
    doc = _report(history, tmp_path)
    series = report.plot_series(doc)
    claimed = {
        r["service"]: (r["rto"]["measuredSeconds"], r["rto"]["targetSeconds"], r["rto"]["estimateSeconds"])
        for r in doc["runs"]
    }
    plotted = {
        label.split("\n")[0]: tuple(
            None if math.isnan(series["series"][name][i]) else series["series"][name][i] * 60
            for name in ("measured", "target", "posture estimate")
        )
        for i, label in enumerate(series["labels"])
    }
    assert plotted == claimed == {"crm": (210, 3600, 1290), "ecommerce": (None, 900, 150)}


def test_the_plot_draws_exactly_the_series_it_computes(
    history: Estate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = json.loads((history.results / "latest.json").read_text())
    drawn: dict[str, list[float]] = {}
    bar = matplotlib.axes.Axes.bar

    def record(self: Any, x: Any, height: Any, *args: Any, **kwargs: Any) -> Any:
        drawn[kwargs["label"]] = list(height)
        return bar(self, x, height, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "bar", record)
    report.plot(doc, tmp_path / "rto.svg")
    expected = report.plot_series(doc)["series"]
    assert {k: [repr(v) for v in vs] for k, vs in drawn.items()} == {
        k: [repr(v) for v in vs] for k, vs in expected.items()
    }


def test_an_aborted_run_is_not_plotted_as_a_zero_rto(history: Estate) -> None:
    doc = json.loads((history.results / "latest.json").read_text())
    series = report.plot_series(doc)
    aborted = series["labels"].index("ecommerce\ncompute-scale-up")
    assert math.isnan(series["series"]["measured"][aborted])


# --- the judgements, on hand-made results ------------------------------------------------------


def _result(step_measured: float, rpo_measured: float = 0.0) -> dict:
    return {
        "runId": "r1",
        "service": "crm",
        "scenario": "region-failover",
        "startedAt": "2026-11-25T12:00:00+00:00",
        "endedAt": "2026-11-25T12:10:00+00:00",
        "outcome": "passed",
        "rto": {
            "measuredSeconds": 300,
            "targetSeconds": 3600,
            "estimateSeconds": 1290,
            "pass": True,
            "marginSeconds": 3300,
        },
        "steps": [
            {
                "id": "scale-up",
                "measuredSeconds": step_measured,
                "term": {"term": "scale VMs", "seconds": 1200, "constants": ["VM_SCALE_UP_ASSUMED"]},
            }
        ],
        "rpo": {
            "crm": {
                "measuredSeconds": rpo_measured,
                "resolutionSeconds": 60,
                "bound": "exact",
                "terms": [
                    {"term": "RDS replica lag", "seconds": 1, "constants": ["RDS_REPLICA_LAG_ASSUMED"]}
                ],
            }
        },
    }


def test_an_assumed_constant_contradicted_by_more_than_25_percent_is_listed() -> None:
    assert [c["constant"] for c in report.contradictions(_result(240))] == ["VM_SCALE_UP_ASSUMED"]


def test_a_measurement_within_25_percent_contradicts_nothing() -> None:
    assert report.contradictions(_result(1000)) == []


def test_a_difference_below_the_measurement_resolution_contradicts_nothing() -> None:
    assert report.contradictions(_result(1200, rpo_measured=30)) == []


def test_the_trend_gives_median_worst_and_days_since_the_last_success() -> None:
    older = {
        **_result(240),
        "runId": "r0",
        "endedAt": "2026-11-20T12:00:00+00:00",
        "outcome": "failed",
        "rto": {**_result(240)["rto"], "measuredSeconds": 900},
    }
    doc = report.build([_result(240)], [older], now=report._when("2026-11-27T12:10:00+00:00"))
    t = doc["trend"][0]
    assert (t["medianRtoSeconds"], t["worstRtoSeconds"], t["daysSinceLastSuccess"]) == (600, 900, 2)
