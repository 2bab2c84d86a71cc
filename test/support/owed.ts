// The caller's task of one step on one subject, as GET /me/tasks shows it once the flow has opened it.
import { expect } from 'vitest';
import type { Api } from './api.ts';
import { eventually } from './eventually.ts';

export interface OwedTask {
  id: string;
  step: string;
  subject: { id: string };
}

/** With `drain`, each look first delivers the pending events (for files that drive the relay by hand). */
export function owedTask(api: Api, token: string, subjectId: string, step: string, options: { drain?: boolean } = {}): Promise<OwedTask> {
  return eventually(async () => {
    if (options.drain) await api.relay!.drain();
    const reply = await api.call('GET', '/me/tasks', { token });
    expect(reply.status).toBe(200);
    return (reply.body.items as OwedTask[]).find((item) => item.subject.id === subjectId && item.step === step);
  }, `${step} task of ${subjectId}`);
}
