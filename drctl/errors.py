"""The tool's failure kinds, each with its documented exit status (README, "Drills and readiness")."""

from __future__ import annotations

EXIT_OK = 0
EXIT_NOT_READY = 1
"""readiness: something is not ready; drill run: a target was missed or the drill aborted (failed back)."""
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
"""A safety rail refused the drill: no typed confirmation, failed preflight, a pending failback."""
EXIT_UNSUPPORTED = 4
"""A site on a cloud drctl cannot drill yet (Azure, GCP)."""
EXIT_FAILBACK_INCOMPLETE = 5
"""Failback or cleanup did not finish: run `drctl drill failback RUN_ID`."""


class DrctlError(Exception):
    exit_status = EXIT_BAD_INPUT


class InputError(DrctlError):
    """Bad command line or outputs file: one message naming the file, the key and what is wrong."""

    exit_status = EXIT_BAD_INPUT


class RefusedError(DrctlError):
    exit_status = EXIT_REFUSED


class UnsupportedError(DrctlError):
    exit_status = EXIT_UNSUPPORTED
