"""The site alert topic: encrypted, TLS-only, every contact subscribed."""

from __future__ import annotations

import json

from offline.engine import ProgramRun
from tests.conftest import resources


def test_alert_topic_is_encrypted_with_the_site_key_and_tls_only(site: ProgramRun) -> None:
    (topic,) = resources(site, "aws:sns/topic:Topic")
    assert topic.inputs["kmsMasterKeyId"] == site.outputs["keyArn"]
    (policy,) = resources(site, "aws:sns/topicPolicy:TopicPolicy")
    statements = json.loads(policy.inputs["policy"])["Statement"]
    deny = [s for s in statements if s["Effect"] == "Deny"]
    assert deny and deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_alert_topic_subscribes_every_configured_contact(site: ProgramRun) -> None:
    subs = resources(site, "aws:sns/topicSubscription:TopicSubscription")
    assert {s.inputs["endpoint"] for s in subs} == {"dr-oncall@marketplace.example.com"}
    assert all(s.inputs["topic"] == site.outputs["alertTopicArn"] for s in subs)
