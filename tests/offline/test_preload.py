"""The provider SDK modules a cloud's components use are found from their source."""

from __future__ import annotations

from pathlib import Path

from offline.preload import cloud_references, preload, references
from offline.report import StackPlan


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
