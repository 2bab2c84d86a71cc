// What a deployment needs from the app (docs/deploying.md): the context it stops without, the outputs the
// guide reads (with their exports), the hosted UI, the alarm subscription, and cdk.json's feature flags —
// every recommended one configured, none replacing a resource of an existing deployment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authDomainPrefix,
  buildApp,
  cdkJsonContext,
  DEFAULT_CALLBACK_URLS,
  DEFAULT_LOGOUT_URLS,
  OFFLINE_CONTEXT,
  signInRedirects,
} from '../../infra/build-app.ts';
import { stacksOf, templateOf } from '../../infra/figures.ts';
import { testApp } from './app.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONSOLE = 'https://console.acme-telecom.example/callback';

let built: ReturnType<typeof testApp>;
/** Built with every optional key a deployment may give. */
let configured: ReturnType<typeof testApp>;
let api: Template;
let data: Template;
let events: Template;

beforeAll(() => {
  built = testApp();
  api = Template.fromStack(built.api);
  data = Template.fromStack(built.data);
  events = Template.fromStack(built.events);
  configured = testApp({
    context: {
      alarmEmail: 'secops@acme-telecom.example',
      authDomainPrefix: 'acme-ismf',
      authCallbackUrls: `${CONSOLE},http://localhost:8765/callback`,
      authLogoutUrls: 'https://console.acme-telecom.example/',
    },
  });
}, 120_000);
afterAll(() => {
  built?.dispose();
  configured?.dispose();
});

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

describe('the context a deployment gives', () => {
  it('stops the synth without mailFrom, naming the -c to pass, before any stack is built', () => {
    expect(() => buildApp(new App({ context: cdkJsonContext() }))).toThrow(/CDK context mailFrom is required.*-c mailFrom=/);
    // The CLI's entry, as `npx cdk synth` runs it (cdk.json's app), with no context: the same message.
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: '{}' },
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('-c mailFrom=');
    expect(run.stderr, 'the message alone, no stack trace').not.toMatch(/\n\s+at /);
  }, 60_000);

  it('takes the hosted UI’s prefix and redirects from context, and refuses what Cognito would', () => {
    const context = (values: Record<string, unknown>) => new App({ context: values });
    expect(authDomainPrefix(context({}))).toBeUndefined();
    expect(authDomainPrefix(context({ authDomainPrefix: 'acme-ismf' }))).toBe('acme-ismf');
    for (const bad of ['Acme', '-acme', 'my-cognito-login', 'aws-ismf', 'a'.repeat(64), 'acme_ismf']) {
      expect(() => authDomainPrefix(context({ authDomainPrefix: bad })), bad).toThrow(/authDomainPrefix/);
    }
    expect(signInRedirects(context({}))).toEqual({ callbackUrls: DEFAULT_CALLBACK_URLS, logoutUrls: DEFAULT_LOGOUT_URLS });
    expect(signInRedirects(context({ authCallbackUrls: ` ${CONSOLE} , http://localhost:3001/cb` })).callbackUrls).toEqual([
      CONSOLE,
      'http://localhost:3001/cb',
    ]);
    expect(signInRedirects(context({ authLogoutUrls: ['https://a.example/'] })).logoutUrls).toEqual(['https://a.example/']);
    for (const bad of ['http://console.example/callback', 'https://console.example/#done', 'console.example', '*']) {
      expect(() => signInRedirects(context({ authCallbackUrls: bad })), bad).toThrow(/authCallbackUrls/);
    }
  });
});

describe('the outputs the deploy guide reads', () => {
  const exported = (name: string, value: unknown) => ({ Value: value, Export: { Name: `Ismf-${name}` } });

  it('IsmfApi: the API URL, the user pool and its client, the hosted UI’s host', () => {
    const apiId = logicalId(built.api, built.api.api);
    api.hasOutput('ApiUrl', exported('ApiUrl', Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: apiId }])] })));
    api.hasOutput('UserPoolId', exported('UserPoolId', { Ref: logicalId(built.api, built.api.userPool) }));
    api.hasOutput('UserPoolClientId', exported('UserPoolClientId', { Ref: logicalId(built.api, built.api.userPoolClient) }));
    api.hasOutput(
      'HostedUiDomain',
      exported('HostedUiDomain', {
        'Fn::Join': ['', [{ Ref: logicalId(built.api, built.api.userPoolDomain) }, `.auth.${built.api.region}.amazoncognito.com`]],
      }),
    );
  });

  it('IsmfData: the table, the data bucket and the alarm topic that every alarm notifies', () => {
    data.hasOutput('TableName', exported('TableName', { Ref: logicalId(built.data, built.data.table) }));
    data.hasOutput('DataBucketName', exported('DataBucketName', { Ref: logicalId(built.data, built.data.bucket) }));
    const topic = { Ref: logicalId(built.data, built.data.alarmTopic) };
    data.hasOutput('AlarmTopicArn', exported('AlarmTopicArn', topic));
    // The topic the guide subscribes to is the one every alarm of every stack notifies.
    let alarms = 0;
    for (const stack of stacksOf(built.app)) {
      for (const alarm of Object.values(templateOf(stack).Resources).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')) {
        expect(alarm.Properties.AlarmActions, stack.node.path).toEqual([stack.resolve(built.data.alarmTopic.topicArn)]);
        alarms += 1;
      }
    }
    expect(alarms).toBeGreaterThan(50);
  });

  it('IsmfEvents: the bus', () => {
    events.hasOutput('EventBusName', exported('EventBusName', { Ref: logicalId(built.events, built.events.bus) }));
    events.hasResourceProperties('AWS::Events::EventBus', { Name: 'ismf' });
  });

  it('exports each name once in the app, under Ismf-', () => {
    const names = stacksOf(built.app).flatMap((stack) =>
      Object.values((templateOf(stack) as { Outputs?: Record<string, { Export?: { Name: string } }> }).Outputs ?? {}).flatMap((output) =>
        output.Export && !output.Export.Name.includes(':') ? [output.Export.Name] : [],
      ),
    );
    expect(names.sort()).toEqual(
      ['AlarmTopicArn', 'ApiUrl', 'ConsoleUrl', 'DataBucketName', 'EventBusName', 'HostedUiDomain', 'TableName', 'UserPoolClientId', 'UserPoolId'].map(
        (name) => `Ismf-${name}`,
      ),
    );
  });
});

describe('the hosted UI', () => {
  it('has a Cognito domain, ismf-<account id> unless context names the prefix', () => {
    api.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    api.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['ismf-', { Ref: 'AWS::AccountId' }]] },
      UserPoolId: { Ref: logicalId(built.api, built.api.userPool) },
      ManagedLoginVersion: Match.absent(),
    });
    Template.fromStack(configured.api).hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-ismf' });
  });

  it('gives the public client the authorization code grant only, to the console and the loopback of the guide by default', () => {
    // The console's URL: its CloudFront domain, exported by IsmfConsole.
    const consoleUrl = (path: string) => ({ 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': Match.stringLikeRegexp('^IsmfConsole:') }, path]] });
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [consoleUrl('/callback'), ...DEFAULT_CALLBACK_URLS],
      LogoutURLs: [consoleUrl('/'), ...DEFAULT_LOGOUT_URLS],
      SupportedIdentityProviders: ['COGNITO'],
    });
    Template.fromStack(configured.api).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [consoleUrl('/callback'), CONSOLE, 'http://localhost:8765/callback'],
      LogoutURLs: [consoleUrl('/'), 'https://console.acme-telecom.example/'],
    });
  });
});

describe('the alarm subscription', () => {
  it('subscribes the alarmEmail address to the alarm topic by e-mail (SNS asks it to confirm first)', () => {
    const template = Template.fromStack(configured.data);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'secops@acme-telecom.example',
      TopicArn: { Ref: logicalId(configured.data, configured.data.alarmTopic) },
    });
    data.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('cdk.json’s feature flags', () => {
  const recommended = JSON.parse(readFileSync(join(ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;

  it('configures every flag aws-cdk-lib recommends, at its recommended value (so synth reports none unconfigured)', () => {
    const context = cdkJsonContext();
    // Said in code (buildApp), deliberately not the recommended `weak`: producer stacks keep their exports protected.
    const { '@aws-cdk/core:defaultCrossStackReferences': inCode, ...rest } = recommended;
    expect(inCode).toBeDefined();
    expect(built.app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences')).toBe('strong');
    const differing = Object.entries(rest).filter(([flag, value]) => JSON.stringify(context[flag]) !== JSON.stringify(value));
    expect(
      differing.map(([flag]) => flag),
      'run `npx cdk flags --unstable=flags` and see docs/deploying.md, “Feature flags”',
    ).toEqual([]);
  });

  it('replaces nothing: with and without them every stack holds the same resources under the same logical ids', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ismf-cdk-noflags-'));
    try {
      const bare = buildApp(new App({ outdir, context: { ...OFFLINE_CONTEXT, 'aws:cdk:bundling-stacks': [] } }));
      const resources = (app: App) =>
        Object.fromEntries(
          stacksOf(app).map((stack) => [
            stack.node.path,
            Object.entries(templateOf(stack).Resources)
              .map(([id, resource]) => `${id} ${resource.Type}`)
              .sort(),
          ]),
        );
      expect(resources(built.app)).toEqual(resources(bare.app));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('keeps the stateful resources of a deployment under their logical ids, retained', () => {
    const pinned: [Template, string, string][] = [
      [data, 'PlatformKey9FD66B6F', 'AWS::KMS::Key'],
      [data, 'AuditDigestKeyE0B89B16', 'AWS::KMS::Key'],
      [data, 'TableCD117FA1', 'AWS::DynamoDB::Table'],
      [data, 'Data666C94C7', 'AWS::S3::Bucket'],
      [data, 'AccessLogs8B620ECA', 'AWS::S3::Bucket'],
      [api, 'Users0A0EEA89', 'AWS::Cognito::UserPool'],
    ];
    for (const [template, id, type] of pinned) {
      const resource = template.toJSON().Resources[id];
      expect(resource?.Type, id).toBe(type);
      expect(resource.DeletionPolicy, id).toBe('Retain');
    }
    // Not retained, but their ids are what the deployment knows: a new client id signs everyone out, a new archive loses a year of events.
    expect(api.toJSON().Resources.UsersWebClient8EE36D42?.Type).toBe('AWS::Cognito::UserPoolClient');
    expect(events.toJSON().Resources.BusEA82B648?.Type).toBe('AWS::Events::EventBus');
    expect(events.toJSON().Resources.BusArchiveD76499E2?.Type).toBe('AWS::Events::Archive');
  });

  it('moves the access-log bucket from its ACL to a bucket policy for S3’s log delivery (an update in place)', () => {
    const id = logicalId(built.data, built.data.node.findChild('AccessLogs') as never);
    const bucket = data.toJSON().Resources[id];
    expect(bucket.Properties.AccessControl).toBeUndefined();
    expect(bucket.Properties.OwnershipControls).toBeUndefined();
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })]),
      },
    });
  });
});
