import { registry } from '@ismf/app/areas';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailSender, OFFLINE_CONTEXT } from '../../infra/build-app.ts';
import type { IsmfFunction } from '../../infra/constructs/ismf-function.ts';
import { placeholders, stateMachineName } from '../../infra/stacks/flows-stack.ts';
import { testApp } from './app.ts';

const { consumers, jobs: scheduledJobs, flows: catalogue } = registry;

const ROOT = resolve(import.meta.dirname, '../..');

let built: ReturnType<typeof testApp>;
let flows: Template;
let events: Template;

beforeAll(() => {
  built = testApp();
  flows = Template.fromStack(built.flows);
  events = Template.fromStack(built.events);
}, 120_000);
afterAll(() => built.dispose());

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

const actionsOf = (statement: Statement) => [statement.Action].flat();
const resourcesOf = (statement: Statement) => [statement.Resource].flat();

function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleLogicalId }]) } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** A resolved CloudFormation string as text: Fn::Join flattened, Refs shown as <Name>. */
function flat(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `<${object.Ref as string}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(flat).join(separator);
  }
  throw new Error(`not a string built from pseudo parameters: ${JSON.stringify(value)}`);
}

const fnArn = (stack: 'flows' | 'events', fn: IsmfFunction) => ({ 'Fn::GetAtt': [built[stack].getLogicalId(fn.function.node.defaultChild as never), 'Arn'] });
/** The template of the stack a function is in: consumers and jobs live in their area's nested stack. */
const templates = new Map<Stack, Template>();
const templateOf = (fn: IsmfFunction) => {
  const stack = Stack.of(fn.function);
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};
const roleId = (fn: IsmfFunction) => Stack.of(fn.role).getLogicalId(fn.role.node.defaultChild as never);
const envOf = (fn: IsmfFunction) =>
  templateOf(fn).findResources('AWS::Lambda::Function')[Stack.of(fn.function).getLogicalId(fn.function.node.defaultChild as never)]!.Properties.Environment
    .Variables as Record<string, unknown>;

function machineOf(flowName: string) {
  const machines = flows.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineName: stateMachineName(flowName) } });
  expect(Object.keys(machines), flowName).toHaveLength(1);
  const [id, machine] = Object.entries(machines)[0]!;
  return { id, properties: machine.Properties };
}

/** The statements of one consumer's or job's role whose actions start with a prefix. */
function grants(fn: IsmfFunction, prefix: string): Statement[] {
  return statementsOfRole(templateOf(fn), roleId(fn)).filter((statement) => actionsOf(statement).some((action) => action.startsWith(prefix)));
}

const APPROVAL_ARN = () => new RegExp(`^arn:(aws|<AWS::Partition>):states:${built.flows.region}:(\\d{12}|<AWS::AccountId>):stateMachine:ismf-approval$`);

describe('the flows stack', () => {
  it('makes one Standard state machine per catalogue flow, from its ASL file with every placeholder bound to its task function', () => {
    expect(catalogue.map((flow) => flow.name)).toContain('approval');
    flows.resourceCountIs('AWS::StepFunctions::StateMachine', catalogue.length);
    expect([...built.flows.stateMachines.keys()]).toEqual(catalogue.map((flow) => flow.name));
    for (const flow of catalogue) {
      const { properties } = machineOf(flow.name);
      const asl = readFileSync(resolve(ROOT, flow.definition), 'utf8');
      expect(properties.StateMachineType).toBe('STANDARD');
      // The file as it is, so that the local runtime and the cloud run the same definition.
      expect(properties.DefinitionString).toBe(asl);
      const tasks = built.flows.taskFunctions.get(flow.name)!;
      expect([...tasks.keys()].sort()).toEqual(Object.keys(flow.tasks).sort());
      expect(properties.DefinitionSubstitutions).toEqual(Object.fromEntries([...tasks].map(([placeholder, fn]) => [placeholder, fnArn('flows', fn)])));

      // Substituted as CloudFormation will: nothing left unbound, and each task state names one of the flow's functions.
      const bound = new Map([...tasks].map(([placeholder, fn]) => [placeholder, `arn:test:lambda:function:${fnArn('flows', fn)['Fn::GetAtt'][0]}`]));
      const substituted = (properties.DefinitionString as string).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => bound.get(name) ?? `\${${name}}`);
      expect(substituted).not.toContain('${');
      type State = { Type: string; Resource?: string; Parameters?: { FunctionName?: string }; ItemProcessor?: { States: Record<string, State> } };
      // A Map's processor holds task states of its own (a job's chunk task).
      const every = (machine: { States: Record<string, State> }): State[] =>
        Object.values(machine.States).flatMap((state) => [state, ...(state.ItemProcessor ? every(state.ItemProcessor) : [])]);
      const states = every(JSON.parse(substituted));
      const named = states.filter((state) => state.Type === 'Task').map((state) => state.Parameters?.FunctionName);
      expect(named.length).toBeGreaterThan(0);
      for (const name of named) expect([...bound.values()]).toContain(name);
      expect(new Set(named)).toEqual(new Set(bound.values()));
      expect(placeholders(asl).sort()).toEqual([...bound.keys()].sort());
    }
  });

  it('logs every execution event to its own log group without execution data, and traces with X-Ray', () => {
    for (const flow of catalogue) {
      const { properties } = machineOf(flow.name);
      expect(properties.LoggingConfiguration).toEqual({
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } }],
      });
      const groupId = properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      const group = flows.findResources('AWS::Logs::LogGroup')[groupId]!;
      expect(group.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/ismf-${flow.name}`);
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(properties.TracingConfiguration).toEqual({ Enabled: true });
    }
  });

  it('lets each state machine invoke exactly its own task functions, and holds "*" only for log delivery and X-Ray', () => {
    for (const flow of catalogue) {
      const { properties } = machineOf(flow.name);
      const statements = statementsOfRole(flows, properties.RoleArn['Fn::GetAtt'][0]);
      const invoke = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('lambda:')));
      expect(invoke).toHaveLength(1);
      expect(actionsOf(invoke[0]!)).toEqual(['lambda:InvokeFunction']);
      const own = [...built.flows.taskFunctions.get(flow.name)!.values()].map((fn) => fnArn('flows', fn));
      expect(resourcesOf(invoke[0]!)).toHaveLength(Object.keys(flow.tasks).length);
      expect(resourcesOf(invoke[0]!)).toEqual(expect.arrayContaining(own));
      expect(JSON.stringify(invoke[0]!.Resource)).not.toContain('*');
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        if (JSON.stringify(statement.Resource).includes('*')) {
          expect(resourcesOf(statement)).toEqual(['*']);
          for (const action of actionsOf(statement)) expect(action).toMatch(/^(logs|xray):/);
        }
      }
      const everyAction = statements.flatMap(actionsOf);
      expect(everyAction.filter((action) => !/^(logs|xray):/.test(action))).toEqual(['lambda:InvokeFunction']);
    }
  });

  it('gives task functions the tenant role, the bucket, and of the state machine only the task responses they declare', () => {
    for (const flow of catalogue) {
      for (const [placeholder, fn] of built.flows.taskFunctions.get(flow.name)!) {
        const task = flow.tasks[placeholder]!;
        const env = envOf(fn);
        expect(env.TENANT_DATA_ROLE_ARN, placeholder).toBeDefined();
        expect(env.DATA_BUCKET !== undefined, placeholder).toBe(task.access.objects !== undefined);
        const actions = statementsOfRole(flows, roleId(fn)).flatMap(actionsOf);
        expect(
          actions.filter((action) => action.startsWith('dynamodb:')),
          placeholder,
        ).toEqual([]);
        expect(actions.filter((action) => action.startsWith('states:')).sort(), placeholder).toEqual(
          task.access.flows === 'resume' ? ['states:SendTaskFailure', 'states:SendTaskSuccess'] : [],
        );
      }
    }
  });

  it('alarms on failed executions of every state machine', () => {
    const alarms = Object.values(flows.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ExecutionsFailed' } }));
    expect(alarms).toHaveLength(catalogue.length);
    for (const flow of catalogue) {
      const { id } = machineOf(flow.name);
      const alarm = alarms.find(
        (candidate) => JSON.stringify(candidate.Properties.Dimensions) === JSON.stringify([{ Name: 'StateMachineArn', Value: { Ref: id } }]),
      );
      expect(alarm, flow.name).toBeDefined();
      expect(alarm!.Properties).toMatchObject({ Namespace: 'AWS/States', Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
  });

  it('deploys after the data stack and before the events stack, which reads the ARNs without an export', () => {
    expect(built.flows.dependencies).toContain(built.data);
    expect(built.events.dependencies).toContain(built.flows);
    for (const template of [events, ...built.events.areaStacks.map((nested) => Template.fromStack(nested))]) {
      expect(JSON.stringify(template.toJSON())).not.toMatch(/IsmfFlows/);
    }
    expect(flat(built.events.resolve(built.flows.stateMachineArns.approval))).toMatch(APPROVAL_ARN());
  });

  it('stays under 400 resources', () => {
    expect(Object.keys(flows.toJSON().Resources).length).toBeLessThan(400);
  });
});

describe('flow and e-mail access of consumers and jobs', () => {
  const consumer = (name: string) => built.events.consumerFunctions.get(name)!;
  const job = (name: string) => built.events.jobFunctions.get(name)!;

  it('lets the startFlow consumer start executions of the catalogue’s state machines, and tells it their ARNs', () => {
    const [start, ...more] = grants(consumer('startFlow'), 'states:');
    expect(more).toEqual([]);
    expect(actionsOf(start!)).toEqual(['states:StartExecution']);
    expect(resourcesOf(start!).map(flat).sort()).toEqual(
      catalogue.map((flow) => flat(Stack.of(consumer('startFlow').function).resolve(built.flows.stateMachineArns[flow.name]))).sort(),
    );
    expect(resourcesOf(start!).map(flat)).toContainEqual(expect.stringMatching(APPROVAL_ARN()));
    expect(flat(envOf(consumer('startFlow')).FLOW_ARN_APPROVAL)).toMatch(APPROVAL_ARN());
  });

  it('lets the resumeFlow consumer answer task tokens of the state machines, and nothing more', () => {
    const [resume, ...more] = grants(consumer('resumeFlow'), 'states:');
    expect(more).toEqual([]);
    expect(actionsOf(resume!).sort()).toEqual(['states:SendTaskFailure', 'states:SendTaskSuccess']);
    expect(resourcesOf(resume!).map(flat)).toContainEqual(expect.stringMatching(APPROVAL_ARN()));
    expect(
      resourcesOf(resume!)
        .map(flat)
        .every((arn) => /stateMachine:ismf-/.test(arn)),
    ).toBe(true);
    expect(Object.keys(envOf(consumer('resumeFlow'))).filter((name) => name.startsWith('FLOW_ARN_'))).toEqual([]);
  });

  it('lets deliverNotification and the notification digest send e-mail only from the sender identity', () => {
    const identity = new RegExp(`^arn:(aws|<AWS::Partition>):ses:${built.events.region}:(\\d{12}|<AWS::AccountId>):identity/example\\.com$`);
    for (const fn of [consumer('deliverNotification'), job('notification-digest')]) {
      const [send, ...more] = grants(fn, 'ses:');
      expect(more).toEqual([]);
      expect(actionsOf(send!)).toEqual(['ses:SendEmail']);
      expect(resourcesOf(send!).map(flat)).toEqual([expect.stringMatching(identity)]);
      expect(send!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': OFFLINE_CONTEXT.mailFrom } });
      expect(envOf(fn).MAIL_FROM).toBe(OFFLINE_CONTEXT.mailFrom);
    }
  });

  it('gives flows and mail to no consumer or job that does not declare them', () => {
    const entries = [
      ...consumers.map((entry) => ({ access: entry.access, fn: consumer(entry.name) })),
      ...scheduledJobs.map((entry) => ({ access: entry.access, fn: job(entry.name) })),
    ];
    expect(entries.filter(({ access }) => access.flows).length).toBeGreaterThanOrEqual(2);
    expect(entries.filter(({ access }) => access.mail).length).toBeGreaterThanOrEqual(2);
    for (const { access, fn } of entries) {
      const env = envOf(fn);
      if (!access.flows) expect(grants(fn, 'states:'), fn.node.id).toEqual([]);
      if (access.flows !== 'start') expect(env.FLOW_ARN_APPROVAL, fn.node.id).toBeUndefined();
      if (!access.mail) {
        expect(grants(fn, 'ses:'), fn.node.id).toEqual([]);
        expect(env.MAIL_FROM, fn.node.id).toBeUndefined();
      }
    }
  });

  it('takes the sender from context, its identity from its domain unless told otherwise', () => {
    expect(mailSender(new App({ context: { mailFrom: 'ismf@example.com' } }))).toEqual({ from: 'ismf@example.com', identity: 'example.com' });
    expect(mailSender(new App({ context: { mailFrom: 'alerts@Mail.Acme.example' } }))).toEqual({
      from: 'alerts@Mail.Acme.example',
      identity: 'mail.acme.example',
    });
    expect(mailSender(new App({ context: { mailFrom: 'alerts@mail.acme.example', mailIdentity: 'acme.example' } })).identity).toBe('acme.example');
    expect(mailSender(new App({ context: { mailFrom: 'a@acme.example', mailIdentity: 'a@acme.example' } })).identity).toBe('a@acme.example');
    expect(() => mailSender(new App({ context: { mailFrom: 'not-an-address' } }))).toThrow(/mailFrom/);
    expect(() => mailSender(new App({ context: { mailFrom: 'a@acme.example', mailIdentity: 'other.example' } }))).toThrow(/does not verify/);
  });
});

describe('cdk-nag over the flows', () => {
  it('finds nothing unacknowledged in the app', () => {
    expect(() => built.app.synth({ force: true })).not.toThrow();
  });
});
