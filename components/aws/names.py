"""Physical names that fit AWS's limits.

pulumi-aws auto-names a resource `<logical name>-<7 random hex>` and fails when that exceeds the
type's limit (e.g. 64 for IAM roles, provider/resources.go `AutoName("name", 64)`). Where a logical
name built from config can be that long, `fitted_name` gives an explicit, deterministic name that
fits instead; shorter logical names keep auto-naming (and its create-before-delete replacements).
"""

from __future__ import annotations

import hashlib

AUTONAME_SUFFIX = 8
"""'-' and 7 random characters."""


def fitted_name(logical: str, limit: int, scope: str) -> str | None:
    """None while `logical` + the auto-name suffix fits `limit`; else the first characters of
    `logical` and 8 hex of a hash of it and `scope` (e.g. the region: the same logical name in two
    stacks of one account must not collide where the namespace is account-wide)."""
    if len(logical) + AUTONAME_SUFFIX <= limit:
        return None
    digest = hashlib.sha256(f"{scope}/{logical}".encode()).hexdigest()[:8]
    return f"{logical[: limit - len(digest) - 1].rstrip('-')}-{digest}"
