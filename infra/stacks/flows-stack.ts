// The flows stack: one Standard state machine per flow of the catalogue, run from its ASL file as it is
// (the local runtime runs the same file), its `${Name}` placeholders substituted with the ARNs of its
// task functions; execution logs without execution data, X-Ray tracing, an alarm on failed executions
// (notifying the alarm topic), and a role that may invoke only its own task functions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { alarmOnAnyOccurrence } from '../constructs/alarm.ts';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { FlowDefinition } from '../../packages/flows/src/flow-definition.ts';
import { IsmfFunction, type MailSender } from '../constructs/ismf-function.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface FlowsStackProps extends StackProps {
  table: ITable;
  tableKey: IKey;
  digestKey: IKey;
  tenantDataRole: IRole;
  dataBucketName: string;
  mail: MailSender;
  flows: readonly FlowDefinition[];
  /** Where every alarm notifies. */
  alarmTopic: ITopic;
  /** The web console's URL, every function's ISMF_APP_URL. */
  appUrl?: string;
}

/** The `${Name}` placeholders of an ASL text, each once. */
export function placeholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!))];
}

/** The state machine's name: fixed, so that its ARN is known without a reference to this stack. */
export function stateMachineName(flowName: string): string {
  return `ismf-${flowName}`;
}

export class FlowsStack extends Stack {
  /** Flow name → its state machine. */
  readonly stateMachines = new Map<string, StateMachine>();
  /** Flow name → task placeholder → its function. */
  readonly taskFunctions = new Map<string, Map<string, IsmfFunction>>();
  /**
   * Flow name → state machine ARN, built from the fixed name and pseudo parameters: other stacks (and
   * this stack's own task functions) read it without an export or a reference cycle.
   */
  readonly stateMachineArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FlowsStackProps) {
    super(scope, id, props);
    this.stateMachineArns = Object.fromEntries(
      props.flows.map((flow) => [
        flow.name,
        this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName(flow.name), arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ]),
    );
    for (const flow of props.flows) this.flow(flow, props);
  }

  private flow(flow: FlowDefinition, props: FlowsStackProps): void {
    const asl = readFileSync(resolve(ROOT, flow.definition), 'utf8');
    const used = placeholders(asl).sort();
    const declared = Object.keys(flow.tasks).sort();
    if (JSON.stringify(used) !== JSON.stringify(declared)) {
      throw new Error(`flow ${flow.name}: ${flow.definition} uses placeholders [${used.join(', ')}] but the catalogue declares tasks [${declared.join(', ')}]`);
    }

    const tasks = new Map<string, IsmfFunction>();
    for (const [placeholder, task] of Object.entries(flow.tasks)) {
      tasks.set(
        placeholder,
        new IsmfFunction(this, `Task-${flow.name}-${placeholder}`, {
          handler: task.handler,
          description: `Flow ${flow.name}, task ${placeholder}: ${task.description}`,
          serviceName: 'ismf-flows',
          access: task.access,
          table: props.table,
          tableKey: props.tableKey,
          digestKey: props.digestKey,
          tenantDataRole: props.tenantDataRole,
          dataBucketName: props.dataBucketName,
          flowArns: this.stateMachineArns,
          mail: props.mail,
          alarmTopic: props.alarmTopic,
          appUrl: props.appUrl,
        }),
      );
    }
    this.taskFunctions.set(flow.name, tasks);

    // Execution data stays out of the logs: decisions, reasons and snapshots may hold personal data.
    // Vended-log names keep the account's CloudWatch Logs resource policy from growing per state machine.
    const logs = new LogGroup(this, `Logs-${flow.name}`, {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName(flow.name)}`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const machine = new StateMachine(this, `Flow-${flow.name}`, {
      stateMachineName: stateMachineName(flow.name),
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(asl),
      definitionSubstitutions: Object.fromEntries([...tasks].map(([placeholder, fn]) => [placeholder, fn.function.functionArn])),
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // A definition from a string binds no task policies: the role may invoke its own task functions, by
    // their unqualified ARNs (the ASL names no version or alias), and nothing else.
    machine.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...tasks.values()].map((fn) => fn.function.functionArn) }));
    Validations.of(machine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'only the statements CDK adds for execution logging (logs:*LogDelivery, resource policies, DescribeLogGroups) and X-Ray tracing use "*": those actions support no resource-level permissions',
    });
    this.stateMachines.set(flow.name, machine);

    alarmOnAnyOccurrence(this, `FailedAlarm-${flow.name}`, {
      description: `Executions of the ${flow.name} flow that failed`,
      metric: machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      topic: props.alarmTopic,
    });
  }
}
