// Importing a register of any size as a job: the file announced (POST /jobs, asset-import), uploaded to the
// presigned link, said to be complete, then followed every second until the job ends, with its counts and
// the per-row error file. A dry run reports what would happen, writing nothing.
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, newIdempotencyKey, type Problem } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { contentTypeOf, uploadFile } from '../../ui/upload.ts';

type Job = Schemas['Job'];

const TYPES: Record<string, string> = { csv: 'text/csv', jsonl: 'application/jsonl', ndjson: 'application/x-ndjson', json: 'application/json' };
const ENDED: readonly Job['state'][] = ['succeeded', 'failed', 'cancelled'];
const STATE_LABELS: Record<Job['state'], string> = {
  'waiting-for-upload': 'Waiting for the file',
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const COUNTS = ['created', 'updated', 'unchanged', 'failed'] as const;

/** Follows a job: reads it every second until it has ended. */
function useJob(jobId: string | undefined, first: Job | undefined) {
  const [state, setState] = useState<{ job?: Job; problem?: Problem }>({});
  const job = state.job?.id === jobId ? state.job : first;
  const ended = !!job && ENDED.includes(job.state);
  useEffect(() => {
    if (!jobId || ended) return;
    let current = true;
    const timer = setInterval(() => {
      void act(api().GET('/jobs/{jobId}', { params: { path: { jobId } } })).then((outcome) => {
        if (!current) return;
        setState(outcome.problem ? { problem: outcome.problem } : { job: outcome.data });
      });
    }, 1000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [jobId, ended]);
  return { job, problem: state.problem };
}

function Progress({ job }: { job: Job }) {
  const total = job.progress.rowsTotal;
  const ended = ENDED.includes(job.state);
  const done = job.state === 'succeeded' && total === undefined ? 1 : job.progress.rowsDone;
  return (
    <section aria-labelledby="progress-heading" className="card">
      <h2 id="progress-heading">
        {job.parameters.dryRun ? 'Dry run' : 'Import'} of {job.file?.fileName ?? 'the file'}
      </h2>
      <p role="status" aria-live="polite">
        <strong>{STATE_LABELS[job.state]}</strong>
        {total !== undefined ? `: ${job.progress.rowsDone} of ${total} rows` : job.state === 'running' ? ': reading the file' : ''}
        {job.progress.estimatedFinishAt && !ended ? `, expected to finish ${formatTime(job.progress.estimatedFinishAt)}` : ''}
      </p>
      <label htmlFor="import-progress">Rows imported</label>
      {/* Without a known total the bar is indeterminate (no value), as the job has not cut the file yet. */}
      {total !== undefined || job.state === 'succeeded' ? (
        <progress id="import-progress" max={total ?? 1} value={done}>
          {job.progress.rowsDone} rows
        </progress>
      ) : (
        <progress id="import-progress">waiting</progress>
      )}
      <table>
        <caption>Rows so far</caption>
        <thead>
          <tr>
            {COUNTS.map((name) => (
              <th key={name} scope="col">
                {name[0]!.toUpperCase() + name.slice(1)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {COUNTS.map((name) => (
              <td key={name}>{name === 'failed' ? (job.counts.failed ?? job.failedRows) : (job.counts[name] ?? 0)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {job.error && (
        <div role="alert" className="problem">
          <strong>The job failed</strong>
          <p>{job.error}</p>
        </div>
      )}
      {job.errorFile && (
        <p>
          {job.errorFile.rows} refused row{job.errorFile.rows === 1 ? '' : 's'}:{' '}
          <a href={job.errorFile.url} download={job.errorFile.fileName}>
            download the error file ({job.errorFile.fileName})
          </a>{' '}
          <small className="hint">(each row, field and why; the link expires {formatTime(job.errorFile.expiresAt)})</small>
        </p>
      )}
      <p>
        <Link to={`/jobs/${job.id}`}>Open the job</Link>
        {job.state === 'succeeded' && !job.parameters.dryRun && (
          <>
            {' · '}
            <Link to="/assets">Open the register</Link>
          </>
        )}
      </p>
    </section>
  );
}

export default function AssetImport() {
  const [file, setFile] = useState<File>();
  const [dryRun, setDryRun] = useState(false);
  const [started, setStarted] = useState<Job>();
  const form = useSubmission();
  const { job, problem } = useJob(started?.id, started);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!file) return refusal('Pick a file', 'choose the file to import', 'file', 'choose a CSV, JSON Lines or JSON file');
      const created = await act(
        api().POST('/jobs', {
          params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
          body: { kind: 'asset-import', parameters: { dryRun }, file: { fileName: file.name, contentType: contentTypeOf(file, TYPES), size: file.size } },
        }),
      );
      if (created.problem) return created.problem;
      if (created.data.upload) {
        const refused = await uploadFile(created.data.upload, file);
        if (refused) return refusal('Upload failed', refused);
      }
      const completed = await act(api().POST('/jobs/{jobId}/upload-completion', { params: { path: { jobId: created.data.id } } }));
      if (completed.problem) return completed.problem;
      setStarted(completed.data);
      return undefined;
    });
  };

  const fileError = form.error('file') ?? form.error('body.file');
  return (
    <Page title="Import assets">
      <p className="hint">
        A register of any size, from a CMDB or a spreadsheet: CSV (comma, semicolon or tab separated) with a header row of asset fields — name, type, owner
        (e-mail or user id), classification, confidentiality, integrity, availability, and any of externalId, category, businessProcess, description, custodian,
        location, secureArea, labels, equipment.*, lastReviewedAt — or JSON Lines, or a JSON array. Rows naming an externalId already registered update that
        asset, so importing the same file again changes nothing.
      </p>
      <form onSubmit={submit} noValidate className="card">
        <ProblemBanner problem={form.problem} fields={['file', 'body.file']} />
        <Field label="File to import" hint="CSV, JSON Lines or JSON; up to 500 MiB" error={fileError}>
          {(props) => (
            <input {...props} type="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json" onChange={(event) => setFile(event.target.files?.[0])} />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} />
          Dry run: report what would be created, updated and refused, writing nothing
        </label>
        <div className="page-actions">
          <button type="submit" disabled={form.busy || (!!job && !ENDED.includes(job.state))}>
            {form.busy ? 'Uploading…' : 'Start the import'}
          </button>
          <Link className="button secondary" to="/assets">
            Back to the register
          </Link>
        </div>
      </form>
      <ProblemBanner problem={problem} />
      {job && <Progress job={job} />}
    </Page>
  );
}
