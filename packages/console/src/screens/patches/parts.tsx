// What the patch management screens share (X.1052 12.2.3): a requirement's, a test's and a wave's states in
// words (badges whose text says what their colour repeats), the due date with "overdue" written out, who may
// act (the operations' callers: administrators and security officers), the requirements of a test or a wave
// read and listed, and links to the records a requirement leads to.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import type { TenantRole } from '@ismf/core/roles';
import { CLOSURE_RESOLUTIONS, OUTSTANDING_STATES, type PatchState } from '@ismf/patches/rules';
import { act, api, useApiData, type Problem } from '../../api.ts';
import { useWho } from '../../session/session.ts';
import type { Flow } from '../../ui/flow-steps.tsx';
import { formatDate } from '../../ui/format.ts';
import { Loading } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { PriorityBadge } from '../early-warning/priority-parts.tsx';

export type Requirement = Schemas['PatchRequirement'];
export type PatchTest = Schemas['PatchTest'];
export type Wave = Schemas['PatchWave'];
export type WaveStatus = Wave['status'];
export type Proposal = Schemas['ProposePatchWavesResponse']['items'][number];
export type Resolution = (typeof CLOSURE_RESOLUTIONS)[number];

/**
 * Who enters, tests, closes and rolls out (createPatchRequirements, requestPatchTest, closePatchRequirement,
 * createPatchWave, proposePatchWaves, putPatchSettings: their callers in the API catalogue). Everyone who may
 * open a patch screen reads.
 */
export const PATCH_KEEPERS: readonly TenantRole[] = ['admin', 'security-officer'];

export function useKeeper(): boolean {
  const roles = useWho()?.roles ?? [];
  return PATCH_KEEPERS.some((role) => roles.includes(role));
}

export const STATE_LABELS: Record<PatchState, { text: string; tone: string }> = {
  open: { text: 'Open', tone: 'warn' },
  testing: { text: 'In a lab test', tone: '' },
  returned: { text: 'Returned by its test', tone: 'danger' },
  tested: { text: 'Tested', tone: 'ok' },
  scheduled: { text: 'Scheduled in a wave', tone: '' },
  'in-change': { text: 'In a change', tone: '' },
  patched: { text: 'Patched', tone: 'ok' },
  closed: { text: 'Closed', tone: '' },
};
/** The states in the order a requirement moves through them. */
export const STATES = Object.keys(STATE_LABELS) as PatchState[];

export function StateBadge({ state }: { state: PatchState }) {
  const { text, tone } = STATE_LABELS[state];
  return <span className={`badge ${tone}`}>{text}</span>;
}

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  'not-applicable': 'Not applicable',
  'risk-accepted': 'Risk accepted',
  superseded: 'Superseded by another fix',
  'asset-retired': 'Asset retired',
};

export const TEST_STATUS_LABELS: Record<PatchTest['status'], { text: string; tone: string }> = {
  testing: { text: 'Testing', tone: 'warn' },
  passed: { text: 'Passed', tone: 'ok' },
  returned: { text: 'Returned (failed)', tone: 'danger' },
  withdrawn: { text: 'Withdrawn', tone: '' },
  expired: { text: 'Expired', tone: 'danger' },
  interrupted: { text: 'Interrupted', tone: 'danger' },
};

export function TestStatusBadge({ status }: { status: PatchTest['status'] }) {
  const { text, tone } = TEST_STATUS_LABELS[status];
  return <span className={`badge ${tone}`}>{text}</span>;
}

export const WAVE_STATUS_LABELS: Record<WaveStatus, { text: string; tone: string }> = {
  'pending-approval': { text: 'Awaiting approval', tone: 'warn' },
  returned: { text: 'Returned for revision', tone: 'warn' },
  approved: { text: 'Approved (change being opened)', tone: 'ok' },
  'in-change': { text: 'In change', tone: '' },
  'change-refused': { text: 'Change refused', tone: 'danger' },
  implemented: { text: 'Implemented', tone: 'ok' },
  'rolled-back': { text: 'Rolled back', tone: 'danger' },
  'partly-implemented': { text: 'Partly implemented', tone: 'warn' },
  rejected: { text: 'Rejected', tone: 'danger' },
  withdrawn: { text: 'Withdrawn', tone: '' },
  expired: { text: 'Expired', tone: 'danger' },
  interrupted: { text: 'Interrupted', tone: 'danger' },
};
export const WAVE_STATUSES = Object.keys(WAVE_STATUS_LABELS) as WaveStatus[];

export function WaveStatusBadge({ status }: { status: WaveStatus }) {
  const { text, tone } = WAVE_STATUS_LABELS[status];
  return <span className={`badge ${tone}`}>{text}</span>;
}

export const WAVE_CLASS_LABELS: Record<Wave['class'], string> = { normal: 'Normal', emergency: 'Emergency' };

export const ORIGIN_LABELS: Record<Requirement['origin'], string> = {
  'early-warning': 'an approved recommendation of an early warning',
  bulletin: 'a vendor bulletin entered by hand',
};

/** Still leaving its asset exposed: not patched and not closed. */
export const isOutstanding = (requirement: Pick<Requirement, 'state'>) => OUTSTANDING_STATES.includes(requirement.state);

/** Outstanding and past its due date. */
export const isOverdue = (requirement: Pick<Requirement, 'state' | 'dueAt'>, now = Date.now()) =>
  isOutstanding(requirement) && new Date(requirement.dueAt).getTime() < now;

const DAY = 86_400_000;

/** Whole days past a due date (at least 1 once it has passed). */
export const daysLate = (dueAt: string, now = Date.now()) => Math.max(1, Math.floor((now - new Date(dueAt).getTime()) / DAY));

/** The due date, and — in words, not by colour alone — how late an outstanding requirement is. */
export function DueDate({ requirement }: { requirement: Pick<Requirement, 'state' | 'dueAt'> }) {
  if (!isOverdue(requirement)) return <>{formatDate(requirement.dueAt)}</>;
  const late = daysLate(requirement.dueAt);
  return (
    <>
      {formatDate(requirement.dueAt)} <span className="badge danger">Overdue</span>{' '}
      <span className="hint">
        {late} {late === 1 ? 'day' : 'days'} late
      </span>
    </>
  );
}

/** A fix as people read it: the product, the installed version and the one that fixes it. */
export function FixText({ fix }: { fix: { product: string; installedVersion?: string | undefined; fixedVersion?: string | undefined } }) {
  return (
    <>
      <span className="mono">{fix.product}</span>{' '}
      {fix.installedVersion ? (
        <>
          {fix.installedVersion} → {fix.fixedVersion ?? 'a fixed version'}
        </>
      ) : fix.fixedVersion ? (
        <>→ {fix.fixedVersion}</>
      ) : null}
    </>
  );
}

export { PriorityBadge };

/**
 * The people a test or a wave names by their sign-in subject (requester, tester, decider), in words: from its
 * flow, which names everyone it records; else the subject as it is.
 */
export function namesFrom(flow: Flow | undefined): (subject: string) => string {
  const names = new Map<string, string>();
  if (flow) {
    names.set(flow.requestedBy, flow.requestedByPerson.name);
    for (const step of flow.steps) if (step.assignee && step.assigneePerson) names.set(step.assignee, step.assigneePerson.name);
    for (const entry of flow.history) if (entry.by && entry.byPerson) names.set(entry.by, entry.byPerson.name);
    for (const entry of flow.worked ?? []) names.set(entry.by, entry.byPerson.name);
    if (flow.waitingFor?.assignee && flow.waitingFor.assigneePerson) names.set(flow.waitingFor.assignee, flow.waitingFor.assigneePerson.name);
  }
  return (subject) => names.get(subject) ?? subject;
}

/** At most this many requirements of a test or a wave are read one by one; the others are linked by id. */
const SHOWN = 25;

/** Reads requirements by id (each GET /patch-requirements/{id}), the first SHOWN of them, again when `round` changes. */
function useRequirements(ids: readonly string[], round: string) {
  const shown = ids.slice(0, SHOWN);
  return useApiData(async () => {
    const outcomes = await Promise.all(
      shown.map((id) => act(api().GET('/patch-requirements/{patchRequirementId}', { params: { path: { patchRequirementId: id } } }))),
    );
    const problem: Problem | undefined = outcomes.find((outcome) => outcome.problem)?.problem;
    const items = outcomes.flatMap((outcome) => (outcome.data ? [outcome.data] : []));
    // Every read refused: the first refusal is shown; else those read are listed.
    if (problem && !items.length) return { error: problem, response: new Response(null, { status: problem.status >= 400 ? problem.status : 502 }) };
    return { data: items, response: new Response() };
  }, [shown.join(','), round]);
}

/** How often, and how many times, requirements not yet in the state their test or wave moves them to are read again. */
const SETTLE_MS = 1500;
const SETTLE_TRIES = 20;

/**
 * The requirements of a test or a wave: asset, fix, priority, state and due date, each linking its page; read
 * again when `version` (of the test or wave) changes. A test or a wave moves its requirements a moment after it
 * is written (from its event): while one of them is not yet in a `settled` state, they are read again, a few
 * times.
 */
export function RequirementsTable({
  ids,
  caption,
  version,
  settled,
}: {
  ids: readonly string[];
  caption: string;
  version?: number;
  settled?: readonly PatchState[] | undefined;
}) {
  // The re-reads of this version (a new version starts again).
  const [tries, setTries] = useState({ version, n: 0 });
  const n = tries.version === version ? tries.n : 0;
  const read = useRequirements(ids, `${version ?? ''}:${n}`);
  const unsettled = !!settled && !!read.data?.some((requirement) => !settled.includes(requirement.state));
  useEffect(() => {
    if (!unsettled || read.loading || n >= SETTLE_TRIES) return;
    const timer = setTimeout(() => setTries({ version, n: n + 1 }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [unsettled, read.loading, n, version]);
  const rest = ids.slice(SHOWN);
  return (
    <>
      <ProblemBanner problem={read.problem} />
      {!read.data && read.loading && <Loading what="the requirements" />}
      {read.data && (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Fix</th>
              <th scope="col">Priority</th>
              <th scope="col">State</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {read.data.map((requirement) => (
              <tr key={requirement.id}>
                <th scope="row">
                  <Link to={`/patch-requirements/${requirement.id}`}>{requirement.assetName}</Link>
                </th>
                <td>
                  <FixText fix={requirement} />
                </td>
                <td>
                  <PriorityBadge priority={requirement.priority} />
                </td>
                <td>
                  <StateBadge state={requirement.state} />
                </td>
                <td>
                  <DueDate requirement={requirement} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rest.length > 0 && (
        <p>
          And {rest.length} more:{' '}
          {rest.map((id, index) => (
            <span key={id}>
              {index > 0 && ', '}
              <Link className="mono" to={`/patch-requirements/${id}`}>
                {id}
              </Link>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
