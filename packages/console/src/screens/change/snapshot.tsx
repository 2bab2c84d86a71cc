// A change request as its testers and authorizers see it in their task (the flow's snapshot): the plan's
// summary, the impact, the change risk score with how it was reckoned, and the tests of this plan version —
// readable facts, not JSON.
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import type { ChangeRiskScore } from '@ismf/change/rules';
import {
  CLASS_LABELS,
  importanceLabel,
  SERVICE_IMPACT_LABELS,
  TestsTable,
  assigneeText,
  windowText,
  type ChangePlanRead,
  type TestRecord,
} from './request-parts.tsx';
import { NumberedList } from '../../ui/form.tsx';

type Impact = Schemas['ChangeImpact'];

export interface ChangeSnapshotData {
  title?: string;
  class?: keyof typeof CLASS_LABELS;
  assetCount?: number;
  impact?: Impact;
  plan?: ChangePlanRead;
  planVersion?: number;
  riskScore?: ChangeRiskScore;
  tests?: TestRecord[];
  conflicts?: string[];
}

const LEVEL_CLASS = { low: 'ok', medium: 'warn', high: 'danger' } as const;

export function RiskScore({ risk }: { risk: ChangeRiskScore }) {
  return (
    <section className="card" aria-labelledby="risk-heading">
      <h3 id="risk-heading">Change risk score</h3>
      <p>
        <strong>{risk.score}</strong> of 75 — <span className={`badge ${LEVEL_CLASS[risk.level]}`}>{risk.level} risk</span>
      </p>
      <dl className="facts">
        <dt>Importance</dt>
        <dd>{risk.importance} (the highest among the affected assets)</dd>
        <dt>Exposure</dt>
        <dd>{risk.exposure} (what the service suffers in the window)</dd>
        <dt>Blast radius</dt>
        <dd>{risk.blastRadius} (the affected assets and those depending on them, by order of magnitude)</dd>
        <dt>How it was reckoned</dt>
        <dd>{risk.explanation}</dd>
      </dl>
    </section>
  );
}

export function ImpactFacts({ impact }: { impact: Impact }) {
  return (
    <dl className="facts">
      <dt>Affected assets</dt>
      <dd>{impact.assets}</dd>
      <dt>Highest importance</dt>
      <dd>{impact.maxImportance ? importanceLabel(impact.maxImportance) : '—'}</dd>
      <dt>By importance</dt>
      <dd>
        {([5, 4, 3, 2, 1] as const)
          .filter((level) => impact.byImportance[level])
          .map((level) => `${impact.byImportance[level]} × ${importanceLabel(level)}`)
          .join('; ') || 'none'}
      </dd>
      <dt>Business processes</dt>
      <dd>{impact.businessProcesses.length ? impact.businessProcesses.join(', ') : 'none named'}</dd>
      <dt>Dependent assets</dt>
      <dd>{impact.dependents}</dd>
    </dl>
  );
}

/** The change as the task shows it; nothing for a snapshot that is no change's. */
export function ChangeSnapshot({ snapshot }: { snapshot: ChangeSnapshotData | undefined }) {
  if (!snapshot) return null;
  const { plan, impact, riskScore, tests = [], conflicts = [] } = snapshot;
  return (
    <div className="change-snapshot">
      <dl className="facts">
        {snapshot.title && (
          <>
            <dt>Change</dt>
            <dd>{snapshot.title}</dd>
          </>
        )}
        {snapshot.class && (
          <>
            <dt>Class</dt>
            <dd>{CLASS_LABELS[snapshot.class]}</dd>
          </>
        )}
      </dl>
      {plan && (
        <section className="card" aria-labelledby="snapshot-plan-heading">
          <h3 id="snapshot-plan-heading">The plan (version {snapshot.planVersion})</h3>
          <dl className="facts">
            <dt>Steps</dt>
            <dd>
              <NumberedList items={plan.steps} />
            </dd>
            <dt>Window</dt>
            <dd>{windowText(plan.window)}</dd>
            <dt>Service impact</dt>
            <dd>{SERVICE_IMPACT_LABELS[plan.serviceImpact]}</dd>
            <dt>Effectiveness check</dt>
            <dd>{plan.effectivenessCheck}</dd>
            <dt>Rollback</dt>
            <dd>{plan.rollback?.length ? plan.rollback.join('; ') : 'none'}</dd>
            <dt>Service continuity</dt>
            <dd>{plan.continuity}</dd>
            <dt>Lab test</dt>
            <dd>{assigneeText(plan.labTest, undefined)}</dd>
            <dt>On-site test</dt>
            <dd>{assigneeText(plan.onSiteTest, undefined)}</dd>
            <dt>Test data protection</dt>
            <dd>{plan.testDataProtection ?? 'none: tests use no production personal data'}</dd>
          </dl>
        </section>
      )}
      {impact && (
        <section className="card" aria-labelledby="snapshot-impact-heading">
          <h3 id="snapshot-impact-heading">Impact</h3>
          <ImpactFacts impact={impact} />
        </section>
      )}
      {riskScore && <RiskScore risk={riskScore} />}
      {tests.length > 0 ? (
        <TestsTable tests={tests} caption="The tests of this plan version" />
      ) : (
        plan && <p className="empty">No test of this plan version yet.</p>
      )}
      {conflicts.length > 0 && (
        <p className="notice">
          <strong>Overlaps</strong> with{' '}
          {conflicts.map((id, index) => (
            <span key={id}>
              {index > 0 && ', '}
              <Link to={`/change-requests/${id}`}>change {id}</Link>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** The snapshot of a change request's task, if the task is one. */
export const changeSnapshotOf = (task: { subjectKind: string; snapshot?: Record<string, unknown> | undefined }) =>
  task.subjectKind === 'change-request' ? (task.snapshot as ChangeSnapshotData | undefined) : undefined;
