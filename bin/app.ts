/** The CDK app: one stack per stage, chosen with `-c stage=NAME` (settings in cdk.json). */
import { App } from "aws-cdk-lib";
import { stageConfig } from "../lib/stage-config.js";
import { WhmApiStack } from "../lib/whm-api-stack.js";

const app = new App();
const stage = stageConfig(app.node);
new WhmApiStack(app, `whm-serverless-${stage.name}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
