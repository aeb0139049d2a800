/** The CDK app: one stack per stage, chosen with `-c stage=NAME` (settings in cdk.json). */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { stageConfig } from "../lib/stage-config.js";
import { WhmApiStack } from "../lib/whm-api-stack.js";

const app = new App();
const stage = stageConfig(app.node);
new WhmApiStack(app, `whm-serverless-${stage.name}`, {
  stage,
  // The stage config may pin both; otherwise the deploying credentials' account and region.
  env: {
    account: stage.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: stage.region ?? process.env.CDK_DEFAULT_REGION,
  },
});
// Synth fails on any AwsSolutions finding the stack does not acknowledge with a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
