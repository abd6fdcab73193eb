"""Typos above the key level are errors with a did-you-mean, like unknown keys inside sections:
a misspelled namespace, a misspelled `config:` section, keys of another project, a bare key in a
stack file, a project file whose object values are not under `value:`. Each is reported once, at
its file and line, and the keys it hid are not reported again as missing. Pulumi's own and the
providers' namespaces stay legal."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from config import ConfigError, Problem, StackConfig, load_files, validate
from tests.conftest import ROOT

Edit = Callable[[dict[str, Any]], None]


def project(tmp_path: Path, stack_edit: Edit | None = None, project_edit: Edit | None = None) -> Path:
    """A copy of the project's config files with the YAML documents changed by the edits."""
    root = tmp_path / "project"
    root.mkdir()
    for name, edit in (("Pulumi.yaml", project_edit), ("Pulumi.prod.yaml", stack_edit)):
        doc = yaml.safe_load((ROOT / name).read_text())
        if edit is not None:
            edit(doc)
        (root / name).write_text(yaml.safe_dump(doc, sort_keys=False))
    shutil.copy(ROOT / "Pulumi.dr.yaml", root / "Pulumi.dr.yaml")
    return root


def problems(root: Path) -> tuple[Problem, ...]:
    raw, sources = load_files("prod", root)
    with pytest.raises(ConfigError) as caught:
        validate(raw, "prod", sources)
    return caught.value.problems


def valid(root: Path) -> StackConfig:
    raw, sources = load_files("prod", root)
    return validate(raw, "prod", sources)


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def rename(section: dict[str, Any], old: str, new: str) -> None:
    section[new] = section.pop(old)


@pytest.mark.parametrize(
    "namespace", ["marketplace_dr", "marketplace-Dr", "marketplacedr", "market-place-dr", "marketplace-dr2"]
)
def test_a_misspelled_namespace_in_the_stack_file_is_one_error_with_the_right_key(
    tmp_path: Path, namespace: str
) -> None:
    root = project(tmp_path, lambda d: rename(d["config"], "marketplace-dr:role", f"{namespace}:role"))
    (problem,) = problems(root)  # and no second "role: required key is missing"
    assert problem.key == f"{namespace}:role"
    assert "did you mean 'marketplace-dr:role'?" in problem.message
    assert problem.source == str((root / "Pulumi.prod.yaml").resolve())
    assert problem.line == line_of(root / "Pulumi.prod.yaml", f"{namespace}:role")


@pytest.mark.parametrize("key", ["dns", "services", "organization"])
def test_a_misspelled_namespace_in_the_project_file_is_one_error(tmp_path: Path, key: str) -> None:
    root = project(tmp_path, project_edit=lambda d: rename(d["config"], key, f"marketplace_dr:{key}"))
    (problem,) = problems(root)
    assert problem.key == f"marketplace_dr:{key}"
    assert f"did you mean 'marketplace-dr:{key}'?" in problem.message
    assert problem.source.endswith("Pulumi.yaml")
    assert problem.line == line_of(root / "Pulumi.yaml", f"marketplace_dr:{key}")


@pytest.mark.parametrize("section", ["confg", "Config", "configs", "conifg"])
def test_a_misspelled_config_section_in_the_stack_file_is_one_error(tmp_path: Path, section: str) -> None:
    root = project(tmp_path, lambda d: rename(d, "config", section))
    (problem,) = problems(root)
    assert problem.key == section and problem.qualified
    assert "did you mean 'config'?" in problem.message
    assert "config, environment, secretsprovider" in problem.message
    assert problem.line == line_of(root / "Pulumi.prod.yaml", f"{section}:")


def test_a_misspelled_config_section_in_the_project_file_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, project_edit=lambda d: rename(d, "config", "confg"))
    found = problems(root)
    assert [p.key for p in found] == ["confg"]
    assert "did you mean 'config'?" in found[0].message


@pytest.mark.parametrize("namespace", ["shop-dr", "acme", "billing"])
def test_keys_of_another_projects_namespace_are_errors(tmp_path: Path, namespace: str) -> None:
    def other(doc: dict[str, Any]) -> None:
        doc["config"][f"{namespace}:tier"] = 1

    (problem,) = problems(project(tmp_path, other))
    assert problem.key == f"{namespace}:tier"
    assert f"unknown namespace {namespace!r}" in problem.message
    assert "'marketplace-dr:' keys" in problem.message and "did you mean" not in problem.message


@pytest.mark.parametrize(
    "key",
    [
        "pulumi:tags",
        "aws:profile",
        "aws:skipMetadataApiCheck",
        "azure-native:environment",
        "gcp:impersonateServiceAccount",
    ],
)
def test_pulumis_and_the_providers_namespaces_stay_legal(tmp_path: Path, key: str) -> None:
    def legal(doc: dict[str, Any]) -> None:
        doc["config"][key] = "x"

    assert valid(project(tmp_path, legal)).role == "primary"


@pytest.mark.parametrize("key", ["aws:region", "azure-native:location", "gcp:region", "gcp:project"])
def test_provider_keys_that_would_place_resources_are_errors_pointing_at_sites(
    tmp_path: Path, key: str
) -> None:
    def placed(doc: dict[str, Any]) -> None:
        doc["config"][key] = "somewhere"

    (problem,) = problems(project(tmp_path, placed))
    assert problem.key == key
    assert "is ignored" in problem.message and "sites.primary." in problem.message


def test_a_key_without_a_namespace_in_a_stack_file_is_one_error(tmp_path: Path) -> None:
    root = project(tmp_path, lambda d: rename(d["config"], "marketplace-dr:role", "role"))
    (problem,) = problems(root)
    assert problem.key == "role"
    assert "write 'marketplace-dr:role'" in problem.message


@pytest.mark.parametrize("key", ["runtim", "confgi", "descripton"])
def test_an_unknown_top_level_key_in_the_project_file_is_an_error(tmp_path: Path, key: str) -> None:
    def typo(doc: dict[str, Any]) -> None:
        doc[key] = "x"

    (problem,) = problems(project(tmp_path, project_edit=typo))
    assert problem.key == key
    assert "did you mean" in problem.message and "name, runtime, description" in problem.message


def test_an_object_value_not_under_value_in_the_project_file_is_an_error(tmp_path: Path) -> None:
    def unwrapped(doc: dict[str, Any]) -> None:
        doc["config"]["sites"] = doc["config"]["sites"]["value"]

    (problem,) = problems(project(tmp_path, project_edit=unwrapped))
    assert problem.key == "sites"
    assert "goes under `value:`" in problem.message and "found primary, recovery" in problem.message


def test_an_unknown_key_in_a_config_declaration_is_an_error(tmp_path: Path) -> None:
    def vaule(doc: dict[str, Any]) -> None:
        doc["config"]["dns"] = {"vaule": doc["config"]["dns"]["value"], "description": "the zone"}

    found = problems(project(tmp_path, project_edit=vaule))
    assert [p.key for p in found] == ["dns.vaule"]  # and dns is not reported missing on top
    assert "did you mean 'value'?" in found[0].message


def test_a_project_of_another_name_is_an_error(tmp_path: Path) -> None:
    def renamed(doc: dict[str, Any]) -> None:
        doc["name"] = "marketplace"

    (problem,) = problems(project(tmp_path, project_edit=renamed))
    assert problem.key == "name" and problem.value == "marketplace"
    assert "must be named marketplace-dr" in problem.message


def test_a_config_section_that_is_not_a_mapping_is_an_error(tmp_path: Path) -> None:
    def listed(doc: dict[str, Any]) -> None:
        doc["config"] = ["marketplace-dr:role"]

    found = problems(project(tmp_path, listed))
    assert [p.key for p in found] == ["config", "role"]
    assert "must be a mapping of config keys, not a list" in found[0].message
