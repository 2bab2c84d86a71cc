// The user directory as a CSV file, for a GRC administrator's access review (X.1051 11.2.4): one line per
// user, read a page at a time through the directory's list and streamed to the job's output. A cell a
// spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a leading `'`.
import { stringify } from 'csv-stringify/sync';
import { formulaSafe } from '@ismf/core/spreadsheet-cells';
import type { ChunkOutcome, ChunkWork } from '@ismf/jobs/chunk';
import { getEntities } from '@ismf/store/entities';
import { userEntity } from './entities.ts';
import type { UserData } from './rules.ts';
import { listUsers } from './users.ts';

/** Users per page read: large pages, few requests. */
const PAGE = 500;

/** The file's columns, in order: roles are joined by `;`, the manager is named by id and e-mail. */
export const USER_EXPORT_COLUMNS = [
  'id',
  'email',
  'displayName',
  'jobTitle',
  'roles',
  'status',
  'managerId',
  'managerEmail',
  'createdAt',
  'updatedAt',
  'version',
] as const;

type ListedUser = Awaited<ReturnType<typeof listUsers>>['items'][number];

/** One CSV row in USER_EXPORT_COLUMNS order. */
export function userCells(user: ListedUser, managerEmail: string | undefined): string[] {
  const values: Record<(typeof USER_EXPORT_COLUMNS)[number], unknown> = {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    jobTitle: user.jobTitle,
    roles: user.roles.join(';'),
    status: user.status,
    managerId: user.managerId,
    managerEmail,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
  return USER_EXPORT_COLUMNS.map((column) => {
    const value = values[column];
    return value === undefined || value === null ? '' : formulaSafe(String(value));
  });
}

export async function exportUsersChunk({ tenantId, checkpoint, writeOutput }: ChunkWork): Promise<ChunkOutcome> {
  const fileName = `users-${new Date().toISOString().slice(0, 10)}.csv`;
  const contentType = 'text/csv';
  // Managers' e-mails by id (only managers are kept, so memory follows the number of managers, not users).
  const managers = new Map<string, string | undefined>();
  let rows = 0;
  let reported = 0;
  async function* lines() {
    yield stringify([[...USER_EXPORT_COLUMNS]], { record_delimiter: 'windows' });
    let cursor: string | undefined;
    do {
      const page = await listUsers(tenantId, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      // One batch read per page for the managers not met before.
      const unread = [...new Set(page.items.flatMap((user) => (user.managerId && !managers.has(user.managerId) ? [user.managerId] : [])))];
      if (unread.length) {
        const found = await getEntities(
          tenantId,
          unread.map((id) => ({ type: userEntity.type, id })),
        );
        for (const id of unread) managers.set(id, found<UserData>(userEntity.type, id)?.data.email);
      }
      yield stringify(
        page.items.map((user) => userCells(user, user.managerId ? managers.get(user.managerId) : undefined)),
        { record_delimiter: 'windows' },
      );
      rows += page.items.length;
      cursor = page.nextCursor;
      if (cursor && rows - reported >= PAGE * 20) {
        reported = rows;
        await checkpoint(rows);
      }
    } while (cursor);
  }
  const file = await writeOutput(fileName, contentType, lines());
  return { rows, counts: { exported: rows }, failed: [], output: { ...file, rows } };
}
