// Running a bulk job as a user does: POST /jobs, the upload to the presigned link, the completion, then
// GET /jobs/{id} until the job ends.
import type { Api } from './api.ts';
import { eventually } from './eventually.ts';

export interface JobFile {
  name: string;
  type: string;
  body: string | Buffer;
}

export const ENDED = ['succeeded', 'failed', 'cancelled'];

/** Starts a job and, if it reads a file, uploads it and says so; answers the job as started. */
export async function startJob(api: Api, token: string, kind: string, parameters: Record<string, unknown> = {}, file?: JobFile) {
  const body = Buffer.isBuffer(file?.body) ? file.body : Buffer.from(file?.body ?? '');
  const started = await api.call('POST', '/jobs', {
    token,
    body: { kind, parameters, ...(file ? { file: { fileName: file.name, contentType: file.type, size: body.length } } : {}) },
  });
  if (started.status !== 202) throw new Error(`POST /jobs answered ${started.status}: ${JSON.stringify(started.body)}`);
  if (file) {
    const upload = started.body.upload as { url: string; method: string; fields: Record<string, string> };
    const sent = await fetch(upload.url, { method: upload.method, headers: upload.fields, body });
    if (sent.status !== 204) throw new Error(`the upload answered ${sent.status}: ${await sent.text()}`);
    const completed = await api.call('POST', `/jobs/${started.body.id}/upload-completion`, { token });
    if (completed.status !== 200) throw new Error(`the completion answered ${completed.status}: ${JSON.stringify(completed.body)}`);
  }
  return started.body as { id: string; [key: string]: unknown };
}

/** Waits until the job has ended, and answers it as GET /jobs/{id} shows it. */
export async function jobEnded(api: Api, token: string, jobId: string, timeoutMs = 60_000) {
  return eventually(
    async () => {
      const job = await api.call('GET', `/jobs/${jobId}`, { token });
      return ENDED.includes(job.body.state) ? job.body : undefined;
    },
    `job ${jobId} to end`,
    timeoutMs,
  );
}

export async function runJob(api: Api, token: string, kind: string, parameters: Record<string, unknown> = {}, file?: JobFile, timeoutMs?: number) {
  const started = await startJob(api, token, kind, parameters, file);
  return jobEnded(api, token, started.id, timeoutMs);
}

/** A downloaded result file (the error file, an export) as text. */
export async function download(link: { url: string }): Promise<string> {
  const response = await fetch(link.url);
  if (response.status !== 200) throw new Error(`the download answered ${response.status}`);
  return response.text();
}
