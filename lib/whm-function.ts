import { Duration } from "aws-cdk-lib";
import { type HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
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
    this.fn = new NodejsFunction(this, "Fn", {
      entry: `${shared.lambdasDir}/${props.entry}`,
      handler: "handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: shared.memoryMb,
      timeout: Duration.seconds(needs.portal || needs.outbound ? 15 : 6),
      environment: {
        ...shared.environment,
        ...(needs.portal ? { PORTAL_CLIENT_SECRET_ARN: shared.portalSecret.secretArn } : {}),
      },
      logGroup: new LogGroup(this, "Logs", { retention: shared.logRetention }),
      bundling: {
        minify: BUNDLING.minify,
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        sourceMap: false,
        externalModules: [...BUNDLING.external],
      },
    });
    this.grant(shared, needs);
    if (props.routes) this.addRoutes(shared.api, props.name);
    this.addAlarms(props.name);
  }

  private grant(shared: WhmFunctionShared, needs: Needs): void {
    if (needs.table === "read") shared.table.grantReadData(this.fn);
    if (needs.table === "write") shared.table.grantReadWriteData(this.fn);
    if (needs.secrets) {
      const actions = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"];
      if (needs.secrets === "write")
        actions.push(
          "secretsmanager:PutSecretValue",
          "secretsmanager:CreateSecret",
          "secretsmanager:TagResource",
        );
      this.fn.addToRolePolicy(new PolicyStatement({ actions, resources: [shared.tenantSecretsArn] }));
      if (needs.secrets === "write") shared.secretsKey.grantEncryptDecrypt(this.fn);
      else shared.secretsKey.grantDecrypt(this.fn);
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
