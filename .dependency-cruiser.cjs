/**
 * The handler code's layers, top to bottom (README, "Layout"): a module may import its own layer
 * and the layers below it, never one above, and no import may close a cycle. `npm run check`
 * enforces this list; change the list, not the rules, when the architecture changes.
 */
const LAYERS = [
  {
    name: "web",
    path: "^lambdas/web/",
    holds: "entry points: sign-in, sessions, the directory push, the API Shell",
  },
  { name: "catalog", path: "^lambdas/catalog\\.ts$", holds: "the list of functions" },
  { name: "functions", path: "^lambdas/functions/", holds: "one WHM function each" },
  {
    name: "families",
    path: "^lambdas/(accounts|fleet|passkeys|portal|providers|sign-in|tokens|two-factor)/",
    holds: "the domain families",
  },
  { name: "runtime", path: "^lambdas/runtime/", holds: "request, authentication, envelope, rendering" },
  { name: "stores", path: "^lambdas/stores/", holds: "DynamoDB items and secrets" },
  {
    name: "kernel",
    path: "^lambdas/kernel/",
    holds: "errors, AWS call accounting, tracing, caches, shared types",
  },
];

const upward = LAYERS.slice(1).map((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  return {
    name: `${layer.name}-imports-upward`,
    severity: "error",
    comment: `${layer.path} (${layer.holds}) sits below ${above.map((l) => l.name).join(", ")}: it may import only itself and the layers under it`,
    from: { path: layer.path },
    to: { path: above.map((l) => l.path) },
  };
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "function-imports-function",
      severity: "error",
      comment:
        "each function is its own Lambda: what two functions share belongs in a family, the runtime or a store",
      from: { path: "^lambdas/functions/([^/]+)\\.ts$" },
      to: { path: "^lambdas/functions/", pathNot: "^lambdas/functions/$1\\.ts$" },
    },
    {
      name: "no-cycle",
      severity: "error",
      comment: "a cycle makes two modules one: fold what they share into the lower one",
      from: { path: "^lambdas/" },
      to: { circular: true },
    },
    {
      name: "handler-code-imports-tooling",
      severity: "error",
      comment:
        "lambdas/ is what the bundles carry: it never reaches into the CDK app, the local stack, the CLI, the bench or the tests",
      from: { path: "^lambdas/" },
      to: { path: "^(bin|bench|cli|lib|local|test)/" },
    },
    {
      name: "handler-code-imports-dev-dependency",
      severity: "error",
      comment:
        "a devDependency is not installed where the bundles are built for a release: import it as a type only",
      from: { path: "^lambdas/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
