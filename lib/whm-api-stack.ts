import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  Token,
  Validations,
} from "aws-cdk-lib";
import {
  ApiMapping,
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { AttributeType, BillingMode, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { CATALOG } from "../lambdas/catalog.js";
import { TABLE_SCHEMA } from "../lambdas/stores/table-schema.js";
import { STAGE_TAG } from "../lambdas/stores/table-stage.js";
import { ACCESS_LOG_FORMAT } from "./access-log.js";
import { StageObservability } from "./observability.js";
import type { StageConfig } from "./stage-config.js";
import { WhmFunction, type WhmFunctionProps, type WhmFunctionShared } from "./whm-function.js";

const LAMBDAS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "lambdas");
const SERVICE_NAME = "whm-serverless";

export interface WhmApiStackProps extends StackProps {
  readonly stage: StageConfig;
}

/**
 * One stage of whm-serverless: the HTTP API, one Lambda per catalog function, the table, the
 * KMS keys and the portal client secret. Each function's grants are the AWS accesses its bundle names.
 */
export class WhmApiStack extends Stack {
  readonly api: HttpApi;
  readonly table: Table;

  constructor(scope: Construct, id: string, props: WhmApiStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const removalPolicy = stage.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const dataKey = new Key(this, "DataKey", {
      description: `whm-serverless ${stage.name}: table encryption`,
      enableKeyRotation: true,
      removalPolicy,
    });
    const secretsKey = new Key(this, "SecretsKey", {
      description: `whm-serverless ${stage.name}: tenant and portal secrets`,
      enableKeyRotation: true,
      removalPolicy,
    });

    // Asymmetric keys cannot rotate themselves: a new name in cdk.json is a new key (docs/OPERATIONS.md).
    const signingKeys = stage.oidcSigningKeys.map(
      (name) =>
        new Key(this, `SigningKey-${name}`, {
          description: `whm-serverless ${stage.name}: ID-token signing key ${name} of the tenants' OpenID Connect providers`,
          keySpec: KeySpec.RSA_2048,
          keyUsage: KeyUsage.SIGN_VERIFY,
          removalPolicy,
        }),
    );

    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      deletionProtection: stage.retainData,
      removalPolicy,
    });

    // The admin command refuses a --stage that this tag does not name.
    Tags.of(this.table).add(STAGE_TAG, stage.name);

    const portalSecret = new Secret(this, "PortalClientSecret", {
      description: `whm-serverless ${stage.name}: client secret of our registration at the support portal (set its value after deploy)`,
      encryptionKey: secretsKey,
      removalPolicy,
    });

    const domain = stage.customDomain
      ? new DomainName(this, "Domain", {
          domainName: stage.customDomain.name,
          certificate: Certificate.fromCertificateArn(this, "Certificate", stage.customDomain.certificateArn),
        })
      : undefined;
    this.api = new HttpApi(this, "Api", {
      description: `whm-serverless ${stage.name}: WHM API 1`,
      createDefaultStage: true,
      // With its own host name a stage has one public URL: the one its login and callback URLs name.
      ...(domain ? { defaultDomainMapping: { domainName: domain }, disableExecuteApiEndpoint: true } : {}),
    });
    const publicUrl = domain ? `https://${stage.customDomain?.name}` : this.api.apiEndpoint;
    const tenantDomain = stage.tenantDomain
      ? new DomainName(this, "TenantDomain", {
          domainName: `*.${stage.tenantDomain.name}`,
          certificate: Certificate.fromCertificateArn(
            this,
            "TenantCertificate",
            stage.tenantDomain.certificateArn,
          ),
        })
      : undefined;
    if (tenantDomain)
      new ApiMapping(this, "TenantDomainMapping", {
        api: this.api,
        domainName: tenantDomain,
        stage: this.api.defaultStage,
      });
    else
      Annotations.of(this).addInfo(
        `Stage ${stage.name} has no tenantDomain: the API works, browser sign-in does not (it needs each tenant's host name on 443; docs/SIGN-IN.md).`,
      );
    const logRetention = retentionDays(stage.logRetentionDays);
    const defaultStage = this.api.defaultStage?.node.defaultChild as CfnStage;
    defaultStage.defaultRouteSettings = {
      throttlingRateLimit: stage.throttle.rateLimit,
      throttlingBurstLimit: stage.throttle.burstLimit,
    };
    if (stage.observability.accessLogs) {
      const accessLogs = new LogGroup(this, "AccessLogs", { retention: logRetention, removalPolicy });
      defaultStage.accessLogSettings = {
        destinationArn: accessLogs.logGroupArn,
        format: ACCESS_LOG_FORMAT,
      };
    }

    const tenantSecretsPrefix = `whm/${stage.name}/tenants/`;
    const metricsNamespace = `whm-serverless/${stage.name}`;
    const shared: WhmFunctionShared = {
      api: this.api,
      table: this.table,
      dataKey,
      secretsKey,
      portalSecret,
      signingKeys,
      tenantSecretsArn: this.formatArn({
        service: "secretsmanager",
        resource: "secret",
        resourceName: `${tenantSecretsPrefix}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      environment: {
        STAGE: stage.name,
        TABLE_NAME: this.table.tableName,
        SECRET_PREFIX: tenantSecretsPrefix,
        SECRETS_KMS_KEY_ID: secretsKey.keyArn,
        SECRETS_CACHE_SECONDS: "300",
        PORTAL_ISSUER: stage.portal.issuer,
        PORTAL_TOKEN_ENDPOINT: stage.portal.tokenEndpoint,
        PORTAL_TICKETS_URL: stage.portal.ticketsUrl,
        PORTAL_CLIENT_ID: stage.portal.clientId,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        // A second wall against prototype pollution: any use of `__proto__` throws.
        NODE_OPTIONS: "--disable-proto=throw",
        PUBLIC_BASE_URL: publicUrl,
        AUDIT_RETENTION_DAYS: String(stage.auditRetentionDays ?? 400),
        OIDC_SIGNING_KEY_ARNS: signingKeys.map((key) => key.keyArn).join(","),
        // Every service of a tenant is one origin on 443, its host name under the tenant domain.
        ...(tenantDomain ? { SERVICE_BASE_URL: "https://{host}" } : {}),
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        SESSION_IDLE_SECONDS: String(stage.sessions.idleSeconds),
        TENANT_RATE_LIMIT: String(stage.tenantThrottle.rateLimit),
        TENANT_BURST_LIMIT: String(stage.tenantThrottle.burstLimit),
        AUTH_FAILURE_WINDOW_SECONDS: String(stage.authFailures.windowSeconds),
        AUTH_FAILURES_PER_IP: String(stage.authFailures.perIp),
        AUTH_FAILURES_PER_USER: String(stage.authFailures.perUser),
        SESSION_MAX_SECONDS: String(stage.sessions.maxSeconds),
      },
      memoryMb: stage.lambdaMemoryMb,
      logRetention,
      logging: {
        applicationLevel: stage.observability.applicationLogLevel,
        systemLevel: stage.observability.systemLogLevel,
      },
      tracing: stage.observability.tracing,
      traceReads: stage.observability.traceReads,
      lambdasDir: LAMBDAS_DIR,
    };

    const functions: WhmFunction[] = [];
    for (const { definition, entry } of CATALOG) {
      const fn = new WhmFunction(this, `Fn-${definition.name}`, shared, {
        name: definition.name,
        entry,
        routes: true,
      });
      functions.push(fn);
    }
    const unknown = new WhmFunction(this, "Fn-unknown-function", shared, {
      name: "unknown_function",
      entry: "functions/unknown_function.ts",
      routes: false,
    });
    const GET = [HttpMethod.GET];
    const GET_POST = [HttpMethod.GET, HttpMethod.POST];
    // API Gateway routes `/x/` as `/x`, so WHM's `/login/` and `/logout/` need no routes of their own.
    const web = (
      id: string,
      name: string,
      paths: readonly string[],
      methods: readonly HttpMethod[],
      extra: Partial<WhmFunctionProps> = {},
    ) =>
      new WhmFunction(this, id, shared, {
        name,
        entry: `web/${name}.ts`,
        routes: false,
        webRoutes: { paths, methods },
        ...extra,
      });
    const webFunctions = [
      web("Fn-session-login", "session_login", ["/{cpsess}/login"], GET),
      web("Fn-session-logout", "session_logout", ["/{cpsess}/logout"], GET_POST),
      web("Fn-directory-sync", "directory_sync", ["/directory/accounts"], [HttpMethod.POST], {
        timeoutSeconds: 60,
      }),
      // WHM sign-in (docs/SIGN-IN.md): the start, plain or under a session (linking), and the return.
      web(
        "Fn-openid-connect",
        "openid_connect",
        ["/openid_connect/{provider}", "/{cpsess}/openid_connect/{provider}"],
        GET,
        {
          timeoutSeconds: 15,
        },
      ),
      web(
        "Fn-openid-connect-callback",
        "openid_connect_callback",
        ["/openid_connect_callback/{provider}"],
        GET_POST,
        {
          timeoutSeconds: 15,
        },
      ),
      // The tenants' OpenID Connect providers (docs/FLEET-SIGN-IN.md): one Lambda per endpoint.
      web(
        "Fn-openid-discovery",
        "openid_discovery",
        ["/.well-known/openid-configuration", "/openid/jwks"],
        GET,
      ),
      web("Fn-openid-authorize", "openid_authorize", ["/openid/authorize"], GET, { timeoutSeconds: 15 }),
      web("Fn-openid-token", "openid_token", ["/openid/token"], [HttpMethod.POST]),
      web("Fn-openid-userinfo", "openid_userinfo", ["/openid/userinfo"], GET_POST),
      web("Fn-openid-end-session", "openid_end_session", ["/openid/end_session"], GET_POST),
      // Passkeys (docs/PASSKEYS.md): a session adds its own; a passkey alone signs in.
      web("Fn-passkey-registration", "passkey_registration", ["/{cpsess}/passkeys"], GET_POST),
      web("Fn-passkey-sign-in", "passkey_sign_in", ["/openid/passkey"], GET_POST),
      web(
        "Fn-api-shell",
        "api_shell",
        [
          "/openapi.json",
          "/api-shell",
          "/api-shell/{file}",
          "/{cpsess}/api-shell",
          "/{cpsess}/api-shell/{file}",
        ],
        GET,
        { copyDir: { from: "web/shell", to: "shell" } },
      ),
    ];
    new HttpRoute(this, "DefaultRoute", {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration("unknown-function-integration", unknown.fn),
    });

    functions.push(unknown, ...webFunctions);
    const observability = new StageObservability(this, "Observability", {
      stage,
      api: this.api,
      table: this.table,
      functions,
      namespace: metricsNamespace,
      serviceName: SERVICE_NAME,
    });

    this.acknowledgeChecks(portalSecret, tenantSecretsPrefix, signingKeys);

    new CfnOutput(this, "ApiUrl", { value: publicUrl });
    if (domain)
      new CfnOutput(this, "DomainTarget", {
        value: domain.regionalDomainName,
        description: "Point the custom domain's DNS (CNAME or alias) here.",
      });
    if (tenantDomain)
      new CfnOutput(this, "TenantDomainTarget", {
        value: tenantDomain.regionalDomainName,
        description: `Point *.${stage.tenantDomain?.name} (a wildcard CNAME) here.`,
      });
    new CfnOutput(this, "AlarmTopicArn", { value: observability.topic.topicArn });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "PortalClientSecretArn", { value: portalSecret.secretArn });
  }

  /** The AwsSolutions (cdk-nag) findings that are right for this design, each with its reason. */
  private acknowledgeChecks(
    portalSecret: Secret,
    tenantSecretsPrefix: string,
    signingKeys: readonly Key[],
  ): void {
    Validations.of(this).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "Every route is authenticated by its Lambda, as WHM does: an API token (Authorization: whm USER:TOKEN) or a /cpsess session cookie, checked against hashes in DynamoDB. An API Gateway authorizer would add a second Lambda call per request for the same check.",
    });
    // cdk-nag names the finding by the ARN as synthesized: literal region and account when the stack has them.
    const literal = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const arn = `arn:<AWS::Partition>:secretsmanager:${literal(this.region, "Region")}:${literal(this.account, "AccountId")}:secret:${tenantSecretsPrefix}*`;
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arn}]`,
      reason:
        "Tenant secrets are created at run time, one per tenant, so their names are only known by prefix; the grant is limited to this stage's prefix and given only to functions that declare they need secrets.",
    });
    Validations.of(this).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray's xray:PutTraceSegments and xray:PutTelemetryRecords take no resource: Lambda's active tracing grants them on '*', and only them.",
    });
    for (const key of signingKeys)
      Validations.of(key).acknowledge({
        id: "AwsSolutions-KMS5",
        reason:
          "An asymmetric signing key cannot rotate automatically: rotation is a new key name in cdk.json, published before it signs (docs/OPERATIONS.md).",
      });
    Validations.of(portalSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The support portal issues this client secret; it can only be rotated at the portal, by the operator, who then puts the new value here.",
    });
  }
}

/** CloudWatch Logs accepts only some retention periods; a stage must name one of them. */
function retentionDays(days: number): RetentionDays {
  if (!Object.values(RetentionDays).includes(days))
    throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention period`);
  return days as RetentionDays;
}
