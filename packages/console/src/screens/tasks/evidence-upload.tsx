// Evidence for a task's result, kept with the task's subject: registered, sent to the presigned upload and
// completed (ui/upload.ts), so that the API hashes it.
import { useState, type FormEvent } from 'react';
import { uploadEvidence, EVIDENCE_ACCEPT } from '../../ui/upload.ts';
import { Field, useSubmission } from '../../ui/form.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';

export type Uploaded = { id: string; fileName: string; sha256?: string | undefined };

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
      if (!file) return refusal('Choose a file', 'no file chosen', 'body.fileName', 'choose a file');
      const completed = await uploadEvidence(file, { subject, description });
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
        {(props) => <input {...props} type="file" accept={EVIDENCE_ACCEPT} onChange={(e) => setFile(e.target.files?.[0])} />}
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
