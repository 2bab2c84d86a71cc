// Delivery writes the people a notification names as the directory has them when the mail goes out:
// the display name, else the e-mail address, and "a former user" for anyone no longer active; at once
// and in the daily digest alike. Runs on the shared DynamoDB Local (delivery marks and digest lines).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { People, Person } from '@ismf/core/people';
import { resetMailTransport } from '@ismf/mail/mail-transport';
import { literal, person } from '@ismf/mail/notification-text';
import { deliverNotification, sendDigests, type Notification } from '@ismf/notifications/delivery';
import { withDataScope } from '@ismf/store/client';
import { readMails } from '../support/mails.ts';

const ada: Person = { id: 'u-ada', subject: 'sub-ada', email: 'ada@example.org', displayName: 'Ada Lovelace', roles: ['manager'] };
const dana: Person = { id: 'u-dana', subject: 'sub-dana', email: 'dana@example.org', displayName: 'Dana Weiss', roles: ['security-officer'] };
const sam: Person = { id: 'u-sam', subject: 'sub-sam', email: 'sam@example.org', roles: ['security-officer'] };

let tenantId: string;
let mailDir: string;
let people: Person[];
const directory = { active: async () => people, teamOf: async () => [] } as unknown as People;
const scoped = <T>(work: () => Promise<T>) =>
  withDataScope({ label: 'test', tenantOnly: false, access: { table: 'write', crossTenant: 'test', mail: true } }, work);

const saved = process.env.ISMF_MAIL_DIR;
beforeEach(async () => {
  tenantId = `notify-${randomBytes(5).toString('hex')}`;
  mailDir = await mkdtemp(join(tmpdir(), 'ismf-notify-'));
  process.env.ISMF_MAIL_DIR = mailDir;
  resetMailTransport();
  people = [ada, dana, sam];
});
afterEach(async () => {
  process.env.ISMF_MAIL_DIR = saved;
  resetMailTransport();
  await rm(mailDir, { recursive: true, force: true });
});

const notification: Notification = {
  kind: 'task-assigned',
  recipients: { users: ['sub-ada'] },
  title: `Returned by ${person('sub-sam')}`,
  text: `${person('sub-sam')} returned the change by ${person('sub-dana')}, seconded by ${person('sub-gone')}: “${literal('keep {{person:sub-dana}} as text')}”`,
  link: '/tasks/01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
};

describe('naming people in notifications', () => {
  it('writes display names, else e-mail addresses, into an immediate mail, and never a mention from free text', async () => {
    expect(await scoped(() => deliverNotification(tenantId, 'e1', '2026-11-29T09:14:00Z', notification, directory))).toEqual({ sent: 1, queued: 0 });
    const [mail] = await readMails(mailDir);
    expect(mail!.subject).toBe('Returned by sam@example.org');
    expect(mail!.toNames).toEqual(['Ada Lovelace']);
    expect(mail!.text).toContain('sam@example.org returned the change by Dana Weiss, seconded by a former user: “keep {{person:sub-dana}} as text”');
    expect(mail!.html).toContain('sam@example.org returned the change by Dana Weiss');
    expect(mail!.text).toMatch(/Open it in ISMF: https?:\/\/\S+\/tasks\/01JDQ8R6Z8W4X3N2K1M0P9Q7RS$/m);
  });

  it('keeps mentions in the queued digest line and names people as the digest goes out (a renamed person by the new name)', async () => {
    people = [{ ...ada, notifications: { 'task-assigned': 'daily-digest' } }, dana, sam];
    expect(await scoped(() => deliverNotification(tenantId, 'e2', '2026-11-29T09:14:00Z', notification, directory))).toEqual({ sent: 0, queued: 1 });
    people = [people[0]!, { ...dana, displayName: 'Dana Weiss-Berger' }, sam];
    expect(await scoped(() => sendDigests(tenantId, directory, new Date('2026-11-30T07:00:00Z')))).toEqual({ digests: 1, lines: 1 });
    const [digest] = await readMails(mailDir);
    expect(digest!.subject).toBe('ISMF daily digest for 2026-11-30: 1 notification');
    expect(digest!.text).toContain('1. 2026-11-29 09:14 UTC  Returned by sam@example.org');
    expect(digest!.text).toContain('sam@example.org returned the change by Dana Weiss-Berger, seconded by a former user');
    expect(digest!.html).toMatch(/<a href="https?:\/\/[^"]+\/tasks\/01JDQ8R6Z8W4X3N2K1M0P9Q7RS">Open it in ISMF<\/a>/);
  });
});
