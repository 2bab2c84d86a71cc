// The change calendar (X.1052 12.2.4): authorized changes by window, from an index, as JSON and as an
// RFC 5545 iCalendar document a calendar subscribes to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRequestEntity, type ChangeRequestData } from '@ismf/change/entities';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';
import { startApi, type Api } from '../support/api.ts';

let api: Api;
let tenant: { tenantId: string; adminToken: string; adminId: string };
let auditor: string;

beforeAll(async () => {
  api = await startApi();
  tenant = await api.newTenant('cal');
  auditor = await api.tokenFor(tenant.tenantId, 'auditor', ['auditor']);
}, 60_000);
afterAll(() => api.close());

async function open(title: string, start: string, end: string) {
  const asset = (
    await api.call('POST', '/assets', {
      token: tenant.adminToken,
      body: { name: `${title} asset`, type: 'physical', owner: tenant.adminId, classification: 'internal', confidentiality: 1, integrity: 1, availability: 1 },
    })
  ).body;
  const reply = await api.call('POST', '/change-requests', {
    token: tenant.adminToken,
    body: { title, reason: 'r', class: 'normal', assets: [asset.id], requestedWindow: { start, end } },
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string };
}

/** Authorization is the flow's: the test sets the state the flow would. */
async function authorize(id: string) {
  const before = (await getEntity<ChangeRequestData>(tenant.tenantId, changeRequestEntity.type, id))!;
  const work = new UnitOfWork({ actor: { userId: 'system:test', roles: [] }, operation: 'testFlow' });
  work.update(changeRequestEntity, before, { ...before.data, state: 'authorized' });
  await work.commit();
}

/** Content lines of an iCalendar document: CRLF-separated, folded lines joined (RFC 5545 3.1). */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('the change calendar', () => {
  it('lists authorized changes overlapping the span, as JSON and as iCalendar', async () => {
    const title = 'Core upgrade; phase 1, with a long title that needs folding across more than seventy-five octets — “quoted”';
    const before = await open('Before the span', '2033-05-01T00:00:00Z', '2033-05-01T04:00:00Z');
    const overlapping = await open(title, '2033-05-31T22:00:00Z', '2033-06-01T02:00:00Z');
    const inside = await open('Inside', '2033-06-10T01:00:00Z', '2033-06-10T05:00:00Z');
    const draft = await open('Still a draft', '2033-06-11T01:00:00Z', '2033-06-11T05:00:00Z');
    for (const change of [before, overlapping, inside]) await authorize(change.id);

    const span = 'from=2033-06-01T00:00:00Z&to=2033-07-01T00:00:00Z';
    const json = await api.call('GET', `/change-calendar?${span}`, { token: auditor });
    expect(json.status).toBe(200);
    expect(json.body.items.map((item: { id: string }) => item.id)).toEqual([overlapping.id, inside.id]);
    expect(json.body.items[0]).toMatchObject({ title, state: 'authorized', class: 'normal', assetCount: 1, link: `/change-requests/${overlapping.id}` });
    expect(json.body.items.map((item: { id: string }) => item.id)).not.toContain(draft.id);

    const ical = await api.call('GET', `/change-calendar?${span}`, { token: auditor, headers: { accept: 'text/calendar' } });
    expect(ical.status).toBe(200);
    expect(ical.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = ical.body as string;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(text);
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    const event = lines.slice(lines.indexOf(`UID:${overlapping.id}@ismf`) - 1, lines.indexOf('END:VEVENT') + 1);
    expect(event).toEqual(
      expect.arrayContaining([
        'BEGIN:VEVENT',
        `UID:${overlapping.id}@ismf`,
        'DTSTART:20330531T220000Z',
        'DTEND:20330601T020000Z',
        `SUMMARY:${title.replace(/;/g, '\\;').replace(/,/g, '\\,')} (normal change\\, authorized)`,
        'STATUS:CONFIRMED',
        'END:VEVENT',
      ]),
    );
    expect(event.find((line) => line.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(event.find((line) => line.startsWith('URL'))).toMatch(new RegExp(`/change-requests/${overlapping.id}$`));
    // JSON stays the default, and is chosen by quality.
    const preferred = await api.call('GET', `/change-calendar?${span}`, { token: auditor, headers: { accept: 'text/calendar;q=0.5, application/json' } });
    expect(preferred.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses a span that ends before it starts or is longer than 366 days, and a missing bound', async () => {
    const backwards = await api.call('GET', '/change-calendar?from=2033-06-02T00:00:00Z&to=2033-06-01T00:00:00Z', { token: auditor });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].path).toBe('query.to');
    const long = await api.call('GET', '/change-calendar?from=2033-01-01T00:00:00Z&to=2034-01-03T00:00:00Z', { token: auditor });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].path).toBe('query.to');
    expect((await api.call('GET', '/change-calendar?from=2033-01-01T00:00:00Z', { token: auditor })).status).toBe(400);
  });
});
