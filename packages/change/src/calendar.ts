// The change calendar: authorized changes (and what their implementation made of them) by window, from an
// index, as JSON or as an RFC 5545 iCalendar document people subscribe their calendars to. No iCalendar
// library is installed, and the few properties needed are a small, well-specified serializer.
import { problems } from '@ismf/core/problems';
import { queryPattern } from '@ismf/store/entities';
import { changeRequestEntity } from './entities.ts';
import { instant } from './rules.ts';
import { changeSettings } from './settings.ts';

/** The longest span one calendar read covers. */
export const MAX_CALENDAR_DAYS = 366;

export interface CalendarItem {
  id: string;
  title: string;
  class: string;
  state: string;
  windowStart: string;
  windowEnd: string;
  assetCount: number;
  link: string;
}

/** The changes on the calendar whose window overlaps [from, to): windows starting in [from − maxWindowHours, to), ending after `from`. */
export async function changeCalendar(tenantId: string, fromGiven: string, toGiven: string): Promise<{ items: CalendarItem[] }> {
  const from = instant(fromGiven);
  const to = instant(toGiven);
  if (to <= from) throw problems.unprocessable('the calendar ends after it starts', [{ path: 'query.to', message: 'not after from' }]);
  if (Date.parse(to) - Date.parse(from) > MAX_CALENDAR_DAYS * 86_400_000)
    throw problems.unprocessable(`a calendar spans at most ${MAX_CALENDAR_DAYS} days`, [
      { path: 'query.to', message: `more than ${MAX_CALENDAR_DAYS} days after from` },
    ]);
  const { maxWindowHours } = await changeSettings(tenantId);
  const earliest = new Date(Date.parse(from) - maxWindowHours * 3_600_000).toISOString();
  const changes = await queryPattern(changeRequestEntity, 'calendar', tenantId, {}, { from: { windowStart: earliest }, before: { windowStart: to } });
  return {
    items: changes
      .filter((change) => change.data.windowEnd > from)
      .map((change) => ({
        id: change.id,
        title: change.data.title,
        class: change.data.class,
        state: change.data.state,
        windowStart: change.data.windowStart,
        windowEnd: change.data.windowEnd,
        assetCount: change.data.assetCount,
        link: changeRequestEntity.link!(change.id),
      })),
  };
}

// ---- RFC 5545 ----

/** TEXT (3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function icalText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** DATE-TIME in UTC (3.3.5, form #2): `YYYYMMDDTHHMMSSZ`. */
export const icalTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** Folds a content line at 75 octets (3.1): CRLF and one space before each continuation, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    // The first line holds 75 octets; each continuation 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The calendar as an iCalendar document: one VEVENT per change, its UID `<changeId>@ismf`, lines ending CRLF. */
export function toICalendar(items: readonly CalendarItem[], baseUrl: string, now = new Date()): string {
  const stamp = icalTime(now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ISMF//Change calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icalText('Change calendar')}`,
    ...items.flatMap((item) => [
      'BEGIN:VEVENT',
      `UID:${item.id}@ismf`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icalTime(item.windowStart)}`,
      `DTEND:${icalTime(item.windowEnd)}`,
      `SUMMARY:${icalText(`${item.title} (${item.class} change, ${item.state})`)}`,
      `DESCRIPTION:${icalText(`${item.assetCount} affected asset${item.assetCount === 1 ? '' : 's'}; ${item.state}`)}`,
      `URL:${baseUrl}${item.link}`,
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
