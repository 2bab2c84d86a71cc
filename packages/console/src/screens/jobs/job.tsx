// One job: its progress (read again every second while it moves), counts, error, the files it wrote (links the
// API signs anew on each read), and cancel or resume where its state allows.
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { act, api, useApiData } from '../../api.ts';
import { useSubmission } from '../../ui/form.tsx';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { MOVING, percentDone, StateBadge, type Job as JobRecord } from './job-state.tsx';

const POLL_MS = 1000;
const CANCELLABLE: readonly JobRecord['state'][] = ['waiting-for-upload', 'queued', 'running'];

export default function Job() {
  const { jobId = '' } = useParams();
  const read = useApiData(() => api().GET('/jobs/{jobId}', { params: { path: { jobId } } }), [jobId]);
  const job = read.data;
  const moving = !!job && MOVING.includes(job.state);
  const { reload } = read;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);
  const action = useSubmission();

  if (read.problem?.status === 404) {
    return (
      <Page title="Job not found">
        <p>
          There is no job {jobId} that you may see. <Link to="/jobs">All jobs</Link>
        </p>
      </Page>
    );
  }
  if (!job) {
    return (
      <Page title="Job">
        <ProblemBanner problem={read.problem} />
        {!read.problem && <Loading what="the job" />}
      </Page>
    );
  }

  const cancel = () =>
    action.run(async () => {
      const outcome = await act(api().POST('/jobs/{jobId}/cancellation', { params: { path: { jobId } } }));
      reload();
      return outcome.problem;
    });
  const resume = () =>
    action.run(async () => {
      const outcome = await act(api().POST('/jobs/{jobId}/resumption', { params: { path: { jobId } } }));
      reload();
      return outcome.problem;
    });
  const percent = percentDone(job);
  const counts = Object.entries(job.counts);
  return (
    <Page
      title={`Job: ${job.kind}`}
      actions={
        <>
          {CANCELLABLE.includes(job.state) && !job.cancellationRequestedAt && (
            <button type="button" className="danger" disabled={action.busy} onClick={() => void cancel()}>
              Cancel the job
            </button>
          )}
          {job.state === 'failed' && (
            <button type="button" disabled={action.busy} onClick={() => void resume()}>
              Resume the job
            </button>
          )}
        </>
      }
    >
      <ProblemBanner problem={action.problem ?? read.problem} />
      <div className="card">
        <h2>Progress</h2>
        <p>
          <StateBadge state={job.state} />
          {job.cancellationRequestedAt && <> Cancellation asked for {formatTime(job.cancellationRequestedAt)}: it stops at its next chunk.</>}
        </p>
        {/* Without a known total the bar is indeterminate: it says the job moves, not how far. */}
        <progress aria-label="Progress of the job" max={100} {...(percent !== undefined ? { value: percent } : {})} />
        <p role="status">
          {percent !== undefined ? `${percent} % done` : 'Total not known yet'}: {job.progress.rowsDone}
          {job.progress.rowsTotal !== undefined && ` of ${job.progress.rowsTotal}`} rows
          {job.progress.rowsPerSecond !== undefined && `, ${Math.round(job.progress.rowsPerSecond)} rows a second`}
          {job.progress.estimatedFinishAt && moving && `, done about ${formatTime(job.progress.estimatedFinishAt)}`}.
        </p>
        <dl className="facts">
          <dt>Started by</dt>
          <dd>{personName(job.startedByPerson, job.startedBy)}</dd>
          <dt>Queue</dt>
          <dd>{job.queue}</dd>
          <dt>Queued</dt>
          <dd>{formatTime(job.queuedAt)}</dd>
          <dt>Started</dt>
          <dd>{formatTime(job.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatTime(job.finishedAt)}</dd>
          {job.file && (
            <>
              <dt>File read</dt>
              <dd>
                {job.file.fileName} ({job.file.contentType}
                {job.file.size !== undefined && `, ${job.file.size} bytes`})
              </dd>
            </>
          )}
          {Object.keys(job.parameters).length > 0 && (
            <>
              <dt>Parameters</dt>
              <dd>
                <code>{JSON.stringify(job.parameters)}</code>
              </dd>
            </>
          )}
        </dl>
      </div>
      <div className="card">
        <h2>Counts</h2>
        {counts.length === 0 ? (
          <p className="empty">No rows counted yet.</p>
        ) : (
          <table>
            <caption>Rows of the job by outcome</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col">Rows</th>
              </tr>
            </thead>
            <tbody>
              {counts.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {(job.error || job.failedRows > 0 || job.errorFile || job.output) && (
        <div className="card">
          <h2>Result</h2>
          {job.error && (
            <div className="problem">
              <strong>The job failed</strong>
              <p>{job.error}</p>
            </div>
          )}
          {job.failedRows > 0 && <p>{job.failedRows} rows were refused.</p>}
          <ul>
            {job.errorFile && (
              <li>
                <a href={job.errorFile.url} download={job.errorFile.fileName}>
                  Download the refused rows ({job.errorFile.fileName}, {job.errorFile.rows} rows)
                </a>{' '}
                <span className="hint">link valid until {formatTime(job.errorFile.expiresAt)}</span>
              </li>
            )}
            {job.output && (
              <li>
                <a href={job.output.url} download={job.output.fileName}>
                  Download {job.output.fileName} ({job.output.rows} rows, {job.output.size} bytes)
                </a>{' '}
                <span className="hint">link valid until {formatTime(job.output.expiresAt)}; read the job again for a new one</span>
              </li>
            )}
          </ul>
        </div>
      )}
    </Page>
  );
}
