import { changeCalendar, toICalendar } from '@ismf/change/calendar';
import { getChangeCalendar as operation } from '@ismf/change/operations';
import { operationHandler } from '@ismf/http/operation-handler';

/** Where the console serves a change (its link is the API path of the record). */
const appUrl = () => (process.env.ISMF_APP_URL ?? process.env.ISMF_LOCAL_URL ?? 'https://app.ismf.example').replace(/\/+$/, '');

export const handler = operationHandler(operation, async ({ tenantId, query, mediaType }) => {
  const calendar = await changeCalendar(tenantId, query.from, query.to);
  return mediaType === 'text/calendar' ? { body: toICalendar(calendar.items, appUrl()), mediaType } : { body: calendar };
});
