"""The marketplace's DR topology: load config -> build this site's services -> export."""

import pulumi

from config import ConfigError, from_pulumi
from services.site import SiteStack


def main() -> None:
    try:
        cfg = from_pulumi(pulumi.get_stack())
    except ConfigError as error:
        # RunError: Pulumi prints the message alone, no traceback, and registers nothing.
        raise pulumi.RunError(error.report()) from None
    for name, value in SiteStack(cfg).outputs().items():
        pulumi.export(name, value)


main()
