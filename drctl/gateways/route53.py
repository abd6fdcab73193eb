"""Route 53: health checks (config and the checkers' verdict) and failover records."""

from __future__ import annotations

from typing import Any

from drctl.gateways.base import Gateway, Observation

HEALTHY_SHARE = 0.18
"""Route 53 calls a check healthy when more than 18 % of its checkers report healthy (Route 53
Developer Guide, "How Amazon Route 53 determines whether a health check is healthy")."""


class Route53Gateway(Gateway):
    service = "route53"

    def health_check(self, health_check_id: str) -> dict[str, Any] | None:
        found = self._read_or_none("get_health_check", ("NoSuchHealthCheck",), HealthCheckId=health_check_id)
        return found["HealthCheck"] if found else None

    def health_status(self, health_check_id: str) -> Observation:
        """The checkers' verdict; `reached` means healthy."""
        response = self._read("get_health_check_status", HealthCheckId=health_check_id)
        reports = [o.get("StatusReport", {}).get("Status", "") for o in response["HealthCheckObservations"]]
        ok = sum(1 for r in reports if r.startswith("Success"))
        healthy = bool(reports) and ok / len(reports) > HEALTHY_SHARE
        return Observation(
            healthy,
            f"{ok}/{len(reports)} checkers report success",
            {
                "healthCheckId": health_check_id,
                "checkers": len(reports),
                "success": ok,
                "sample": reports[:3],
            },
        )

    def await_health(self, health_check_id: str, healthy: bool) -> Observation:
        seen = self.health_status(health_check_id)
        word = "healthy" if seen.reached else "unhealthy"
        return Observation(
            seen.reached == healthy, f"{health_check_id} {word} ({seen.summary})", seen.evidence
        )

    def set_inverted(self, health_check_id: str, inverted: bool) -> dict[str, Any] | None:
        """Inverting prod's endpoint check makes Route 53 treat prod as failed: the failover record
        answers with the SECONDARY (dr) target, with no record edit (data-plane failover)."""
        current = self.health_check(health_check_id)
        version = current["HealthCheckVersion"] if current else None
        params: dict[str, Any] = {"HealthCheckId": health_check_id, "Inverted": inverted}
        if version is not None:
            params["HealthCheckVersion"] = version  # refuse to clobber a concurrent change
        return self._mutate("update_health_check", **params)

    def inversion(self, health_check_id: str) -> dict[str, Any]:
        check = self.health_check(health_check_id)
        return {"inverted": bool(check and check["HealthCheckConfig"].get("Inverted", False))}

    def zone_for(self, hostname: str) -> str | None:
        """The hosted zone that holds `hostname` (the longest matching public zone)."""
        labels = hostname.rstrip(".").split(".")
        for i in range(len(labels) - 1):
            name = ".".join(labels[i:]) + "."
            zones = self._read("list_hosted_zones_by_name", DNSName=name, MaxItems="1")["HostedZones"]
            if zones and zones[0]["Name"] == name:
                return str(zones[0]["Id"]).rsplit("/", 1)[-1]
        return None

    def failover_records(self, zone_id: str, hostname: str) -> list[dict[str, Any]]:
        name = hostname.rstrip(".") + "."
        sets = self._read(
            "list_resource_record_sets", HostedZoneId=zone_id, StartRecordName=name, StartRecordType="A"
        )["ResourceRecordSets"]
        return [r for r in sets if r["Name"] == name and r["Type"] == "A" and "Failover" in r]
