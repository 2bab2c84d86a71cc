// One weakness report (X.1051 13.1.2): what was observed, when, where, the assets it concerns, who reported it
// and how to reach them, and its triage. A security officer who did not report it triages it once (POST
// …/triage, If-Match the version read): recorded as an advisory entered by hand — its fields prefilled from the
// report — or dismissed with a reason; the reporter is told either way.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { TenantRole } from '@ismf/core/roles';
import { weaknessTriageSchema } from '@ismf/early-warning/rules';
import { act, api, useApiData } from '../../api.ts';
import { mayOpen, ROUTES } from '../../routes.ts';
import { useWho } from '../../session/session.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { AdvisoryFields, emptyEntry, entryBody, entryFields, type AdvisoryEntry } from './advisory-fields.tsx';
import { dayOf, useKeeper, useSourceNames } from './parts.tsx';
import { WeaknessStateBadge, type WeaknessReport } from './weakness-parts.tsx';

const mayRoute = (operation: string, roles: readonly TenantRole[]) => {
  const route = ROUTES.find((candidate) => candidate.operation === operation);
  return !!route && mayOpen(route, roles);
};

function TriageForm({ report, etag, onDone, onReload }: { report: WeaknessReport; etag: string | undefined; onDone: () => void; onReload: () => void }) {
  const who = useWho();
  const { sources } = useSourceNames();
  const [outcome, setOutcome] = useState<'advisory' | 'dismissed'>('advisory');
  const [entry, setEntry] = useState<AdvisoryEntry>(() =>
    emptyEntry({
      title: report.title,
      description: report.description.slice(0, 2000),
      publisherName: who?.tenantId ? `${who.tenantId} (internal report)` : 'Internal report',
      publisherCategory: 'discoverer',
      published: dayOf(new Date().toISOString()),
    }),
  );
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const heading = useRef<HTMLHeadingElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const body =
        outcome === 'advisory'
          ? { outcome, advisory: entryBody(entry, false), ...(note.trim() ? { note: note.trim() } : {}) }
          : { outcome, reason: reason.trim() };
      const checked = check(weaknessTriageSchema, body);
      if (checked.problem) return checked.problem;
      const answer = await act(
        api().POST('/weakness-reports/{reportId}/triage', {
          params: { path: { reportId: report.id }, header: { 'If-Match': etag ?? `"${report.version}"` } },
          body: checked.value,
        }),
      );
      if (answer.problem) return answer.problem;
      onDone();
      return undefined;
    });
  };
  const fields = outcome === 'advisory' ? [...entryFields('body.advisory', false), 'body.note'] : ['body.reason'];
  return (
    <form onSubmit={submit} noValidate aria-labelledby="triage-heading" className="card">
      <h2 id="triage-heading" ref={heading}>
        Triage
      </h2>
      <ProblemBanner problem={form.problem} fields={fields} onReload={onReload} />
      <fieldset>
        <legend>What is it?</legend>
        <label className="check">
          <input type="radio" name="outcome" value="advisory" checked={outcome === 'advisory'} onChange={() => setOutcome('advisory')} />A real weakness: record
          it as an advisory
        </label>
        <label className="check">
          <input type="radio" name="outcome" value="dismissed" checked={outcome === 'dismissed'} onChange={() => setOutcome('dismissed')} />
          No weakness, or none to act on: dismiss it
        </label>
      </fieldset>
      {outcome === 'advisory' ? (
        <>
          <p className="hint">
            The advisory joins the register as one entered by hand, the report’s id as its document id; link CVE ids where the weakness is a known
            vulnerability.
          </p>
          <AdvisoryFields entry={entry} onChange={setEntry} problem={form.problem} prefix="body.advisory" withDocumentId={false} sources={sources} />
          <Field label="A word to the reporter" hint="optional: kept in the history, and the reporter reads it" error={form.error('body.note')}>
            {(props) => <textarea {...props} value={note} onChange={(event) => setNote(event.target.value)} />}
          </Field>
        </>
      ) : (
        <Field label="Why is it dismissed?" hint="the reporter is told" error={form.error('body.reason')}>
          {(props) => <textarea {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
        </Field>
      )}
      <FormActions
        label={outcome === 'advisory' ? 'Record as an advisory' : 'Dismiss the report'}
        busyLabel="Saving…"
        busy={form.busy}
        onCancel={() => {
          setOutcome('advisory');
          setReason('');
          setNote('');
          heading.current?.scrollIntoView();
        }}
        danger={outcome === 'dismissed'}
      />
    </form>
  );
}

function Triage({ report, mayAdvisories }: { report: WeaknessReport; mayAdvisories: boolean }) {
  const triage = report.triage;
  if (!triage) return null;
  return (
    <section className="card" aria-labelledby="triage-outcome">
      <h2 id="triage-outcome">Triage</h2>
      <dl className="facts">
        <dt>Outcome</dt>
        <dd>
          <WeaknessStateBadge state={report.state} />
          {report.advisoryId && mayAdvisories && (
            <>
              {' '}
              — <Link to={`/advisories/${report.advisoryId}`}>the advisory</Link>
            </>
          )}
        </dd>
        <dt>By</dt>
        <dd>
          {personName(triage.byPerson, triage.by)} on {formatTime(triage.at)}
        </dd>
        {triage.reason && (
          <>
            <dt>Why dismissed</dt>
            <dd className="prose">{triage.reason}</dd>
          </>
        )}
        {triage.note && (
          <>
            <dt>Note</dt>
            <dd className="prose">{triage.note}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export default function WeaknessReportPage() {
  const { reportId = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const who = useWho();
  const roles = who?.roles ?? [];
  const triager = useKeeper();
  const read = useApiData(() => api().GET('/weakness-reports/{reportId}', { params: { path: { reportId } } }), [reportId]);
  const report = read.data;
  const [done, setDone] = useState<string>();
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const mine = report?.reporter === who?.subject;
  const mayAssets = mayRoute('getAsset', roles);
  const mayAdvisories = mayRoute('getAdvisory', roles);
  return (
    <Page title={report ? `Weakness: ${report.title}` : 'Weakness report'}>
      <p>
        <Link to="/weakness-reports">All weakness reports</Link>
      </p>
      {(done ?? notice) && (
        <p role="status" className="notice">
          {done ?? notice}
        </p>
      )}
      {missing ? <p>There is no weakness report {reportId} for you to see.</p> : <ProblemBanner problem={read.problem} />}
      {!report && read.loading && <Loading what="the report" />}
      {report && (
        <>
          <section className="card" aria-labelledby="report-facts">
            <h2 id="report-facts">What was reported</h2>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <WeaknessStateBadge state={report.state} />
              </dd>
              <dt>Observed</dt>
              <dd className="prose">{report.description}</dd>
              <dt>When</dt>
              <dd>{report.observedAt ? formatTime(report.observedAt) : 'not said'}</dd>
              <dt>Where</dt>
              <dd>{report.location ?? 'not said'}</dd>
              <dt>Assets</dt>
              <dd>
                {report.assetIds.length === 0
                  ? 'none named'
                  : report.assetIds.map((assetId, index) => (
                      <span key={assetId}>
                        {index > 0 && ', '}
                        {mayAssets ? <Link to={`/assets/${assetId}`}>{assetId}</Link> : <span className="mono">{assetId}</span>}
                      </span>
                    ))}
              </dd>
              <dt>Reported by</dt>
              <dd>
                {mine ? 'you' : personName(report.reporterPerson, report.reporter)} on {formatTime(report.createdAt)}
              </dd>
              {report.contact && (
                <>
                  <dt>Contact</dt>
                  <dd>{report.contact}</dd>
                </>
              )}
            </dl>
          </section>
          <Triage report={report} mayAdvisories={mayAdvisories} />
          {report.state === 'reported' && triager && mine && (
            <p className="hint">You reported this weakness: another security officer or an administrator triages it (separation of duties).</p>
          )}
          {report.state === 'reported' && !triager && <p className="hint">A security officer triages it; you will be told what they decide.</p>}
          {report.state === 'reported' && triager && !mine && (
            <TriageForm
              key={report.version}
              report={report}
              etag={read.etag}
              onDone={() => {
                setDone('The report is triaged; the reporter is told.');
                read.reload();
              }}
              onReload={read.reload}
            />
          )}
        </>
      )}
    </Page>
  );
}
