"""An ACM certificate for one hostname, DNS-validated in the public zone."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from components.base import Component


class DnsValidatedCertificate(Component):
    def __init__(
        self,
        name: str,
        hostname: str,
        zone_id: str,
        tags: Mapping[str, str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("certificate", name, opts)
        self.certificate = aws.acm.Certificate(
            name,
            domain_name=hostname,
            validation_method="DNS",
            tags={**tags, "Name": hostname},
            opts=self.child(),
        )
        option = self.certificate.domain_validation_options[0]
        # ACM gives the same validation CNAME for a domain in every region of an account, and both
        # stacks certify the same hostname: each may (over)write it (terraform-provider-aws #13653).
        self.validation_record = aws.route53.Record(
            f"{name}-validation",
            zone_id=zone_id,
            name=option.resource_record_name,
            type=option.resource_record_type,
            records=[option.resource_record_value],
            ttl=60,
            allow_overwrite=True,
            opts=self.child(),
        )
        self.validation = aws.acm.CertificateValidation(
            name,
            certificate_arn=self.certificate.arn,
            validation_record_fqdns=[self.validation_record.fqdn],
            opts=self.child(),
        )
        self.arn: pulumi.Output[str] = self.validation.certificate_arn
        self.register_outputs({"arn": self.arn})
