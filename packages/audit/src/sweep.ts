// The sweep: every audited entity of a tenant checked against its last audit entry, whenever it last
// changed. /audit/verify checks the entities that have entries in its window; an entity written directly
// in the table long after its last legitimate change has none there, and only a sweep finds it. Each
// listed model is read through its list (GSI1), a page at a time; unlisted models are per-tenant
// singletons read by their ids. No Scan.
import { digest } from '@ismf/core/canonical';
import { TENANCY } from '@ismf/store/access';
import { lastAuditEntry } from '@ismf/store/audit';
import { entryHash, type AuditEntry } from '@ismf/store/audit-entry';
import { getEntity, queryPatternPage } from '@ismf/store/entities';
import type { EntityModel } from '@ismf/store/entity-model';
import { auditSalt, protectedData } from '@ismf/store/sensitive-fields';
import type { StoredEntity } from '@ismf/store/unit-of-work';

export interface SweepMismatch {
  type: string;
  id: string;
  reason: string;
}

export interface SweepReport {
  /** Entities found and checked. */
  checked: number;
  mismatched: SweepMismatch[];
}

export interface SweepOptions {
  /**
   * The ids of each unlisted audited model no list holds, by type, beyond those a model names (`singleton`).
   * The tenant's organization record (its id is the tenant's) is known already.
   */
  unlisted?: Readonly<Record<string, (tenantId: string) => readonly string[]>>;
  /** Entities read per page of a list. */
  pageSize?: number;
  /** Called after each page (and each model's singletons) with the entities checked so far: a job's progress; it may throw to stop. */
  onProgress?: (checked: number) => Promise<void>;
}

/** Last entries read at once: a page's entities are checked in parallel, this many at a time. */
const PARALLEL_READS = 16;

/**
 * Checks every entity of the tenant's audited `models` (the registry's entity models; derived ones are
 * skipped) against its last audit entry: an entry exists for the entity's version and none after it, the
 * entry is intact, the entity's audit hash is the entry's hash, and its data hashes to the entry's
 * after-digest. Needs `table: read` with the pattern `anyTypeList` (GSI1). An entity deleted from the
 * table leaves its list and is found only by /audit/verify over a window holding its entries (or, for a
 * singleton, here).
 */
export async function sweepAuditedEntities(tenantId: string, models: readonly EntityModel[], options: SweepOptions = {}): Promise<SweepReport> {
  // The singletons name their ids in their models; options.unlisted adds others.
  const singletons = Object.fromEntries(models.flatMap((model) => (model.singleton ? [[model.type, () => [model.singleton!]]] : [])));
  const unlisted: Record<string, (tenantId: string) => readonly string[]> = { [TENANCY.organization]: (id) => [id], ...singletons, ...options.unlisted };
  const audited = models.filter((model) => model.audited);
  const unreachable = audited.filter((model) => !model.listed && !unlisted[model.type]);
  // Refused before any read: a sweep that silently skipped a model would report a clean tenant it never saw.
  if (unreachable.length)
    throw new Error(`audited models no list holds need their ids (options.unlisted): ${unreachable.map((model) => model.type).join(', ')}`);

  const report: SweepReport = { checked: 0, mismatched: [] };
  const salt = lazySalt(tenantId);
  for (const model of audited) {
    if (model.listed) {
      let cursor: string | undefined;
      do {
        const page = await queryPatternPage(model, 'list', tenantId, {}, { page: { limit: options.pageSize ?? 100, ...(cursor ? { cursor } : {}) } });
        await inParallel(page.items, async (entity) => {
          report.checked++;
          const reason = await check(entity, salt);
          if (reason) report.mismatched.push({ type: model.type, id: entity.id, reason });
        });
        cursor = page.nextCursor;
        await options.onProgress?.(report.checked);
      } while (cursor);
    } else {
      await inParallel(unlisted[model.type]!(tenantId), async (id) => {
        const entity = await getEntity<Record<string, unknown>>(tenantId, model.type, id);
        if (entity) report.checked++;
        const reason = entity ? await check(entity, salt) : await missing(tenantId, model.type, id);
        if (reason) report.mismatched.push({ type: model.type, id, reason });
      });
      await options.onProgress?.(report.checked);
    }
  }
  report.mismatched.sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type < b.type ? -1 : 1));
  return report;
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += PARALLEL_READS) await Promise.all(items.slice(start, start + PARALLEL_READS).map(work));
}

/**
 * The reasons an entity does not match its last entry, or none. A list is read from an index, which may
 * lag a change committed meanwhile (entity and entry are one transaction): a finding is confirmed on a
 * consistent read of the entity before it is reported.
 */
async function check(listed: StoredEntity<unknown>, salt: () => Promise<Buffer | undefined>): Promise<string | undefined> {
  const first = await reasons(listed, await lastAuditEntry(listed.owner, listed.type, listed.id), salt);
  if (!first) return undefined;
  const current = await getEntity<unknown>(listed.owner, listed.type, listed.id);
  if (!current) return await missing(listed.owner, listed.type, listed.id);
  return reasons(current, await lastAuditEntry(current.owner, current.type, current.id), salt);
}

async function reasons(entity: StoredEntity<unknown>, last: AuditEntry | undefined, salt: () => Promise<Buffer | undefined>): Promise<string | undefined> {
  const version = entity.version;
  if (!last || last.seq < version) return `the entity is at version ${version} but has no audit entry ${version}: it was changed outside the audit trail`;
  if (last.seq > version) {
    return `the entity is at version ${version} but its audit trail goes on to entry ${last.seq}: it was put back or changed outside the audit trail`;
  }
  const found: string[] = [];
  if (entryHash(last) !== last.hash) found.push(`its audit entry ${version} was altered: its content does not match its hash`);
  if (entity.auditHash !== last.hash)
    found.push(`the entity's audit hash is not the hash of its audit entry ${version}: it was changed outside the audit trail`);
  const data = entity.data as Record<string, unknown>;
  const sensitive = (last.sensitive ?? []).filter((field) => data[field] !== undefined);
  const key = sensitive.length ? await salt() : undefined;
  if (sensitive.length && !key) found.push("the tenant's audit salt is missing: the entity's sensitive fields cannot be checked");
  else if (digest(protectedData(data, sensitive, key)) !== last.afterDigest) {
    found.push(`the entity's data does not match the after-digest of its audit entry ${version}: it was changed outside the audit trail`);
  }
  return found.length ? found.join('; ') : undefined;
}

/** A singleton that is not there: fine if it never was, a finding if its audit trail says it was. */
async function missing(owner: string, type: string, id: string): Promise<string | undefined> {
  const last = await lastAuditEntry(owner, type, id);
  return last ? `the entity is missing although its audit trail reaches entry ${last.seq}: it was deleted outside the audit trail` : undefined;
}

/** The tenant's audit salt, read once and only if an entity with sensitive fields comes up. */
function lazySalt(owner: string): () => Promise<Buffer | undefined> {
  let read: Promise<Buffer | undefined> | undefined;
  return () => (read ??= auditSalt(owner, false));
}
