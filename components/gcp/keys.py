"""A CMEK key: a key ring in one Cloud KMS location and a rotating key, usable by the service
agents that encrypt our data.

GCP has no multi-region key that a second region replicates like AWS's: each site encrypts its
own regional resources with its own key, and data that one resource keeps in both sites (a
dual-region bucket, a multi-region Firestore database) uses a key in the matching Cloud KMS
multi-region (`us`, `europe`), which itself survives a region loss.

Key rings and keys cannot be deleted (Cloud KMS "Object hierarchy": key rings and keys are
permanent, only key versions are destroyed), so both are auto-named: a stack destroyed and
deployed again gets new ones instead of failing on the old names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import pulumi
import pulumi_gcp as gcp

from components.base import Component
from components.gcp.labels import labels
from components.gcp.project import ENCRYPTER

# Cloud KMS automatic rotation: 90 days (CIS GCP 1.10 asks for <= 90 days).
ROTATION = timedelta(days=90)
# Destroyed key versions stay restorable for 30 days (the Cloud KMS maximum is 120 days; 30 is
# the default): time to cancel a mistaken destruction.
DESTROY_SCHEDULED = timedelta(days=30)


@dataclass(frozen=True)
class KeyProps:
    location: str
    """A region (`us-central1`) or a Cloud KMS multi-region (`us`, `europe`)."""
    users: Sequence[pulumi.Input[str]]
    """IAM members (service agents) that encrypt and decrypt with the key."""
    tags: Mapping[str, str]


class CmekKey(Component):
    def __init__(self, name: str, props: KeyProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("keys", name, opts)
        self.ring = gcp.kms.KeyRing(name, location=props.location, opts=self.child())
        self.key = gcp.kms.CryptoKey(
            name,
            key_ring=self.ring.id,
            purpose="ENCRYPT_DECRYPT",
            rotation_period=f"{int(ROTATION.total_seconds())}s",
            destroy_scheduled_duration=f"{int(DESTROY_SCHEDULED.total_seconds())}s",
            labels=labels(props.tags),
            opts=self.child(protect=False),
        )
        self.grants = [
            gcp.kms.CryptoKeyIAMMember(
                f"{name}-user-{i}",
                crypto_key_id=self.key.id,
                role=ENCRYPTER,
                member=member,
                opts=self.child(),
            )
            for i, member in enumerate(props.users)
        ]
        self.id: pulumi.Output[str] = self.key.id
        # Resolves once every agent may use the key: resources encrypted with it wait for this.
        self.ready: pulumi.Output[str] = pulumi.Output.all(self.key.id, *(g.id for g in self.grants)).apply(
            lambda a: str(a[0])
        )
        self.register_outputs({"keyId": self.id})
