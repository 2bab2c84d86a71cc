// The tenant's early-warning settings: which roles see TLP:AMBER and TLP:RED advisories. One record, the
// defaults until an administrator or security officer writes it (version 0 is the defaults).
import { problems } from '@ismf/core/problems';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import { earlyWarningSettingsEntity } from './entities.ts';
import { DEFAULT_EARLY_WARNING_SETTINGS, earlyWarningSettingsSchema, type EarlyWarningSettings } from './rules.ts';

const read = (tenantId: string) =>
  getEntity<EarlyWarningSettings & Record<string, unknown>>(tenantId, earlyWarningSettingsEntity.type, earlyWarningSettingsEntity.singleton!);

export async function earlyWarningSettings(tenantId: string): Promise<EarlyWarningSettings> {
  const stored = await read(tenantId);
  return stored ? earlyWarningSettingsSchema.parse(stored.data) : DEFAULT_EARLY_WARNING_SETTINGS;
}

export async function getEarlyWarningSettings(tenantId: string) {
  const stored = await read(tenantId);
  const settings = stored ? earlyWarningSettingsSchema.parse(stored.data) : DEFAULT_EARLY_WARNING_SETTINGS;
  return { ...settings, version: stored?.version ?? 0, ...(stored ? { updatedAt: stored.updatedAt } : {}) };
}

export async function putEarlyWarningSettings(ctx: WriteContext, tenantId: string, expectedVersion: number, settings: EarlyWarningSettings) {
  const stored = await read(tenantId);
  const version = stored?.version ?? 0;
  if (version !== expectedVersion) throw problems.stale(`the early-warning settings are at version ${version}, not ${expectedVersion}`);
  const work = new UnitOfWork(ctx);
  const data = settings as EarlyWarningSettings & Record<string, unknown>;
  const saved = stored
    ? work.update(earlyWarningSettingsEntity, stored, data)
    : work.create(earlyWarningSettingsEntity, tenantId, earlyWarningSettingsEntity.singleton!, data);
  try {
    await work.commit();
  } catch (error) {
    if ((error as { status?: number }).status === 409) throw problems.stale('the early-warning settings changed since version 0');
    throw error;
  }
  return { ...settings, version: saved.version, updatedAt: saved.updatedAt };
}
