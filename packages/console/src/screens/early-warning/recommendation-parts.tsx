// What to do about an early warning (X.1052 12.2.1 c): its recommendations — proposed from the advisory's
// remediations, or written by a person — each with its kind, what to do, the vendor's link, the fixed versions,
// the X.1051 control of an additional control and the assets it is for; and the form by which the security
// officers, the ISIRT and administrators replace them all (PUT …/recommendations, If-Match the early warning's
// version, with a reason), checked first with the API's own schema, each error beside its field.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TenantRole } from '@ismf/core/roles';
import { RECOMMENDATION_KINDS, recommendationsInputSchema, type RecommendationKind } from '@ismf/early-warning/rules';
import { act, api } from '../../api.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import type { EarlyWarning } from './priority-parts.tsx';
import { ReviewPart } from './review-parts.tsx';

type Recommendation = EarlyWarning['recommendations'][number];

export const RECOMMENDATION_KIND_LABELS: Record<RecommendationKind, string> = {
  patch: 'Patch',
  'configuration-change': 'Configuration change',
  'additional-control': 'Additional control',
  workaround: 'Workaround',
  mitigation: 'Mitigation',
  'no-action': 'No action (report only)',
};

const STATE_LABELS: Record<Recommendation['state'], string> = { proposed: 'Proposed', approved: 'Approved', rejected: 'Rejected' };
const STATE_TONES: Record<Recommendation['state'], string> = { proposed: 'warn', approved: 'ok', rejected: 'danger' };
const SOURCE_LABELS: Record<Recommendation['source'], string> = { advisory: 'from the advisory', person: 'by a person' };

/** Who replaces the recommendations (the operation's roles). */
const EDITORS: readonly TenantRole[] = ['admin', 'security-officer', 'isirt'];

const assetsWord = (count: number) => (count === 1 ? '1 asset' : `${count} assets`);

/** One recommendation as the form holds it: every field a string, fixed versions comma-separated. */
interface Draft {
  key: number;
  kind: RecommendationKind;
  summary: string;
  details: string;
  url: string;
  fixedVersions: string;
  controlId: string;
  /** Kept as they were when the recommendation is for some of the affected assets only. */
  assetIds?: string[];
}

/** The API lists at most this many assets of a recommendation. */
const LISTED_ASSETS = 100;

let nextKey = 0;
const draftOf = (recommendation: Recommendation | undefined, affected: number): Draft => ({
  key: nextKey++,
  kind: recommendation?.kind ?? 'patch',
  summary: recommendation?.summary ?? '',
  details: recommendation?.details ?? '',
  url: recommendation?.url ?? '',
  fixedVersions: recommendation?.fixedVersions?.join(', ') ?? '',
  controlId: recommendation?.controlId ?? '',
  // The API lists the first 100 assets of each: a full list of 100 may stand for more, so it is left out (all of them).
  ...(recommendation && recommendation.assetIds.length < Math.min(affected, LISTED_ASSETS) ? { assetIds: recommendation.assetIds } : {}),
});

const bodyOf = (draft: Draft) => {
  const fixed = draft.fixedVersions
    .split(',')
    .map((version) => version.trim())
    .filter(Boolean);
  return {
    kind: draft.kind,
    summary: draft.summary,
    ...(draft.details.trim() ? { details: draft.details } : {}),
    ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
    ...(fixed.length ? { fixedVersions: fixed } : {}),
    ...(draft.kind === 'additional-control' && draft.controlId.trim() ? { controlId: draft.controlId.trim() } : {}),
    ...(draft.assetIds ? { assetIds: draft.assetIds } : {}),
  };
};

const ITEM_FIELDS = ['kind', 'summary', 'details', 'url', 'fixedVersions', 'controlId', 'assetIds'];

function Editor({
  warning,
  etag,
  onSaved,
  onCancel,
  onReload,
}: {
  warning: EarlyWarning;
  etag: string | undefined;
  onSaved: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const affected = warning.counts.assets;
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    warning.recommendations.length ? warning.recommendations.map((recommendation) => draftOf(recommendation, affected)) : [draftOf(undefined, affected)],
  );
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const change = (key: number, values: Partial<Draft>) => setDrafts((before) => before.map((draft) => (draft.key === key ? { ...draft, ...values } : draft)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const checked = check(recommendationsInputSchema, { recommendations: drafts.map(bodyOf), reason });
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().PUT('/early-warnings/{earlyWarningId}/recommendations', {
          params: { path: { earlyWarningId: warning.id }, header: { 'If-Match': etag ?? `"${warning.version}"` } },
          body: checked.value,
        }),
      );
      if (answer.problem) return answer.problem;
      onSaved();
      return undefined;
    });
  };
  const fields = ['body.reason', ...drafts.flatMap((_, index) => ITEM_FIELDS.map((field) => `body.recommendations.${index}.${field}`))];
  return (
    <form onSubmit={submit} noValidate aria-labelledby="recommendations-edit" className="card">
      <h3 id="recommendations-edit" ref={heading} tabIndex={-1}>
        Edit recommendations
      </h3>
      <p className="hint">
        Yours replace the list as a whole, those proposed from the advisory included; a re-match of the advisory keeps yours from then on. A recommendation is
        for every affected asset unless it was for some of them already.
      </p>
      <ProblemBanner problem={form.problem} fields={fields} onReload={onReload} />
      {drafts.map((draft, index) => {
        const at = (field: string) => form.error(`body.recommendations.${index}.${field}`);
        const legend = `Recommendation ${index + 1}`;
        return (
          <fieldset key={draft.key}>
            <legend>{legend}</legend>
            <Field label="Kind" error={at('kind')}>
              {(props) => (
                <select {...props} value={draft.kind} onChange={(event) => change(draft.key, { kind: event.target.value as RecommendationKind })}>
                  {RECOMMENDATION_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {RECOMMENDATION_KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Summary" hint="what to do, in a line" error={at('summary')}>
              {(props) => <input {...props} value={draft.summary} onChange={(event) => change(draft.key, { summary: event.target.value })} />}
            </Field>
            <Field label="Details" hint="optional" error={at('details')}>
              {(props) => <textarea {...props} value={draft.details} onChange={(event) => change(draft.key, { details: event.target.value })} />}
            </Field>
            <Field label="Link" hint="optional: the vendor’s fix, bulletin or workaround (http or https)" error={at('url')}>
              {(props) => <input {...props} type="url" value={draft.url} onChange={(event) => change(draft.key, { url: event.target.value })} />}
            </Field>
            <Field label="Fixed versions" hint="optional: the versions that fix it, separated by commas" error={at('fixedVersions')}>
              {(props) => <input {...props} value={draft.fixedVersions} onChange={(event) => change(draft.key, { fixedVersions: event.target.value })} />}
            </Field>
            {draft.kind === 'additional-control' && (
              <Field label="Control (X.1051)" hint="the control of the catalogue to apply, such as 12.6.1" error={at('controlId')}>
                {(props) => <input {...props} value={draft.controlId} onChange={(event) => change(draft.key, { controlId: event.target.value })} />}
              </Field>
            )}
            {draft.assetIds && <p className="hint">For {assetsWord(draft.assetIds.length)} of the affected ones, as before.</p>}
            <button
              type="button"
              className="secondary"
              onClick={() => setDrafts((before) => before.filter((item) => item.key !== draft.key))}
              disabled={drafts.length < 2}
            >
              Remove recommendation {index + 1}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() => setDrafts((before) => [...before, draftOf(undefined, affected)])}
          disabled={drafts.length >= 20}
        >
          Add a recommendation
        </button>
      </p>
      <Field label="Reason for the change" hint="kept in the early warning’s history" error={form.error('body.reason')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Save the recommendations" busyLabel="Saving…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

function RecommendationList({ warning }: { warning: EarlyWarning }) {
  if (!warning.recommendations.length) return <p className="empty">No recommendation: the advisory names no remediation, and nobody has written one.</p>;
  return (
    <table>
      <caption>What to do, most useful first</caption>
      <thead>
        <tr>
          <th scope="col">Recommendation</th>
          <th scope="col">Kind</th>
          <th scope="col">Fixed versions or control</th>
          <th scope="col">For</th>
          <th scope="col">State</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {warning.recommendations.map((recommendation) => (
          <tr key={recommendation.id}>
            <th scope="row">
              {recommendation.summary}
              {recommendation.details && recommendation.details !== recommendation.summary && (
                <>
                  <br />
                  <span className="prose hint">{recommendation.details}</span>
                </>
              )}
              {recommendation.url && (
                <>
                  <br />
                  <a href={recommendation.url} target="_blank" rel="noopener noreferrer">
                    {recommendation.url}
                  </a>
                </>
              )}
            </th>
            <td>{RECOMMENDATION_KIND_LABELS[recommendation.kind]}</td>
            <td>
              {recommendation.fixedVersions?.length ? <>Fixed in {recommendation.fixedVersions.join(', ')}</> : null}
              {recommendation.fixedVersions?.length && recommendation.controlId ? <br /> : null}
              {recommendation.controlId ? (
                <>
                  X.1051 control <span className="mono">{recommendation.controlId}</span>
                </>
              ) : null}
              {!recommendation.fixedVersions?.length && !recommendation.controlId && <span className="hint">—</span>}
            </td>
            <td>
              {recommendation.assetIds.length >= warning.counts.assets
                ? 'every affected asset'
                : `${assetsWord(recommendation.assetIds.length)} of ${warning.counts.assets}`}
            </td>
            <td>
              <span className={`badge ${STATE_TONES[recommendation.state]}`}>{STATE_LABELS[recommendation.state]}</span>
            </td>
            <td>{SOURCE_LABELS[recommendation.source]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Recommendations({
  warning,
  etag,
  onChanged,
  onReload,
}: {
  warning: EarlyWarning;
  etag: string | undefined;
  onChanged: () => void;
  onReload: () => void;
}) {
  const roles = useWho()?.roles ?? [];
  const mayEdit = EDITORS.some((role) => roles.includes(role));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const edited = warning.recommendationsEdited;
  return (
    <section className="card" aria-labelledby="warning-recommendations">
      <h2 id="warning-recommendations">Recommendations</h2>
      {saved && (
        <p role="status" className="notice">
          The recommendations are saved.
        </p>
      )}
      <RecommendationList warning={warning} />
      {edited ? (
        <p>
          Edited by {edited.by} on {formatTime(edited.at)}: <span className="prose">{edited.reason}</span>
        </p>
      ) : (
        warning.recommendations.length > 0 && <p className="hint">As proposed from the advisory’s remediations: nobody has edited them.</p>
      )}
      <ReviewPart warning={warning} mayRequest={mayEdit} onChanged={onChanged} />
      {mayEdit && !editing && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setSaved(false);
            setEditing(true);
          }}
        >
          Edit recommendations
        </button>
      )}
      {editing && (
        <Editor
          warning={warning}
          etag={etag}
          onReload={onReload}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            onChanged();
          }}
        />
      )}
    </section>
  );
}
