import { Duration } from "aws-cdk-lib";
import {
  type HttpApi,
  HttpIntegrationType,
  HttpMethod,
  HttpRouteIntegration,
  type HttpRouteIntegrationConfig,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { bundleHandler } from "./bundling.js";
import { changesData, type Grants, grantsOf, secretsKeyActions, tableKeyActions } from "./grants.js";
import { memorySizeOf } from "./memory-sizes.js";

/** What every WHM function's Lambda shares. */
export interface WhmFunctionShared {
  readonly api: HttpApi;
  readonly table: ITable;
  /** The table's customer-managed key. */
  readonly dataKey: IKey;
  readonly secretsKey: IKey;
  readonly portalSecret: ISecret;
  /** The ID-token signing keys (KMS) of the tenants' OpenID Connect providers. */
  readonly signingKeys: readonly IKey[];
  /** ARN pattern of the tenants' provider secrets, e.g. `arn:...:secret:whm/prod/tenants/*`. */
  readonly tenantSecretsArn: string;
  readonly environment: Record<string, string>;
  /** Memory of functions the benchmark has not sized (lib/memory-sizes.json sizes the catalog's). */
  readonly memoryMb: number;
  readonly logRetention: RetentionDays;
  readonly logging: {
    readonly applicationLevel: keyof typeof ApplicationLogLevel;
    readonly systemLevel: keyof typeof SystemLogLevel;
  };
  /** Trace the functions that change data; `traceReads` the others too. */
  readonly tracing: boolean;
  readonly traceReads: boolean;
  readonly lambdasDir: string;
}

export interface WhmFunctionProps {
  readonly name: string;
  /** The handler module, relative to lambdas/. */
  readonly entry: string;
  /** Route prefixes served; the default route's function has none. */
  readonly routes: boolean;
  /** The browser-facing routes of a function outside the catalog (sign-in, sessions, the API Shell, the fleet provider). */
  readonly webRoutes?: { readonly paths: readonly string[]; readonly methods: readonly HttpMethod[] };
  /** Overrides the default timeout (6 s; 15 s for functions that call the portal). */
  readonly timeoutSeconds?: number;
  /** A folder under lambdas/ copied beside the bundle (static files the handler reads). */
  readonly copyDir?: { readonly from: string; readonly to: string };
}

/**
 * One WHM API 1 function: its own Lambda (arm64, Node.js 24, a minified ESM bundle of only the
 * code it imports), its four routes (`/json-api/NAME`, `/xml-api/NAME` and both under
 * `/{cpsess}/`), a role granting exactly the AWS accesses its bundle names (lib/grants.ts), log
 * retention and alarms.
 */
export class WhmFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly grants: Grants;
  readonly logGroup: LogGroup;
  readonly name: string;

  constructor(scope: Construct, id: string, shared: WhmFunctionShared, props: WhmFunctionProps) {
    super(scope, id);
    this.name = props.name;
    const copy = props.copyDir && {
      from: `${shared.lambdasDir}/${props.copyDir.from}`,
      to: props.copyDir.to,
    };
    const bundle = bundleHandler(`${shared.lambdasDir}/${props.entry}`, copy);
    this.grants = grantsOf(bundle.code);
    const portal = this.grants.portalSecret.size > 0;
    const traced = shared.tracing && (shared.traceReads || changesData(this.grants));
    const logGroup = new LogGroup(this, "Logs", { retention: shared.logRetention });
    this.logGroup = logGroup;
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `whm-serverless ${props.name}: only the accesses its code names`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new LambdaFunction(this, "Fn", {
      role,
      code: Code.fromAsset(bundle.dir),
      handler: "index.handler",
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: memorySizeOf(props.name, shared.memoryMb),
      timeout: Duration.seconds(props.timeoutSeconds ?? (portal ? 15 : 6)),
      environment: {
        ...shared.environment,
        POWERTOOLS_TRACE_ENABLED: String(traced),
        ...(portal ? { PORTAL_CLIENT_SECRET_ARN: shared.portalSecret.secretArn } : {}),
      },
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[shared.logging.applicationLevel],
      systemLogLevelV2: SystemLogLevel[shared.logging.systemLevel],
      ...(traced ? { tracing: Tracing.ACTIVE } : {}),
    });
    this.grant(shared);
    if (props.routes) this.addRoutes(shared.api, props.name);
    if (props.webRoutes) this.addWebRoutes(shared.api, props.name, props.webRoutes);
  }

  /** The function's own paths, with one integration and one invoke permission for all of them. */
  private addWebRoutes(api: HttpApi, name: string, routes: NonNullable<WhmFunctionProps["webRoutes"]>): void {
    const integration = new LambdaProxyIntegration(`${name}-integration`, this.fn);
    for (const path of routes.paths) api.addRoutes({ path, methods: [...routes.methods], integration });
    this.fn.addPermission("ApiInvoke", {
      principal: new ServicePrincipal("apigateway.amazonaws.com"),
      sourceArn: api.arnForExecuteApi("*", "/*"),
    });
  }

  /** Exactly the accesses the bundle names, on exactly their resources (no wildcards). */
  private grant(shared: WhmFunctionShared): void {
    const { table, partitions, tenantSecrets, portalSecret, signingKeys } = this.grants;
    const allow = (actions: Iterable<string>, resources: string[], prefixes?: string[]) =>
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: [...actions].sort(),
          resources,
          ...(prefixes
            ? { conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": prefixes } } }
            : {}),
        }),
      );
    if (table.size) allow(table, [shared.table.tableArn]);
    for (const [prefix, actions] of partitions) allow(actions, [shared.table.tableArn], [`${prefix}*`]);
    const dataKeyActions = tableKeyActions(this.grants);
    if (dataKeyActions.length) allow(dataKeyActions, [shared.dataKey.keyArn]);
    if (tenantSecrets.size) {
      allow(tenantSecrets, [shared.tenantSecretsArn]);
      allow(secretsKeyActions(this.grants), [shared.secretsKey.keyArn]);
    }
    if (portalSecret.size) shared.portalSecret.grantRead(this.fn);
    if (signingKeys.size)
      allow(
        signingKeys,
        shared.signingKeys.map((key) => key.keyArn),
      );
  }

  /**
   * Two routes, `/{api}/NAME` and `/{cpsess}/{api}/NAME` (the handler answers only `json-api` and
   * `xml-api` under a `/cpsessNNNNNNNNNN` token), and one invoke permission for both: a stack holds
   * at most 500 resources, and four routes with a permission each would not fit the catalog.
   */
  private addRoutes(api: HttpApi, name: string): void {
    const integration = new LambdaProxyIntegration(`${name}-integration`, this.fn);
    for (const path of [`/{api}/${name}`, `/{cpsess}/{api}/${name}`]) {
      api.addRoutes({ path, methods: [HttpMethod.ANY], integration });
    }
    this.fn.addPermission("ApiInvoke", {
      principal: new ServicePrincipal("apigateway.amazonaws.com"),
      sourceArn: api.arnForExecuteApi("*", `/*/${name}`),
    });
  }
}

/** A Lambda proxy integration that leaves the invoke permission to its function (one for all routes). */
class LambdaProxyIntegration extends HttpRouteIntegration {
  constructor(
    id: string,
    private readonly handler: IFunction,
  ) {
    super(id);
  }

  bind(): HttpRouteIntegrationConfig {
    return {
      type: HttpIntegrationType.AWS_PROXY,
      uri: this.handler.functionArn,
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    };
  }
}
