import { Duration } from "aws-cdk-lib";
import { type HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { Needs } from "../lambdas/runtime/define.js";
import { BUNDLING } from "./bundling.js";

/** What every WHM function's Lambda shares. */
export interface WhmFunctionShared {
  readonly api: HttpApi;
  readonly table: ITable;
  /** The table's customer-managed key. */
  readonly dataKey: IKey;
  readonly secretsKey: IKey;
  readonly portalSecret: ISecret;
  /** ARN pattern of the tenants' provider secrets, e.g. `arn:...:secret:whm/prod/tenants/*`. */
  readonly tenantSecretsArn: string;
  readonly environment: Record<string, string>;
  readonly memoryMb: number;
  readonly logRetention: RetentionDays;
  readonly lambdasDir: string;
}

export interface WhmFunctionProps {
  readonly name: string;
  /** The handler module, relative to lambdas/. */
  readonly entry: string;
  readonly needs: Needs;
  /** Route prefixes served; the default route's function has none. */
  readonly routes: boolean;
  /**
   * Authenticates callers (every WHM API route, and the default route): reads tokens, sessions and
   * failure counters in one BatchGetItem, touches sessions, counts failures.
   */
  readonly authenticates?: boolean;
  /** Overrides the default timeout (6 s; 15 s for functions that call the portal). */
  readonly timeoutSeconds?: number;
  /** A folder under lambdas/ copied beside the bundle (static files the handler reads). */
  readonly copyDir?: { readonly from: string; readonly to: string };
}

/**
 * One WHM API 1 function: its own Lambda (arm64, Node.js 22, a minified ESM bundle of only the
 * code it imports), its four routes (`/json-api/NAME`, `/xml-api/NAME` and both under
 * `/{cpsess}/`), grants derived from what it declares it needs, log retention and alarms.
 */
export class WhmFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, shared: WhmFunctionShared, props: WhmFunctionProps) {
    super(scope, id);
    const { needs } = props;
    const logGroup = new LogGroup(this, "Logs", { retention: shared.logRetention });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `whm-serverless ${props.name}: only what the function declares it needs`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, "Fn", {
      role,
      entry: `${shared.lambdasDir}/${props.entry}`,
      handler: "handler",
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: shared.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds ?? (needs.portal ? 15 : 6)),
      environment: {
        ...shared.environment,
        ...(needs.portal ? { PORTAL_CLIENT_SECRET_ARN: shared.portalSecret.secretArn } : {}),
      },
      logGroup,
      bundling: {
        minify: BUNDLING.minify,
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        sourceMap: false,
        externalModules: [...BUNDLING.external],
        ...(props.copyDir
          ? {
              commandHooks: copyAfterBundling(`${shared.lambdasDir}/${props.copyDir.from}`, props.copyDir.to),
            }
          : {}),
      },
    });
    this.grant(shared, needs, props.authenticates ?? false);
    if (props.routes) this.addRoutes(shared.api, props.name);
    this.addAlarms(props.name);
  }

  /** Exactly the actions the function's needs call for, on exactly its resources (no wildcards). */
  private grant(shared: WhmFunctionShared, needs: Needs, authenticates: boolean): void {
    const allow = (actions: string[], resources: string[]) =>
      this.fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    if (authenticates) {
      // Authentication reads tokens, sessions and failure counters, and writes only session
      // activity and failure counters: the writes are held to those partitions.
      allow(["dynamodb:BatchGetItem", "dynamodb:GetItem"], [shared.table.tableArn]);
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
          resources: [shared.table.tableArn],
          conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["AUTHFAIL#*", "SESSION#*"] } },
        }),
      );
    }
    if (needs.table) {
      const reads = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"];
      const writes = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];
      const batch = needs.batchWrite ? ["dynamodb:BatchWriteItem"] : [];
      allow(needs.table === "write" ? [...reads, ...writes, ...batch] : reads, [shared.table.tableArn]);
    }
    if (authenticates || needs.table) {
      const writes = authenticates || needs.table === "write";
      allow(writes ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], [
        shared.dataKey.keyArn,
      ]);
    }
    if (needs.secrets) {
      const actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];
      if (needs.secrets === "write")
        actions.push(
          "secretsmanager:PutSecretValue",
          "secretsmanager:CreateSecret",
          "secretsmanager:TagResource",
        );
      allow(actions, [shared.tenantSecretsArn]);
      allow(needs.secrets === "write" ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], [
        shared.secretsKey.keyArn,
      ]);
    }
    if (needs.portal) shared.portalSecret.grantRead(this.fn);
  }

  private addRoutes(api: HttpApi, name: string): void {
    const integration = new HttpLambdaIntegration(`${name}-integration`, this.fn);
    for (const prefix of ["", "/{cpsess}"]) {
      for (const format of ["json", "xml"]) {
        api.addRoutes({ path: `${prefix}/${format}-api/${name}`, methods: [HttpMethod.ANY], integration });
      }
    }
  }

  private addAlarms(name: string): void {
    const common = {
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };
    new Alarm(this, "Errors", {
      ...common,
      alarmDescription: `${name}: the Lambda raised errors`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5) }),
    });
    new Alarm(this, "Throttles", {
      ...common,
      alarmDescription: `${name}: the Lambda was throttled`,
      metric: this.fn.metricThrottles({ period: Duration.minutes(5) }),
    });
  }
}

/** esbuild bundles code only; static files a handler reads are copied in after bundling. */
function copyAfterBundling(from: string, to: string) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [`cp -r "${from}" "${outputDir}/${to}"`],
  };
}
