"""A config file that is not YAML, is empty, or is not a mapping at its top level, wherever it is
(Pulumi.yaml, a stack file, or a file given with --config): one message naming the file and the
line, exit status 2 from the offline plan, and a RunError (no traceback) under the Pulumi CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from config import ConfigError, load_files, validate
from offline.engine import ProgramFailedError, run_program
from offline.plan import main
from tests.conftest import ROOT

DEFECTS = {
    # name: (text, the line the message must name, what the message says)
    "syntax": ("config:\n  marketplace-dr:role: primary\n    extra: [1, 2\n", 3, "is not valid YAML"),
    "unclosed-list": ("config:\n  marketplace-dr:role: [primary\n", 3, "is not valid YAML"),
    "tab-indent": ("config:\n\tmarketplace-dr:role: primary\n", 2, "is not valid YAML"),
    "duplicate-key": (
        "config:\n  marketplace-dr:role: primary\n  marketplace-dr:role: recovery\n",
        3,
        "written twice",
    ),
    "empty": ("", 1, "is empty"),
    "comments-only": ("# nothing here yet\n", 1, "is empty"),
    "a-list": ("- config\n- role\n", 1, "must be a mapping of keys"),
    "a-scalar": ("marketplace-dr\n", 1, "must be a mapping of keys"),
}
"""Every way a file can fail to be a YAML mapping, with the line each must be reported at."""

WHERE = ("Pulumi.yaml", "Pulumi.prod.yaml", "config-file")


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dr.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def broken(tmp_path: Path, where: str, defect: str) -> tuple[Path, Path | None, Path]:
    """(root, config file, the broken file) with `defect` written into the file `where` names."""
    root = project_copy(tmp_path)
    text = DEFECTS[defect][0]
    if defect == "duplicate-key" and where == "Pulumi.yaml":
        text = "name: marketplace-dr\nruntime: python\nname: other\n"
    if where == "config-file":
        path = tmp_path / "alternative" / "Pulumi.prod.yaml"
        path.parent.mkdir()
        path.write_text(text)
        return root, path, path
    (root / where).write_text(text)
    return root, None, root / where


def config_error(root: Path, config_file: Path | None) -> ConfigError:
    raw, sources = load_files("prod", root, config_file)
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    return caught.value


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_an_unreadable_file_is_one_problem_naming_the_file_and_line(
    tmp_path: Path, where: str, defect: str
) -> None:
    root, config_file, path = broken(tmp_path, where, defect)
    error = config_error(root, config_file)
    (problem,) = error.problems  # nothing guessed about the keys the broken file would have held
    _, line, says = DEFECTS[defect]
    assert problem.source.endswith(path.name) and Path(problem.source).resolve() == path.resolve()
    assert problem.line == line
    assert says in problem.message
    assert f"{problem.source}:{line}: (the whole file)" in error.report()


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_the_offline_plan_exits_2_on_an_unreadable_config_file(
    tmp_path: Path, defect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, config_file, path = broken(tmp_path, "config-file", defect)
    assert main(["--stack", "prod", "--config", str(path), "--out", str(tmp_path / "out")]) == 2
    printed = capsys.readouterr()
    assert f"{path}:{DEFECTS[defect][1]}: (the whole file)" in printed.out
    assert "Traceback" not in printed.out + printed.err
    assert config_file == path


def test_under_the_pulumi_cli_an_unreadable_stack_file_is_a_run_error_with_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The program reads the files in its working directory (the project's) to say where keys are.
    root, _, _ = broken(tmp_path, "Pulumi.prod.yaml", "syntax")
    raw, _ = load_files("prod", ROOT)
    monkeypatch.chdir(root)
    with pytest.raises(ProgramFailedError) as failed:
        run_program(raw, "prod")
    text = str(failed.value)
    assert "Pulumi.prod.yaml:3: (the whole file)" in text and "is not valid YAML" in text
    assert "Traceback" not in text
    assert [r for r in failed.value.resources if not r.type.startswith("pulumi:")] == []


def test_a_missing_project_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    (root / "Pulumi.yaml").unlink()
    (problem,) = config_error(root, None).problems
    assert problem.source == str((root / "Pulumi.yaml").resolve()) or problem.source.endswith("Pulumi.yaml")
    assert "not found" in problem.message


def test_an_alternative_config_file_is_named_by_its_own_path(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    alternative = tmp_path / "eu" / "Pulumi.prod.yaml"
    alternative.parent.mkdir()
    alternative.write_text("config:\n  marketplace-dr:role: primary\n  marketplace-dr:organisation: acme\n")
    (problem,) = config_error(root, alternative).problems
    assert Path(problem.source).resolve() == alternative.resolve()
    assert problem.line == 3
    assert "did you mean 'organization'" in problem.message


def test_the_program_run_outside_a_project_folder_validates_its_config_without_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # e.g. the offline engine started from another directory: the config comes from the engine
    raw, _ = load_files("prod", ROOT)
    monkeypatch.chdir(tmp_path)
    assert run_program(raw, "prod").outputs["site"]["region"] == "us-east-1"
