// Files to the API's presigned uploads: a PUT with the signed headers (locally), or a form POST with the
// signed fields (S3 in AWS). Evidence takes three steps (register, send, complete) in one place, for every
// screen that attaches evidence.
import type { Schemas } from '@ismf/api-client/client';
import { EVIDENCE_EXTENSIONS, EVIDENCE_TYPES, type EvidenceType } from '@ismf/evidence/rules';
import { act, api, newIdempotencyKey, type Outcome } from '../api.ts';
import { refusal } from './problem.tsx';

export interface UploadTicket {
  method: 'POST' | 'PUT';
  url: string;
  fields: Record<string, string>;
}

/** Sends a file to a presigned upload; answers why it failed, or undefined. */
export async function uploadFile(ticket: UploadTicket, file: Blob): Promise<string | undefined> {
  try {
    let answer: Response;
    if (ticket.method === 'PUT') {
      answer = await fetch(ticket.url, { method: 'PUT', headers: ticket.fields, body: file });
    } else {
      const form = new FormData();
      for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
      form.append('file', file);
      answer = await fetch(ticket.url, { method: 'POST', body: form });
    }
    return answer.ok ? undefined : `the upload was refused (${answer.status})`;
  } catch (error) {
    return `the upload failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** A file's type as the API names it, by its extension first: browsers leave it empty (or odd) for some. */
export function contentTypeOf(file: File, byExtension: Readonly<Record<string, string>>): string {
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  return byExtension[extension] ?? file.type;
}

/** The extensions a file input for evidence offers. */
export const EVIDENCE_ACCEPT = Object.keys(EVIDENCE_EXTENSIONS)
  .map((extension) => `.${extension}`)
  .join(',');

/** Registers a file as evidence about a record, sends it, and completes it (the API hashes it): the stored evidence. */
export async function uploadEvidence(
  file: File,
  about: { subject: { type: string; id: string }; description?: string },
): Promise<Outcome<Schemas['GetEvidenceResponse']>> {
  const contentType = contentTypeOf(file, EVIDENCE_EXTENSIONS);
  if (!(EVIDENCE_TYPES as readonly string[]).includes(contentType)) {
    return { problem: refusal('This kind of file is not taken', 'PDF, images, text, CSV, JSON, XML, ZIP, Word or Excel files', 'body.contentType') };
  }
  const description = about.description?.trim();
  const created = await act(
    api().POST('/evidence', {
      params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
      body: { fileName: file.name, contentType: contentType as EvidenceType, size: file.size, subject: about.subject, ...(description ? { description } : {}) },
    }),
  );
  if (created.problem) return created;
  if (created.data.upload) {
    const failed = await uploadFile(created.data.upload, file);
    if (failed) return { problem: refusal('The upload failed', failed) };
  }
  return act(api().POST('/evidence/{evidenceId}/completion', { params: { path: { evidenceId: created.data.id } } }));
}
