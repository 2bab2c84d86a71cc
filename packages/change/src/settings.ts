// The tenant's change management settings: one record, defaults until an administrator or security
// officer writes it (version 0 is the defaults).
import { problems } from '@ismf/core/problems';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { changeSettingsEntity } from './entities.ts';
import { changeSettingsSchema, DEFAULT_CHANGE_SETTINGS, type ChangeSettings } from './rules.ts';

const SETTINGS = changeSettingsEntity.type;
const CURRENT = changeSettingsEntity.singleton!;

type StoredSettings = StoredEntity<ChangeSettings & Record<string, unknown>>;

/** The settings in force: the tenant's, with any field it lacks at its default, else the defaults. */
export async function changeSettings(tenantId: string): Promise<ChangeSettings> {
  return (await storedSettings(tenantId)).settings;
}

async function storedSettings(tenantId: string): Promise<{ settings: ChangeSettings; stored?: StoredSettings }> {
  const stored = await getEntity<ChangeSettings & Record<string, unknown>>(tenantId, SETTINGS, CURRENT);
  // Parsed, so that a setting added later reads its default on records written before it.
  return stored ? { settings: changeSettingsSchema.parse(stored.data), stored } : { settings: DEFAULT_CHANGE_SETTINGS };
}

export async function getChangeSettings(tenantId: string) {
  const { settings, stored } = await storedSettings(tenantId);
  return { ...settings, version: stored?.version ?? 0, ...(stored ? { updatedAt: stored.updatedAt } : {}) };
}

export async function putChangeSettings(ctx: WriteContext, tenantId: string, expectedVersion: number, settings: ChangeSettings) {
  const { stored } = await storedSettings(tenantId);
  const version = stored?.version ?? 0;
  if (version !== expectedVersion) throw problems.stale(`the change settings are at version ${version}, not ${expectedVersion}`);
  const work = new UnitOfWork(ctx);
  const data = settings as ChangeSettings & Record<string, unknown>;
  const saved = stored ? work.update(changeSettingsEntity, stored, data) : work.create(changeSettingsEntity, tenantId, CURRENT, data);
  try {
    await work.commit();
  } catch (error) {
    // Another first write won: the settings moved on from version 0.
    if ((error as { status?: number }).status === 409) throw problems.stale('the change settings changed since version 0');
    throw error;
  }
  return { ...settings, version: saved.version, updatedAt: saved.updatedAt };
}
