// The tenant's early-warning settings: which roles see TLP:AMBER and TLP:RED advisories, and how an early warning's
// priority is computed. One record, the defaults until an administrator or security officer writes it (version 0 is
// the defaults).
import { singletonSettings } from '@ismf/store/singleton-settings';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { earlyWarningSettingsEntity } from './entities.ts';
import { DEFAULT_EARLY_WARNING_SETTINGS, earlyWarningSettingsSchema, type EarlyWarningSettings } from './rules.ts';

const settings = singletonSettings(earlyWarningSettingsEntity, earlyWarningSettingsSchema, DEFAULT_EARLY_WARNING_SETTINGS, 'early-warning settings');

export const earlyWarningSettings = (tenantId: string): Promise<EarlyWarningSettings> => settings.current(tenantId);
export const getEarlyWarningSettings = (tenantId: string) => settings.get(tenantId);
export const putEarlyWarningSettings = (ctx: WriteContext, tenantId: string, expectedVersion: number, input: EarlyWarningSettings) =>
  settings.put(ctx, tenantId, expectedVersion, input);
