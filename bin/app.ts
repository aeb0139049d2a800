/** The CDK app: one stack per stage, chosen with `-c stage=NAME` (settings in cdk.json). */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { stageConfig } from "../lib/stage-config.js";
import { WhmApiStack } from "../lib/whm-api-stack.js";

const app = new App();
const stage = stageConfig(app.node);
new WhmApiStack(app, `whm-serverless-${stage.name}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// Synth fails on any AwsSolutions finding the stack does not acknowledge with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
