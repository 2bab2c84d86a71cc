// What a subject would change in what is in force, as a decider reads it: every changed leaf as a
// JSON Pointer (RFC 6901) with its value before and after. Pure, so that every subject kind gets the
// same reading of its difference.

/** One change: `before` is absent where the path is added, `after` where it is removed. */
export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** The difference a task keeps with its snapshot. */
export interface Difference {
  /** What is in force, as people call it ("the asset policy"). */
  of: string;
  /** The version in force it was compared with (0: a default never written). */
  version: number;
  changes: Change[];
  /** Changes left out to keep the task readable (and its item small): the snapshot holds them all. */
  omitted?: number;
}

/** A JSON Pointer token: `~` and `/` escaped as `~0` and `~1` (RFC 6901 3). */
const token = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

// Only a document's own members: an inherited `valueOf` is not part of it.
const own = (object: Record<string, unknown>, key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The changes from `before` to `after`, in document order (the keys of `before`, then those only
 * `after` has). Objects are compared key by key and arrays index by index; anything else, or a change
 * of kind (a list that became an object), is one change of the whole value. An `undefined` member is
 * absent, as in JSON.
 */
export function differences(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
    return keys.flatMap((key) => member(own(before, key), own(after, key), `${path}/${token(key)}`));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) => member(before[index], after[index], `${path}/${index}`)).flat();
  }
  return before === after ? [] : [{ path, before, after }];
}

function member(before: unknown, after: unknown, path: string): Change[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path, after }];
  if (after === undefined) return [{ path, before }];
  return differences(before, after, path);
}

/**
 * The difference of a proposal to what is in force, its changes cut where their JSON would pass
 * `budget` bytes (the rest counted in `omitted`): a task item must stay far below DynamoDB's 400 KB.
 */
export function differenceOf(inForce: { title: string; version: number; current: unknown; proposed: unknown }, budget = 32 * 1024): Difference {
  const all = differences(inForce.current, inForce.proposed);
  const kept: Change[] = [];
  let size = 0;
  for (const change of all) {
    size += Buffer.byteLength(JSON.stringify(change)) + 1;
    if (size > budget) break;
    kept.push(change);
  }
  return { of: inForce.title, version: inForce.version, changes: kept, ...(kept.length < all.length ? { omitted: all.length - kept.length } : {}) };
}
