"""What every cross-cloud pair says about a store's path, whichever clouds it joins."""

from __future__ import annotations

from typing import Any

from vocabulary.plans import StoreProtection


def path_output(p: StoreProtection) -> dict[str, Any]:
    """What the `path` field of a cross-cloud store says: how the copy is kept and its caveats
    (the pair's path in clouds/<primary>_to_<recovery>.py, as services.protection chose it)."""
    if p.path is None:
        return {}
    return {"implementation": p.path.implementation, "caveats": list(p.path.caveats)}
