// The names of the people a page mentions — an asset's owner, a requester, a decider, an audit actor —
// read by directory user id or by token subject: one BatchGetItem per 100 not yet cached, and a short
// cache, since a warm function names the same people page after page. It reads the tenancy records
// every request stands on (the user's entry, the sign-in account), so every area can name people
// without importing the organization area.
import type { PersonNames, PersonRef } from '@ismf/core/people';
import { peopleRecords, type PeopleRecord } from './access.ts';

// A warm function names the same people page after page; a renamed person shows within a minute
// (at once in the process that renamed them).
const CACHE_MS = 60_000;
const CACHE_SIZE = 5_000;
const cache = new Map<string, { ref: PersonRef; at: number }>();

const cacheKey = (tenantId: string, kind: 'user' | 'subject', key: string) => `${tenantId}\u0000${kind}\u0000${key}`;

function remember(key: string, ref: PersonRef): void {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, { ref, at: Date.now() });
}

function cached(key: string): PersonRef | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (Date.now() - hit.at > CACHE_MS) {
    cache.delete(key);
    return undefined;
  }
  return hit.ref;
}

/** Forgets a user's names in this process (after a change of name, e-mail or job title). */
export function forgetPersonNames(tenantId: string, userId: string, subject: string): void {
  cache.delete(cacheKey(tenantId, 'user', userId));
  cache.delete(cacheKey(tenantId, 'subject', subject));
}

function refOf(id: string, record: PeopleRecord): PersonRef {
  const email = record.email as string | undefined;
  const name = (record.displayName ?? record.name) as string | undefined;
  return {
    id,
    name: name ?? email ?? id,
    ...(email ? { email } : {}),
    ...(record.jobTitle ? { jobTitle: record.jobTitle as string } : {}),
  };
}

/** An actor that is not a person of the directory: the platform's own tasks, or an account it does not know. */
function nonPerson(subject: string): PersonRef {
  if (subject.startsWith('system:')) return { id: subject, name: `ISMF (${subject.slice('system:'.length)})` };
  return { id: subject, name: subject };
}

const present = (values: Iterable<string | undefined> | undefined) => [...new Set([...(values ?? [])].filter((value): value is string => !!value))];

export async function personNames(
  tenantId: string,
  wanted: { users?: Iterable<string | undefined>; subjects?: Iterable<string | undefined> },
): Promise<PersonNames> {
  const users = present(wanted.users);
  const subjects = present(wanted.subjects).filter((subject) => !subject.startsWith('system:'));
  const missingUsers = users.filter((id) => !cached(cacheKey(tenantId, 'user', id)));
  const missingSubjects = subjects.filter((subject) => !cached(cacheKey(tenantId, 'subject', subject)));
  if (missingUsers.length + missingSubjects.length > 0) {
    const found = await peopleRecords(tenantId, missingUsers, missingSubjects);
    for (const [id, record] of found.users) remember(cacheKey(tenantId, 'user', id), refOf(id, record));
    // A sign-in record written before it carried the name: the user's entry answers, once more.
    const unnamed = [...found.accounts].filter(([, account]) => !account.email);
    const older = unnamed.length
      ? (
          await peopleRecords(
            tenantId,
            unnamed.map(([, account]) => account.userId as string),
            [],
          )
        ).users
      : new Map();
    for (const [subject, account] of found.accounts) {
      const userId = account.userId as string;
      const record = account.email ? account : older.get(userId);
      if (record) remember(cacheKey(tenantId, 'subject', subject), refOf(userId, record));
    }
  }
  return {
    user: (id) => cached(cacheKey(tenantId, 'user', id)) ?? { id, name: id },
    subject: (subject) => cached(cacheKey(tenantId, 'subject', subject)) ?? nonPerson(subject),
  };
}
