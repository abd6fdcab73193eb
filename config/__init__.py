"""Typed stack config: `load`/`from_pulumi` parse and validate; everything else receives models."""

from config.errors import ConfigError, Problem
from config.loader import PROJECT, from_pulumi, load, load_files, validate
from config.models import Service, StackConfig

__all__ = [
    "PROJECT",
    "ConfigError",
    "Problem",
    "Service",
    "StackConfig",
    "from_pulumi",
    "load",
    "load_files",
    "validate",
]
