"""IAM policy documents as plain data, so tests and the policy pack can read them."""

from __future__ import annotations

from typing import Any

import pulumi


def partition(region: str) -> str:
    return "aws-us-gov" if "-gov-" in region else "aws"


def document(*statements: dict[str, Any]) -> pulumi.Output[str]:
    return pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": list(statements)})


def assume_role(service: str) -> pulumi.Output[str]:
    return document({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"})
