// Reading entities: by id, or through a named access pattern of their model (a type's list, assets by
// owner, what falls due …), whole or a page at a time. Callers name the pattern; the keys, the index and
// the key condition are built here and in entity-model.ts only.
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '@ismf/core/canonical';
import { problems } from '@ismf/core/problems';
import { batchGet, foundItem } from './batch-get.ts';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { partitionKey, sortValue, type AccessPattern, type DataOf, type EntityModel, type PartitionOf } from './entity-model.ts';
import { keys } from './keys.ts';
import type { StoredEntity } from './unit-of-work.ts';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export function entityFromItem<T>(item: Record<string, unknown>): StoredEntity<T> {
  return {
    owner: item.owner as string,
    type: item.type as string,
    id: item.id as string,
    version: item.version as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    ...(item.auditHash !== undefined ? { auditHash: item.auditHash as string } : {}),
    data: item.data as T,
  };
}

export async function getEntity<T>(owner: string, type: string, id: string): Promise<StoredEntity<T> | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: keys.entity(owner, type, id), ConsistentRead: true }));
  return result.Item ? entityFromItem<T>(result.Item) : undefined;
}

/** Reads an entity of the caller's tenant; another tenant's entity cannot even be addressed, so it is a 404. */
export async function requireEntity<T>(owner: string, type: string, id: string, what: string): Promise<StoredEntity<T>> {
  const entity = await getEntity<T>(owner, type, id);
  if (!entity) throw problems.notFound(what);
  return entity;
}

/** Entities by id, read in batches: `found(type, id)` answers each (undefined when there is none). */
export async function getEntities(owner: string, wanted: readonly { type: string; id: string }[]) {
  const found = await batchGet(wanted.map(({ type, id }) => keys.entity(owner, type, id)));
  return <T>(type: string, id: string): StoredEntity<T> | undefined => {
    const item = foundItem(found, keys.entity(owner, type, id));
    return item ? entityFromItem<T>(item) : undefined;
  };
}

/**
 * Where in a partition to read: sort values below (`before`) or up to (`upTo`) the given leading sort values,
 * and from (`from`, inclusive) given leading sort values on — together a bounded range (a time window).
 */
export interface PatternRange {
  from?: Readonly<Record<string, string | number>>;
  before?: Readonly<Record<string, string | number>>;
  upTo?: Readonly<Record<string, string | number>>;
  /** The leading sort value begins with this text (a name search; caseless on a caseless pattern). */
  prefix?: Readonly<Record<string, string>>;
}

/** Conditions on the data, applied after the read (a page reads on until it is full): equal to, or at least. */
export interface PatternFilter {
  where?: Readonly<Record<string, string | number | boolean>>;
  /** A list field holds this value (labels). */
  contains?: Readonly<Record<string, string>>;
  atLeast?: Readonly<Record<string, string | number>>;
  /** Newest (highest sort value) first. */
  descending?: boolean;
}

type PatternName<M extends EntityModel> = Extract<keyof M['patterns'], string>;

/** Every entity on one partition of a pattern (a bounded set the caller needs whole), in the pattern's sort order. */
export async function queryPattern<M extends EntityModel, K extends PatternName<M>>(
  model: M,
  name: K,
  owner: string,
  values: PartitionOf<M['patterns'][K]>,
  options: PatternRange & PatternFilter = {},
): Promise<StoredEntity<DataOf<M>>[]> {
  const input = patternQuery(model, name, owner, values, options);
  const items: StoredEntity<DataOf<M>>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((item) => entityFromItem<DataOf<M>>(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Reads per page at most: a page with a selective filter stops here and hands out a cursor. */
const MAX_READS_PER_PAGE = 20;

/** One page of a pattern's partition, with a signed cursor bound to the tenant, the pattern, its values and filters. */
export async function queryPatternPage<M extends EntityModel, K extends PatternName<M>>(
  model: M,
  name: K,
  owner: string,
  values: PartitionOf<M['patterns'][K]>,
  options: PatternRange & PatternFilter & { page: PageRequest },
): Promise<Page<StoredEntity<DataOf<M>>>> {
  const { page, ...query } = options;
  const input = patternQuery(model, name, owner, values, query);
  const bounds = (range?: Readonly<Record<string, unknown>>) => Object.keys(range ?? {});
  // Bound to what selects the list; the bounds' values (today's date) may move between pages.
  const scope = `pattern:${model.type}.${name}:${canonicalJson({ values, where: query.where, ...(query.contains ? { contains: query.contains } : {}), before: bounds(query.before), upTo: bounds(query.upTo), ...(query.from ? { from: bounds(query.from) } : {}), atLeast: bounds(query.atLeast), ...(query.prefix ? { prefix: query.prefix } : {}), ...(query.descending ? { descending: true } : {}) })}`;
  const items: StoredEntity<DataOf<M>>[] = [];
  let start = await decodeCursor(owner, scope, page.cursor);
  let reads = 0;
  do {
    const result = await db().send(new QueryCommand({ ...input, Limit: page.limit - items.length, ExclusiveStartKey: start }));
    items.push(...(result.Items ?? []).map((item) => entityFromItem<DataOf<M>>(item)));
    start = result.LastEvaluatedKey;
    reads++;
  } while (start && items.length < page.limit && reads < MAX_READS_PER_PAGE);
  return { items, nextCursor: await encodeCursor(owner, scope, start) };
}

function patternQuery(
  model: EntityModel,
  name: string,
  owner: string,
  values: Readonly<Record<string, unknown>>,
  options: PatternRange & PatternFilter,
): QueryCommandInput {
  const pattern: AccessPattern | undefined = model.patterns[name];
  if (!pattern) throw new Error(`${model.type} has no access pattern ${name}`);
  const attribute = pattern.index.toLowerCase();
  const names: Record<string, string> = {};
  const bindings: Record<string, unknown> = { ':pk': partitionKey(pattern, owner, values) };
  let condition = `${attribute}pk = :pk`;
  if (options.before && options.upTo) throw new Error('a range is before a value or up to it, not both');
  const range = options.before ?? options.upTo;
  if (range) {
    const fields = Object.keys(range);
    if (fields.length === 0 || fields.some((field, index) => pattern.sort[index] !== field)) {
      throw new Error(`${model.type}.${name} is sorted by ${pattern.sort.join(', ')}: a range names leading sort values`);
    }
    const bound = sortValue(pattern, range, fields)!;
    // Up to a value: every sort key that begins with it, whatever follows.
    bindings[':bound'] = options.before ? bound : `${bound}#\uffff`;
    condition += ` AND ${attribute}sk ${options.before ? '<' : '<='} :bound`;
  }
  if (options.from) {
    const fields = Object.keys(options.from);
    if (fields.length === 0 || fields.some((field, index) => pattern.sort[index] !== field)) {
      throw new Error(`${model.type}.${name} is sorted by ${pattern.sort.join(', ')}: a range names leading sort values`);
    }
    bindings[':from'] = sortValue(pattern, options.from, fields)!;
    if (range) {
      // BETWEEN includes its upper bound: exact only while `before` names fewer values than the sort has, so
      // that every key it would exclude continues past the bound (`<bound>#…`) and sorts above it.
      if (options.before && Object.keys(options.before).length >= pattern.sort.length)
        throw new Error(`${model.type}.${name}: a range from a value and before another names leading sort values only`);
      condition = condition.replace(/ AND \w+sk (<|<=) :bound$/, ` AND ${attribute}sk BETWEEN :from AND :bound`);
    } else condition += ` AND ${attribute}sk >= :from`;
  }
  if (options.prefix) {
    if (range || options.from) throw new Error('a range is a prefix or bounded, not both');
    const fields = Object.keys(options.prefix);
    if (fields.length !== 1 || pattern.sort[0] !== fields[0])
      throw new Error(`${model.type}.${name}: a prefix names its leading sort value, ${pattern.sort[0]}`);
    // Escaping is character by character, so the escaped prefix is a prefix of every escaped value it begins.
    bindings[':prefix'] = sortValue(pattern, options.prefix, fields)!;
    condition += ` AND begins_with(${attribute}sk, :prefix)`;
  }
  const filters: string[] = [];
  const filter = (expression: (field: string, value: string) => string, conditions: Readonly<Record<string, unknown>> | undefined) => {
    for (const [field, value] of Object.entries(conditions ?? {})) {
      const at = filters.length;
      names[`#f${at}`] = field;
      bindings[`:f${at}`] = value;
      filters.push(expression(`#data.#f${at}`, `:f${at}`));
    }
  };
  filter((field, value) => `${field} = ${value}`, options.where);
  filter((field, value) => `contains(${field}, ${value})`, options.contains);
  filter((field, value) => `${field} >= ${value}`, options.atLeast);
  if (filters.length) names['#data'] = 'data';
  return {
    TableName: tableName(),
    IndexName: pattern.index,
    KeyConditionExpression: condition,
    ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: bindings,
    ...(options.descending ? { ScanIndexForward: false } : {}),
  };
}

/** What the API shows of an entity: its id, its data, and the version that a PATCH must name in If-Match. */
export function entityView<T extends object>(entity: StoredEntity<T>): { id: string; version: number; createdAt: string; updatedAt: string } & T {
  return { id: entity.id, ...entity.data, version: entity.version, createdAt: entity.createdAt, updatedAt: entity.updatedAt };
}
