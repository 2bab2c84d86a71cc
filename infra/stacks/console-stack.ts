// The console's hosting: a private bucket that only the CloudFront distribution reads (origin access control),
// the distribution (HTTPS only, HTTP/2 and 3, index.html for any client path such as /assets/{id}), the
// response headers policy that sends the same Content-Security-Policy and security headers as the local
// server (packages/console/src/server/headers.ts), and the access logs of both.
//
// Why two stacks (this one and ConsoleSiteStack). The API needs the console's origin (the app client's
// callback and logout URLs, the API's CORS origins, every function's ISMF_APP_URL), and the console needs the
// API (its URL and the app client in console-config.json). Without a custom domain, the distribution's
// *.cloudfront.net name exists only once the distribution does, so the distribution lives here, in a stack
// that IsmfApi, IsmfFlows and IsmfEvents depend on, and the files and their configuration are deployed by
// IsmfConsoleSite, after IsmfApi. The one thing this stack cannot know is the API's execute-api host (its id
// is made by API Gateway): without an API domain the CSP's connect-src names the region's execute-api hosts
// (`https://*.execute-api.<region>.amazonaws.com`); with apiDomainName it names the API's domain exactly.
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
  type ResponseCustomHeader,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CONSOLE_SECURITY_HEADERS, consoleContentSecurityPolicy } from '@ismf/console/server/headers';
import { exportedOutput } from '../constructs/output.ts';
import { dataBucketOrigin } from './data-stack.ts';
import { CfnOutput } from 'aws-cdk-lib';

/** The console's custom domain: from CDK context consoleDomainName and consoleCertificateArn. */
export interface ConsoleDomain {
  name: string;
  /** An ACM certificate for the name in us-east-1, where CloudFront reads certificates. */
  certificateArn: string;
}

/** The hashed files of the build (vite.config.ts's assetsDir): the one path cached for long. */
export const CONSOLE_FILES_PREFIX = '_console';

/** Cache-Control of the hashed files: a name never changes its content. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console bucket's name, from pseudo parameters: IsmfConsoleSite names it without a reference, so that
 * its deployment function's grants read as plain ARNs.
 */
export function consoleBucketName(stack: Stack): string {
  return `ismf-console-${stack.account}-${stack.region}`;
}

/** The hosted UI's host for a Cognito domain prefix, in the stack's region. */
export function hostedUiHost(stack: Stack, domainPrefix: string): string {
  return `${domainPrefix}.auth.${stack.region}.amazoncognito.com`;
}

/** The hosted UI's default domain prefix: `ismf-<account id>` (CDK context authDomainPrefix overrides it). */
export function defaultAuthDomainPrefix(stack: Stack): string {
  return `ismf-${stack.account}`;
}

/**
 * CONSOLE_SECURITY_HEADERS in CloudFront's terms: the headers CloudFront names in its security headers
 * config, and the rest as custom headers. A header it cannot express fails the synth rather than going missing.
 */
export function cloudFrontSecurityHeaders(csp: string): { securityHeadersBehavior: ResponseSecurityHeadersBehavior; customHeaders: ResponseCustomHeader[] } {
  const {
    'x-content-type-options': contentTypeOptions,
    'x-frame-options': frameOption,
    'referrer-policy': referrerPolicy,
    'strict-transport-security': hsts,
    ...custom
  } = CONSOLE_SECURITY_HEADERS;
  if (contentTypeOptions !== 'nosniff') throw new Error(`CloudFront sends x-content-type-options: nosniff only, not ${contentTypeOptions}`);
  const frame = Object.values(HeadersFrameOption).find((option) => option === frameOption.toUpperCase());
  const referrer = Object.values(HeadersReferrerPolicy).find((policy) => policy === referrerPolicy);
  const transport = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/.exec(hsts);
  if (!frame || !referrer || !transport) throw new Error('CONSOLE_SECURITY_HEADERS holds a value CloudFront’s security headers config cannot express');
  return {
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: frame, override: true },
      referrerPolicy: { referrerPolicy: referrer, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(Number(transport[1])),
        includeSubdomains: Boolean(transport[2]),
        preload: Boolean(transport[3]),
        override: true,
      },
    },
    customHeaders: Object.entries(custom).map(([header, value]) => ({ header, value, override: true })),
  };
}

export interface ConsoleStackProps extends StackProps {
  /** The console's own domain; CloudFront's default (*.cloudfront.net) without it. */
  domain?: ConsoleDomain;
  /** The API's custom domain (CDK context apiDomainName), when there is one: the CSP then names it exactly. */
  apiDomainName?: string;
  /** The hosted UI's Cognito domain prefix (CDK context authDomainPrefix); default `ismf-<account id>`. */
  authDomainPrefix?: string;
}

export class ConsoleStack extends Stack {
  /** The site's files: private, read by the distribution only. */
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;
  /** The console's URL, `https://<host>` without a trailing slash: its origin. */
  readonly url: string;
  /** The Content-Security-Policy CloudFront sends with every answer. */
  readonly contentSecurityPolicy: string;
  /** The origins the page may call besides its own (connect-src): the API's, the hosted UI's, the data bucket's. */
  readonly connectOrigins: readonly string[];

  constructor(scope: Construct, id: string, props: ConsoleStackProps = {}) {
    super(scope, id, props);
    // CloudFront's standard logs are written through the bucket's ACL (the awslogsdelivery account): they need
    // object-writer ownership; the site bucket's server access logs go to the same bucket under s3/.
    const logs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'this is the access-log bucket of the console bucket and distribution; logging it again would recurse',
    });
    this.bucket = new Bucket(this, 'Site', {
      bucketName: consoleBucketName(this),
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.connectOrigins = [
      props.apiDomainName ? `https://${props.apiDomainName}` : `https://*.execute-api.${this.region}.${this.urlSuffix}`,
      `https://${hostedUiHost(this, props.authDomainPrefix ?? defaultAuthDomainPrefix(this))}`,
      // Evidence and job files go straight to the data bucket by presigned form POST.
      dataBucketOrigin(this),
    ];
    this.contentSecurityPolicy = consoleContentSecurityPolicy({ connect: this.connectOrigins });
    const { securityHeadersBehavior, customHeaders } = cloudFrontSecurityHeaders(this.contentSecurityPolicy);
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'ISMF console: the CSP and security headers of packages/console/src/server/headers.ts',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders },
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      responseHeadersPolicy: this.responseHeadersPolicy,
      compress: true,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'ISMF console',
      defaultRootObject: 'index.html',
      // index.html, console-config.json and every client path: never kept at the edge (the objects say
      // no-cache too), so a deployment shows at once.
      defaultBehavior: { ...behavior, cachePolicy: CachePolicy.CACHING_DISABLED },
      // Hashed names: cached at the edge and in browsers for a year (the objects say immutable).
      additionalBehaviors: { [`${CONSOLE_FILES_PREFIX}/*`]: { ...behavior, cachePolicy: CachePolicy.CACHING_OPTIMIZED } },
      // A single-page app: any path the bucket does not hold (S3 answers 403 to OAC without ListBucket, 404
      // with it) opens index.html, whose router shows the page; never cached, so a new index.html shows at once.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'without CDK context consoleDomainName the console is served on CloudFront’s default certificate (*.cloudfront.net), whose viewer policy CloudFront fixes; with a domain the distribution requires TLSv1.2_2021',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'the console is used by each tenant’s staff wherever they are; who may sign in is decided by Cognito, not by country',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'the distribution serves static files only, with no server code behind it; the API is a separate origin with its own JWT authorizer and throttling, and a web ACL’s fixed monthly fee would not buy protection here',
    });

    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    exportedOutput(this, 'ConsoleUrl', 'The web console’s URL (people sign in there; links in e-mail point into it)', this.url);
    if (props.domain) {
      new CfnOutput(this, 'ConsoleDomainTarget', {
        description: 'The DNS target (CNAME, or alias in the hosted zone Z2FDTNDATAQYW2) of the console’s custom domain',
        value: this.distribution.distributionDomainName,
      });
    }
  }
}
