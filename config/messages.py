"""pydantic's validation errors in the user's words: the key path as the stack file writes it
(`services[2:payments].dataStores[0].rpo`, `tiers.1.rto`), what the key must hold, the keys
allowed where an unknown one was found, and no regex or pydantic phrase ("Input should be ...",
"valid dictionary or instance of ...")."""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from config.errors import Problem, did_you_mean

PATTERN_HELP: dict[str, str] = {
    r"^\d{12}$": "12 digits (an AWS account id, e.g. 123456789012)",
    r"^[0-9a-f-]{36}$": "an Azure subscription id: 36 lowercase hex digits and '-' "
    "(e.g. 00000000-0000-0000-0000-000000000000)",
    r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$": "a Google Cloud project id: 6-30 characters a-z, 0-9 and '-', "
    "starting with a letter and not ending with '-'",
    r"^10\.\d{1,3}\.0\.0/16$": "a /16 block of the form 10.x.0.0/16 (e.g. 10.20.0.0/16)",
    r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$": "a lowercase DNS name such as "
    "shop.marketplace.example.com",
    r"^Z[A-Z0-9]{4,32}$": "a Route 53 hosted zone id: 'Z' and 4-32 more capital letters or digits "
    "(e.g. Z0EXAMPLE0MARKETPLACE)",
    r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$": "an email address (e.g. dr-oncall@marketplace.example.com)",
    r"^https://\S+$": "an https:// URL without spaces",
    r"^\d+\.\d+$": "a major.minor engine version (e.g. 16.6)",
    r"^[-\w.()]{0,89}[-\w()]$": "an Azure resource group name: 1-90 letters, digits, '_', '-', '.' "
    "and parentheses, not ending with '.'",
    r"^[0-9a-zA-Z-]{1,127}$": "a Key Vault object name: 1-127 letters, digits and '-'",
    r"^/subscriptions/[0-9a-f-]{36}/resourceGroups/[-\w.()]+/providers/Microsoft\.KeyVault/vaults/"
    r"[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$": "a Key Vault resource id: /subscriptions/<id>/"
    "resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<3-24 character vault name>",
    r"^(db\.[a-z0-9]+\.[a-z0-9]+|db-[a-z0-9]+(-[a-zA-Z0-9]+)+)$": "an RDS instance class such as "
    "db.r6g.large, or a Cloud SQL tier such as db-custom-2-7680",
    r"^(ami-[0-9a-f]{8,17}|projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/global/images/"
    r"(family/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?|[\w.-]+:[\w.-]+:[\w.-]+:[\w.-]+|/subscriptions/[^\s]+)$": (
        "an AMI id ('ami-' and 8-17 hex digits, e.g. ami-0abcdef1234567890), a Compute Engine "
        "image (projects/<project>/global/images/[family/]<name>) or an Azure image "
        "(publisher:offer:sku:version, or an image resource id /subscriptions/...)"
    ),
    r"^([a-z][a-z0-9-]*\.[a-z0-9]+|[a-z][a-z0-9]*-[a-z0-9]+(-[a-z0-9]+)*)$": "an EC2 instance type "
    "such as m7g.large, or a Compute Engine machine type such as n2-standard-2",
    r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$": "a Cloud DNS managed zone name: 1-63 characters a-z, 0-9 "
    "and '-', starting with a letter and not ending with '-'",
    r"^/[\x21-\x7e]*$": "a path starting with '/', of printable ASCII characters without spaces "
    "(e.g. /healthz)",
    r"^[\w.-]+(/[\w.-]+){0,2}$": "a stack name: <stack>, <project>/<stack> or <org>/<project>/<stack> "
    "(letters, digits, '_', '.' and '-')",
}
"""What each `pattern` in config/models.py accepts, in words (the regex is never shown)."""

INTERNAL_PHRASES = (
    "Input should",
    "String should",
    "List should",
    "Value should",
    "Dictionary should",
    "valid dictionary",
    "instance of",
    "Field required",
    "Extra inputs",
    "Value error",
    "Assertion failed",
    "Unable to extract tag",
    "discriminator",
    "after validation",
    "[key]",
    "function-",
    "pattern '",
)
"""pydantic's wording; no config message may contain it (tests/config checks every message)."""


@dataclass(frozen=True)
class Place:
    """Where a pydantic error points, read along the models."""

    key: str
    """The key path as the stack file writes it."""
    holder: type[BaseModel] | None
    """The model whose field the last key is (for missing and unknown keys)."""
    annotation: object
    """The type expected at the key (for wrong types and union tags)."""
    about_key: bool
    """The error is about a mapping key, not its value."""


def problems_from(exc: ValidationError, root: object, prefix: str) -> list[Problem]:
    """One problem per pydantic error of validating a value of type `root` written at `prefix`."""
    return [_problem(err, locate(root, tuple(err["loc"]), prefix)) for err in exc.errors(include_url=False)]


def locate(root: object, loc: tuple[int | str, ...], prefix: str) -> Place:
    annotation, holder, key, about_key = root, None, prefix, False
    mapping_key: object = None
    for part in loc:
        annotation = _strip(annotation)
        if part == "[key]":
            about_key, annotation = True, mapping_key
            continue
        model = _model(annotation)
        if model is not None:
            holder, found = model, _field(model, part)
            key += f".{part}"
            annotation = _declared(found) if found is not None else None
            continue
        members = _members(annotation)
        if members:
            chosen = _tagged(members, part)
            if chosen is not None:
                annotation = chosen
            continue  # a union member's tag or validator name: not a key the user writes
        origin, args = get_origin(annotation), get_args(annotation)
        if origin in (list, tuple) and isinstance(part, int):
            key += f"[{part}]"
            annotation = args[0] if args else None
        elif origin is dict:
            key += f".{part}"
            mapping_key, annotation = (args[0], args[1]) if len(args) == 2 else (None, None)
        else:
            key += f"[{part}]" if isinstance(part, int) else f".{part}"
            annotation = None
    return Place(key.lstrip("."), holder, _strip(annotation), about_key)


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return sorted(f.alias or n for n, f in model.model_fields.items())


def field_help(field: FieldInfo) -> str:
    """What a field holds, for a missing key: its description, else its allowed values."""
    if field.description:
        return field.description
    choices = _literals(_declared(field))
    return f"one of {_or(choices)}" if choices else ""


# --- messages -----------------------------------------------------------------------------

_TYPES = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD (e.g. 2027-03-31)",
    "date_parsing": "must be a date written YYYY-MM-DD (e.g. 2027-03-31)",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD (e.g. 2027-03-31)",
    "date_from_datetime_inexact": "must be a date written YYYY-MM-DD (e.g. 2027-03-31)",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "set_type": "must be a list",
    "dict_type": "must be a mapping of keys",
}


def _problem(err: Any, place: Place) -> Problem:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        found = _field(place.holder, place.key.rsplit(".", 1)[-1]) if place.holder else None
        what = field_help(found) if found is not None else ""
        return Problem(place.key, "required key is missing" + (f" ({what})" if what else ""))
    if kind == "extra_forbidden":
        name = place.key.rsplit(".", 1)[-1]
        allowed = allowed_keys(place.holder) if place.holder else []
        hint = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return Problem(place.key, f"unknown key{did_you_mean(name, allowed)}{hint}", value)
    if kind in ("model_type", "model_attributes_type") or (kind == "dict_type" and _model(place.annotation)):
        model = _model(place.annotation)
        keys = f" ({', '.join(allowed_keys(model))})" if model else ""
        return Problem(place.key, f"must be a mapping of keys{keys}, not {_what(value)}", value)
    if kind == "literal_error" and place.about_key:
        return Problem(
            place.key,
            f"unknown key{did_you_mean(value, [str(v) for v in _literals(place.annotation)])}; allowed keys "
            f"here: {ctx.get('expected', '')}",
            value,
        )
    if kind == "literal_error":
        return Problem(place.key, f"must be {ctx.get('expected', '')}", value)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tag = str(ctx.get("discriminator", "")).strip("'\"")
        expected = str(ctx.get("expected_tags") or "")
        tags = _or([t.strip("'") for t in expected.split(", ")]) if expected else ""
        tags = tags or _or(_member_tags(place.annotation, tag))
        key = f"{place.key}.{tag}" if tag.isidentifier() else place.key
        if kind == "union_tag_not_found":
            return Problem(key, f"required key is missing (one of {tags})")
        return Problem(key, f"must be {tags}", ctx.get("tag", value))
    if kind == "string_pattern_mismatch":
        shape = PATTERN_HELP.get(str(ctx.get("pattern")), "of the form this key takes")
        return Problem(place.key, f"must be {shape}", value)
    if kind in _TYPES:
        return Problem(place.key, f"{_TYPES[kind]}, not {_what(value)}", value)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        span = _span(place)
        if span:
            return Problem(place.key, f"must be {span}", value)
    return Problem(place.key, _bounds(kind, ctx) or _plain(str(err["msg"])), value)


def _span(place: Place) -> str:
    """`between 1 and 10` for a number with both bounds (pydantic names only the one crossed)."""
    found = _field(place.holder, place.key.rsplit(".", 1)[-1]) if place.holder else None
    if found is None:
        return ""
    low = high = None
    for item in _all_metadata(found):
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return f"a whole number from {low} to {high}" if low is not None and high is not None else ""


def _all_metadata(field: FieldInfo) -> list[object]:
    out: list[object] = list(field.metadata)
    stack: list[object] = [field.annotation]
    while stack:
        item = stack.pop()
        if get_origin(item) is Annotated:
            out += list(get_args(item)[1:])
        stack += list(get_args(item))
    return out


def _bounds(kind: str, ctx: dict[str, Any]) -> str:
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "less_than":
        return f"must be less than {ctx['lt']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind == "too_short":
        n = ctx["min_length"]
        return f"must list at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        n = ctx["max_length"]
        return f"must list at most {n} item{'s' if n != 1 else ''} (it lists {ctx.get('actual_length')})"
    if kind == "string_too_short":
        n = ctx["min_length"]
        return "must not be empty" if n == 1 else f"must be at least {n} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters long"
    return ""


def _plain(message: str) -> str:
    """Our own validators' messages as they are; anything else without pydantic's phrasing."""
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    for theirs, ours in (
        ("Input should be", "must be"),
        ("String should", "must"),
        ("List should", "must"),
        ("Value should", "must"),
        ("Dictionary should", "must"),
    ):
        message = message.replace(theirs, ours)
    return message


def _what(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    return repr(value)


def _or(choices: list[object]) -> str:
    shown = [repr(c) for c in choices]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


# --- walking the models ----------------------------------------------------------------------


def _strip(annotation: object) -> object:
    """Without `Annotated[...]` and without a `None` alternative."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if _is_union(annotation):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation


def _is_union(annotation: object) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _model(annotation: object) -> type[BaseModel] | None:
    annotation = _strip(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _members(annotation: object) -> list[object]:
    annotation = _strip(annotation)
    return [_strip(a) for a in get_args(annotation)] if _is_union(annotation) else []


def _field(model: type[BaseModel] | None, name: object) -> FieldInfo | None:
    if model is None:
        return None
    return next((f for n, f in model.model_fields.items() if (f.alias or n) == name), None)


def _declared(field: FieldInfo) -> object:
    """A field's type with its constraints (`Annotated[...]`) as written."""
    return field.annotation


def _literals(annotation: object) -> list[object]:
    annotation = _strip(annotation)
    return list(get_args(annotation)) if get_origin(annotation) is Literal else []


def _tagged(members: list[object], tag: object) -> object | None:
    """The union member whose literal field (e.g. `kind`) holds `tag`; the most specific one when
    several do (a Route 53 zone's `cloud` takes every cloud name, an Azure zone's only `azure`)."""
    found = [
        (len(values), i, member)
        for i, member in enumerate(members)
        if (model := _model(member)) is not None
        for field in model.model_fields.values()
        if tag in (values := _literals(field.annotation))
    ]
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _member_tags(annotation: object, tag_field: str) -> list[object]:
    return [
        t
        for m in _members(annotation)
        for t in _literals(getattr(_field(_model(m), tag_field), "annotation", None))
    ]


def every_model(root: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """`root` and every model reachable from its fields (for checks over the whole schema)."""
    seen: set[type[BaseModel]] = set()
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        model = _model(item)
        if model is not None:
            if model in seen:
                continue
            seen.add(model)
            yield model
            stack.extend(f.annotation for f in model.model_fields.values())
            continue
        stack.extend(get_args(item))
