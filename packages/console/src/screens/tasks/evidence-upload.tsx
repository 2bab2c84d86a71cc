// Evidence for a task's result: a file registered (POST /evidence), sent to the presigned upload the API
// grants (a PUT with its headers, or a POST form with its fields), then completed so the API hashes it.
import { useState, type FormEvent } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, newIdempotencyKey, type Problem } from '../../api.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

type ContentType = Schemas['CreateEvidenceRequest']['contentType'];
export type Uploaded = { id: string; fileName: string; sha256?: string | undefined };

const CONTENT_TYPES: readonly ContentType[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/json',
  'application/xml',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const uploadProblem = (detail: string): Problem => ({ type: 'about:blank', title: 'The upload failed', status: 0, detail, errors: [] });

async function send(upload: NonNullable<Schemas['CreateEvidenceResponse']['upload']>, file: File): Promise<Problem | undefined> {
  let answer: Response;
  if (upload.method === 'PUT') {
    answer = await fetch(upload.url, { method: 'PUT', headers: upload.fields, body: file });
  } else {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', file);
    answer = await fetch(upload.url, { method: 'POST', body: form });
  }
  return answer.ok ? undefined : uploadProblem(`the storage answered ${answer.status}`);
}

export function EvidenceUpload({
  subject,
  uploaded,
  onUploaded,
}: {
  subject: { type: string; id: string };
  uploaded: readonly Uploaded[];
  onUploaded: (file: Uploaded) => void;
}) {
  const [file, setFile] = useState<File | undefined>();
  const [description, setDescription] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      if (!file)
        return {
          type: 'about:blank',
          title: 'Choose a file',
          status: 400,
          detail: 'no file chosen',
          errors: [{ path: 'body.fileName', message: 'choose a file' }],
        };
      const contentType = CONTENT_TYPES.find((type) => type === file.type);
      if (!contentType)
        return {
          type: 'about:blank',
          title: 'This kind of file is not taken',
          status: 415,
          detail: `${file.type || 'unknown type'}: PDF, images, text, CSV, JSON, XML, ZIP, Word or Excel files`,
          errors: [{ path: 'body.contentType', message: 'not a kind of file evidence takes' }],
        };
      const created = await act(
        api().POST('/evidence', {
          body: { fileName: file.name, contentType, size: file.size, subject, ...(description.trim() ? { description } : {}) },
          params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
        }),
      );
      if (created.problem) return created.problem;
      if (created.data.upload) {
        const failed = await send(created.data.upload, file).catch((error: unknown) => uploadProblem(String(error)));
        if (failed) return failed;
      }
      const completed = await act(api().POST('/evidence/{evidenceId}/completion', { params: { path: { evidenceId: created.data.id } } }));
      if (completed.problem) return completed.problem;
      onUploaded({ id: completed.data.id, fileName: completed.data.fileName, sha256: completed.data.sha256 });
      setFile(undefined);
      setDescription('');
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="evidence-heading" className="card">
      <h2 id="evidence-heading">Evidence</h2>
      <p className="hint">Files that back the result (test reports, screenshots), kept with the {subject.type.replace(/-/g, ' ')} and hashed on upload.</p>
      <ProblemBanner problem={form.problem} fields={['body.fileName', 'body.contentType', 'body.size']} />
      <Field label="File" error={form.error('body.fileName') ?? form.error('body.contentType') ?? form.error('body.size')}>
        {(props) => <input {...props} type="file" onChange={(e) => setFile(e.target.files?.[0])} />}
      </Field>
      <Field label="Description of the file (optional)" error={form.error('body.description')}>
        {(props) => <input {...props} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <button type="submit" className="secondary" disabled={form.busy}>
        Upload
      </button>
      {uploaded.length > 0 && (
        <ul aria-label="Uploaded evidence">
          {uploaded.map((item) => (
            <li key={item.id}>
              {item.fileName} — uploaded{item.sha256 ? `, SHA-256 ${item.sha256.slice(0, 12)}…` : ''}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
