// Evidence about an asset: a file uploaded to the presigned link the API hands out, completed (hashed and
// linked), then downloaded through a link signed for five minutes. The API lists no evidence by record, so
// the panel shows what was uploaded here and what the record names (a disposal's), and opens any by its id.
import { useId, useState, type FormEvent } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, type Problem } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { ProblemBanner } from '../../ui/problem.tsx';
import { EVIDENCE_ACCEPT, uploadEvidence } from '../../ui/upload.ts';

type Evidence = Schemas['GetEvidenceResponse'];

const problemOf = (title: string, detail: string, path?: string): Problem => ({
  type: 'about:blank',
  title,
  status: 0,
  detail,
  errors: path ? [{ path, message: detail }] : [],
});

function EvidenceRow({ evidence }: { evidence: Evidence }) {
  const [link, setLink] = useState<Evidence['download']>();
  const [problem, setProblem] = useState<Problem>();
  const fetchLink = () => {
    setProblem(undefined);
    void act(api().GET('/evidence/{evidenceId}', { params: { path: { evidenceId: evidence.id } } })).then((outcome) => {
      if (outcome.problem) setProblem(outcome.problem);
      else if (outcome.data.download) setLink(outcome.data.download);
      else setProblem(problemOf('Not uploaded yet', 'this evidence has no completed upload to download'));
    });
  };
  return (
    <tr>
      <th scope="row">{evidence.fileName}</th>
      <td>{evidence.description ?? '—'}</td>
      <td>
        {evidence.status === 'available' ? 'uploaded' : 'awaiting upload'}
        {evidence.uploadedAt && ` ${formatTime(evidence.uploadedAt)}`}
        {evidence.uploadedByPerson && ` by ${personName(evidence.uploadedByPerson)}`}
      </td>
      <td>
        <code title="SHA-256">{evidence.sha256 ? `${evidence.sha256.slice(0, 12)}…` : '—'}</code>
      </td>
      <td>
        {link ? (
          <a href={link.url} download={evidence.fileName}>
            Download {evidence.fileName}
          </a>
        ) : (
          <button type="button" className="secondary" onClick={fetchLink} disabled={evidence.status !== 'available'}>
            Get download link for {evidence.fileName}
          </button>
        )}
        {link && <small className="hint"> (expires {formatTime(link.expiresAt)})</small>}
        <ProblemBanner problem={problem} />
      </td>
    </tr>
  );
}

export function EvidencePanel({
  assetId,
  mayUpload,
  known,
  onUploaded,
}: {
  assetId: string;
  mayUpload: boolean;
  /** Evidence ids the record names (a disposal's sanitisation). */
  known: readonly string[];
  onUploaded?: (evidence: Evidence) => void;
}) {
  const [listed, setListed] = useState<Evidence[]>([]);
  const [file, setFile] = useState<File>();
  const [description, setDescription] = useState('');
  const [lookup, setLookup] = useState('');
  const [fileKey, setFileKey] = useState(0);
  const upload = useSubmission();
  const open = useSubmission();
  const fileHint = useId();

  const add = (evidence: Evidence) => setListed((before) => [evidence, ...before.filter((item) => item.id !== evidence.id)]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void upload.run(async () => {
      if (!file) return problemOf('Pick a file', 'choose the file to upload', 'file');
      const completed = await uploadEvidence(file, { subject: { type: 'asset', id: assetId }, description });
      if (completed.problem) return completed.problem;
      add(completed.data);
      onUploaded?.(completed.data);
      setFile(undefined);
      setDescription('');
      setFileKey((n) => n + 1);
      return undefined;
    });
  };

  const find = (event: FormEvent) => {
    event.preventDefault();
    void open.run(async () => {
      const id = lookup.trim();
      if (!id) return problemOf('Name the evidence', 'the evidence id', 'evidenceId');
      const outcome = await act(api().GET('/evidence/{evidenceId}', { params: { path: { evidenceId: id } } }));
      if (outcome.problem) return { ...outcome.problem, errors: [...outcome.problem.errors, { path: 'evidenceId', message: outcome.problem.detail }] };
      add(outcome.data);
      setLookup('');
      return undefined;
    });
  };

  const badType = upload.error('body.contentType') ?? upload.error('body.size') ?? upload.error('body.fileName') ?? upload.error('file');
  return (
    <section aria-labelledby="evidence-heading" className="card">
      <h2 id="evidence-heading">Evidence</h2>
      {mayUpload && (
        <form onSubmit={submit} noValidate>
          <ProblemBanner problem={upload.problem} fields={['body.contentType', 'body.size', 'body.fileName', 'file', 'body.description']} />
          <Field label="Evidence file" hint={`PDF, image, text, CSV, JSON, XML, ZIP, Word or Excel; at most 100 MiB`} error={badType}>
            {(props) => (
              <input
                {...props}
                key={fileKey}
                type="file"
                accept={EVIDENCE_ACCEPT}
                aria-describedby={[props['aria-describedby'], fileHint].filter(Boolean).join(' ') || undefined}
                onChange={(event) => setFile(event.target.files?.[0])}
              />
            )}
          </Field>
          <Field label="Description of the evidence" error={upload.error('body.description')}>
            {(props) => <input {...props} value={description} onChange={(event) => setDescription(event.target.value)} />}
          </Field>
          <button type="submit" disabled={upload.busy}>
            {upload.busy ? 'Uploading…' : 'Upload evidence'}
          </button>
          <p id={fileHint} className="hint">
            The file is hashed (SHA-256) when the upload completes and cannot be changed afterwards.
          </p>
        </form>
      )}
      <form onSubmit={find} noValidate className="filters">
        <Field label="Evidence id" error={open.error('evidenceId')}>
          {(props) => <input {...props} value={lookup} onChange={(event) => setLookup(event.target.value)} />}
        </Field>
        <button type="submit" className="secondary" disabled={open.busy}>
          Open evidence
        </button>
      </form>
      {known.filter((id) => !listed.some((item) => item.id === id)).length > 0 && (
        <p>
          This record names evidence{' '}
          {known.map((id) => (
            <code key={id}>{id} </code>
          ))}
          : open it by its id.
        </p>
      )}
      {listed.length > 0 ? (
        <table>
          <caption>Evidence opened or uploaded here</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Description</th>
              <th scope="col">Uploaded</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((evidence) => (
              <EvidenceRow key={evidence.id} evidence={evidence} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">No evidence opened or uploaded on this screen yet.</p>
      )}
    </section>
  );
}
