// The console's files and configuration, deployed into the console bucket (ConsoleStack) once the API exists:
// the hashed files under _console/ first (kept from earlier deployments, so that a page already open still
// finds the files its index.html names), then index.html and /console-config.json, which names the API and
// the hosted UI with the values of this deployment, and an invalidation of both at the edge. See
// console-stack.ts for why the hosting and the files are two stacks.
import { join } from 'node:path';
import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { Policy, PolicyDocument } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ConsoleConfig } from '@ismf/console/config';
import { asNagSees } from '../nag.ts';
import { CONSOLE_FILES_PREFIX, consoleBucketName, IMMUTABLE } from './console-stack.ts';

/** Where the console reads its configuration (@ismf/console/config's CONFIG_PATH, without the slash). */
export const CONSOLE_CONFIG_FILE = 'console-config.json';

/** Written beside the build by buildConsole (its inputs' hashes): not part of the site. */
const BUILD_STAMP = '.inputs.json';

export interface ConsoleSiteStackProps extends StackProps {
  /** The built console (build/console): index.html and the hashed files under _console/. */
  site: string;
  /** The console's distribution (IsmfConsole's), whose edge caches the deployment invalidates. */
  distribution: IDistribution;
  /** What /console-config.json says: deploy-time values of the API stack. */
  config: ConsoleConfig;
}

export class ConsoleSiteStack extends Stack {
  readonly files: BucketDeployment;
  readonly pages: BucketDeployment;

  constructor(scope: Construct, id: string, props: ConsoleSiteStackProps) {
    super(scope, id, props);
    // IsmfConsole's bucket, by its name (see consoleBucketName).
    const bucket = Bucket.fromBucketName(this, 'Site', consoleBucketName(this));
    // One log group for both deployments: they share CDK's deployment function.
    const logGroup = new LogGroup(this, 'DeploymentLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    this.files = new BucketDeployment(this, 'Files', {
      sources: [Source.asset(join(props.site, CONSOLE_FILES_PREFIX))],
      destinationBucket: bucket,
      destinationKeyPrefix: `${CONSOLE_FILES_PREFIX}/`,
      // Earlier builds' files stay: an open page, or a cached index.html, still loads the files it names.
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE)],
      logGroup,
      memoryLimit: 512,
    });
    this.pages = new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(props.site, { exclude: [CONSOLE_FILES_PREFIX, BUILD_STAMP] }), Source.jsonData(CONSOLE_CONFIG_FILE, props.config)],
      destinationBucket: bucket,
      // Pruning removes pages no longer built, never the hashed files.
      exclude: [`${CONSOLE_FILES_PREFIX}/*`],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/', '/index.html', `/${CONSOLE_CONFIG_FILE}`],
      logGroup,
      memoryLimit: 512,
    });
    // The new index.html only once the files it names are there.
    this.pages.node.addDependency(this.files);

    this.acknowledgeDeploymentFunction();
  }

  /**
   * CDK's deployment function (a singleton of the stack, shared by both deployments) runs only during a
   * deployment, with the role and grants CDK gives it: its wildcards are acknowledged one by one, each finding
   * named as cdk-nag names it.
   */
  private acknowledgeDeploymentFunction(): void {
    const reasons: [RegExp, string][] = [
      [
        /^Action::s3:[A-Za-z]+\*$/,
        'CDK’s deployment function holds the action groups of CDK’s read grant on the asset bucket and read-write grant on the console bucket',
      ],
      [
        /^Resource::arn:(?:aws[a-z-]*|<AWS::Partition>):s3:::cdk-[a-z0-9]+-assets-.*\/\*$/,
        'CDK’s deployment function reads the uploaded site archive among the bootstrap asset bucket’s objects',
      ],
      [
        /^Resource::arn:(?:aws[a-z-]*|<AWS::Partition>):s3:::ismf-console-.*\/\*$/,
        'CDK’s deployment function writes and prunes the console’s files, which are every object of the console bucket',
      ],
      [
        /^Resource::\*$/,
        'CDK grants its deployment function cloudfront:CreateInvalidation and GetInvalidation on "*"; it invalidates only the distribution it is given',
      ],
    ];
    const handlers = this.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handlers.length !== 1) throw new Error(`expected CDK's one deployment function in ${this.node.path}, found ${handlers.length}`);
    const handler = handlers[0]!;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK’s deployment function writes its logs with the basic execution role CDK gives it; it runs only during a deployment',
    });
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'CDK’s deployment function runs on the runtime aws-cdk-lib ships it for (with the AWS CLI layer); it is updated with aws-cdk-lib',
    });
    const policy = handler.node.findChild('ServiceRole').node.findChild('DefaultPolicy') as Policy;
    const { Statement: statements } = this.resolve((policy.document as PolicyDocument).toJSON()) as {
      Statement: { Action: string | string[]; Resource: unknown }[];
    };
    const findings = statements.flatMap((statement) => [
      ...[statement.Action]
        .flat()
        .filter((action) => action.includes('*'))
        .map((action) => `Action::${action}`),
      ...[statement.Resource]
        .flat()
        .map((resource) => `Resource::${this.nagText(resource)}`)
        .filter((finding) => finding.includes('*')),
    ]);
    for (const finding of new Set(findings)) {
      const reason = reasons.find(([pattern]) => pattern.test(finding))?.[1];
      if (!reason) throw new Error(`CDK's deployment function holds a wildcard no reason covers: ${finding}`);
      Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }

  /** A resolved value as cdk-nag shows it in a finding: pseudo parameters in angle brackets. */
  private nagText(value: unknown): string {
    if (typeof value === 'string') return asNagSees(this, value);
    const intrinsic = value as { 'Fn::Join'?: [string, unknown[]]; 'Fn::Sub'?: string; Ref?: string };
    if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map((part) => this.nagText(part)).join(intrinsic['Fn::Join'][0]);
    if (typeof intrinsic['Fn::Sub'] === 'string') return intrinsic['Fn::Sub'].replace(/\$\{(AWS::[A-Za-z]+)\}/g, '<$1>');
    if (intrinsic.Ref?.startsWith('AWS::')) return `<${intrinsic.Ref}>`;
    return JSON.stringify(value);
  }
}
