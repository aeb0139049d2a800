import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { App, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import cdkJson from "../../cdk.json" with { type: "json" };
import { CATALOG } from "../../lambdas/catalog.js";
import { ACCESS_LOG_QUERY } from "../../lib/access-log.js";
import memorySizes from "../../lib/memory-sizes.json" with { type: "json" };
import { stageConfig } from "../../lib/stage-config.js";
import { WhmApiStack } from "../../lib/whm-api-stack.js";

type Resource = { Type: string; Properties: Record<string, any> };

/**
 * Synthesizes a stage's stack as `cdk synth` does (bundled once per process, lib/bundling.ts), with
 * cdk-nag's AwsSolutions checks: synthesis throws on any finding the stack does not acknowledge.
 */
function synth(stage: string, changes: Record<string, unknown> = {}): Template {
  const stages = cdkJson.context.stages as Record<string, object>;
  const app = new App({
    context: {
      ...cdkJson.context,
      stages: Object.keys(changes).length ? { ...stages, [stage]: { ...stages[stage], ...changes } } : stages,
      stage,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return Template.fromStack(
    new WhmApiStack(app, `whm-serverless-${stage}`, { stage: stageConfig(app.node) }),
  );
}

/** The policy statements of a function's own role. */
function statementsOf(
  template: Template,
  name: string,
): Array<{ Action: string | string[]; Condition?: unknown }> {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const prefix = `Fn${name.replace(/[^A-Za-z0-9]/g, "")}Role`;
  const role = Object.keys(resources).find(
    (id) => id.startsWith(prefix) && resources[id]?.Type === "AWS::IAM::Role",
  );
  assert.ok(role, `role of ${name}`);
  return Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

function actionsOf(template: Template, name: string): string[] {
  return statementsOf(template, name).flatMap((statement) => [statement.Action].flat());
}

function resourcesOf(template: Template, name: string): string {
  const resources = template.toJSON().Resources as Record<string, Resource>;
  const prefix = `Fn${name.replace(/[^A-Za-z0-9]/g, "")}Role`;
  const role = Object.keys(resources).find(
    (id) => id.startsWith(prefix) && resources[id]?.Type === "AWS::IAM::Role",
  );
  return JSON.stringify(
    Object.values(resources).filter(
      (r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.Roles).includes(`"${role}"`),
    ),
  );
}

describe("WhmApiStack", () => {
  let template: Template;

  it("passes cdk-nag's AwsSolutions checks with no unacknowledged finding (dev)", () => {
    template = synth("dev");
  });

  it("passes cdk-nag's AwsSolutions checks with no unacknowledged finding (prod)", () => {
    assert.doesNotThrow(() => synth("prod"));
  });

  it("stays well under CloudFormation's 500 resources per stack: one invoke permission per function", () => {
    const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
    // 481 with passkeys (449 with the fleet provider): the next functions need the stack split
    // (nested stacks per layer) first.
    assert.ok(resources.length < 490, `${resources.length} resources`);
    const permissions = resources.filter((resource) => resource.Type === "AWS::Lambda::Permission");
    assert.ok(permissions.length <= CATALOG.length + 20, `${permissions.length} permissions`);
  });

  it("has one Lambda per catalog function plus the default route's, the session login's and logout's, the directory push's, sign-in's start and return, the five of the fleet provider, the two of passkeys and the API Shell's, all Node.js 24 on arm64", () => {
    template.resourceCountIs("AWS::Lambda::Function", CATALOG.length + 14);
    template.allResourcesProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
    });
  });

  it("sizes each catalog function's memory as the benchmark chose it, and the others by the stage", () => {
    const resources = template.toJSON().Resources as Record<string, Resource>;
    const memoryOf = (name: string) => {
      const prefix = `Fn${name.replace(/[^A-Za-z0-9]/g, "")}Fn`;
      const id = Object.keys(resources).find(
        (key) => key.startsWith(prefix) && resources[key]?.Type === "AWS::Lambda::Function",
      );
      assert.ok(id, `function ${name}`);
      return resources[id]?.Properties.MemorySize;
    };
    for (const { definition } of CATALOG) {
      assert.equal(memoryOf(definition.name), memorySizes[definition.name as keyof typeof memorySizes]);
    }
    assert.equal(memoryOf("openid_connect"), cdkJson.context.stages.dev.lambdaMemoryMb);
  });

  it("routes /{api}/NAME and /{cpsess}/{api}/NAME to each function, and everything else to the default route", () => {
    const keys = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (r) => r.Properties.RouteKey,
    );
    for (const { definition } of CATALOG) {
      for (const path of [`/{api}/${definition.name}`, `/{cpsess}/{api}/${definition.name}`]) {
        assert.ok(keys.includes(`ANY ${path}`), path);
      }
    }
    assert.ok(keys.includes("$default"));
    assert.ok(keys.includes("GET /{cpsess}/login"));
    assert.ok(keys.includes("GET /{cpsess}/logout"));
    assert.ok(keys.includes("POST /{cpsess}/logout"));
    assert.ok(keys.includes("POST /directory/accounts"));
    for (const path of [
      "/openapi.json",
      "/api-shell",
      "/api-shell/{file}",
      "/{cpsess}/api-shell",
      "/{cpsess}/api-shell/{file}",
    ]) {
      assert.ok(keys.includes(`GET ${path}`), path);
    }
    for (const key of [
      "GET /openid_connect/{provider}",
      "GET /{cpsess}/openid_connect/{provider}",
      "GET /openid_connect_callback/{provider}",
      "POST /openid_connect_callback/{provider}",
      "GET /.well-known/openid-configuration",
      "GET /openid/jwks",
      "GET /openid/authorize",
      "POST /openid/token",
      "GET /openid/userinfo",
      "POST /openid/userinfo",
      "GET /openid/end_session",
      "POST /openid/end_session",
      "GET /{cpsess}/passkeys",
      "POST /{cpsess}/passkeys",
      "GET /openid/passkey",
      "POST /openid/passkey",
    ]) {
      assert.ok(keys.includes(key), key);
    }
    assert.equal(keys.length, CATALOG.length * 2 + 2 + 5 + 2 + 1 + 4 + 8 + 4);
  });

  it("keeps state in one on-demand table with TTL, point-in-time recovery and a customer-managed key", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expires", Enabled: true },
      SSESpecification: Match.objectLike({
        SSEEnabled: true,
        SSEType: "KMS",
        KMSMasterKeyId: Match.anyValue(),
      }),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      Tags: Match.arrayWith([{ Key: "whm:stage", Value: "dev" }]),
    });
  });

  it("throttles and access-logs the API stage", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it("grants a read-only function its reads, and writes only on authentication's partitions", () => {
    const byScope = statementsOf(template, "get_provider_client_configurations").map((statement) => ({
      actions: [statement.Action].flat().sort(),
      partitions: (statement.Condition as any)?.["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"],
    }));
    assert.deepEqual(
      byScope.filter(({ actions }) => actions.some((action) => action.startsWith("dynamodb:"))),
      [
        { actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem"], partitions: undefined },
        { actions: ["dynamodb:UpdateItem"], partitions: ["SESSION#*"] },
        { actions: ["dynamodb:PutItem", "dynamodb:UpdateItem"], partitions: ["AUTHFAIL#*"] },
      ],
    );
    assert.deepEqual(
      byScope.filter(({ actions }) => actions.some((action) => action.startsWith("secretsmanager:"))),
      [{ actions: ["secretsmanager:GetSecretValue"], partitions: undefined }],
    );
  });

  it("lets only set_provider_client_configurations write tenant secrets, scoped to the stage's prefix", () => {
    const writers = CATALOG.map(({ definition }) => definition.name).filter((name) =>
      actionsOf(template, name).includes("secretsmanager:PutSecretValue"),
    );
    assert.deepEqual(writers, ["set_provider_client_configurations"]);
    assert.match(resourcesOf(template, "set_provider_client_configurations"), /secret:whm\/dev\/tenants\/\*/);
  });

  it("lets only the token endpoint sign with the ID-token keys, and only discovery read their public halves", () => {
    template.hasResourceProperties("AWS::KMS::Key", { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    const names = [
      ...CATALOG.map(({ definition }) => definition.name),
      "openid_token",
      "openid_discovery",
      "openid_authorize",
    ];
    const holding = (action: string) => names.filter((name) => actionsOf(template, name).includes(action));
    assert.deepEqual(holding("kms:Sign"), ["openid_token"]);
    assert.deepEqual(holding("kms:GetPublicKey"), ["openid_discovery"]);
  });

  it("lets only the functions that read provider client configurations read the tenant secrets", () => {
    const readers = CATALOG.map(({ definition }) => definition.name).filter(
      (name) =>
        actionsOf(template, name).includes("secretsmanager:GetSecretValue") &&
        resourcesOf(template, name).includes("tenants/*"),
    );
    assert.deepEqual(readers, [
      "enable_authentication_provider",
      "get_available_authentication_providers",
      "get_provider_client_configurations",
      "get_provider_configuration_fields",
      "set_provider_client_configurations",
    ]);
  });

  it("lets only the functions that talk to the portal's token endpoint read the portal client secret", () => {
    const readers = CATALOG.map(({ definition }) => definition.name).filter((name) =>
      resourcesOf(template, name).includes("PortalClientSecret"),
    );
    assert.deepEqual(readers.sort(), [
      "ticket_get_support_agreement",
      "ticket_get_support_info",
      "ticket_list",
      "ticket_update_service_agreement_approval",
      "ticket_validate_oauth2_code",
    ]);
  });

  it("gives the API Shell, which calls no AWS service, no permission beyond its own logs", () => {
    assert.deepEqual(actionsOf(template, "api_shell"), ["logs:CreateLogStream", "logs:PutLogEvents"]);
  });

  it("protects data from deletion in prod but not in dev", () => {
    const [devTable] = Object.values(template.findResources("AWS::DynamoDB::Table"));
    assert.notEqual(devTable?.Properties.DeletionProtectionEnabled, true);
    assert.equal(devTable?.DeletionPolicy, "Delete");
    const [prodTable] = Object.values(synth("prod").findResources("AWS::DynamoDB::Table"));
    assert.equal(prodTable?.Properties.DeletionProtectionEnabled, true);
    assert.equal(prodTable?.DeletionPolicy, "Retain");
  });

  it("grants no wildcard actions and no AWS managed policies", () => {
    const resources = Object.values(template.toJSON().Resources as Record<string, Resource>);
    const actions = resources
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .flatMap((r) => r.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
    assert.deepEqual(
      actions.filter((action) => action.includes("*")),
      [],
    );
    for (const role of resources.filter((r) => r.Type === "AWS::IAM::Role"))
      assert.equal(role.Properties.ManagedPolicyArns, undefined);
  });

  it("runs every function with --disable-proto=throw, a second wall against prototype pollution", () => {
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      assert.equal(fn.Properties.Environment.Variables.NODE_OPTIONS, "--disable-proto=throw");
    }
  });

  it("refuses a stage that cdk.json does not define", () => {
    assert.throws(() => synth("nope"), /Unknown stage "nope"/);
  });

  describe("operating the prod stage", () => {
    let prod: Template;
    before(() => {
      prod = synth("prod");
    });

    it("gives every alarm an action: the stage's alarm topic", () => {
      const alarms = Object.values(prod.findResources("AWS::CloudWatch::Alarm"));
      assert.ok(alarms.length > 0);
      const [topic] = Object.keys(prod.findResources("AWS::SNS::Topic"));
      for (const alarm of alarms) {
        assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: topic }], alarm.Properties.AlarmDescription);
      }
    });

    it("pages a few times for a stage-wide fault, not once per function", () => {
      const alarms = Object.values(prod.findResources("AWS::CloudWatch::Alarm"));
      assert.ok(alarms.length <= 20, `${alarms.length} alarms`);
    });

    it("watches the functions' internal-error metric for the whole stage", () => {
      prod.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "InternalErrors",
        Namespace: "whm-serverless/prod",
        Dimensions: [{ Name: "service", Value: "whm-serverless" }],
        Threshold: 1,
      });
    });

    it("traces the functions that change data with X-Ray, and not those that only read", () => {
      const functions = prod.findResources("AWS::Lambda::Function");
      const fn = (name: string) =>
        Object.entries(functions).find(([id]) => id.startsWith(`Fn${name.replace(/_/g, "")}Fn`))?.[1];
      for (const name of ["api_token_create", "twofactorauth_set_issuer", "openid_connect_callback"]) {
        assert.deepEqual(fn(name)?.Properties.TracingConfig, { Mode: "Active" }, name);
        assert.equal(fn(name)?.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, "true", name);
      }
      for (const name of ["api_token_list", "twofactorauth_policy_status", "openid_discovery"]) {
        assert.equal(fn(name)?.Properties.TracingConfig, undefined, name);
        assert.equal(fn(name)?.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, "false", name);
      }
    });

    it("traces reads too where the stage asks for it (traceReads)", () => {
      const stages = cdkJson.context.stages as Record<string, { observability: object }>;
      const traced = synth("prod", { observability: { ...stages.prod?.observability, traceReads: true } });
      for (const fn of Object.values(traced.findResources("AWS::Lambda::Function"))) {
        assert.deepEqual(fn.Properties.TracingConfig, { Mode: "Active" });
      }
    });

    it("logs JSON at the stage's levels", () => {
      const functions = Object.values(prod.findResources("AWS::Lambda::Function"));
      for (const fn of functions) {
        assert.deepEqual(fn.Properties.LoggingConfig, {
          LogFormat: "JSON",
          ApplicationLogLevel: "INFO",
          SystemLogLevel: "WARN",
          LogGroup: fn.Properties.LoggingConfig.LogGroup,
        });
        assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, "whm-serverless/prod");
      }
    });

    it("has a dashboard", () => {
      prod.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    });

    it("access-logs with HTTP API variables, never the path (it can carry a session's /cpsess token)", () => {
      const [stage] = Object.values(prod.findResources("AWS::ApiGatewayV2::Stage"));
      const format = String(stage?.Properties.AccessLogSettings.Format);
      for (const variable of [
        "$context.routeKey",
        "$context.status",
        "$context.identity.sourceIp",
        "$context.integrationLatency",
      ])
        assert.ok(format.includes(variable), variable);
      assert.doesNotMatch(format, /resourcePath|\$context\.path/);
    });

    it("reads its access log line back with the runbook's parse", () => {
      const line = 'Ab1CdEf= 203.0.113.10 "ANY /json-api/listaccts" 200 12 10 "-"';
      const pattern = /parse @message '(.*)' as (.*)$/.exec(ACCESS_LOG_QUERY);
      assert.ok(pattern?.[1] && pattern[2]);
      const regex = new RegExp(`^${pattern[1].replaceAll("*", "(.*?)")}$`);
      const values = regex.exec(line)?.slice(1);
      assert.deepEqual(Object.fromEntries(pattern[2].split(", ").map((name, i) => [name, values?.[i]])), {
        id: "Ab1CdEf=",
        ip: "203.0.113.10",
        route: "ANY /json-api/listaccts",
        status: "200",
        ms: "12",
        fnMs: "10",
        error: "-",
      });
    });
  });

  it("traces nothing where the stage turns tracing off (dev)", () => {
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      assert.equal(fn.Properties.TracingConfig, undefined);
      assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, "false");
    }
  });

  it("serves a stage with its own host name: domain, mapping, login URLs on it, no execute-api endpoint", () => {
    const certificateArn = "arn:aws:acm:eu-west-1:111122223333:certificate/abc";
    const custom = synth("dev", { customDomain: { name: "whm.example.com", certificateArn } });
    custom.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "whm.example.com",
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
    });
    custom.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    custom.hasResourceProperties("AWS::ApiGatewayV2::Api", { DisableExecuteApiEndpoint: true });
    for (const fn of Object.values(custom.findResources("AWS::Lambda::Function"))) {
      assert.equal(fn.Properties.Environment.Variables.PUBLIC_BASE_URL, "https://whm.example.com");
    }
  });

  it("serves tenants' host names on 443 under a tenant domain: wildcard domain, mapping, callbacks on {host}", () => {
    const certificateArn = "arn:aws:acm:eu-west-1:111122223333:certificate/wildcard";
    const tenants = synth("dev", { tenantDomain: { name: "signin.example.net", certificateArn } });
    tenants.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "*.signin.example.net",
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
    });
    tenants.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
    tenants.hasOutput("TenantDomainTarget", {});
    for (const fn of Object.values(tenants.findResources("AWS::Lambda::Function"))) {
      assert.equal(fn.Properties.Environment.Variables.SERVICE_BASE_URL, "https://{host}");
    }
  });

  it("keeps audit events as long as the stage says (cdk.json auditRetentionDays, 400 days by default)", () => {
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function")))
      assert.equal(fn.Properties.Environment.Variables.AUDIT_RETENTION_DAYS, "30");
    const unset = synth("dev", { auditRetentionDays: undefined });
    for (const fn of Object.values(unset.findResources("AWS::Lambda::Function")))
      assert.equal(fn.Properties.Environment.Variables.AUDIT_RETENTION_DAYS, "400");
  });

  it("leaves callbacks on WHM's ports where a stage has no tenant domain", () => {
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      assert.equal(fn.Properties.Environment.Variables.SERVICE_BASE_URL, undefined);
    }
  });
});
