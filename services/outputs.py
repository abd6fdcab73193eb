"""Stack output names: the contract other teams (and the dr stack) consume. One place only."""

from __future__ import annotations

from typing import Final

SITE: Final = "site"
"""{role, cloud, region}: which site this stack is."""
NETWORK: Final = "network"
"""{vpcId, publicSubnetIds, privateSubnetIds} of this site."""
KEY_ARN: Final = "keyArn"
"""This site's data key; in prod the multi-region primary that dr replicates."""
ALERT_TOPIC_ARN: Final = "alertTopicArn"
"""Where this site's alarms go."""
SERVICES: Final = "services"
"""{<service>: {tier, strategy, rpoSeconds, rtoSeconds, ...}} per catalog entry."""

POSTURE: Final = "posture"
"""{<service>: {<disruption>: {rto: {...}, rpo: {<store>: {...}}}}}: target, estimate, status
(met/waived/missed) and breakdown of each (services.posture.Posture.to_dict)."""

ALL: Final = (SITE, NETWORK, KEY_ARN, ALERT_TOPIC_ARN, SERVICES, POSTURE)
