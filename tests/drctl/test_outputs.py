"""Outputs files: both formats load; every bad file gets one clear message (exit 2), never a
traceback; Azure/GCP sites are refused as not supported yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drctl.cli import main
from drctl.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_UNSUPPORTED

SITE = {"role": "primary", "cloud": "aws", "region": "us-east-1"}
SERVICE = {"tier": 2, "strategy": "backup-restore", "rpo": "1d", "rto": "1d"}
TERM = {
    "term": "restore s (1 GB at 10 GB/h)",
    "duration": "6m",
    "seconds": 360,
    "source": "assumption",
    "kind": "restore",
    "constants": ["RESTORE_GB_PER_HOUR_ASSUMED"],
    "assumed": True,
}
OBJECTIVE = {
    "target": "1d",
    "estimate": "6m",
    "targetSeconds": 86400,
    "estimateSeconds": 360,
    "breakdown": [TERM],
}
POSTURE = {"s": {"data-corruption": {"rto": OBJECTIVE}}}


def _files(tmp_path: Path, prod: object, dr: object) -> list[str]:
    (tmp_path / "p.json").write_text(prod if isinstance(prod, str) else json.dumps(prod))
    (tmp_path / "d.json").write_text(dr if isinstance(dr, str) else json.dumps(dr))
    return ["--outputs", f"prod={tmp_path / 'p.json'}", "--outputs", f"dr={tmp_path / 'd.json'}"]


def _ok(role: str = "primary", cloud: str = "aws") -> dict:
    return json.loads(
        json.dumps(
            {"site": {**SITE, "role": role, "cloud": cloud}, "services": {"s": SERVICE}, "posture": POSTURE}
        )
    )


def _plan(tmp_path: Path, prod: object, dr: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(
        ["drill", "plan", "--scenario", "backup-restore", "--service", "s", *_files(tmp_path, prod, dr)]
    )
    return code, capsys.readouterr().err


def test_a_pulumi_stack_output_file_and_a_plan_file_both_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_shaped = {"stack": "dr", "resources": [], "outputs": _ok("recovery")}
    assert _plan(tmp_path, _ok(), plan_shaped, capsys)[0] == EXIT_OK


def test_an_unreadable_file_is_named_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "readiness",
            "--outputs",
            f"prod={tmp_path / 'nope.json'}",
            "--outputs",
            f"dr={tmp_path / 'nope.json'}",
        ]
    )
    assert (code, "nope.json: cannot read the prod outputs file" in capsys.readouterr().err) == (
        EXIT_BAD_INPUT,
        True,
    )


def test_a_file_that_is_not_json_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _plan(tmp_path, "{oops", _ok("recovery"), capsys)
    assert (code, "p.json: not JSON" in err, "Traceback" in err) == (EXIT_BAD_INPUT, True, False)


def test_a_missing_key_is_named_by_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _ok()
    del broken["services"]["s"]["strategy"]
    code, err = _plan(tmp_path, broken, _ok("recovery"), capsys)
    assert (code, "p.json: services.s.strategy: Field required" in err) == (EXIT_BAD_INPUT, True)


def test_swapped_files_are_reported_with_both_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _plan(tmp_path, _ok("recovery"), _ok("primary"), capsys)
    assert (code, err.count("swapped files?")) == (EXIT_BAD_INPUT, 2)


def test_an_azure_site_is_reported_as_drills_not_supported_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _plan(tmp_path, _ok(), _ok("recovery", "azure"), capsys)
    assert (code, "drills not supported yet" in err) == (EXIT_UNSUPPORTED, True)


def test_outputs_for_both_stacks_are_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.json").write_text(json.dumps(_ok()))
    code = main(["readiness", "--outputs", f"prod={tmp_path / 'p.json'}"])
    assert (code, "--outputs dr=FILE is required" in capsys.readouterr().err) == (EXIT_BAD_INPUT, True)


@pytest.mark.parametrize("key", ["seconds", "kind", "constants", "assumed"])
def test_outputs_of_an_older_program_are_refused_with_what_to_rerun(
    key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = _ok("recovery")
    del older["posture"]["s"]["data-corruption"]["rto"]["breakdown"][0][key]
    code, err = _plan(tmp_path, _ok(), older, capsys)
    assert (code, err.count("\n"), "d.json: posture.s.data-corruption.rto.breakdown.0:" in err) == (
        EXIT_BAD_INPUT,
        1,
        True,
    )


def test_the_older_program_message_says_to_rerun_pulumi_up_or_make_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = _ok("recovery")
    del older["posture"]["s"]["data-corruption"]["rto"]["targetSeconds"]
    err = _plan(tmp_path, _ok(), older, capsys)[1]
    assert ("older program version" in err, "pulumi up" in err, "make plan" in err) == (True, True, True)
