import { registry } from '@ismf/app/areas';
import { resolve } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Construct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '@ismf/core/canonical';
import { OUTBOX_FILTER } from '@ismf/events/outbox';
import { matchesPattern } from '@ismf/events/pattern-matcher';
import { LocalBus } from '@ismf/local/local-bus';
import { TARGET_MAX_EVENT_AGE, TARGET_RETRY_ATTEMPTS } from '../../infra/stacks/events-stack.ts';
import { testApp } from './app.ts';

const { consumers, jobs: scheduledJobs } = registry;

let built: ReturnType<typeof testApp>;
let events: Template;
/** IsmfEvents and the nested stack of each area with consumers or jobs. */
let all: Template[];

beforeAll(() => {
  built = testApp();
  events = Template.fromStack(built.events);
  all = [events, ...built.events.areaStacks.map((nested) => Template.fromStack(nested))];
}, 120_000);
afterAll(() => built.dispose());

const resources = (type: string) => all.flatMap((template) => Object.values(template.findResources(type)));
/** A function's own stack, template and logical id. */
const placed = (construct: Construct) => {
  const stack = Stack.of(construct);
  return { stack, template: Template.fromStack(stack), id: stack.getLogicalId(construct.node.defaultChild as never) };
};

describe('the events stack', () => {
  it('has the custom bus with an archive', () => {
    events.hasResourceProperties('AWS::Events::EventBus', { Name: 'ismf' });
    events.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });

  it('makes the same rules from the event catalogue that the local bus routes by', () => {
    const rules = resources('AWS::Events::Rule').map((rule) => canonicalJson(rule.Properties.EventPattern));
    const local = new LocalBus({ root: resolve(import.meta.dirname, '../..'), routes: registry.routes })
      .routeList()
      .map((route) => canonicalJson(route.pattern));
    expect(rules.sort()).toEqual(local.sort());
    expect(rules.length).toBeGreaterThan(0);
  });

  it('gives every rule target a retry policy and a dead-letter queue, and alarms on every queue', () => {
    const rules = resources('AWS::Events::Rule');
    for (const rule of rules) {
      for (const target of rule.Properties.Targets) {
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: TARGET_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: TARGET_MAX_EVENT_AGE.toSeconds() });
        expect(target.DeadLetterConfig.Arn).toBeDefined();
      }
    }
    const queues = resources('AWS::SQS::Queue');
    expect(queues.length).toBe(rules.length + 1); // one per route, one for the Pipe
    const alarmed = resources('AWS::CloudWatch::Alarm').map((alarm) => JSON.stringify(alarm.Properties));
    expect(alarmed.filter((alarm) => alarm.includes('ApproximateNumberOfMessagesVisible'))).toHaveLength(queues.length);
    expect(alarmed.filter((alarm) => alarm.includes('ExecutionFailed'))).toHaveLength(1);
  });

  it('runs the outbox Pipe from the table stream through the enrichment to the bus, selecting only outbox inserts', () => {
    const [pipe] = resources('AWS::Pipes::Pipe');
    const filter = JSON.parse(pipe!.Properties.SourceParameters.FilterCriteria.Filters[0].Pattern);
    expect(filter).toEqual(OUTBOX_FILTER);
    const record = (eventName: string, kind: string) => ({ eventName, dynamodb: { NewImage: { kind: { S: kind }, pk: { S: 'acme#OUTBOX#1' } } } });
    expect(matchesPattern(filter, record('INSERT', 'outbox'))).toBe(true);
    expect(matchesPattern(filter, record('MODIFY', 'outbox'))).toBe(false);
    expect(matchesPattern(filter, record('REMOVE', 'outbox'))).toBe(false);
    for (const kind of ['entity', 'audit', 'idempotency', 'relay-checkpoint']) expect(matchesPattern(filter, record('INSERT', kind))).toBe(false);
    expect(pipe!.Properties.Enrichment).toBeDefined();
    expect(pipe!.Properties.SourceParameters.DynamoDBStreamParameters.DeadLetterConfig.Arn).toBeDefined();
    expect(pipe!.Properties.TargetParameters.EventBridgeEventBusParameters).toMatchObject({ DetailType: '$.detailType', Source: '$.source' });
  });

  it('has a Scheduler group per job, a role only Scheduler assumes, and hands the provisioner its targets', () => {
    const groups = resources('AWS::Scheduler::ScheduleGroup').map((group) => group.Properties.Name);
    expect(groups.sort()).toEqual(scheduledJobs.map((job) => `ismf-${job.name}`).sort());
    events.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: Match.anyValue() })] },
    });
    const provisioner = placed(built.events.consumerFunctions.get('provisionTenantSchedules')!.function);
    const env = provisioner.template.findResources('AWS::Lambda::Function')[provisioner.id]!.Properties.Environment.Variables;
    for (const job of scheduledJobs) expect(JSON.stringify(env.SCHEDULER_TARGETS)).toContain(`ismf-${job.name}`);
    expect(consumers.map((consumer) => consumer.name)).toEqual([...built.events.consumerFunctions.keys()]);
  });

  it('lets the sealing job sign with the digest key, and only that', () => {
    const role = placed(built.events.jobFunctions.get('seal-audit-digest')!.role);
    const policies = role.template.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: role.id }]) } });
    const actions = Object.values(policies).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()),
    );
    expect(actions).toContain('kms:Sign');
    // It serves one tenant per run: its data access is the tenant role's, never its own.
    expect(actions.filter((action: string) => action.startsWith('dynamodb:'))).toEqual([]);
    expect(actions).toContain('sts:AssumeRole');
    expect(actions).not.toContain('kms:GetPublicKey');
    expect(actions.filter((action: string) => action.startsWith('scheduler:'))).toEqual([]);
  });

  it('stays under 400 resources, and puts each area’s consumers and jobs in a nested stack of its own', () => {
    for (const template of all) expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(400);
    const withWork = registry.areas.filter((area) => (area.consumers ?? []).length + (area.jobs ?? []).length > 0);
    expect(built.events.areaStacks.map((nested) => nested.node.id)).toEqual(withWork.map((area) => `Area-${area.area}`));
    for (const area of withWork) {
      for (const fn of [
        ...(area.consumers ?? []).map((consumer) => built.events.consumerFunctions.get(consumer.name)!),
        ...(area.jobs ?? []).map((job) => built.events.jobFunctions.get(job.name)!),
      ]) {
        expect(Stack.of(fn.function).node.id, fn.node.id).toBe(`Area-${area.area}`);
      }
    }
    expect(events.findResources('AWS::Lambda::Function')).not.toEqual({});
    expect(Object.keys(events.findResources('AWS::Events::Rule'))).toEqual([]);
  });
});
