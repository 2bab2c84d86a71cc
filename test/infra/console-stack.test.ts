// The console in AWS (docs/deploying.md, “The web console”): a private bucket behind CloudFront with origin
// access control, the same Content-Security-Policy and security headers as the local server, index.html for
// every client path, the files and console-config.json deployed after the API, and the console's origin
// wherever the API and the functions need it.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SECURITY_HEADERS, consoleContentSecurityPolicy } from '@ismf/console/server/headers';
import { buildApp, cdkJsonContext, consoleDomain, ContextError, OFFLINE_CONTEXT } from '../../infra/build-app.ts';
import { stacksOf, templateOf } from '../../infra/figures.ts';
import { testApp } from './app.ts';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const CONSOLE = 'https://console.acme-telecom.example';

let built: ReturnType<typeof testApp>;
/** With the console's and the API's custom domains and the hosted UI's prefix: every value is a plain string. */
let configured: ReturnType<typeof testApp>;
let hosting: Template;
let site: Template;

beforeAll(() => {
  built = testApp();
  hosting = Template.fromStack(built.console);
  site = Template.fromStack(built.consoleSite);
  configured = testApp({
    context: {
      consoleDomainName: 'Console.acme-telecom.example',
      consoleCertificateArn: CERTIFICATE,
      apiDomainName: 'api.acme-telecom.example',
      apiCertificateArn: `arn:aws:acm:${built.api.region}:123456789012:certificate/11111111-2222-3333-4444-555555555555`,
      authDomainPrefix: 'acme-ismf',
    },
  });
}, 180_000);
afterAll(() => {
  built?.dispose();
  configured?.dispose();
});

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

/** A resolved value with its pseudo parameters written `<AWS::…>`, joins joined: as a string to compare. */
function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as { 'Fn::Join'?: [string, unknown[]]; Ref?: string };
  if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(rendered).join(intrinsic['Fn::Join'][0]);
  if (intrinsic.Ref?.startsWith('AWS::')) return `<${intrinsic.Ref}>`;
  throw new Error(`not rendered: ${JSON.stringify(value)}`);
}

const distributionConfig = (template: Template) => Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
const headersConfig = (template: Template) =>
  Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!.Properties.ResponseHeadersPolicyConfig;

describe('the console bucket', () => {
  it('is private, encrypted, refuses plain HTTP, hosts no website and logs its access', () => {
    const siteId = logicalId(built.console, built.console.bucket);
    const bucket = hosting.toJSON().Resources[siteId];
    expect(bucket.Properties).toMatchObject({
      BucketName: { 'Fn::Join': ['', ['ismf-console-', { Ref: 'AWS::AccountId' }, `-${built.console.region}`]] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: { LogFilePrefix: 's3/' },
    });
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
    hosting.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: siteId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('is read by the distribution only, through origin access control', () => {
    const siteId = logicalId(built.console, built.console.bucket);
    const distributionId = logicalId(built.console, built.console.distribution);
    hosting.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    hosting.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    hosting.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const [origin, ...others] = distributionConfig(hosting).Origins;
    expect(others).toEqual([]);
    expect(origin).toMatchObject({
      DomainName: { 'Fn::GetAtt': [siteId, 'RegionalDomainName'] },
      OriginAccessControlId: { 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    const policy = Object.values(hosting.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: siteId } } }))[0]!;
    const allows = (policy.Properties.PolicyDocument.Statement as { Effect: string }[]).filter((statement) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([{ Ref: distributionId }])] }) } },
      }),
    ]);
  });
});

describe('the distribution', () => {
  it('opens the app at / and at any client path (S3’s 403 and 404 become index.html with 200, never cached)', () => {
    const config = distributionConfig(hosting);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 })),
    );
  });

  it('redirects HTTP to HTTPS, speaks HTTP/2 and 3, logs every request, and caches only the hashed files', () => {
    const config = distributionConfig(hosting);
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.Logging).toMatchObject({ Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'RegionalDomainName'] }, Prefix: 'cloudfront/' });
    const policyId = { Ref: logicalId(built.console, built.console.responseHeadersPolicy) };
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      ResponseHeadersPolicyId: policyId,
    });
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '_console/*',
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        ResponseHeadersPolicyId: policyId,
      }),
    ]);
    // CloudFront's own domain and certificate without consoleDomainName.
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it('sends the console’s Content-Security-Policy: connect-src names the API, the hosted UI and the data bucket exactly when their domains are known', () => {
    const csp = headersConfig(Template.fromStack(configured.console)).SecurityHeadersConfig.ContentSecurityPolicy;
    const region = configured.console.region;
    expect(csp.Override).toBe(true);
    expect(rendered(csp.ContentSecurityPolicy)).toBe(
      consoleContentSecurityPolicy({
        connect: [
          'https://api.acme-telecom.example',
          `https://acme-ismf.auth.${region}.amazoncognito.com`,
          `https://ismf-data-<AWS::AccountId>-${region}.s3.${region}.<AWS::URLSuffix>`,
        ],
      }),
    );
    // The API's URL in console-config.json is the one connect-src allows.
    expect(configured.api.url).toBe('https://api.acme-telecom.example');
  });

  it('without an API domain, allows the region’s execute-api hosts (the API’s id is made after this stack) and the default hosted UI', () => {
    const csp = headersConfig(hosting).SecurityHeadersConfig.ContentSecurityPolicy;
    const region = built.console.region;
    expect(csp.Override).toBe(true);
    expect(rendered(csp.ContentSecurityPolicy)).toBe(
      consoleContentSecurityPolicy({
        connect: [
          `https://*.execute-api.${region}.<AWS::URLSuffix>`,
          `https://ismf-<AWS::AccountId>.auth.${region}.amazoncognito.com`,
          `https://ismf-data-<AWS::AccountId>-${region}.s3.${region}.<AWS::URLSuffix>`,
        ],
      }),
    );
  });

  it('sends the same security headers as the local server', () => {
    const config = headersConfig(hosting);
    const security = config.SecurityHeadersConfig;
    const sent: Record<string, string> = {
      ...(security.ContentTypeOptions.Override ? { 'x-content-type-options': 'nosniff' } : {}),
      'x-frame-options': security.FrameOptions.FrameOption,
      'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
      'strict-transport-security': `max-age=${security.StrictTransportSecurity.AccessControlMaxAgeSec}${security.StrictTransportSecurity.IncludeSubdomains ? '; includeSubDomains' : ''}${security.StrictTransportSecurity.Preload ? '; preload' : ''}`,
      ...Object.fromEntries((config.CustomHeadersConfig.Items as { Header: string; Value: string }[]).map((item) => [item.Header, item.Value])),
    };
    expect(sent).toEqual(CONSOLE_SECURITY_HEADERS);
    for (const header of [security.FrameOptions, security.ReferrerPolicy, security.StrictTransportSecurity, ...config.CustomHeadersConfig.Items]) {
      expect(header.Override).toBe(true);
    }
  });

  it('takes a custom domain with its us-east-1 certificate, TLS 1.2 and later, and outputs its URL and DNS target', () => {
    const template = Template.fromStack(configured.console);
    const config = distributionConfig(template);
    expect(config.Aliases).toEqual(['console.acme-telecom.example']);
    expect(config.ViewerCertificate).toEqual({ AcmCertificateArn: CERTIFICATE, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    template.hasOutput('ConsoleUrl', { Value: CONSOLE, Export: { Name: 'Ismf-ConsoleUrl' } });
    template.hasOutput('ConsoleDomainTarget', { Value: { 'Fn::GetAtt': [logicalId(configured.console, configured.console.distribution), 'DomainName'] } });
  });

  it('outputs the console’s URL, CloudFront’s domain by default', () => {
    hosting.hasOutput('ConsoleUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(built.console, built.console.distribution), 'DomainName'] }]] },
      Export: { Name: 'Ismf-ConsoleUrl' },
    });
    expect(Object.keys(hosting.findOutputs('ConsoleDomainTarget'))).toEqual([]);
  });
});

describe('the custom domain context', () => {
  const context = (values: Record<string, string>) => new App({ context: values });
  const refused = (values: Record<string, string>, message: RegExp) => {
    let error: unknown;
    try {
      consoleDomain(context(values));
    } catch (caught) {
      error = caught;
    }
    expect(error, JSON.stringify(values)).toBeInstanceOf(ContextError);
    expect((error as Error).message).toMatch(message);
  };

  it('takes both keys or neither, a domain name, and an ACM certificate in us-east-1', () => {
    expect(consoleDomain(context({}))).toBeUndefined();
    expect(consoleDomain(context({ consoleDomainName: 'Console.Example.com', consoleCertificateArn: CERTIFICATE }))).toEqual({
      name: 'console.example.com',
      certificateArn: CERTIFICATE,
    });
    refused({ consoleDomainName: 'console.example.com' }, /consoleDomainName and consoleCertificateArn/);
    refused({ consoleCertificateArn: CERTIFICATE }, /consoleDomainName and consoleCertificateArn/);
    refused({ consoleDomainName: 'not a domain', consoleCertificateArn: CERTIFICATE }, /consoleDomainName must be a domain name/);
    refused({ consoleDomainName: 'console.example.com', consoleCertificateArn: 'arn:aws:iam::123456789012:role/x' }, /consoleCertificateArn must be an ACM/);
    refused(
      { consoleDomainName: 'console.example.com', consoleCertificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-1') },
      /consoleCertificateArn must be an ACM certificate in us-east-1.*not in eu-west-1/,
    );
  });

  it('stops the synth before any stack is built', () => {
    const app = new App({ context: { ...cdkJsonContext(), ...OFFLINE_CONTEXT, 'aws:cdk:bundling-stacks': [], consoleDomainName: 'console.example.com' } });
    expect(() => buildApp(app)).toThrow(ContextError);
    expect(stacksOf(app)).toEqual([]);
  });

  it('deploys the stand-in console only in builds that skip bundling: a bundling synth needs the built console', () => {
    const app = new App({ context: { ...cdkJsonContext(), ...OFFLINE_CONTEXT } });
    expect(() => buildApp(app)).toThrow(/the console must be built/);
    expect(stacksOf(app)).toEqual([]);
  });
});

describe('the console’s origin, wherever it matters', () => {
  /** The default console URL as another stack reads it: IsmfConsole's export of the distribution's domain. */
  const consoleUrl = (path = '') => ({
    'Fn::Join': ['', ['https://', { 'Fn::ImportValue': Match.stringLikeRegexp('^IsmfConsole:ExportsOutputFnGetAttDistribution') }, ...(path ? [path] : [])]],
  });

  it('is where the hosted UI sends people back to, and after sign-out, besides the redirects context names', () => {
    Template.fromStack(built.api).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [consoleUrl('/callback'), 'http://localhost:8765/callback'],
      LogoutURLs: [consoleUrl('/'), 'http://localhost:8765/'],
    });
    Template.fromStack(configured.api).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`${CONSOLE}/callback`, 'http://localhost:8765/callback'],
      LogoutURLs: [`${CONSOLE}/`, 'http://localhost:8765/'],
    });
  });

  it('may call the API', () => {
    Template.fromStack(built.api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'ismf',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [consoleUrl()] }),
    });
    Template.fromStack(configured.api).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'ismf',
      CorsConfiguration: Match.objectLike({ AllowOrigins: [CONSOLE] }),
    });
  });

  it('may upload to the data bucket and read from it by presigned URL, and no other origin may', () => {
    const cors = (app: typeof built) =>
      Object.values(Template.fromStack(app.data).findResources('AWS::S3::Bucket')).find((bucket) => bucket.Properties.BucketName)!.Properties.CorsConfiguration
        .CorsRules;
    expect(cors(configured)).toEqual([
      expect.objectContaining({ AllowedOrigins: [CONSOLE], AllowedMethods: ['POST', 'PUT', 'GET', 'HEAD'], ExposedHeaders: ['ETag'] }),
    ]);
    // Without a console domain: CloudFront's, read from the console stack.
    expect(JSON.stringify(cors(built)[0].AllowedOrigins)).toMatch(
      /^\[\{"Fn::Join":\["",\["https:\/\/",\{"Fn::ImportValue":"IsmfConsole:ExportsOutputFnGetAttDistribution/,
    );
  });

  it('is every function’s ISMF_APP_URL, so that links in e-mail open the console', () => {
    let count = 0;
    for (const stack of stacksOf(configured.app)) {
      for (const [id, resource] of Object.entries(templateOf(stack).Resources)) {
        if (resource.Type !== 'AWS::Lambda::Function' || id.startsWith('CustomCDKBucketDeployment')) continue;
        expect(resource.Properties.Environment.Variables.ISMF_APP_URL, `${stack.node.path}/${id}`).toBe(CONSOLE);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(configured.api.functions.size);
    // By default, the distribution's domain, imported from IsmfConsole (a parameter in the nested stacks).
    const flows = Template.fromStack(built.flows).findResources('AWS::Lambda::Function');
    expect(Object.keys(flows).length).toBeGreaterThan(0);
    for (const fn of Object.values(flows)) {
      expect(fn.Properties.Environment.Variables.ISMF_APP_URL).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::ImportValue': expect.stringMatching(/^IsmfConsole:ExportsOutputFnGetAttDistribution/) }]],
      });
    }
  });

  it('comes from a stack the API, flows and events stacks follow; the files from one that follows the API', () => {
    for (const stack of [built.api, built.flows, built.events]) expect(stack.dependencies, stack.node.id).toContain(built.console);
    expect(built.consoleSite.dependencies).toEqual(expect.arrayContaining([built.console, built.api]));
    expect(built.console.dependencies).toEqual([]);
  });
});

describe('the console’s files', () => {
  const deployments = () => Object.entries(site.findResources('Custom::CDKBucketDeployment'));
  const pages = () => deployments().find(([id]) => id.startsWith('Pages'))![1].Properties;
  const files = () => deployments().find(([id]) => id.startsWith('Files'))![1].Properties;
  const bucketName = () => ({ 'Fn::Join': ['', ['ismf-console-', { Ref: 'AWS::AccountId' }, `-${built.console.region}`]] });

  it('puts the hashed files under _console/, immutable and kept from earlier deployments', () => {
    expect(deployments()).toHaveLength(2);
    expect(files()).toMatchObject({
      DestinationBucketName: bucketName(),
      DestinationBucketKeyPrefix: '_console/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  });

  it('then index.html and console-config.json, never cached, and invalidates them at the edge', () => {
    const [pagesId] = deployments().find(([id]) => id.startsWith('Pages'))!;
    const [filesId] = deployments().find(([id]) => id.startsWith('Files'))!;
    expect(site.toJSON().Resources[pagesId].DependsOn).toEqual(expect.arrayContaining([filesId]));
    expect(pages()).toMatchObject({
      DestinationBucketName: bucketName(),
      Prune: true,
      Exclude: ['_console/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { 'Fn::ImportValue': expect.stringMatching(/^IsmfConsole:ExportsOutputRefDistribution/) },
      DistributionPaths: expect.arrayContaining(['/index.html', '/console-config.json']),
    });
  });

  it('configures the console with the API’s URL, the hosted UI’s domain and the app client, read at deploy time', () => {
    const markers = pages().SourceMarkers as Record<string, unknown>[];
    const imports = markers.flatMap((entry) => Object.values(entry)).map((value) => (value as { 'Fn::ImportValue': string })['Fn::ImportValue']);
    expect(imports).toEqual([
      expect.stringMatching(/^IsmfApi:ExportsOutputFnGetAttApi[0-9A-F]+ApiEndpoint/),
      expect.stringMatching(/^IsmfApi:ExportsOutputRefUsersHostedUi/),
      expect.stringMatching(/^IsmfApi:ExportsOutputRefUsersWebClient/),
    ]);
    // What they are: the API's URL without a trailing slash, and the hosted UI's host.
    expect(configured.api.url).toBe('https://api.acme-telecom.example');
    expect(built.api.resolve(built.api.url)).toEqual({ 'Fn::GetAtt': [logicalId(built.api, built.api.api), 'ApiEndpoint'] });
    expect(built.api.resolve(built.api.hostedUiDomain)).toEqual({
      'Fn::Join': ['', [{ Ref: logicalId(built.api, built.api.userPoolDomain) }, `.auth.${built.api.region}.amazoncognito.com`]],
    });
  });
});
