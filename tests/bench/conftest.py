"""The default plans fixture, shared with the offline reports' tests."""

from tests.offline.conftest import default_plans

__all__ = ["default_plans"]
