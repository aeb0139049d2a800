import { join } from "node:path";
import { bundleHandler } from "./bundling.js";
import { grantsOf, secretsKeyActions, tableActions, tableKeyActions } from "./grants.js";

const ROOT = join(import.meta.dirname, "..");

/** Placeholders the operator replaces: the account, the region, the stage. */
const ACCOUNT = "ACCOUNT_ID";
const REGION = "REGION";
const STAGE = "STAGE";

interface Statement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * What an operator needs, and nothing more: deploy through the CDK bootstrap roles (CloudFormation
 * acts with those, not with the operator's own rights), read the stack's outputs, run the admin
 * command (exactly the accesses its bundle names), and watch the stage (alarms, dashboard, logs).
 */
export function operatorPolicy(): { Version: string; Statement: Statement[] } {
  const admin = grantsOf(bundleHandler(join(ROOT, "bin", "admin.ts")).code);
  const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/whm-serverless-${STAGE}-Table*`;
  const statements: Statement[] = [
    {
      Sid: "DeployThroughCdkBootstrapRoles",
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Resource: [
        `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-deploy-role-${ACCOUNT}-${REGION}`,
        `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-${REGION}`,
        `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-lookup-role-${ACCOUNT}-${REGION}`,
      ],
    },
    {
      Sid: "ReadStackOutputs",
      Effect: "Allow",
      Action: ["cloudformation:DescribeStacks"],
      Resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/whm-serverless-${STAGE}/*`,
    },
    {
      Sid: "AdminCommandTable",
      Effect: "Allow",
      Action: tableActions(admin).sort(),
      Resource: table,
    },
    {
      Sid: "AdminCommandTableKey",
      Effect: "Allow",
      Action: tableKeyActions(admin),
      Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
    },
    {
      Sid: "AdminCommandTenantSecrets",
      Effect: "Allow",
      Action: [...admin.tenantSecrets].sort(),
      Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:whm/${STAGE}/tenants/*`,
    },
    {
      Sid: "AdminCommandSecretsKey",
      Effect: "Allow",
      Action: secretsKeyActions(admin),
      Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } },
    },
    {
      Sid: "WatchTheStage",
      Effect: "Allow",
      Action: [
        "cloudwatch:DescribeAlarms",
        "cloudwatch:GetDashboard",
        "cloudwatch:GetMetricData",
        "logs:DescribeQueryDefinitions",
        "logs:GetQueryResults",
        "logs:StartQuery",
        "logs:FilterLogEvents",
      ],
      Resource: "*",
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}
