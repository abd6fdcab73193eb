"""Labels on every labelable GCP resource, with the AWS tags' meaning and GCP's label rules."""

from __future__ import annotations

import re

from offline.engine import ProgramRun
from policy.gcp import accepts_labels, labels_of
from tests.components.gcp.conftest import gcp_raw
from vocabulary.tags import REQUIRED_TAGS

# Resource Manager "Labels": keys 1-63 characters, a lowercase letter first; values 0-63;
# lowercase letters, digits, '_' and '-' only.
KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")
SQL = "gcp:sql/databaseInstance:DatabaseInstance"


def _labelled(site: ProgramRun) -> list[tuple[str, dict[str, str]]]:
    found = [
        (r.name, dict(labels_of(r.inputs)))
        for r in site.resources
        if r.custom and (r.type == SQL or accepts_labels(r.type) is not None)
    ]
    assert len(found) > 20, "the rule would check almost nothing"
    return found


def test_every_labelable_resource_carries_the_required_labels(gcp_site: ProgramRun) -> None:
    missing = [name for name, labels in _labelled(gcp_site) if not set(REQUIRED_TAGS) <= set(labels)]
    assert not missing


def test_every_label_follows_gcp_label_rules(gcp_site: ProgramRun) -> None:
    bad = [
        (name, k, v)
        for name, labels in _labelled(gcp_site)
        for k, v in labels.items()
        if not (KEY.match(k) and VALUE.match(str(v)))
    ]
    assert not bad


def test_labels_mean_what_the_tags_mean(gcp_site: ProgramRun) -> None:
    # A resource of a service carries that service's owner and tier, and this stack's role.
    services = {s["name"]: s for s in gcp_raw(gcp_site.stack)["services"]}
    role = "primary" if gcp_site.stack == "prod" else "recovery"
    for r in gcp_site.resources:
        owner = gcp_site.service_of(r)
        labels = labels_of(r.inputs)
        if not r.custom or owner is None or not labels:
            continue
        assert labels["service"] == owner, r.name
        assert labels["owner"] == services[owner]["owner"], r.name
        assert labels["tier"] == str(services[owner]["tier"]), r.name
        assert labels["dr-role"] == role, r.name
