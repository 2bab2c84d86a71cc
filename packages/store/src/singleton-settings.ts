// An area's tenant settings: one record (the model's singleton), the defaults until an administrator writes
// it (version 0 is the defaults). Read through the schema, so that a setting added later reads its default
// on records written before it.
import type * as z from 'zod';
import { problems } from '@ismf/core/problems';
import { getEntity } from './entities.ts';
import type { EntityModel } from './entity-model.ts';
import { UnitOfWork, type WriteContext } from './unit-of-work.ts';

export function singletonSettings<S extends object>(model: EntityModel, schema: z.ZodType<S>, defaults: S, what: string) {
  type Stored = S & Record<string, unknown>;
  const read = (tenantId: string) => getEntity<Stored>(tenantId, model.type, model.singleton!);
  return {
    /** The settings in force. */
    async current(tenantId: string): Promise<S> {
      const stored = await read(tenantId);
      return stored ? schema.parse(stored.data) : defaults;
    },
    /** The settings with their version (0: the defaults), as the API shows them. */
    async get(tenantId: string) {
      const stored = await read(tenantId);
      const settings = stored ? schema.parse(stored.data) : defaults;
      return { ...settings, version: stored?.version ?? 0, ...(stored ? { updatedAt: stored.updatedAt } : {}) };
    },
    /** Replaces them, if they are still at the version the caller read. */
    async put(ctx: WriteContext, tenantId: string, expectedVersion: number, settings: S) {
      const stored = await read(tenantId);
      const version = stored?.version ?? 0;
      if (version !== expectedVersion) throw problems.stale(`the ${what} are at version ${version}, not ${expectedVersion}`);
      const work = new UnitOfWork(ctx);
      const data = settings as Stored;
      const saved = stored
        ? work.update(model as EntityModel<Stored>, stored, data)
        : work.create(model as EntityModel<Stored>, tenantId, model.singleton!, data);
      try {
        await work.commit();
      } catch (error) {
        // Another first write won: the settings moved on from version 0.
        if ((error as { status?: number }).status === 409) throw problems.stale(`the ${what} changed since version 0`);
        throw error;
      }
      return { ...settings, version: saved.version, updatedAt: saved.updatedAt };
    },
  };
}
