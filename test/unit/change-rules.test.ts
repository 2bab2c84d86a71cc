// Change management's pure rules: windows, plans, settings' defaults, the impact sum and the iCalendar
// serializer (RFC 5545 escaping, folding and times).
import { describe, expect, it } from 'vitest';
import { toICalendar } from '@ismf/change/calendar';
import { addToImpact, EMPTY_IMPACT } from '@ismf/change/impact';
import {
  changePlanRevisionSchema,
  changePlanSchema,
  changeRequestInputSchema,
  changeSettingsSchema,
  DEFAULT_CHANGE_SETTINGS,
  instant,
  windowHours,
  windowSchema,
} from '@ismf/change/rules';

const ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RS';
const window = { start: '2030-01-01T00:00:00Z', end: '2030-01-01T04:00:00Z' };
const plan = {
  steps: ['do it'],
  effectivenessCheck: 'check it',
  continuity: 'cluster B',
  window,
  serviceImpact: 'none',
  labTest: { role: 'manager' },
  implementer: ID,
};

describe('change rules', () => {
  it('takes windows that end after they start, and measures them', () => {
    expect(windowSchema.safeParse(window).success).toBe(true);
    const backwards = windowSchema.safeParse({ start: window.end, end: window.start });
    expect(backwards.success).toBe(false);
    expect(backwards.error!.issues[0]!.path).toEqual(['end']);
    expect(windowSchema.safeParse({ start: window.start, end: window.start }).success).toBe(false);
    expect(windowSchema.safeParse({ start: '2030-01-01', end: window.end }).success).toBe(false);
    expect(windowHours(window)).toBe(4);
    expect(instant('2030-01-01T00:00:00Z')).toBe('2030-01-01T00:00:00.000Z');
  });

  it('takes requests of 1 to 100 distinct assets, and components of them', () => {
    const request = { title: 't', reason: 'r', class: 'normal', assets: [ID], requestedWindow: window };
    expect(changeRequestInputSchema.safeParse(request).success).toBe(true);
    expect(changeRequestInputSchema.safeParse({ ...request, assets: [] }).success).toBe(false);
    expect(changeRequestInputSchema.safeParse({ ...request, assets: [ID, ID] }).success).toBe(false);
    expect(changeRequestInputSchema.safeParse({ ...request, class: 'urgent' }).success).toBe(false);
    expect(changeRequestInputSchema.safeParse({ ...request, extra: 1 }).success).toBe(false);
  });

  it('takes plans with a tester by person or role, and revisions with a note', () => {
    expect(changePlanSchema.safeParse(plan).success).toBe(true);
    expect(changePlanSchema.safeParse({ ...plan, onSiteTest: { assignee: ID } }).success).toBe(true);
    expect(changePlanSchema.safeParse({ ...plan, labTest: { assignee: ID, role: 'manager' } }).success).toBe(false);
    expect(changePlanSchema.safeParse({ ...plan, steps: [] }).success).toBe(false);
    expect(changePlanSchema.safeParse({ ...plan, serviceImpact: 'some' }).success).toBe(false);
    expect(changePlanRevisionSchema.safeParse(plan).success).toBe(false);
    expect(changePlanRevisionSchema.safeParse({ ...plan, note: 'added a rollback' }).success).toBe(true);
  });

  it('has settings whose every field defaults', () => {
    expect(DEFAULT_CHANGE_SETTINGS).toEqual({
      emergencyAuthorizerRole: 'manager',
      emergencyReviewDays: 5,
      reviewDays: 7,
      maxWindowHours: 72,
      ownerNoticeHours: 48,
      authorization: { normal: { role: 'manager', quorum: 1 }, emergency: { quorum: 1 } },
    });
    expect(changeSettingsSchema.parse({ authorization: { normal: { quorum: 3 } } }).authorization).toEqual({
      normal: { role: 'manager', quorum: 3 },
      emergency: { quorum: 1 },
    });
    expect(changeSettingsSchema.safeParse({ emergencyAuthorizerRole: 'platform-operator' }).success).toBe(false);
  });

  it('sums the impact of affected assets as they are added', () => {
    const item = (importance: number, dependents: number, businessProcess?: string) => ({
      changeId: ID,
      assetId: ID,
      assetName: 'x',
      type: 'physical',
      importance,
      owner: ID,
      dependents,
      windowStart: window.start,
      windowEnd: window.end,
      ...(businessProcess ? { businessProcess } : {}),
    });
    const once = addToImpact(EMPTY_IMPACT, [item(2, 1, 'Voice'), item(5, 3)]);
    const twice = addToImpact(once, [item(2, 0, 'Voice'), item(3, 0, 'Billing')]);
    expect(twice).toEqual({
      assets: 4,
      byImportance: { 1: 0, 2: 2, 3: 1, 4: 0, 5: 1 },
      maxImportance: 5,
      businessProcesses: ['Voice', 'Billing'],
      dependents: 4,
    });
    expect(EMPTY_IMPACT.assets).toBe(0);
  });
});

describe('iCalendar (RFC 5545)', () => {
  const item = (title: string) => ({
    id: ID,
    title,
    class: 'normal' as const,
    state: 'authorized' as const,
    windowStart: window.start,
    windowEnd: window.end,
    assetCount: 2,
    link: `/change-requests/${ID}`,
  });

  it('writes one VEVENT per change, CRLF throughout, its text escaped', () => {
    const text = toICalendar([item('Upgrade, phase 1')], 'https://app.example', new Date('2029-12-01T00:00:00Z'));
    // Content lines as a calendar client reads them: folded continuations joined back (RFC 5545 3.1).
    const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ISMF//Change calendar//EN']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Change calendar',
        'BEGIN:VEVENT',
        `UID:${ID}@ismf`,
        'DTSTAMP:20291201T000000Z',
        'DTSTART:20300101T000000Z',
        'DTEND:20300101T040000Z',
        'SUMMARY:Upgrade\\, phase 1 (normal change\\, authorized)',
        'DESCRIPTION:2 affected assets\\; authorized',
        'STATUS:CONFIRMED',
        'TRANSP:OPAQUE',
        'END:VEVENT',
      ]),
    );
    expect(lines.find((line) => line.startsWith('URL'))).toMatch(new RegExp(`^URL(;VALUE=URI)?:https://app.example/change-requests/${ID}$`));
    expect(lines.slice(-2)).toEqual(['END:VCALENDAR', '']);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const title = 'é'.repeat(100);
    const text = toICalendar([item(title)], 'https://app.example');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text.replace(/\r\n[ \t]/g, '')).toContain(`SUMMARY:${title} (normal change\\, authorized)`);
  });
});
