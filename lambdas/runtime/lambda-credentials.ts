import { type FromEnvInit, fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * The SDK's default credential chain as a Lambda bundle has it (lib/bundling.ts aliases
 * `@aws-sdk/credential-provider-node` to this module): Lambda gives the function's role credentials
 * in the environment, so the chain's other sources (files, SSO, web identity, IMDS) are only weight
 * at cold start. Unbundled code (npm start, the admin command, tests) keeps the whole chain.
 */
export const defaultProvider = (init?: FromEnvInit) => fromEnv(init);
