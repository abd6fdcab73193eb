"""The provider SDK modules a cloud's components use are found from their source."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from offline.preload import cloud_references, component_sources, module_name, preload, references
from offline.report import StackPlan
from tests.conftest import ROOT


def test_references_are_attribute_chains_on_an_imported_sdk_alias() -> None:
    source = (
        "import pulumi\nimport pulumi_aws as aws\n"
        "def f():\n    aws.ec2.Vpc('v')\n    aws.s3.BucketArgs()\n"
        "    pulumi.Output.all()\n    other.ec2.Vpc\n"
    )
    assert sorted(references(source)) == [("pulumi_aws", "ec2", "Vpc"), ("pulumi_aws", "s3", "BucketArgs")]


def test_every_aws_resource_type_the_default_plans_register_is_preloaded(
    default_plans: list[StackPlan],
) -> None:
    packages = {package for _, package, _ in cloud_references("aws")}
    for plan in default_plans:
        used = {r.type.split(":")[1].split("/")[0] for r in plan.run.resources if r.type.startswith("aws:")}
        assert used <= packages


def test_only_the_configured_clouds_components_are_read(tmp_path: Path) -> None:
    (tmp_path / "aws").mkdir()
    (tmp_path / "aws" / "x.py").write_text("import pulumi_aws as aws\naws.sns.Topic\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.py").write_text("import pulumi_aws as aws\naws.sqs.Queue\n")
    assert preload(["aws"], tmp_path) == 1
    assert preload(["aws", "other"], tmp_path) == 2


FRESH_PRELOAD = """
import importlib, json, sys
from offline.preload import PartialPackage, cloud_references, preload
from pulumi_aws import ec2 as bound  # bound before preloading: the SDK's lazy module
refs = sorted(cloud_references("aws") | cloud_references("gcp"))
resolved = preload(["aws", "gcp"])
packages = {f"{s}.{p}": sys.modules[f"{s}.{p}"] for s, p, _ in refs}
held = {f"{s}.{p}.{n}": vars(sys.modules[f"{s}.{p}"]).get(n) for s, p, n in refs}
report = {
    "references": len(refs),
    "resolved": resolved,
    "partial": sorted(n for n, m in packages.items() if isinstance(m, PartialPackage)),
    "whole": sorted(n for n, m in packages.items() if m.__dict__.get("_complete")),
}
ec2 = importlib.import_module("pulumi_aws.ec2")
report["bound"] = bound is ec2 and bound.Vpc is importlib.import_module("pulumi_aws.ec2.vpc").Vpc
report["unreferenced"] = ec2.Ami is importlib.import_module("pulumi_aws.ec2.ami").Ami
for module in packages.values():
    getattr(module, "__all__", None)  # what `from package import *` asks: the whole package
report["same_objects"] = all(
    getattr(sys.modules[name.rsplit(".", 1)[0]], name.rsplit(".", 1)[1]) is obj for name, obj in held.items()
)
print(json.dumps(report))
"""


@functools.cache
def _fresh_preload() -> dict[str, Any]:
    """Preload AWS and GCP in a fresh interpreter (this one has run programs: packages whole)."""
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PRELOAD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_preloading_resolves_every_reference_without_loading_a_package_whole() -> None:
    report = _fresh_preload()
    assert report["resolved"] == report["references"] > 100
    assert report["partial"] and report["whole"] == []


def test_a_package_bound_before_preloading_is_the_preloaded_package() -> None:
    assert _fresh_preload()["bound"] is True


def test_a_name_not_preloaded_is_still_found_in_its_package() -> None:
    assert _fresh_preload()["unreferenced"] is True


def test_preloaded_names_are_the_objects_the_whole_package_has() -> None:
    assert _fresh_preload()["same_objects"] is True


def test_a_name_is_looked_for_in_the_module_the_sdk_generates_for_it() -> None:
    assert module_name("SecurityGroupIngressRule") == "security_group_ingress_rule"
    assert module_name("SecurityGroupArgs") == "security_group"
    assert module_name("get_service_account_output") == "get_service_account"
    assert module_name("SSLPolicy") == "ssl_policy"


PAIR_PLAN = """
import json, sys
from pathlib import Path
from offline.preload import PartialPackage, component_sources, preload
from offline.plan import configured, plan_stacks
folder = Path(sys.argv[1])
cfg, _ = configured("dr", folder)
preload(component_sources(cfg.sites.primary.cloud, cfg.sites.recovery.cloud))
plan_stacks(["prod", "dr"], folder)
whole = [n for n, m in sys.modules.items() if isinstance(m, PartialPackage) and m.__dict__.get("_complete")]
print(json.dumps(sorted(whole)))
"""


@pytest.mark.parametrize("example", ["aws-to-gcp", "aws-to-azure"])
def test_a_cross_cloud_plan_finds_every_sdk_name_it_uses_preloaded(example: str) -> None:
    # A package the run had to load whole is one whose names the pair's own components (or the
    # modules its pairs share) use but preloading did not read.
    done = subprocess.run(
        [sys.executable, "-c", PAIR_PLAN, str(ROOT / "examples" / example)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_a_cross_cloud_pair_reads_its_own_folder_and_the_shared_modules_not_other_pairs() -> None:
    sources = component_sources("aws", "gcp")
    assert {"aws", "gcp", "cross_cloud/aws_gcp", "cross_cloud/aws_source.py"} <= sources
    assert not any("azure" in s for s in sources)
    assert component_sources("aws", "aws") == {"aws"}
