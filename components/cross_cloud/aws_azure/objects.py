"""One object store's path from prod's S3 bucket into a storage account in the recovery region, by
an Azure Data Factory copy pipeline (clouds/aws_to_azure.py: `replicated-bucket`).

On Azure: the dr storage account (hardened like every account: CMK, TLS 1.2, no shared keys or
public access, versioning, soft delete, a private endpoint, a delete lock; Azure Backup protects
it with the site's vault), and a data factory per service and store with
- three linked services: the site's Key Vault, S3 (access key; the secret key is a Key Vault
  secret reference, never a value in the factory) and the account (the factory's managed
  identity: shared keys are off; Data Factory with a managed identity is a trusted service of
  both the account's and the vault's firewalls, "Trusted Azure services");
- binary datasets for the bucket and the account's `objects` container, and a copy pipeline
  whose window (`windowStart`, `windowEnd`: S3 last-modified times) is a parameter;
- two schedule triggers: every 15 min the window of the last 30 min (one window of overlap, so a
  late or failed run's objects are copied by the next: copies overwrite, deletions are not
  copied), and once a day a full pass (the whole bucket) catching whatever a run missed.
  Schedule triggers do not backfill (tumbling-window triggers would, from their start date).
  ARM creates triggers stopped and starting one is a separate call (pulumi-azure-native #3540):
  the `activateCommand` output runs the first full copy and starts both.

On AWS, through the dr stack's AWS provider: an IAM user that may only list and read the bucket
and decrypt through S3 (Data Factory's S3 connector takes access keys or session credentials
only; no federation), and its access key. The secret key is a Pulumi secret from the start, is
stored in the site's Key Vault (through ARM, so the vault's firewall stays closed), and the factory
reads it from there; it is long-lived: rotate it by replacing the key (`pulumi up --replace`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws
from pulumi_azure_native import datafactory as adf
from pulumi_azure_native import keyvault

from clouds import azure_names as names
from clouds.aws_to_azure import ADF_WINDOW
from components.aws import iam
from components.azure.roles import grant
from components.azure.storage import CONTAINER, ObjectStoreAccount, ObjectStoreProps
from components.base import Component
from components.cross_cloud.aws_source import SourceBucket, bucket_read_statements
from config.models import ObjectStore
from vocabulary import outputs

LOOKBACK = ADF_WINDOW * 2
"""Each scheduled run copies the objects modified in the last two windows (one of overlap)."""
FULL_PASS_HOUR_UTC = 3
SCHEDULE_START = "2026-01-01T00:00:00Z"
"""A fixed start in the past keeps the plan deterministic; schedule triggers do not backfill."""
EVER = "1601-01-01T00:00:00Z"
NEVER = "9999-12-31T23:59:59Z"
"""The pipeline's default window: everything (the full pass and the first copy)."""


@dataclass(frozen=True)
class BlobPathProps:
    service: str
    store: ObjectStore
    source: SourceBucket
    account: ObjectStoreProps
    """The dr account (components/azure/storage.py)."""
    subscription_id: str
    resource_group: pulumi.Input[str]
    location: str
    factory_name: str
    vault_name: pulumi.Input[str]
    vault_uri: pulumi.Input[str]
    tags: Mapping[str, str]
    peer_provider: pulumi.ProviderResource


class S3ToBlobStorage(Component):
    def __init__(self, name: str, props: BlobPathProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("object_path", name, opts)
        on_aws = self.child(provider=props.peer_provider)
        group = props.resource_group
        self.account = ObjectStoreAccount(name, props.account, self.child())
        # --- AWS: a read-only user and its key ------------------------------------------------------
        self.user = aws.iam.User(
            f"{name}-adf",
            path="/cross-cloud/",
            tags={**props.tags, "Name": f"{name}-adf"},
            opts=on_aws,
        )
        self.user_policy = aws.iam.UserPolicy(
            f"{name}-adf",
            user=self.user.name,
            policy=bucket_read_statements(props.source).apply(lambda s: iam.document(*s)),
            opts=on_aws,
        )
        self.access_key = aws.iam.AccessKey(f"{name}-adf", user=self.user.name, opts=on_aws)
        secret_name = f"{props.service}-{props.store.name}-s3-key"[:127]
        self.secret = keyvault.Secret(
            f"{name}-s3-key",
            secret_name=secret_name,
            vault_name=props.vault_name,
            resource_group_name=group,
            properties=keyvault.SecretPropertiesArgs(
                value=pulumi.Output.secret(self.access_key.secret),
                content_type="AWS secret access key (read-only, one bucket)",
            ),
            tags=dict(props.tags),
            opts=self.child(),
        )
        # --- Azure: the factory -----------------------------------------------------------------------
        self.factory = adf.Factory(
            f"{name}-adf",
            factory_name=props.factory_name,
            resource_group_name=group,
            location=props.location,
            identity=adf.FactoryIdentityArgs(type="SystemAssigned"),
            tags=dict(props.tags),
            opts=self.child(),
        )
        principal = self.factory.identity.apply(lambda i: (i.principal_id if i else None) or "")
        self.reads_key = grant(
            f"{name}-adf-key",
            props.subscription_id,
            "Key Vault Secrets User",
            self.secret.id,
            principal,
            self.child(),
        )
        self.writes_account = grant(
            f"{name}-adf-account",
            props.subscription_id,
            "Storage Blob Data Contributor",
            self.account.id,
            principal,
            self.child(),
        )
        factory = self.factory.name

        def linked(
            short: str,
            properties: adf.AzureKeyVaultLinkedServiceArgs
            | adf.AmazonS3LinkedServiceArgs
            | adf.AzureBlobStorageLinkedServiceArgs,
        ) -> adf.LinkedService:
            return adf.LinkedService(
                f"{name}-{short}",
                linked_service_name=short,
                factory_name=factory,
                resource_group_name=group,
                properties=properties,
                opts=self.child(),
            )

        vault = linked(
            "keyvault", adf.AzureKeyVaultLinkedServiceArgs(type="AzureKeyVault", base_url=props.vault_uri)
        )
        s3 = linked(
            "s3",
            adf.AmazonS3LinkedServiceArgs(
                type="AmazonS3",
                authentication_type="AccessKey",
                access_key_id=self.access_key.id,
                secret_access_key=adf.AzureKeyVaultSecretReferenceArgs(
                    type="AzureKeyVaultSecret",
                    store=adf.LinkedServiceReferenceArgs(
                        reference_name="keyvault", type="LinkedServiceReference"
                    ),
                    secret_name=secret_name,
                ),
            ),
        )
        blob = linked(
            "account",
            adf.AzureBlobStorageLinkedServiceArgs(
                type="AzureBlobStorage",
                service_endpoint=self.account.name.apply(lambda a: f"https://{a}.blob.core.windows.net/"),
                authentication_type="Msi",
            ),
        )
        source = adf.Dataset(
            f"{name}-source",
            dataset_name="source",
            factory_name=factory,
            resource_group_name=group,
            properties=adf.BinaryDatasetArgs(
                type="Binary",
                linked_service_name=adf.LinkedServiceReferenceArgs(
                    reference_name="s3", type="LinkedServiceReference"
                ),
                location=adf.AmazonS3LocationArgs(type="AmazonS3Location", bucket_name=props.source.name),
            ),
            opts=self.child(depends_on=[s3]),
        )
        sink = adf.Dataset(
            f"{name}-sink",
            dataset_name="sink",
            factory_name=factory,
            resource_group_name=group,
            properties=adf.BinaryDatasetArgs(
                type="Binary",
                linked_service_name=adf.LinkedServiceReferenceArgs(
                    reference_name="account", type="LinkedServiceReference"
                ),
                location=adf.AzureBlobStorageLocationArgs(
                    type="AzureBlobStorageLocation", container=CONTAINER
                ),
            ),
            opts=self.child(depends_on=[blob]),
        )
        self.pipeline = adf.Pipeline(
            f"{name}-copy",
            pipeline_name="copy",
            factory_name=factory,
            resource_group_name=group,
            parameters={
                "windowStart": adf.ParameterSpecificationArgs(type="String", default_value=EVER),
                "windowEnd": adf.ParameterSpecificationArgs(type="String", default_value=NEVER),
            },
            activities=[
                adf.CopyActivityArgs(
                    name="copy-window",
                    type="Copy",
                    inputs=[adf.DatasetReferenceArgs(reference_name="source", type="DatasetReference")],
                    outputs=[adf.DatasetReferenceArgs(reference_name="sink", type="DatasetReference")],
                    source=adf.BinarySourceArgs(
                        type="BinarySource",
                        store_settings=adf.AmazonS3ReadSettingsArgs(
                            type="AmazonS3ReadSettings",
                            recursive=True,
                            modified_datetime_start=_expression("@pipeline().parameters.windowStart"),
                            modified_datetime_end=_expression("@pipeline().parameters.windowEnd"),
                        ),
                    ),
                    sink=adf.BinarySinkArgs(
                        type="BinarySink",
                        store_settings=adf.AzureBlobStorageWriteSettingsArgs(
                            type="AzureBlobStorageWriteSettings"
                        ),
                    ),
                    policy=adf.ActivityPolicyArgs(
                        retry=3, retry_interval_in_seconds=60, timeout="0.01:00:00"
                    ),
                )
            ],
            opts=self.child(depends_on=[source, sink, vault, self.reads_key, self.writes_account]),
        )
        minutes = int(ADF_WINDOW.total_seconds() // 60)
        lookback = int(LOOKBACK.total_seconds() // 60)
        self.every_window = self._trigger(
            name,
            "every-window",
            adf.ScheduleTriggerRecurrenceArgs(
                frequency="Minute", interval=minutes, start_time=SCHEDULE_START, time_zone="UTC"
            ),
            {
                "windowStart": f"@{{addMinutes(trigger().scheduledTime, -{lookback})}}",
                "windowEnd": "@{trigger().scheduledTime}",
            },
            group,
        )
        self.daily = self._trigger(
            name,
            "daily-full-pass",
            adf.ScheduleTriggerRecurrenceArgs(
                frequency="Day",
                interval=1,
                start_time=SCHEDULE_START.replace("T00:", f"T{FULL_PASS_HOUR_UTC:02d}:"),
                time_zone="UTC",
            ),
            {},
            group,
        )
        self.activate_command: pulumi.Output[str] = pulumi.Output.all(factory, group).apply(
            lambda a: (
                f"az datafactory pipeline create-run --factory-name {a[0]} --resource-group {a[1]} "
                f"--name copy && az datafactory trigger start --factory-name {a[0]} --resource-group {a[1]} "
                f"--name every-window && az datafactory trigger start --factory-name {a[0]} "
                f"--resource-group {a[1]} --name daily-full-pass"
            )
        )
        self.id: pulumi.Output[str] = self.account.id
        self.register_outputs({"account": self.account.name})

    def _trigger(
        self,
        name: str,
        trigger: str,
        recurrence: adf.ScheduleTriggerRecurrenceArgs,
        parameters: dict[str, str],
        group: pulumi.Input[str],
    ) -> adf.Trigger:
        return adf.Trigger(
            f"{name}-{trigger}",
            trigger_name=trigger,
            factory_name=self.factory.name,
            resource_group_name=group,
            properties=adf.ScheduleTriggerArgs(
                type="ScheduleTrigger",
                recurrence=recurrence,
                pipelines=[
                    adf.TriggerPipelineReferenceArgs(
                        pipeline_reference=adf.PipelineReferenceArgs(
                            reference_name="copy", type="PipelineReference"
                        ),
                        parameters=parameters or None,
                    )
                ],
            ),
            opts=self.child(depends_on=[self.pipeline]),
        )

    def outputs(self) -> dict[str, Any]:
        return {**self.account.outputs(), outputs.ACTIVATE_COMMAND: self.activate_command}


def _expression(value: str) -> dict[str, str]:
    """A Data Factory expression where the schema takes any type (an object with `type`)."""
    return {"value": value, "type": "Expression"}


def factory_name(subscription_id: str, organization: str, environment: str, service: str, store: str) -> str:
    """3-63 letters, digits and '-', globally unique (Data Factory naming rules)."""
    return names.data_factory_name(subscription_id, organization, environment, service, store)
