"""An SES identity policy with a wildcard principal, written by hand: the pack must stop it."""

import json

import pulumi_aws as aws

identity = aws.ses.EmailIdentity("identity", email="no-reply@example.com")
anyone = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["ses:SendEmail", "ses:SendRawEmail"],
            "Resource": "*",
        }
    ],
}
aws.ses.IdentityPolicy("anyone", identity=identity.arn, name="anyone", policy=json.dumps(anyone))
