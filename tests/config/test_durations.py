"""Durations in stack config: one spelling, one parser, round-trippable."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from config.durations import format_duration, parse_duration


@given(st.integers(min_value=1, max_value=10 * 365 * 86_400))
def test_formatted_durations_parse_back_to_the_same_length(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


@given(st.integers(0, 400), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_compound_durations_add_their_parts(d: int, h: int, m: int, s: int) -> None:
    parts = [(d, "d"), (h, "h"), (m, "m"), (s, "s")]
    text = "".join(f"{n}{u}" for n, u in parts if n)
    expected = timedelta(days=d, hours=h, minutes=m, seconds=s)
    assume(text)
    assert parse_duration(text) == expected


@given(st.text(alphabet="0123456789dhmsx -.", max_size=8))
def test_parser_returns_a_positive_duration_or_raises_value_error(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError:
        return
    assert value.total_seconds() > 0


@pytest.mark.parametrize("text", ["", "15x", "5", "m5", "1m1h", "1h1h", "0s", "1.5h", "-5m", "5 min"])
def test_malformed_durations_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape("e.g. 30s, 5m, 1h")):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1h", 3600), ("7d", 604_800), ("1h30m", 5400)]
)
def test_documented_examples_parse(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds
