// Patch rollout waves (X.1052 12.2.3 c; X.1051 12.5.1): tested requirements of one fix rolled out together
// through one change request. The waves newest first, or those of one status (`/patch-waves?status=in-change`,
// the API's own parameter in the address), a page at a time. For administrators and security officers, the
// waves the API proposes (tested requirements not yet in a wave, by fix and asset class, most urgent first),
// each planned here: its requested window typed in local time (sent as ISO UTC), the change's class and why —
// checked with the area's own schema, then POST /patch-waves; another security officer approves it.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { patchWaveInputSchema } from '@ismf/patches/rules';
import { act, api, newIdempotencyKey, useApiData } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatDate } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { errorFor, ProblemBanner, refusal } from '../../ui/problem.tsx';
import { fromLocalInput, localInHours, windowText } from '../change/request-parts.tsx';
import {
  PriorityBadge,
  useKeeper,
  WAVE_CLASS_LABELS,
  WAVE_STATUS_LABELS,
  WAVE_STATUSES,
  WaveStatusBadge,
  type Proposal,
  type Wave,
  type WaveStatus,
} from './parts.tsx';

const PAGE_SIZE = 25;
const CLASS_HINTS: Record<Wave['class'], string> = {
  normal: 'planned, tested, authorized and implemented in its window',
  emergency: 'for a critical patch that cannot wait: authorized first within hours, reviewed after the fact',
};

const columns: Column<Wave>[] = [
  {
    header: 'Wave',
    rowHeader: true,
    cell: (wave) => (
      <>
        <Link to={`/patch-waves/${wave.id}`}>{wave.title}</Link>
        <br />
        <small className="hint">
          <span className="mono">{wave.product}</span>
          {wave.fixedVersion ? ` → ${wave.fixedVersion}` : ''}
        </small>
      </>
    ),
  },
  { header: 'Priority', cell: (wave) => <PriorityBadge priority={wave.priority} /> },
  { header: 'Status', cell: (wave) => <WaveStatusBadge status={wave.status} /> },
  { header: 'Assets', cell: (wave) => wave.assetIds.length },
  { header: 'Window', cell: (wave) => windowText(wave.window) },
  { header: 'Earliest due', cell: (wave) => formatDate(wave.earliestDueAt) },
];

const assetsWord = (count: number) => (count === 1 ? '1 asset' : `${count} assets`);

/** The form that plans one proposed wave: the requested window, the class, why (the title defaults to the fix and the class). */
function PlanForm({ proposal, onCancel }: { proposal: Proposal; onCancel: () => void }) {
  const navigate = useNavigate();
  const [start, setStart] = useState(() => localInHours(48));
  const [end, setEnd] = useState(() => localInHours(52));
  const [waveClass, setWaveClass] = useState<Wave['class']>('normal');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const attempt = useRef<{ body: string; key: string }>(undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!reason.trim()) return refusal('Say why', 'say why this wave, now', 'body.reason');
      const body = {
        ...(title.trim() ? { title } : {}),
        requirementIds: proposal.requirementIds,
        window: { start: fromLocalInput(start), end: fromLocalInput(end) },
        class: waveClass,
        reason,
      };
      const checked = check(patchWaveInputSchema, body);
      if (checked.problem) return checked.problem;
      const text = JSON.stringify(checked.value);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      const outcome = await act(api().POST('/patch-waves', { params: { header: { 'Idempotency-Key': attempt.current.key } }, body: checked.value }));
      if (outcome.problem) return outcome.problem;
      void navigate(`/patch-waves/${outcome.data.id}`);
      return undefined;
    });
  };
  const error = form.error;
  const label = `Plan the wave: ${proposal.summary} (${proposal.assetClass})`;
  return (
    <form onSubmit={submit} noValidate aria-label={label} className="card">
      <h3>Plan this wave</h3>
      <p className="hint">
        {assetsWord(proposal.assetCount)} of the class {proposal.assetClass}. A security officer other than you approves it; its change request is then opened
        as a draft to plan, test, authorize and implement.
      </p>
      <ProblemBanner problem={form.problem} fields={['body.title', 'body.window', 'body.class', 'body.reason', 'body.requirementIds']} />
      <fieldset>
        <legend>Requested window (your local time)</legend>
        <Field
          label="Window start"
          error={error('body.window.start') ?? (errorFor(form.problem, 'body.window') && !error('body.window.end') ? error('body.window') : undefined)}
        >
          {(props) => <input {...props} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} />}
        </Field>
        <Field label="Window end" error={error('body.window.end')}>
          {(props) => <input {...props} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} />}
        </Field>
      </fieldset>
      <Field label="Class of the change" hint={CLASS_HINTS[waveClass]} error={error('body.class')}>
        {(props) => (
          <select {...props} value={waveClass} onChange={(event) => setWaveClass(event.target.value as Wave['class'])}>
            {(Object.keys(WAVE_CLASS_LABELS) as Wave['class'][]).map((each) => (
              <option key={each} value={each}>
                {WAVE_CLASS_LABELS[each]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Title" hint="optional: by default the fix and the asset class" error={error('body.title')}>
        {(props) => <input {...props} value={title} onChange={(event) => setTitle(event.target.value)} />}
      </Field>
      <Field label="Reason" hint="why this wave, now" error={error('body.reason') ?? error('body.requirementIds')}>
        {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Plan the wave" busyLabel="Planning…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

/** The waves the API proposes, each with its plan form. */
function Proposals() {
  const read = useApiData(() => api().GET('/patch-wave-proposals'), []);
  const [planning, setPlanning] = useState<string>();
  const items = read.data?.items;
  const keyOf = (proposal: Proposal) => `${proposal.fixKey}:${proposal.assetClass}:${proposal.requirementIds[0] ?? ''}`;
  return (
    <section className="card" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">Proposed waves</h2>
      <p className="hint">Tested requirements not yet in a wave, by fix and asset class, most urgent first.</p>
      <ProblemBanner problem={read.problem} />
      {!read.data && read.loading && <p role="status">Loading the proposed waves…</p>}
      {items?.length === 0 && <p className="empty">No tested requirement waits for a wave.</p>}
      {items && items.length > 0 && (
        <table>
          <caption>Proposed waves: each fix and asset class, with its tested requirements</caption>
          <thead>
            <tr>
              <th scope="col">Fix</th>
              <th scope="col">Asset class</th>
              <th scope="col">Assets</th>
              <th scope="col">Priority</th>
              <th scope="col">Earliest due</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((proposal) => (
              <tr key={keyOf(proposal)}>
                <th scope="row">
                  {proposal.summary}
                  <br />
                  <small className="hint">
                    <span className="mono">{proposal.product}</span>
                    {proposal.fixedVersion ? ` → ${proposal.fixedVersion}` : ''}
                  </small>
                </th>
                <td>{proposal.assetClass}</td>
                <td>{proposal.assetCount}</td>
                <td>
                  <PriorityBadge priority={proposal.priority} />
                </td>
                <td>{formatDate(proposal.earliestDueAt)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={planning === keyOf(proposal)}
                    aria-label={`Plan this wave: ${proposal.summary} (${proposal.assetClass})`}
                    onClick={() => setPlanning(keyOf(proposal))}
                  >
                    Plan this wave
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {read.data?.more && <p className="hint">More tested requirements wait than were read: plan these, and more are proposed.</p>}
      {items
        ?.filter((proposal) => keyOf(proposal) === planning)
        .map((proposal) => (
          <PlanForm key={keyOf(proposal)} proposal={proposal} onCancel={() => setPlanning(undefined)} />
        ))}
    </section>
  );
}

export default function PatchWaves() {
  const keeper = useKeeper();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('status');
  const status = (WAVE_STATUSES as readonly string[]).includes(asked ?? '') ? (asked as WaveStatus) : undefined;
  return (
    <Page title="Patch waves">
      <p>
        A wave rolls out one fix to a group of assets through one <Link to="/change-requests">change request</Link>: its{' '}
        <Link to="/patch-requirements?state=tested">tested requirements</Link>, approved by a security officer other than the one who planned it.
      </p>
      {keeper && <Proposals />}
      <section aria-labelledby="waves-heading">
        <h2 id="waves-heading">Waves</h2>
        <form role="search" aria-label="Filter the waves" className="card" onSubmit={(event) => event.preventDefault()}>
          <Field label="Status">
            {(props) => (
              <select {...props} value={status ?? ''} onChange={(event) => setSearch(event.target.value ? { status: event.target.value } : {})}>
                <option value="">Any (newest first)</option>
                {WAVE_STATUSES.map((each) => (
                  <option key={each} value={each}>
                    {WAVE_STATUS_LABELS[each].text}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </form>
        <PagedTable<Wave>
          caption={status ? `Waves ${WAVE_STATUS_LABELS[status].text.toLowerCase()}, oldest first` : 'Waves, newest first'}
          columns={columns}
          deps={[status]}
          rowKey={(wave) => wave.id}
          empty={status ? 'No wave in this status on this page.' : 'No wave has been planned yet.'}
          load={(cursor) =>
            api().GET('/patch-waves', { params: { query: { ...(status ? { status } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } })
          }
        />
      </section>
    </Page>
  );
}
