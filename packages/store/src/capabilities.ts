// The local stand-in for IAM beyond the table. In AWS a function holds only what its catalogue entry
// declares (CDK grants it from the entry: objects through the tenant role's session policy, the digest
// key, the user pool's admin actions, the state machines, the SES identity). Locally the stand-ins
// would let anything through, so each adapter call names the IAM action it would need and is refused,
// as IAM refuses it, unless the running function's data scope declares it.
//
// In AWS nothing is checked here: IAM decides, on the grants built from the same declaration.
// Outside any data scope (the local runtime's own work: start-up sweeps, the dev token endpoint, tests
// that call a domain function directly) there is no function whose declaration could be enforced, and
// the local runtime acts as itself. Every handler runs inside a scope (operation, consumer, job and
// flow-task handlers all enter one), so every function's calls are checked.
import type { DeclaredAccess } from '@ismf/core/access';
import { runtimeConfig } from '@ismf/core/config';
import { currentDataScope } from './client.ts';

/** What IAM answers to a request its policies do not allow (the name the AWS SDK gives that error). */
export class AccessDenied extends Error {
  override name = 'AccessDeniedException';
}

/** The IAM actions behind the adapters (beyond DynamoDB, which tenant-access.ts evaluates request by request). */
export type CapabilityAction =
  | 's3:GetObject'
  | 's3:PutObject'
  | 'kms:Sign'
  | 'kms:GetPublicKey'
  | 'kms:Encrypt'
  | 'kms:Decrypt'
  | 'states:StartExecution'
  | 'states:SendTaskSuccess'
  | 'states:SendTaskFailure'
  | 'ses:SendEmail'
  | 'scheduler:CreateSchedule'
  | 'scheduler:DeleteSchedule'
  | `cognito-idp:${string}`;

/** Whether a declaration grants an action, exactly as CDK grants it (infra/constructs/ismf-function.ts, sessionPolicyFor). */
export function grants(access: DeclaredAccess, action: CapabilityAction): boolean {
  switch (action) {
    // HeadObject and presigned downloads are authorized as s3:GetObject.
    case 's3:GetObject':
      return access.objects === 'read' || access.objects === 'write';
    case 's3:PutObject':
      return access.objects === 'write';
    case 'kms:Sign':
      return access.signing === 'sign';
    case 'kms:GetPublicKey':
      return access.signing === 'verify';
    case 'kms:Encrypt':
      return access.secrets === 'seal';
    case 'kms:Decrypt':
      return access.secrets === 'open';
    case 'states:StartExecution':
      return access.flows === 'start';
    case 'states:SendTaskSuccess':
    case 'states:SendTaskFailure':
      return access.flows === 'resume';
    case 'ses:SendEmail':
      return access.mail === true;
    case 'scheduler:CreateSchedule':
    case 'scheduler:DeleteSchedule':
      return access.scheduler === true;
    default:
      return (access.identityProvider ?? []).includes(action);
  }
}

/** What a catalogue entry would have to declare for an action, as the catalogue writes it. */
export function declarationFor(action: CapabilityAction): string {
  switch (action) {
    case 's3:GetObject':
      return 'objects: read';
    case 's3:PutObject':
      return 'objects: write';
    case 'kms:Sign':
      return 'signing: sign';
    case 'kms:GetPublicKey':
      return 'signing: verify';
    case 'kms:Encrypt':
      return 'secrets: seal';
    case 'kms:Decrypt':
      return 'secrets: open';
    case 'states:StartExecution':
      return 'flows: start';
    case 'states:SendTaskSuccess':
    case 'states:SendTaskFailure':
      return 'flows: resume';
    case 'ses:SendEmail':
      return 'mail: true';
    case 'scheduler:CreateSchedule':
    case 'scheduler:DeleteSchedule':
      return 'scheduler: true';
    default:
      return `identityProvider: ${action}`;
  }
}

/**
 * Locally, inside a data scope: refuses an action the scope's declared access does not grant, with IAM's
 * wording, e.g. `createEvidence is not authorized to perform s3:PutObject on acme/evidence/…: its catalogue
 * entry does not declare objects: write`. A no-op in AWS and outside any scope (see above).
 */
export function authorizeCapability(action: CapabilityAction, resource?: string): void {
  if (runtimeConfig().runtime !== 'local') return;
  const scope = currentDataScope();
  if (!scope || grants(scope.access, action)) return;
  throw new AccessDenied(
    `${scope.label} is not authorized to perform ${action}${resource ? ` on ${resource}` : ''}: its catalogue entry does not declare ${declarationFor(action)}`,
  );
}
