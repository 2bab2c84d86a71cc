// The stack outputs that docs/deploying.md reads after a deploy (and that other stacks may import): each
// under a stable id, exported as `Ismf-<id>` so that `aws cloudformation list-exports` finds it too.
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The export name of an output: `Ismf-<id>`, unique in the account and region. */
export const exportName = (id: string): string => `Ismf-${id}`;

/** An output with its export. Another stack that imports it fixes its value: change one only with care. */
export function exportedOutput(scope: Construct, id: string, description: string, value: string): CfnOutput {
  return new CfnOutput(scope, id, { description, value, exportName: exportName(id) });
}
