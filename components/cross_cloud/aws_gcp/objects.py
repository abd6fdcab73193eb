"""One object store's path from prod's S3 bucket into a Cloud Storage bucket in the recovery
region, by Storage Transfer Service (clouds/aws_to_gcp.py: `replicated-bucket`).

On Google Cloud: the sink bucket (hardened like every bucket: CMEK with the site key, versioning,
soft delete, uniform access, public access prevention, usage logs; WORM stores a retention
policy, locked when the vault lock is in compliance mode), the transfer service agent's access to
it, and two transfer jobs:
- event-driven: STS reads the S3 event notifications from an SQS queue and copies what was
  created or overwritten ("Event-driven transfers from AWS S3"); deletions are not seen.
- a daily full pass comparing both buckets, which deletes in the sink what the source no longer
  has (`deleteObjectsUniqueInSink`; with versioning the sink keeps them as noncurrent versions,
  STS "Configure access to a sink"), and copies whatever an event missed. WORM stores' sinks
  refuse deletions under retention, so their pass deletes nothing.

On AWS, through the dr stack's AWS provider (prod's region, where the bucket and so the queue
must be: S3 sends notifications to a queue of its own Region): the queue (SSE-SQS: S3 can publish
to it without a key policy grant; 14-day retention so a paused transfer loses no event), its
policy (only prod's bucket may send; TLS only), the bucket's notification configuration (prod
declares none: S3 keeps one per bucket), a queue-age alarm at the store's RPO, and the role STS
assumes. No key: the role trusts Google's identity federation ("Configure access to a source:
Amazon S3", federated identity): `accounts.google.com` with the transfer service agent's subject
id, read from `storage.getTransferProjectServiceAccount`; it may list and read this bucket,
decrypt through S3 with prod's key, and consume this queue, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_gcp as gcp

from clouds.aws_to_gcp import FULL_PASS_EVERY
from components.aws import iam
from components.base import Component
from components.cross_cloud.aws_source import SourceBucket, bucket_read_statements, queue_age_alarm
from components.gcp.buckets import BucketProps, HardenedBucket
from config.models import ObjectStore
from vocabulary import outputs

GOOGLE_FEDERATION = "accounts.google.com"
QUEUE_RETENTION_SECONDS = 14 * 86400
"""SQS's maximum message retention (SetQueueAttributes MessageRetentionPeriod: 60 s-14 days)."""
SINK_ROLES = ("roles/storage.legacyBucketWriter", "roles/storage.objectViewer")
"""The transfer service agent on the sink: create, list and delete objects (legacyBucketWriter,
STS "Configure access to a sink: Cloud Storage") and read them to compare when overwriting only
what differs (objectViewer: storage.objects.get)."""
FULL_PASS_START = {"year": 2026, "month": 1, "day": 1}
"""A fixed date in the past: STS starts a schedule whose start is past the day after creation
(TransferJob.schedule.scheduleStartDate), and a fixed date keeps the plan deterministic."""
FULL_PASS_HOUR_UTC = 3
SOURCE_EVENTS = ["s3:ObjectCreated:*"]
"""Created or overwritten objects; deletions are the full pass's (STS ignores removal events)."""
TRANSFER_LOG_ACTIONS = ["COPY", "DELETE"]
TRANSFER_LOG_STATES = ["FAILED", "SUCCEEDED"]


@dataclass(frozen=True)
class ObjectPathProps:
    service: str
    store: ObjectStore
    rpo: timedelta
    source: SourceBucket
    project: str
    region: str
    key_id: pulumi.Input[str]
    """The recovery site's key (regional CMEK in the bucket's region)."""
    log_bucket: pulumi.Input[str]
    lock_retention: bool
    """Lock WORM retention (the vault lock's compliance mode)."""
    alert_topic_arn: pulumi.Input[str]
    """prod's alert topic (the queue's alarm lives in prod's region)."""
    tags: Mapping[str, str]
    peer_provider: pulumi.ProviderResource


class S3ToCloudStorage(Component):
    def __init__(self, name: str, props: ObjectPathProps, opts: pulumi.ResourceOptions | None = None):
        super().__init__("object_path", name, opts)
        source = props.source
        on_aws = self.child(provider=props.peer_provider)
        agent = gcp.storage.get_transfer_project_service_account_output(
            project=props.project, opts=pulumi.InvokeOutputOptions(parent=self)
        )
        # --- AWS: the event queue, the notification, the read-only role ---------------------------
        self.queue = aws.sqs.Queue(
            f"{name}-events",
            message_retention_seconds=QUEUE_RETENTION_SECONDS,
            sqs_managed_sse_enabled=True,
            tags={**props.tags, "Name": f"{name}-events"},
            opts=on_aws,
        )
        self.queue_policy = aws.sqs.QueuePolicy(
            f"{name}-events",
            queue_url=self.queue.url,
            policy=pulumi.Output.all(self.queue.arn, source.arn).apply(lambda a: _queue_policy(a[0], a[1])),
            opts=on_aws,
        )
        self.notification = aws.s3.BucketNotification(
            f"{name}-events",
            bucket=source.name,
            queues=[aws.s3.BucketNotificationQueueArgs(queue_arn=self.queue.arn, events=SOURCE_EVENTS)],
            # S3 checks it may publish to the queue when the configuration is put.
            opts=self.child(provider=props.peer_provider, depends_on=[self.queue_policy]),
        )
        self.role = aws.iam.Role(
            f"{name}-sts",
            description=f"Storage Transfer Service reads {props.service}/{props.store.name} (read-only)",
            assume_role_policy=agent.subject_id.apply(_google_trust),
            tags={**props.tags, "Name": f"{name}-sts"},
            opts=on_aws,
        )
        self.role_policy = aws.iam.RolePolicy(
            f"{name}-sts",
            role=self.role.id,
            policy=pulumi.Output.all(bucket_read_statements(source), self.queue.arn).apply(
                lambda a: iam.document(*a[0], _consume(a[1]))
            ),
            opts=on_aws,
        )
        queue_age_alarm(
            f"{name}-events-age",
            self.queue.name,
            max(300, int(props.rpo.total_seconds())),
            props.alert_topic_arn,
            f"{props.service}/{props.store.name}: S3 events wait longer than the store's RPO for Storage "
            "Transfer Service (the Google Cloud copy is late)",
            props.tags,
            on_aws,
        )
        # --- Google Cloud: the sink and the two jobs ----------------------------------------------
        worm = props.store.worm
        self.sink = HardenedBucket(
            name,
            BucketProps(
                location=props.region,
                key_id=props.key_id,
                tags={**props.tags, "dr-source": "aws-s3"},
                log_bucket=props.log_bucket,
                retention=props.store.worm_retention if worm else None,
                lock_retention=worm and props.lock_retention,
            ),
            self.child(),
        )
        self.grants = [
            gcp.storage.BucketIAMMember(
                f"{name}-sts-{role.rsplit('.', 1)[-1].lower()}",
                bucket=self.sink.name,
                role=role,
                member=agent.email.apply(lambda e: f"serviceAccount:{e}"),
                opts=self.child(),
            )
            for role in SINK_ROLES
        ]
        spec = pulumi.Output.all(source.name, self.role.arn, self.sink.name).apply(
            lambda a: {"bucket": a[0], "role": a[1], "sink": a[2]}
        )
        waits: list[pulumi.Resource] = [*self.grants, self.role_policy, self.notification]
        self.events = gcp.storage.TransferJob(
            f"{name}-events",
            project=props.project,
            description=f"{props.service}/{props.store.name}: S3 events -> Cloud Storage (dr)",
            event_stream=gcp.storage.TransferJobEventStreamArgs(name=self.queue.arn),
            transfer_spec=_transfer_spec(spec, delete_unique=False),
            logging_config=gcp.storage.TransferJobLoggingConfigArgs(
                log_actions=TRANSFER_LOG_ACTIONS, log_action_states=TRANSFER_LOG_STATES
            ),
            status="ENABLED",
            opts=self.child(depends_on=waits),
        )
        self.full_pass = gcp.storage.TransferJob(
            f"{name}-daily",
            project=props.project,
            description=f"{props.service}/{props.store.name}: daily S3 -> Cloud Storage pass (dr)",
            schedule=gcp.storage.TransferJobScheduleArgs(
                schedule_start_date=gcp.storage.TransferJobScheduleScheduleStartDateArgs(**FULL_PASS_START),
                start_time_of_day=gcp.storage.TransferJobScheduleStartTimeOfDayArgs(
                    hours=FULL_PASS_HOUR_UTC, minutes=0, seconds=0, nanos=0
                ),
                repeat_interval=f"{int(FULL_PASS_EVERY.total_seconds())}s",
            ),
            transfer_spec=_transfer_spec(spec, delete_unique=not worm),
            logging_config=gcp.storage.TransferJobLoggingConfigArgs(
                log_actions=TRANSFER_LOG_ACTIONS, log_action_states=TRANSFER_LOG_STATES
            ),
            status="ENABLED",
            opts=self.child(depends_on=waits),
        )
        self.arn: pulumi.Output[str] = self.sink.url
        self.register_outputs({"bucket": self.sink.name})

    def outputs(self) -> dict[str, Any]:
        return {outputs.BUCKET: self.sink.name, outputs.STORE_ARN: self.sink.url}


def _transfer_spec(
    spec: pulumi.Output[dict[str, str]], delete_unique: bool
) -> gcp.storage.TransferJobTransferSpecArgs:
    return gcp.storage.TransferJobTransferSpecArgs(
        aws_s3_data_source=gcp.storage.TransferJobTransferSpecAwsS3DataSourceArgs(
            bucket_name=spec.apply(lambda s: s["bucket"]), role_arn=spec.apply(lambda s: s["role"])
        ),
        gcs_data_sink=gcp.storage.TransferJobTransferSpecGcsDataSinkArgs(
            bucket_name=spec.apply(lambda s: s["sink"])
        ),
        transfer_options=gcp.storage.TransferJobTransferSpecTransferOptionsArgs(
            overwrite_when="DIFFERENT", delete_objects_unique_in_sink=delete_unique
        ),
    )


def _google_trust(subject_id: str) -> str:
    """The transfer service agent, and only it, assumes the role by web identity federation."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": GOOGLE_FEDERATION},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {f"{GOOGLE_FEDERATION}:sub": subject_id}},
                }
            ],
        }
    )


def _consume(queue_arn: str) -> dict[str, Any]:
    """What STS does with the event queue: receive, delete and hold back messages, read its depth."""
    return {
        "Sid": "ConsumeTheEventQueue",
        "Effect": "Allow",
        "Action": [
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:GetQueueAttributes",
        ],
        "Resource": queue_arn,
    }


def _queue_policy(queue_arn: str, bucket_arn: str) -> str:
    account = queue_arn.split(":")[4] if queue_arn.count(":") >= 5 else ""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TheBucketSendsItsEvents",
                    "Effect": "Allow",
                    "Principal": {"Service": "s3.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {
                        "ArnLike": {"aws:SourceArn": bucket_arn},
                        "StringEquals": {"aws:SourceAccount": account},
                    },
                },
                {
                    "Sid": "TlsOnly",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "sqs:*",
                    "Resource": queue_arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                },
            ],
        }
    )
