"""The marketplace's DR topology: load config -> build this site's services -> export."""

import pulumi

from config import ConfigError, from_pulumi
from services.posture import assess
from services.site import SiteStack
from vocabulary import outputs


def main() -> None:
    try:
        cfg = from_pulumi(pulumi.get_stack())
    except ConfigError as error:
        # RunError: Pulumi prints the message alone, no traceback, and registers nothing.
        raise pulumi.RunError(error.report()) from None
    # DR posture: a missed target fails the preview before anything is registered.
    posture = assess(cfg)
    if posture.misses:
        raise pulumi.RunError(posture.failure_report(pulumi.get_stack()))
    for warning in posture.warnings():
        pulumi.log.warn(warning)
    exports = SiteStack(cfg).outputs()
    exports[outputs.POSTURE] = posture.to_dict()
    for name, value in exports.items():
        pulumi.export(name, value)


main()
