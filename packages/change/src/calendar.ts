// The change calendar: authorized changes (and what their implementation made of them) by window, from an
// index, as JSON or as an RFC 5545 iCalendar document people subscribe their calendars to (written by
// ical-generator: escaping, folding at 75 octets, UTC times).
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
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

/** The calendar as an iCalendar document: one VEVENT per change, its UID `<changeId>@ismf`, every line ending CRLF. */
export function toICalendar(items: readonly CalendarItem[], baseUrl: string, now = new Date()): string {
  const calendar = ical({
    name: 'Change calendar',
    prodId: { company: 'ISMF', product: 'Change calendar', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const item of items) {
    calendar.createEvent({
      id: `${item.id}@ismf`,
      stamp: now,
      start: new Date(item.windowStart),
      end: new Date(item.windowEnd),
      summary: `${item.title} (${item.class} change, ${item.state})`,
      description: `${item.assetCount} affected asset${item.assetCount === 1 ? '' : 's'}; ${item.state}`,
      url: `${baseUrl}${item.link}`,
      status: ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.OPAQUE,
    });
  }
  // The library ends the last line without its CRLF; RFC 5545 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}
