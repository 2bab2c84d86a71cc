// Every key of the table is built in the store: here, and the index keys of access patterns in
// entity-model.ts (from these parts). Each partition key (table and indexes) begins with `<tenantId>#`,
// so IAM LeadingKeys can confine a tenant's credentials to its own items.
import { PLATFORM_ID, TENANT_ID_PATTERN } from '@ismf/core/ids';

export interface ItemKey {
  pk: string;
  sk: string;
}

const ENTITY_TYPE = /^[a-z][a-z-]{1,40}$/;

/** The owner of a key: a tenant slug, or the reserved platform id. Anything else is a bug, not input. */
export function assertOwner(owner: string): string {
  if (owner !== PLATFORM_ID && !TENANT_ID_PATTERN.test(owner)) throw new Error(`not a tenant id: ${owner}`);
  return owner;
}

function assertType(type: string): string {
  if (!ENTITY_TYPE.test(type)) throw new Error(`not an entity type: ${type}`);
  return type;
}

/** Escapes the separator inside a key part so that no value can pose as structure. */
export function keyPart(value: string): string {
  return value.replace(/%/g, '%25').replace(/#/g, '%23');
}

export function tenantPrefix(owner: string): string {
  return `${assertOwner(owner)}#`;
}

const META = '#META';

export const keys = {
  entity: (owner: string, type: string, id: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}${assertType(type)}#${keyPart(id)}`,
    sk: META,
  }),
  /** GSI1: one entity type's list, in id order. Other index keys of entities: entity-model.ts (partitionKey). */
  entityList: (owner: string, type: string) => `${tenantPrefix(owner)}${assertType(type)}`,
  /** GSI4: the store's own due lists (notification digest lines), by time. */
  dueList: (owner: string, kind: string) => `${tenantPrefix(owner)}DUE#${keyPart(kind)}`,
  /** A child item of an entity (an SBOM's component), in a set kept under the entity's partition. */
  childItem: (owner: string, parentType: string, parentId: string, childType: string, setId: string, index: number): ItemKey => ({
    pk: keys.entity(owner, parentType, parentId).pk,
    sk: `${keys.childSetPrefix(childType, setId)}${String(index).padStart(6, '0')}`,
  }),
  /** A keyed child item of an entity (one of its dependencies), one per key. */
  keyedChild: (owner: string, parentType: string, parentId: string, childType: string, key: string): ItemKey => ({
    pk: keys.entity(owner, parentType, parentId).pk,
    sk: `${assertType(childType).toUpperCase()}#${keyPart(key)}`,
  }),
  childSetPrefix: (childType: string, setId: string) => `${assertType(childType).toUpperCase()}SET#${keyPart(setId)}#`,
  audit: (owner: string, type: string, id: string, seq: number): ItemKey => ({
    pk: keys.entity(owner, type, id).pk,
    sk: `AUDIT#${String(seq).padStart(10, '0')}`,
  }),
  auditPrefix: 'AUDIT#',
  /** GSI2: the audit trail of one tenant and UTC day, sorted by time. */
  auditDay: (owner: string, day: string) => `${tenantPrefix(owner)}AUDIT#${day}`,
  outbox: (owner: string, eventId: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}OUTBOX#${keyPart(eventId)}`,
    sk: '#EVENT',
  }),
  idempotency: (owner: string, operation: string, key: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}IDEMPOTENCY#${keyPart(operation)}#${keyPart(key)}`,
    sk: '#',
  }),
  /** A uniqueness guard (e.g. one user per e-mail in a tenant), written in the same transaction. */
  unique: (owner: string, name: string, value: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}UNIQUE#${keyPart(name)}#${keyPart(value)}`,
    sk: '#',
  }),
  /** A sign-in account (token subject) of the tenant: which user it is and whether it may act. */
  signIn: (owner: string, subject: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}SIGNIN#${keyPart(subject)}`,
    sk: '#',
  }),
  /** That a consumer has handled an event: consumers are idempotent by event id. */
  consumed: (owner: string, consumer: string, eventId: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}CONSUMED#${keyPart(consumer)}#${keyPart(eventId)}`,
    sk: '#',
  }),
  /** The task token of a human task: kept apart from the task, so that no view or audit entry shows it. */
  taskToken: (owner: string, type: string, id: string): ItemKey => ({
    pk: keys.entity(owner, type, id).pk,
    sk: 'TASKTOKEN',
  }),
  /** A notification waiting for a user's daily digest (listed for the digest job through GSI4). */
  digestLine: (owner: string, userId: string, at: string, eventId: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}DIGEST#${keyPart(userId)}`,
    sk: `${at}#${keyPart(eventId)}`,
  }),
  /** Signed hourly audit digests of a tenant, by hour (`2026-11-29T10`). */
  auditDigests: (owner: string) => `${tenantPrefix(owner)}AUDITDIGEST`,
  auditDigest: (owner: string, hour: string): ItemKey => ({ pk: keys.auditDigests(owner), sk: hour }),
  /** The entry hashes a digest seals, in parts of a few thousand. */
  auditDigestPart: (owner: string, hour: string, part: number): ItemKey => ({
    pk: `${tenantPrefix(owner)}AUDITDIGEST#${hour}`,
    sk: `P${String(part).padStart(4, '0')}`,
  }),
  /** The local bus's dead letters (events a consumer failed on after its retries). */
  deadLetters: () => `${PLATFORM_ID}#DLQ`,
  deadLetter: (id: string): ItemKey => ({ pk: keys.deadLetters(), sk: keyPart(id) }),
  /**
   * Relay checkpoints and other records of the platform's own machinery: the one key built outside the
   * store (by the local outbox relay, for its checkpoints), since it is platform machinery, not tenant data.
   */
  platformState: (name: string): ItemKey => keys.config(PLATFORM_ID, name),
  config: (owner: string, name: string): ItemKey => ({
    pk: `${tenantPrefix(owner)}CONFIG`,
    sk: keyPart(name),
  }),
};
