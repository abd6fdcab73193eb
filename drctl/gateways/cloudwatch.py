"""CloudWatch: a service's alarms (found by their `service` tag) and metric statistics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from drctl.gateways.base import Gateway

ALARM_TYPES = ("MetricAlarm", "CompositeAlarm")


class CloudWatchGateway(Gateway):
    service = "cloudwatch"

    def service_alarms(self, service: str) -> list[dict[str, Any]]:
        """Every metric and composite alarm in this region tagged `service=<name>`, with its state."""
        out = []
        for page in self._alarm_pages():
            for alarm in [*page.get("MetricAlarms", []), *page.get("CompositeAlarms", [])]:
                tags = self._read("list_tags_for_resource", ResourceARN=alarm["AlarmArn"])["Tags"]
                if any(t["Key"] == "service" and t["Value"] == service for t in tags):
                    out.append(
                        {
                            "name": alarm["AlarmName"],
                            "arn": alarm["AlarmArn"],
                            "region": self.region,
                            "state": alarm["StateValue"],
                            "reason": alarm.get("StateReason", ""),
                            "metric": alarm.get("MetricName"),
                            "namespace": alarm.get("Namespace"),
                            "dimensions": {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])},
                        }
                    )
        return out

    def _alarm_pages(self) -> Iterator[dict[str, Any]]:
        """Every page of DescribeAlarms; without AlarmTypes it returns metric alarms only."""
        token: str | None = None
        while True:
            page = self._read(
                "describe_alarms", AlarmTypes=list(ALARM_TYPES), **({"NextToken": token} if token else {})
            )
            yield page
            token = page.get("NextToken")
            if not token:
                return

    def states(self, names: list[str]) -> dict[str, str]:
        """Current state of the named alarms (the stop conditions, polled while a drill runs)."""
        out: dict[str, str] = {}
        for i in range(0, len(names), 100):  # DescribeAlarms takes up to 100 names
            found = self._read("describe_alarms", AlarmNames=names[i : i + 100], AlarmTypes=list(ALARM_TYPES))
            for kind in ("MetricAlarms", "CompositeAlarms"):
                out.update({a["AlarmName"]: a["StateValue"] for a in found.get(kind, [])})
        return out

    def maximum(
        self, namespace: str, metric: str, dimensions: dict[str, str], end: datetime, minutes: int = 15
    ) -> float | None:
        """The largest datapoint (Maximum, 1-minute periods) over the last `minutes`; None if none."""
        found = self._read(
            "get_metric_statistics",
            Namespace=namespace,
            MetricName=metric,
            Dimensions=[{"Name": k, "Value": v} for k, v in dimensions.items()],
            StartTime=end - timedelta(minutes=minutes),
            EndTime=end,
            Period=60,
            Statistics=["Maximum"],
        )["Datapoints"]
        return max((float(p["Maximum"]) for p in found), default=None)
