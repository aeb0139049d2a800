import { Duration, Stack } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  LogQueryWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Operation, type Table } from "aws-cdk-lib/aws-dynamodb";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { type ILogGroup, QueryDefinition, QueryString } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { Signal } from "../lambdas/runtime/signals.js";
import type { StageConfig } from "./stage-config.js";
import type { WhmFunction } from "./whm-function.js";

export interface ObservabilityProps {
  readonly stage: StageConfig;
  readonly api: HttpApi;
  readonly table: Table;
  readonly functions: readonly WhmFunction[];
  /** The functions' EMF namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly namespace: string;
  readonly serviceName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * How a stage tells its operator about trouble: one SNS topic (e-mail subscriptions from the stage
 * config) as the action of every alarm; alarms on the signals WHM's HTTP 200 answers hide (the
 * functions' EMF metrics), on Lambda errors and throttles grouped ten functions to an alarm (so a
 * bad deploy pages a few times, not 54), on the API's 5xx and latency and on the table; a
 * dashboard; and saved Logs Insights queries.
 */
export class StageObservability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ObservabilityProps,
  ) {
    super(scope, id);
    const { stage } = props;
    // CloudWatch publishes to an encrypted topic only with a customer-managed key it may use.
    const topicKey = new Key(this, "AlarmTopicKey", {
      description: `whm-serverless ${stage.name}: alarm topic encryption`,
      enableKeyRotation: true,
    });
    topicKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    this.topic = new Topic(this, "AlarmTopic", {
      displayName: `whm-serverless ${stage.name} alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    for (const email of stage.observability.alarmEmails)
      this.topic.addSubscription(new EmailSubscription(email));

    this.signalAlarms();
    this.functionAlarms();
    this.serviceAlarms();
    for (const alarm of this.alarms) alarm.addAlarmAction(new SnsAction(this.topic));
    this.dashboard();
    this.savedQueries();
  }

  /** A signal of the functions' EMF metrics, summed over the stage (or one function). */
  signal(name: Signal, functionName?: string): Metric {
    return new Metric({
      namespace: this.props.namespace,
      metricName: name,
      dimensionsMap: {
        service: this.props.serviceName,
        ...(functionName ? { function: functionName } : {}),
      },
      statistic: "Sum",
      period: FIVE_MINUTES,
    });
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number, periods = 1): void {
    this.alarms.push(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private signalAlarms(): void {
    const { alarms } = this.props.stage.observability;
    this.alarm(
      "InternalErrors",
      "A function answered 'The system encountered an internal error' (docs/OPERATIONS.md: internal errors).",
      this.signal("InternalErrors"),
      1,
    );
    this.alarm(
      "AuthenticationFailures",
      "Failed authentications spiked: credential stuffing or a client with a revoked token (docs/OPERATIONS.md).",
      this.signal("AuthenticationFailures"),
      alarms.authFailuresPer5Minutes,
    );
    this.alarm(
      "DependencyThrottled",
      "DynamoDB or Secrets Manager throttled or did not answer in time; callers got WHM's busy error.",
      this.signal("DependencyThrottled"),
      5,
    );
    this.alarm(
      "PortalFailures",
      "The cPanel Customer Portal was unreachable or answered badly (docs/OPERATIONS.md: portal).",
      this.signal("PortalFailures"),
      3,
    );
  }

  /** Lambda's own errors (crashes, timeouts) and throttles, ten functions to an alarm. */
  private functionAlarms(): void {
    const groups: WhmFunction[][] = [];
    this.props.functions.forEach((fn, i) => {
      if (i % 10 === 0) groups.push([]);
      groups.at(-1)?.push(fn);
    });
    groups.forEach((group, i) => {
      const names = group.map((fn) => fn.name).join(", ");
      const sum = (metric: "Errors" | "Throttles") =>
        new MathExpression({
          expression: group.map((_, j) => `m${j}`).join(" + "),
          usingMetrics: Object.fromEntries(
            group.map((fn, j) => [`m${j}`, fn.fn.metric(metric, { statistic: "Sum", period: FIVE_MINUTES })]),
          ),
          period: FIVE_MINUTES,
          label: `${metric} of ${names}`,
        });
      this.alarm(`LambdaErrors${i + 1}`, `Lambda errors (crash or timeout) in: ${names}`, sum("Errors"), 1);
      this.alarm(`LambdaThrottles${i + 1}`, `Lambda throttled: ${names}`, sum("Throttles"), 1);
    });
  }

  private serviceAlarms(): void {
    const { api, table, stage } = this.props;
    this.alarm(
      "Api5xx",
      "The HTTP API answered 5xx (a function failed to answer at all).",
      api.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" }),
      1,
    );
    this.alarm(
      "ApiLatency",
      `The API's p99 latency stayed above ${stage.observability.alarms.apiLatencyP99Ms} ms for 15 minutes.`,
      api.metricLatency({ period: FIVE_MINUTES, statistic: "p99" }),
      stage.observability.alarms.apiLatencyP99Ms,
      3,
    );
    const operations = [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM];
    this.alarm(
      "TableSystemErrors",
      "DynamoDB answered with system errors (HTTP 500) on the stage's table.",
      table.metricSystemErrorsForOperations({ operations, period: FIVE_MINUTES }),
      1,
    );
    this.alarm(
      "TableThrottles",
      "DynamoDB throttled requests on the stage's table.",
      table.metricThrottledRequestsForOperations({ operations, period: FIVE_MINUTES }),
      1,
    );
  }

  private dashboard(): void {
    const { api, stage, functions, namespace } = this.props;
    const stack = Stack.of(this).stackName;
    const search = (expression: string) => new MathExpression({ expression, period: FIVE_MINUTES });
    const dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `whm-serverless-${stage.name}`,
    });
    const signals: Signal[] = [
      "InternalErrors",
      "AuthenticationFailures",
      "TenantThrottled",
      "DependencyThrottled",
      "PortalFailures",
    ];
    dashboard.addWidgets(
      new GraphWidget({
        title: "Requests and errors (API)",
        left: [api.metricCount({ period: FIVE_MINUTES })],
        right: [
          api.metricClientError({ period: FIVE_MINUTES }),
          api.metricServerError({ period: FIVE_MINUTES }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: "Latency (API, ms)",
        left: ["p50", "p90", "p99"].map((statistic) =>
          api.metricLatency({ period: FIVE_MINUTES, statistic }),
        ),
        width: 8,
      }),
      new GraphWidget({
        title: "Signals WHM's answers hide (all functions)",
        left: signals.map((name) => this.signal(name)),
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "Calls per function",
        left: [search(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Invocations" ${stack}', 'Sum', 300)`)],
        width: 8,
      }),
      new GraphWidget({
        title: "Internal errors per function",
        left: [search(`SEARCH('{${namespace},function,service} MetricName="InternalErrors"', 'Sum', 300)`)],
        width: 8,
      }),
      new GraphWidget({
        title: "Duration p99 per function (ms)",
        left: [search(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Duration" ${stack}', 'p99', 300)`)],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "Throttles (Lambda, table)",
        left: [search(`SEARCH('{AWS/Lambda,FunctionName} MetricName="Throttles" ${stack}', 'Sum', 300)`)],
        right: [this.props.table.metricThrottledRequestsForOperations({ period: FIVE_MINUTES })],
        width: 8,
      }),
      new LogQueryWidget({
        title: "Top tenants by failures and throttling (last period)",
        logGroupNames: functions.map((fn) => fn.logGroup.logGroupName),
        queryString: TOP_TENANTS_QUERY.toString(),
        width: 16,
      }),
    );
  }

  private savedQueries(): void {
    const logGroups: ILogGroup[] = this.props.functions.map((fn) => fn.logGroup);
    const prefix = `whm-serverless-${this.props.stage.name}`;
    new QueryDefinition(this, "TopTenantsQuery", {
      queryDefinitionName: `${prefix}/top-tenants-by-failures`,
      queryString: TOP_TENANTS_QUERY,
      logGroups,
    });
    new QueryDefinition(this, "InternalErrorsQuery", {
      queryDefinitionName: `${prefix}/internal-errors`,
      queryString: new QueryString({
        fields: ["@timestamp", "command", "tenant", "errorName", "requestId", "function_request_id"],
        filterStatements: ['level = "ERROR"'],
        sort: "@timestamp desc",
        limit: 100,
      }),
      logGroups,
    });
    new QueryDefinition(this, "CallsPerTenantQuery", {
      queryDefinitionName: `${prefix}/calls-per-tenant (needs applicationLogLevel DEBUG)`,
      queryString: new QueryString({
        filterStatements: ['message = "call"'],
        statsStatements: ["count(*) as calls by tenant, command"],
        sort: "calls desc",
        limit: 20,
      }),
      logGroups,
    });
  }
}

/** Logs Insights: the tenants with the most logged failures and signal lines. */
const TOP_TENANTS_QUERY = new QueryString({
  filterStatements: ["ispresent(tenant)"],
  statsStatements: ["count(*) as events by tenant"],
  sort: "events desc",
  limit: 10,
});
