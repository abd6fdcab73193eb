"""GCP labels: the AWS tags (vocabulary.tags) under GCP's label rules.

Labels are set explicitly on every labelable resource, like the AWS tags, so the mock-engine
tests and the policy pack see them (provider `default_labels` are merged by the engine, where
neither can). GCP label keys and values are lowercase letters, digits, '_' and '-', at most 63
characters, keys starting with a letter (Resource Manager "Labels"). The tag keys already are;
the values are slugs, tier digits, roles and classifications, and `owner`, which config.gcp
checks at the boundary. `labels()` refuses anything else rather than rewrite it, so a label
always means what the tag means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")


def labels(tags: Mapping[str, str], **extra: str) -> dict[str, str]:
    out = {**tags, **extra}
    bad = {k: v for k, v in out.items() if not (LABEL_KEY.match(k) and LABEL_VALUE.match(v))}
    if bad:
        raise ValueError(f"not valid GCP labels (config.gcp should have refused them): {bad}")
    return out
