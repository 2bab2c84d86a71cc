// How times and people read on screen: local time, short; a person by the name the API gives beside the
// recorded id (`ownerPerson`, `actorPerson` …), else the id.
import type { Schemas } from '@ismf/api-client/client';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

export const formatTime = (iso: string | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
export const formatDate = (iso: string | undefined) => (iso ? dateOnly.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)) : '—');

export const personName = (person: Schemas['PersonRef'] | undefined, fallback?: string) => person?.name ?? fallback ?? '—';
