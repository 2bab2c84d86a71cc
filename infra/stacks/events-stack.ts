// The events stack: the custom bus with its archive, the outbox Pipe (table stream → enrichment → bus),
// the Scheduler groups and role, and a nested stack per area holding its consumers (one rule per route,
// with retries and a dead-letter queue) and scheduled jobs; alarms on dead letters and Pipe failures
// notify the alarm topic. Consumers and jobs that start or resume flows, or send e-mail, get exactly that
// from their declaration (see IsmfFunction).
import { Duration, NestedStack, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOnAnyOccurrence } from '../constructs/alarm.ts';
import { exportedOutput } from '../constructs/output.ts';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EventRoute } from '../../packages/area/src/registry.ts';
import type { AreaModule } from '../../packages/area/src/declaration.ts';
import { OUTBOX_FILTER } from '../../packages/events/src/outbox.ts';
import type { ConsumerDefinition } from '../../packages/events/src/consumers.ts';
import type { ScheduledJob } from '../../packages/events/src/schedules.ts';
import { IsmfFunction, type IsmfFunctionProps, type MailSender } from '../constructs/ismf-function.ts';
import { asNagSees } from '../nag.ts';

export interface EventsStackProps extends StackProps {
  table: ITable;
  tableKey: IKey;
  digestKey: IKey;
  tenantDataRole: IRole;
  /** The data bucket, for consumers and jobs that reach objects. */
  dataBucketName: string;
  /** Flow name → state machine ARN (the flows stack's), for consumers and jobs that start or resume flows. */
  flowArns: Readonly<Record<string, string>>;
  /** Every area (its consumers and scheduled jobs) and the routes of the events the consumers subscribe to: the registry's. */
  areas: readonly Pick<AreaModule, 'area' | 'consumers' | 'jobs'>[];
  routes: readonly EventRoute[];
  /** The e-mail sender, for consumers and jobs that send e-mail. */
  mail: MailSender;
  /** Where every alarm notifies. */
  alarmTopic: ITopic;
  /** The web console's URL, every function's ISMF_APP_URL. */
  appUrl?: string;
}

/** Retries before an event goes to a target's dead-letter queue (EventBridge allows up to 185). */
export const TARGET_RETRY_ATTEMPTS = 8;
export const TARGET_MAX_EVENT_AGE = Duration.hours(6);

/** An EventBridge pattern from the catalogue, in CDK's spelling of its top-level fields. */
export function cdkPattern(pattern: Record<string, unknown>): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return { ...(detailType ? { detailType: detailType as string[] } : {}), ...rest } as EventPattern;
}

/** A dead-letter queue that alarms as soon as it holds a message. */
function deadLetterQueue(scope: Construct, name: string, topic: ITopic): Queue {
  const queue = new Queue(scope, `DeadLetters-${name}`, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'this queue is itself a dead-letter queue' });
  alarmOnAnyOccurrence(scope, `DeadLettersAlarm-${name}`, {
    description: `Events that ${name} could not handle after its retries`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    topic,
  });
  return queue;
}

type FunctionDefaults = Omit<IsmfFunctionProps, 'handler' | 'description' | 'serviceName' | 'access'>;

interface AreaEventsStackProps {
  area: string;
  common: FunctionDefaults;
  bus: EventBus;
  alarmTopic: ITopic;
  /** The parent's list, which this stack's queues join. */
  deadLetterQueues: Queue[];
}

/** One area's consumers (each with a rule, retries and a dead-letter queue per route) and scheduled jobs. */
export class AreaEventsStack extends NestedStack {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: AreaEventsStackProps,
  ) {
    super(scope, id, { description: `ISMF events: the ${props.area} consumers and scheduled jobs` });
  }

  addJob(job: ScheduledJob): IsmfFunction {
    return new IsmfFunction(this, `Job-${job.name}`, {
      ...this.props.common,
      handler: job.handler,
      description: `Scheduled job ${job.name}: ${job.description}`,
      serviceName: 'ismf-jobs',
      access: job.access,
      timeout: Duration.minutes(5),
    });
  }

  addConsumer(
    consumer: ConsumerDefinition,
    routes: readonly EventRoute[],
    scheduling?: { targets: { functions: Record<string, string>; groups: Record<string, string>; roleArn: string }; schedulerRoleArn: string },
  ): IsmfFunction {
    const fn = new IsmfFunction(this, `Consumer-${consumer.name}`, {
      ...this.props.common,
      handler: consumer.handler,
      description: `Event consumer ${consumer.name}: ${consumer.description}`,
      serviceName: 'ismf-events',
      access: consumer.access,
      environment: scheduling ? { SCHEDULER_TARGETS: JSON.stringify(scheduling.targets) } : {},
    });
    if (scheduling) {
      const scheduleArns = Object.values(scheduling.targets.groups).map(
        (group) => `arn:${this.partition}:scheduler:${this.region}:${this.account}:schedule/${group}/*`,
      );
      fn.role.addToPolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], resources: scheduleArns }));
      fn.role.addToPolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [scheduling.schedulerRoleArn] }));
      for (const arn of scheduleArns) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${asNagSees(this, arn)}]`,
          reason: 'schedules are named by tenant and created at onboarding: the grant covers only the ISMF job groups',
        });
      }
    }
    for (const route of routes) {
      const name = `${route.event.detailType}-${consumer.name}`;
      const deadLetters = deadLetterQueue(this, name, this.props.alarmTopic);
      this.props.deadLetterQueues.push(deadLetters);
      new Rule(this, `Route-${name}`, {
        eventBus: this.props.bus,
        description: `${route.event.detailType} → ${consumer.name}`,
        eventPattern: cdkPattern(route.pattern),
        targets: [
          new LambdaFunction(fn.function, {
            retryAttempts: TARGET_RETRY_ATTEMPTS,
            maxEventAge: TARGET_MAX_EVENT_AGE,
            deadLetterQueue: deadLetters,
          }),
        ],
      });
    }
    return fn;
  }
}

export class EventsStack extends Stack {
  readonly bus: EventBus;
  readonly consumerFunctions = new Map<string, IsmfFunction>();
  readonly jobFunctions = new Map<string, IsmfFunction>();
  /** The nested stack of each area with consumers or jobs. */
  readonly areaStacks: AreaEventsStack[] = [];
  /** Every dead-letter queue: one per route (in the areas' stacks) and the Pipe's. */
  readonly deadLetterQueues: Queue[] = [];
  private readonly alarmTopic: ITopic;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    this.alarmTopic = props.alarmTopic;
    const common = {
      table: props.table,
      tableKey: props.tableKey,
      digestKey: props.digestKey,
      tenantDataRole: props.tenantDataRole,
      dataBucketName: props.dataBucketName,
      flowArns: props.flowArns,
      mail: props.mail,
      alarmTopic: props.alarmTopic,
      appUrl: props.appUrl,
    };
    this.bus = new EventBus(this, 'Bus', { eventBusName: 'ismf' });
    exportedOutput(this, 'EventBusName', 'The bus every domain event reaches (with a one-year archive)', this.bus.eventBusName);
    this.bus.archive('Archive', {
      description: 'Every ISMF domain event, for replay',
      eventPattern: { account: [this.account] },
      retention: Duration.days(365),
    });

    // Scheduled jobs and consumers live in a nested stack per area, so that IsmfEvents does not grow with the
    // areas. One role lets Scheduler invoke every job; each job has a Scheduler group of its own.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'EventBridge Scheduler invokes the ISMF scheduled jobs',
    });
    const withWork = props.areas.filter((area) => (area.consumers ?? []).length + (area.jobs ?? []).length > 0);
    const stacks = withWork.map((area) => {
      const nested = new AreaEventsStack(this, `Area-${area.area}`, {
        area: area.area,
        common,
        bus: this.bus,
        alarmTopic: props.alarmTopic,
        deadLetterQueues: this.deadLetterQueues,
      });
      this.areaStacks.push(nested);
      return { area, nested };
    });
    const groups: Record<string, string> = {};
    const jobArns: Record<string, string> = {};
    for (const { area, nested } of stacks) {
      for (const job of area.jobs ?? []) {
        const fn = nested.addJob(job);
        this.jobFunctions.set(job.name, fn);
        const group = new CfnScheduleGroup(this, `Group-${job.name}`, { name: `ismf-${job.name}` });
        groups[job.name] = group.name!;
        jobArns[job.name] = fn.function.functionArn;
        schedulerRole.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }));
      }
    }
    const targets = { functions: jobArns, groups, roleArn: schedulerRole.roleArn };
    for (const { area, nested } of stacks) {
      for (const consumer of area.consumers ?? []) {
        const fn = nested.addConsumer(
          consumer,
          props.routes.filter((route) => route.consumer === consumer),
          consumer.access.scheduler ? { targets, schedulerRoleArn: schedulerRole.roleArn } : undefined,
        );
        this.consumerFunctions.set(consumer.name, fn);
      }
    }

    this.outboxPipe(props);
  }

  private deadLetterQueue(name: string): Queue {
    const queue = deadLetterQueue(this, name, this.alarmTopic);
    this.deadLetterQueues.push(queue);
    return queue;
  }

  /** The transactional outbox's way out: new outbox items on the stream → enrichment → the bus. */
  private outboxPipe(props: EventsStackProps): void {
    const enrichment = new IsmfFunction(this, 'OutboxEnrichment', {
      table: props.table,
      tableKey: props.tableKey,
      alarmTopic: props.alarmTopic,
      appUrl: props.appUrl,
      handler: 'functions/platform/enrich-outbox.ts',
      description: 'Turns outbox stream records into bus events, checked against the event catalogue',
      serviceName: 'ismf-events',
      access: { table: 'none', crossTenant: 'relays every tenant’s outbox items from the one table stream' },
    });
    const failed = this.deadLetterQueue('OutboxPipe');
    const role = new Role(this, 'OutboxPipeRole', { assumedBy: new ServicePrincipal('pipes.amazonaws.com'), description: 'The outbox Pipe' });
    const streamArn = props.table.tableStreamArn!;
    role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        resources: [streamArn],
      }),
    );
    role.addToPolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.tableKey.keyArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [enrichment.function.functionArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [failed.queueArn] }));
    const logs = new LogGroup(this, 'OutboxPipeLogs', { retention: RetentionDays.THREE_MONTHS });
    const pipe = new CfnPipe(this, 'OutboxPipe', {
      name: 'ismf-outbox',
      description: 'Transactional outbox: table stream → enrichment → ISMF bus',
      roleArn: role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 10,
          deadLetterConfig: { arn: failed.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(OUTBOX_FILTER) }] },
      },
      enrichment: enrichment.function.functionArn,
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { detailType: '$.detailType', source: '$.source', time: '$.time' },
        inputTemplate: '<$.detail>',
      },
      logConfiguration: { level: 'ERROR', cloudwatchLogsLogDestination: { logGroupArn: logs.logGroupArn } },
    });
    alarmOnAnyOccurrence(this, 'OutboxPipeFailures', {
      description: 'The outbox Pipe failed to deliver events',
      topic: this.alarmTopic,
      metric: new Metric({
        namespace: 'AWS/EventBridge/Pipes',
        metricName: 'ExecutionFailed',
        dimensionsMap: { PipeName: pipe.name! },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
    });
  }
}
