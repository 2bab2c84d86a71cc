// Every kind of subject that goes through human decisions, from every area.
import { assetPolicyChangeKind } from '@ismf/assets/policy-change';
import { problems } from '@ismf/core/problems';
import type { SubjectKind } from './subject-kind.ts';

export const subjectKinds: readonly SubjectKind[] = [assetPolicyChangeKind];

export function subjectKind(kind: string): SubjectKind {
  const found = subjectKinds.find((candidate) => candidate.kind === kind);
  if (!found) throw problems.unprocessable(`no subject kind ${kind}`);
  return found;
}
