// Entity models: what an area declares of each kind of record it keeps — its type, whether its versions
// are audited, which fields are sensitive, whether its type is listed, and its named access patterns
// (ElectroDB's way: callers name `assets.byOwner`, never a key string or an index). The store alone turns
// a model into key strings and index attributes; docs/data-model.md shows which patterns share an index.
import { INDEX_NAMES, type IndexName, type TableAccess } from '@ismf/core/access';
import { keyPart, keys, tenantPrefix } from './keys.ts';

/** Each listed type's list (every entity of the type, in id order) lives on GSI1. */
export const LIST_INDEX: IndexName = 'GSI1';
/** The list's pattern name: `queryPattern(userEntity, 'list', …)`. */
export const LIST_PATTERN = 'list';

/**
 * A named way to read records: the index that serves it, the values that select a partition (none: one
 * partition per tenant) and the sort value. Declarations (operations, consumers, jobs, flow tasks) name
 * the patterns they use, and their `access.indexes` follows from them.
 */
export interface AccessPattern<V extends string = string> {
  /** The record type it reads (`asset`, or a store record such as `audit`). */
  readonly entity: string;
  readonly name: string;
  readonly index: IndexName;
  readonly partition: readonly V[];
  readonly sort: readonly string[];
  /** Sparse: a record is on the pattern only while this holds (and while it has every value). */
  readonly when?: (record: Readonly<Record<string, unknown>>) => boolean;
  /** Sort values compared without case (a name search): folded in the key, and in a query's bounds. */
  readonly caseless?: readonly string[];
}

/** A field of the model's data, or `id` (the entity's own id). */
type Field<T> = Extract<keyof T, string> | 'id';

export interface PatternDeclaration<T> {
  index: IndexName;
  partition: readonly Field<T>[];
  sort: readonly Field<T>[];
  when?: (data: T) => boolean;
  /** String sort values kept folded (Unicode NFKC, lower case) in the key: a name sorts and matches without case. */
  caseless?: readonly Field<T>[];
}

export interface EntityDeclaration<T> {
  /** The entity type, as keys and audit entries carry it (`asset`). */
  type: string;
  description: string;
  /**
   * `true`: a record people change — one audit entry per version, verified by GET /audit/verify.
   * `false`: derived (counters, job progress, index child items) — versions without audit entries.
   */
  audited: boolean;
  /** Top-level fields recorded in audit entries as salted digests, never as values (they can be erased). */
  sensitive?: readonly Extract<keyof T, string>[];
  /** In its type's list (GSI1, in id order); default yes. */
  listed?: boolean;
  /** A child-item model: its items live in the partition of an entity of this type (an SBOM's components). */
  childOf?: string;
  /** A per-tenant singleton no list holds (a policy, the settings): its one id, which the audit sweep reads. */
  singleton?: string;
  patterns?: Readonly<Record<string, PatternDeclaration<T>>>;
  /**
   * The X.1051 controls a record of this type implements (a clause or category rolls up to its controls):
   * GET /controls/{id}/records lists the tenant's records of every listed model that names the control.
   */
  controls?: readonly string[];
  /** How people name one record (its name, file name …) and where the API shows it. */
  label?: (data: T) => string;
  link?: (id: string) => string;
}

export interface EntityModel<
  T = unknown,
  P extends Readonly<Record<string, AccessPattern>> = Readonly<Record<string, AccessPattern>>,
  N extends string = string,
> {
  readonly type: N;
  readonly description: string;
  readonly audited: boolean;
  readonly sensitive: readonly string[];
  readonly listed: boolean;
  readonly childOf?: string;
  readonly singleton?: string;
  readonly controls: readonly string[];
  // A method, so that a model of any data type stands where an EntityModel is asked for.
  label?(data: T): string;
  readonly link?: (id: string) => string;
  /** The named patterns, with `list` when the type is listed. */
  readonly patterns: P;
  /** Never set: carries the type of the entities' data. */
  readonly data?: T;
}

type DeclaredPatterns<D> = D extends { patterns: infer P } ? P : Record<never, never>;
type PatternsOf<D> = {
  readonly [K in keyof DeclaredPatterns<D>]: DeclaredPatterns<D>[K] extends { partition: readonly (infer V extends string)[] } ? AccessPattern<V> : never;
} & (D extends { listed: false } ? Record<never, never> : { readonly list: AccessPattern<never> });

/** The data type of a model's entities. */
export type DataOf<M> = M extends EntityModel<infer T> ? T : never;
/** The values that select one partition of a pattern. */
export type PartitionOf<P> = P extends AccessPattern<infer V> ? { readonly [F in V]: string | number } : never;

const ENTITY_TYPE = /^[a-z][a-z-]{1,40}$/;
const PATTERN_NAME = /^[a-z][A-Za-z0-9]{1,40}$/;

/**
 * Declares an entity model: `defineEntity<AssetData>()({ type: 'asset', … })`. Fails at definition when
 * two patterns would need one index: an entity indexed twice on one GSI uses a child item.
 */
export function defineEntity<T = Record<string, unknown>>() {
  return <const D extends EntityDeclaration<T>>(declaration: D): EntityModel<T, PatternsOf<D>, D['type']> => {
    const {
      type,
      description,
      audited,
      sensitive = [],
      listed = declaration.childOf === undefined,
      childOf,
      singleton,
      patterns = {},
      controls = [],
      label,
      link,
    } = declaration;
    if (!ENTITY_TYPE.test(type)) throw new Error(`entity type ${type} is not kebab-case`);
    if (childOf !== undefined && (audited || listed)) throw new Error(`entity ${type}: a child-item model is derived and unlisted`);
    if (singleton !== undefined && listed) throw new Error(`entity ${type}: a singleton is no listed model`);
    const used = new Map<IndexName, string>(listed ? [[LIST_INDEX, LIST_PATTERN]] : []);
    const built: Record<string, AccessPattern> = {};
    for (const [name, pattern] of Object.entries(patterns as Record<string, PatternDeclaration<T>>)) {
      if (!PATTERN_NAME.test(name) || name === LIST_PATTERN) throw new Error(`entity ${type}: ${name} is no pattern name (camelCase, not "list")`);
      if (!(INDEX_NAMES as readonly string[]).includes(pattern.index)) throw new Error(`entity ${type}: pattern ${name} names no index of the table`);
      const taken = used.get(pattern.index);
      if (taken) {
        throw new Error(
          `entity ${type}: patterns ${taken} and ${name} both need ${pattern.index}; an entity indexed twice on one GSI uses a child item (a derived model kept under the entity)`,
        );
      }
      used.set(pattern.index, name);
      if (pattern.sort.length === 0) throw new Error(`entity ${type}: pattern ${name} has no sort value`);
      const keyed = [...pattern.partition, ...pattern.sort].filter((field) => (sensitive as readonly string[]).includes(field));
      if (keyed.length) throw new Error(`entity ${type}: pattern ${name} would put the sensitive ${keyed.join(', ')} into a key`);
      const when = pattern.when;
      built[name] = {
        entity: type,
        name,
        index: pattern.index,
        partition: pattern.partition,
        sort: pattern.sort,
        ...(when ? { when: (record: Readonly<Record<string, unknown>>) => when(record as T) } : {}),
        ...(pattern.caseless?.length ? { caseless: pattern.caseless } : {}),
      };
    }
    if (listed) built[LIST_PATTERN] = { entity: type, name: LIST_PATTERN, index: LIST_INDEX, partition: [], sort: ['id'] };
    return {
      type,
      description,
      audited,
      sensitive,
      listed,
      ...(childOf !== undefined ? { childOf } : {}),
      ...(singleton !== undefined ? { singleton } : {}),
      controls,
      ...(label ? { label } : {}),
      ...(link ? { link } : {}),
      patterns: built as PatternsOf<D>,
    };
  };
}

/** A pattern over one of the store's own records (the audit trail, digest lines): named by declarations, keyed by the store. */
export function storePattern<const V extends string>(pattern: {
  entity: string;
  name: string;
  index: IndexName;
  partition: readonly V[];
  sort: readonly string[];
}): AccessPattern<V> {
  return pattern;
}

/** The list of whichever listed types a declaration reads one after another (the records that implement a control). */
export const anyTypeList = storePattern({ entity: 'any listed type', name: LIST_PATTERN, index: LIST_INDEX, partition: [], sort: ['id'] });

// ---- keys: built here and in keys.ts only ----

/** A key value: a string, escaped as every key part is; a whole number, zero-padded so that it sorts. */
function encode(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return keyPart(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value).padStart(12, '0');
  throw new Error(`${what} is neither a string nor a whole number`);
}

/** The partition key of one partition: `<tenant>#<type>#<pattern>#<value>…` (a list: `<tenant>#<type>`). */
export function partitionKey(pattern: AccessPattern, owner: string, values: Readonly<Record<string, unknown>>): string {
  const given = Object.keys(values);
  const unknown = given.filter((field) => !pattern.partition.includes(field));
  if (unknown.length) throw new Error(`${pattern.entity}.${pattern.name} is not partitioned by ${unknown.join(', ')}`);
  if (pattern.name === LIST_PATTERN && pattern.index === LIST_INDEX) return keys.entityList(owner, pattern.entity);
  const parts = pattern.partition.map((field) => {
    const part = encode(values[field], `${pattern.entity}.${pattern.name}: ${field}`);
    if (part === undefined) throw new Error(`${pattern.entity}.${pattern.name} needs ${field} to select a partition`);
    return part;
  });
  return [`${tenantPrefix(owner)}${pattern.entity}`, pattern.name, ...parts].join('#');
}

/** How a caseless sort value is kept: compatibility-normalized, lower case (`Ｃore Router` → `core router`). */
export const foldCase = (value: string) => value.normalize('NFKC').toLowerCase();

/** The sort value of a record, or of the leading sort values of a bound; undefined when a value is missing. */
export function sortValue(pattern: AccessPattern, values: Readonly<Record<string, unknown>>, fields: readonly string[] = pattern.sort): string | undefined {
  const parts = fields.map((field) => {
    const value = values[field];
    const folded = typeof value === 'string' && pattern.caseless?.includes(field) ? foldCase(value) : value;
    return encode(folded, `${pattern.entity}.${pattern.name}: ${field}`);
  });
  return parts.includes(undefined) ? undefined : parts.join('#');
}

/** The index attributes of a pattern for one record, or none when the record is not on it (sparse). */
function patternAttributes(pattern: AccessPattern, owner: string, record: Readonly<Record<string, unknown>>): Record<string, string> {
  if (pattern.when && !pattern.when(record)) return {};
  if (pattern.partition.some((field) => encode(record[field], field) === undefined)) return {};
  const sort = sortValue(pattern, record);
  if (sort === undefined) return {};
  const values = Object.fromEntries(pattern.partition.map((field) => [field, record[field]]));
  const name = pattern.index.toLowerCase();
  return { [`${name}pk`]: partitionKey(pattern, owner, values), [`${name}sk`]: sort };
}

/** Every index attribute of a record of this model: its type's list and each pattern it is on. */
export function indexAttributes(model: EntityModel, owner: string, record: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.assign({}, ...Object.values(model.patterns).map((pattern) => patternAttributes(pattern, owner, record)));
}

// ---- declarations: the indexes a function needs follow from the patterns it names ----

/**
 * A declaration's access with the indexes its patterns need. An index is never typed by hand: a
 * declaration that lists `access.indexes` itself is refused, so that the grants follow the patterns.
 */
export function accessFor<A extends TableAccess>(what: string, access: A, patterns: readonly AccessPattern[] = []): A {
  if (access.indexes !== undefined) throw new Error(`${what} types access.indexes by hand: name the patterns it reads, and the indexes follow`);
  if (patterns.length && access.table === 'none') throw new Error(`${what} names patterns but reaches no table`);
  const indexes = INDEX_NAMES.filter((index) => patterns.some((pattern) => pattern.index === index));
  return indexes.length ? { ...access, indexes } : access;
}
