"""AWS Backup: vault lock, recovery points, restore jobs and their validation, restore tests."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation

MISSING = ("ResourceNotFoundException",)


def vault_name(vault_arn: str) -> str:
    return vault_arn.rsplit(":", 1)[-1]


class BackupGateway(Gateway):
    service = "backup"

    def vault(self, vault_arn: str) -> dict[str, Any] | None:
        return self._read_or_none("describe_backup_vault", MISSING, BackupVaultName=vault_name(vault_arn))

    def newest_recovery_point(self, vault_arn: str, resource_arn: str) -> dict[str, Any] | None:
        """The newest COMPLETED recovery point of a resource in a vault (copies keep the source ARN)."""
        points = self._read(
            "list_recovery_points_by_backup_vault",
            BackupVaultName=vault_name(vault_arn),
            ByResourceArn=resource_arn,
        )["RecoveryPoints"]
        done = [p for p in points if p.get("Status") == "COMPLETED"]
        return max(done, key=lambda p: p["CreationDate"], default=None)

    def restore_metadata(self, vault_arn: str, recovery_point_arn: str) -> dict[str, str]:
        return self._read(
            "get_recovery_point_restore_metadata",
            BackupVaultName=vault_name(vault_arn),
            RecoveryPointArn=recovery_point_arn,
        )["RestoreMetadata"]

    def prepare_restore(self, vault_arn: str, resource_arn: str, overrides: dict[str, str]) -> dict[str, Any]:
        """The newest recovery point of a resource and the restore metadata aimed at a scratch target."""
        point = self.newest_recovery_point(vault_arn, resource_arn)
        if point is None:
            raise RuntimeError(f"no completed recovery point of {resource_arn} in {vault_name(vault_arn)}")
        metadata = {**self.restore_metadata(vault_arn, point["RecoveryPointArn"]), **overrides}
        return {
            "recoveryPointArn": point["RecoveryPointArn"],
            "createdAt": str(point["CreationDate"]),
            "metadata": metadata,
        }

    def start_restore(
        self, recovery_point_arn: str, role_arn: str, metadata: dict[str, str], resource_type: str
    ) -> Any:
        return self._mutate(
            "start_restore_job",
            RecoveryPointArn=recovery_point_arn,
            Metadata=metadata,
            IamRoleArn=role_arn,
            ResourceType=resource_type,
            CopySourceTagsToRestoredResource=False,
        )

    def restore_job(self, job_id: str) -> dict[str, Any]:
        return self._read("describe_restore_job", RestoreJobId=job_id)

    def await_restore(self, job_id: str) -> Observation:
        job = self.restore_job(job_id)
        status = job["Status"]
        if status in ("ABORTED", "FAILED"):
            raise RuntimeError(f"restore job {job_id} {status}: {job.get('StatusMessage', '')}")
        return Observation(
            status == "COMPLETED",
            f"restore job {status}",
            {"restoreJobId": job_id, "status": status, "createdResourceArn": job.get("CreatedResourceArn")},
        )

    def put_validation(self, job_id: str, ok: bool, message: str) -> Any:
        return self._mutate(
            "put_restore_validation_result",
            RestoreJobId=job_id,
            ValidationStatus="SUCCESSFUL" if ok else "FAILED",
            ValidationStatusMessage=message[:1000],
        )

    def restore_testing_plan_arn(self, name: str) -> str | None:
        found = self._read_or_none("get_restore_testing_plan", MISSING, RestoreTestingPlanName=name)
        return found["RestoreTestingPlan"]["RestoreTestingPlanArn"] if found else None

    def newest_restore_test(self, plan_arn: str) -> dict[str, Any] | None:
        jobs = self._read("list_restore_jobs", ByRestoreTestingPlanArn=plan_arn)["RestoreJobs"]
        return max(jobs, key=lambda j: j["CreationDate"], default=None)
