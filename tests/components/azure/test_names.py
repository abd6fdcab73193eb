"""Every name an Azure site gives a resource fits Azure's rules across both stacks (the mock engine
accepts any name; ARM refuses these), and globally unique names never repeat."""

from __future__ import annotations

from collections import Counter

import pytest

from clouds import azure_names as names
from offline.engine import ProgramRun
from tests.components.azure.conftest import _azure_run


@pytest.mark.parametrize("token", sorted(names.RULES))
def test_names_fit_azures_rule_for_the_type_in_both_stacks(token: str) -> None:
    rule = names.RULES[token]
    found = [r.inputs[rule.name_input] for s in ("prod", "dr") for r in _azure_run(s).of_type(token)]
    assert found, f"the example declares no {token}"
    assert [p for n in found if (p := rule.problem(str(n)))] == []


def test_action_group_short_names_are_at_most_12_characters(azure_site: ProgramRun) -> None:
    for group in azure_site.of_type("azure-native:monitor:ActionGroup"):
        assert names.ACTION_GROUP_SHORT_NAME.problem(group.inputs["groupShortName"]) is None


def test_gateway_dns_labels_fit_the_cloudapp_rule(azure_site: ProgramRun) -> None:
    labels = [
        r.inputs["dnsSettings"]["domainNameLabel"]
        for r in azure_site.of_type("azure-native:network:PublicIPAddress")
        if r.inputs.get("dnsSettings")
    ]
    assert labels and [p for n in labels if (p := names.DNS_LABEL.problem(n))] == []


def test_traffic_manager_relative_names_fit_and_are_unique(azure_dr: ProgramRun) -> None:
    relative = [
        p.inputs["dnsConfig"]["relativeName"] for p in azure_dr.of_type("azure-native:trafficmanager:Profile")
    ]
    assert relative and [p for n in relative if (p := names.TRAFFIC_MANAGER_DNS.problem(n))] == []
    assert len(set(relative)) == len(relative)


def test_globally_unique_names_do_not_repeat_across_the_stacks() -> None:
    global_rules = {
        t: r
        for t, r in names.RULES.items()
        if r.scope == "global" and t != "azure-native:resources:ResourceGroup"
    }
    used = Counter(
        (t, r.inputs[rule.name_input])
        for s in ("prod", "dr")
        for t, rule in global_rules.items()
        for r in _azure_run(s).of_type(t)
    )
    assert used and [k for k, n in used.items() if n > 1] == []


def test_storage_account_names_stay_valid_for_long_organisation_and_store_names() -> None:
    sub = "00000000-0000-0000-0000-000000000000"
    name = names.storage_account_name(sub, "a" * 32, "b" * 32, "prod", "s" * 20, "x-y-z" * 5)
    assert names.RULES["azure-native:storage:StorageAccount"].problem(name) is None


def test_key_vault_names_stay_valid_for_long_organisation_names() -> None:
    sub = "00000000-0000-0000-0000-000000000000"
    for org in ("a", "ab-cd", "z" * 32, "a-" * 8 + "b"):
        name = names.key_vault_name(sub, org, "production", "prod", "data")
        assert names.RULES["azure-native:keyvault:Vault"].problem(name) is None, name
