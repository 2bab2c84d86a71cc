// The audit trail: one entity's entries (GET /audit?entity=<type>:<id>, the API's own parameter, so an
// asset's screen links here with ?entity=asset:<id>) with who, when, what and why, and the hash chain; and
// the verification of a time window (GET /audit/verify) with its verdict and the first break it found.
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { act, api } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { formatTime, personName } from '../../ui/format.ts';

type Entry = Schemas['AuditEntry'];
type Verdict = Schemas['VerifyAuditResponse'];

/** The audited entity types (the API takes any `<type>:<id>`; these are the ones people look for). */
const ENTITY_TYPES = ['asset', 'asset-policy', 'asset-policy-change', 'user', 'approval', 'task', 'flow', 'evidence', 'organization', 'tenant'];

const short = (hash: string | null) => (hash ? `${hash.slice(0, 10)}…` : '—');

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Changes({ entry }: { entry: Entry }) {
  if (!entry.changes?.length) return <span className="hint">{entry.beforeDigest ? 'no field changed' : 'created'}</span>;
  return (
    <ul>
      {entry.changes.map((change) => (
        <li key={change.field}>
          <strong>{change.field}</strong>:{' '}
          {change.sensitive ? (
            <em>changed (sensitive: not shown)</em>
          ) : (
            <>
              {shown(change.from)} → {shown(change.to)}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

const columns: Column<Entry>[] = [
  { header: 'Version', rowHeader: true, cell: (entry) => entry.seq },
  { header: 'When', cell: (entry) => formatTime(entry.at) },
  {
    header: 'Who',
    cell: (entry) => (
      <>
        {personName(entry.actorPerson, entry.actor.userId)} <span className="hint">({entry.actor.roles.join(', ')})</span>
      </>
    ),
  },
  { header: 'Operation', cell: (entry) => <code>{entry.operation}</code> },
  { header: 'Reason', cell: (entry) => entry.reason ?? '—' },
  { header: 'What changed', cell: (entry) => <Changes entry={entry} /> },
  {
    header: 'Hash chain',
    cell: (entry) => (
      <span>
        <code title={entry.prevHash}>{short(entry.prevHash)}</code> → <code title={entry.hash}>{short(entry.hash)}</code>
      </span>
    ),
  },
];

function Trail() {
  const [search, setSearch] = useSearchParams();
  const entity = search.get('entity') ?? '';
  const [currentType, currentId] = entity.includes(':') ? [entity.slice(0, entity.indexOf(':')), entity.slice(entity.indexOf(':') + 1)] : ['asset', ''];
  const [type, setType] = useState(currentType);
  const [id, setId] = useState(currentId);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!id.trim()) return setError('give the id of the record');
    setError(undefined);
    setSearch({ entity: `${type}:${id.trim()}` });
  };
  return (
    <section className="card" aria-labelledby="trail-title">
      <h2 id="trail-title">A record's trail</h2>
      <form className="filters" onSubmit={submit} aria-label="Choose a record">
        <Field label="Record type">
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value)}>
              {ENTITY_TYPES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Record id" error={error}>
          {(props) => <input {...props} value={id} size={30} onChange={(event) => setId(event.target.value)} />}
        </Field>
        <button type="submit">Show the trail</button>
      </form>
      {entity && (
        <PagedTable<Entry>
          caption={`Audit trail of ${entity}, oldest first`}
          columns={columns}
          deps={[entity]}
          rowKey={(entry) => entry.entryId}
          empty="No audit entries for this record."
          load={(cursor) => api().GET('/audit', { params: { query: { entity, limit: 50, ...(cursor ? { cursor } : {}) } } })}
        />
      )}
    </section>
  );
}

/** A datetime-local value (the person's local time) as the API's ISO instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

function Verification() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [verdict, setVerdict] = useState<Verdict>();
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      setVerdict(undefined);
      const query = { ...(from ? { from: instant(from)! } : {}), ...(to ? { to: instant(to)! } : {}) };
      const outcome = await act(api().GET('/audit/verify', { params: { query } }));
      if (outcome.data) setVerdict(outcome.data);
      return outcome.problem;
    });
  };
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">Verify a window</h2>
      <p className="hint">
        Recomputes every entry's hash, each record's chain and the signed hourly digests of the window (at most 31 days; empty: the last 24 hours).
      </p>
      <ProblemBanner problem={form.problem} fields={['query.from', 'query.to']} />
      <form className="filters" onSubmit={submit} aria-label="Verify a window">
        <Field label="From" error={form.error('query.from')}>
          {(props) => <input {...props} type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />}
        </Field>
        <Field label="To" error={form.error('query.to')}>
          {(props) => <input {...props} type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />}
        </Field>
        <button type="submit" disabled={form.busy}>
          Verify
        </button>
      </form>
      {form.busy && <p role="status">Verifying…</p>}
      {verdict && <VerdictReport verdict={verdict} />}
    </section>
  );
}

function VerdictReport({ verdict }: { verdict: Verdict }) {
  const findings = [
    verdict.firstBroken && {
      what: 'First broken entry',
      where: `${verdict.firstBroken.entity}, version ${verdict.firstBroken.seq} (${formatTime(verdict.firstBroken.at)})`,
      problem: verdict.firstBroken.problem,
    },
    verdict.firstBrokenDigest && { what: 'First broken digest', where: `hour ${verdict.firstBrokenDigest.hour}`, problem: verdict.firstBrokenDigest.problem },
    verdict.firstBrokenEntity && {
      what: 'First record changed outside the trail',
      where: `${verdict.firstBrokenEntity.entity}${verdict.firstBrokenEntity.version !== undefined ? `, version ${verdict.firstBrokenEntity.version}` : ''}`,
      problem: verdict.firstBrokenEntity.problem,
    },
  ].filter((finding) => !!finding);
  return (
    <div role={verdict.valid ? 'status' : 'alert'} className={verdict.valid ? 'notice' : 'problem'}>
      <strong>{verdict.valid ? 'Verified: the trail is intact' : `Broken: ${verdict.brokenCount} problems found`}</strong>
      <p>
        {formatTime(verdict.from)} to {formatTime(verdict.to)}: {verdict.entriesChecked} entries, {verdict.entitiesChecked} records and {verdict.digestsChecked}{' '}
        hourly digests checked.
      </p>
      {findings.length > 0 && (
        <table>
          <caption>Findings</caption>
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Where</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((finding) => (
              <tr key={finding.what}>
                <th scope="row">{finding.what}</th>
                <td>{finding.where}</td>
                <td>{finding.problem}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export default function Audit() {
  return (
    <Page title="Audit">
      <Trail />
      <Verification />
    </Page>
  );
}
