import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { App, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import cdkJson from "../../cdk.json" with { type: "json" };
import { CATALOG } from "../../lambdas/catalog.js";
import { stageConfig } from "../../lib/stage-config.js";
import { WhmApiStack } from "../../lib/whm-api-stack.js";

type Resource = { Type: string; Properties: Record<string, any> };

/**
 * Synthesizes a stage's stack as `cdk synth` does (bundling included unless turned off), with
 * cdk-nag's AwsSolutions checks: synthesis throws on any finding the stack does not acknowledge.
 */
function synth(stage: string, options: { bundle?: boolean } = {}): Template {
  const app = new App({
    context: {
      ...cdkJson.context,
      stage,
      ...(options.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {}),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return Template.fromStack(
    new WhmApiStack(app, `whm-serverless-${stage}`, { stage: stageConfig(app.node) }),
  );
}

/** The IAM actions granted to a function's role, by the function's catalog name. */
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

  it("passes cdk-nag's AwsSolutions checks with no unacknowledged finding (dev, bundled as deployed)", () => {
    template = synth("dev");
  });

  it("passes cdk-nag's AwsSolutions checks with no unacknowledged finding (prod)", () => {
    assert.doesNotThrow(() => synth("prod", { bundle: false }));
  });

  it("has one Lambda per catalog function plus the default route's, the session login's and logout's, the directory push's and the API Shell's, all Node.js 24 on arm64", () => {
    template.resourceCountIs("AWS::Lambda::Function", CATALOG.length + 5);
    template.allResourcesProperties("AWS::Lambda::Function", {
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
    });
  });

  it("routes /json-api, /xml-api and both under /{cpsess} to each function, and everything else to the default route", () => {
    const keys = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (r) => r.Properties.RouteKey,
    );
    for (const { definition } of CATALOG) {
      for (const path of [
        `/json-api/${definition.name}`,
        `/xml-api/${definition.name}`,
        `/{cpsess}/json-api/${definition.name}`,
        `/{cpsess}/xml-api/${definition.name}`,
      ]) {
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
    assert.equal(keys.length, CATALOG.length * 4 + 2 + 5 + 2 + 1);
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

  it("gives a read-only function no write permission on the table or the secrets beyond authentication's", () => {
    const actions = actionsOf(template, "get_provider_client_configurations");
    assert.ok(actions.includes("dynamodb:GetItem"));
    assert.ok(actions.includes("secretsmanager:GetSecretValue"));
    for (const write of [
      "dynamodb:DeleteItem",
      "secretsmanager:PutSecretValue",
      "secretsmanager:CreateSecret",
    ]) {
      assert.ok(!actions.includes(write), write);
    }
    const writes = statementsOf(template, "get_provider_client_configurations").filter((statement) =>
      [statement.Action]
        .flat()
        .some((action: string) => ["dynamodb:PutItem", "dynamodb:UpdateItem"].includes(action)),
    );
    assert.deepEqual(
      writes.map((statement) => statement.Condition),
      [{ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["AUTHFAIL#*", "SESSION#*"] } }],
    );
  });

  it("lets only functions that declare it write tenant secrets, scoped to the stage's prefix", () => {
    for (const { definition } of CATALOG) {
      const writes = actionsOf(template, definition.name).includes("secretsmanager:PutSecretValue");
      assert.equal(writes, definition.needs.secrets === "write", definition.name);
    }
    assert.match(resourcesOf(template, "set_provider_client_configurations"), /secret:whm\/dev\/tenants\/\*/);
  });

  it("lets only functions that declare secrets read the tenant secrets", () => {
    for (const { definition } of CATALOG) {
      const reads = actionsOf(template, definition.name).includes("secretsmanager:GetSecretValue");
      const tenantSecrets = resourcesOf(template, definition.name).includes("tenants/*");
      assert.equal(reads && tenantSecrets, Boolean(definition.needs.secrets), definition.name);
    }
  });

  it("lets only portal functions read the portal client secret", () => {
    for (const { definition } of CATALOG) {
      const reads = resourcesOf(template, definition.name).includes("PortalClientSecret");
      assert.equal(reads, Boolean(definition.needs.portal), definition.name);
    }
  });

  it("protects data from deletion in prod but not in dev", () => {
    const [devTable] = Object.values(template.findResources("AWS::DynamoDB::Table"));
    assert.notEqual(devTable?.Properties.DeletionProtectionEnabled, true);
    assert.equal(devTable?.DeletionPolicy, "Delete");
    const [prodTable] = Object.values(synth("prod", { bundle: false }).findResources("AWS::DynamoDB::Table"));
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
});
