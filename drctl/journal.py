"""The run journal: one JSON object per line, flushed and fsynced as the drill goes, so a crash
leaves a record `drill failback RUN_ID` can resume from. Each step's failback is armed in the
journal *before* the step's first mutating call."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from drctl.errors import InputError
from drctl.runbook import Undo

JOURNAL = "journal.jsonl"
RESULT = "result.json"


def _default(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


class Journal:
    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / JOURNAL

    def write(self, event: str, at: datetime, **fields: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"event": event, "at": at.isoformat(), **fields}, default=_default, sort_keys=True)
        torn = (
            self.path.exists() and self.path.stat().st_size > 0 and not self.path.read_bytes().endswith(b"\n")
        )
        with self.path.open("a", encoding="utf-8") as f:
            f.write(("\n" if torn else "") + line + "\n")
            f.flush()
            os.fsync(f.fileno())

    def events(self) -> list[dict[str, Any]]:
        """Every complete line; a torn last line (a crash mid-write) is ignored."""
        if not self.path.exists():
            raise InputError(f"{self.path}: no such run journal")
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # torn by a crash mid-write; the next write starts on a fresh line
        return out


@dataclass
class Replay:
    """What a journal says: the run's header, the values later calls refer to, and the failback
    still owed (armed and not done), newest first."""

    header: dict[str, Any]
    context: dict[str, Any]
    pending: list[Undo]
    done: list[str]
    ended: bool


def replay(journal: Journal) -> Replay:
    events = journal.events()
    if not events or events[0]["event"] != "start":
        raise InputError(f"{journal.path}: not a drctl run journal (no start event)")
    context: dict[str, Any] = {"capture": {}, "result": {}, "evidence": {}}
    armed: dict[str, list[Undo]] = {}
    done: list[str] = []
    for e in events:
        kind = e["event"]
        if kind == "capture":
            context["capture"][e["step"]] = e["value"]
        elif kind == "accepted":
            context["result"][e["step"]] = e.get("result") or {}
        elif kind == "observed":
            context["evidence"][e["step"]] = e.get("evidence") or {}
        elif kind == "failback-armed":
            armed.setdefault(e["step"], []).append(Undo.from_dict(e["undo"]))
        elif kind == "undo-done":
            done.append(e["undo"])
    # Steps fail back newest first; a step's own undos run in the order the step declares them.
    pending = [u for step in reversed(list(armed)) for u in armed[step] if u.id not in done]
    return Replay(events[0], context, pending, done, any(e["event"] == "end" for e in events))
