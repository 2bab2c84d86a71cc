// Notifications waiting for a user's daily digest: one item per notification and user, listed for the
// digest job by time (GSI4), deleted once the digest is sent.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { storePattern } from './entity-model.ts';
import { keys, type ItemKey } from './keys.ts';
import { queryIndex } from './query.ts';

const DIGEST_DUE = 'notification-digest';

/** GSI4: a tenant's queued digest lines, by time — the store's own record, named by the digest job's declaration. */
export const digestLinesDue = storePattern({ entity: 'digest-line', name: 'due', index: 'GSI4', partition: [], sort: ['at', 'userId', 'eventId'] });

export interface DigestLineItem {
  userId: string;
  eventId: string;
  at: string;
  kind: string;
  title: string;
  text: string;
  link: string;
}

/** Queues a line; the same event for the same user is queued once, however often it is delivered. */
export async function queueDigestLine(owner: string, line: DigestLineItem): Promise<'queued' | 'known'> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.digestLine(owner, line.userId, line.at, line.eventId),
          kind: 'digest-line',
          gsi4pk: keys.dueList(owner, DIGEST_DUE),
          gsi4sk: `${line.at}#${line.userId}#${line.eventId}`,
          line,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'queued';
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'known';
    throw error;
  }
}

/** The lines queued before `until`, with the keys to delete them by once sent. */
export async function digestLinesBefore(owner: string, until: string): Promise<{ key: ItemKey; line: DigestLineItem }[]> {
  const items = await queryIndex(digestLinesDue.index, keys.dueList(owner, DIGEST_DUE), { before: until });
  return items.map((item) => ({ key: { pk: item.pk as string, sk: item.sk as string }, line: item.line as DigestLineItem }));
}
