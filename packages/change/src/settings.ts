// The tenant's change management settings: one record, defaults until an administrator or security
// officer writes it (version 0 is the defaults).
import { singletonSettings } from '@ismf/store/singleton-settings';
import type { WriteContext } from '@ismf/store/unit-of-work';
import { changeSettingsEntity } from './entities.ts';
import { changeSettingsSchema, DEFAULT_CHANGE_SETTINGS, type ChangeSettings } from './rules.ts';

const settings = singletonSettings(changeSettingsEntity, changeSettingsSchema, DEFAULT_CHANGE_SETTINGS, 'change settings');

/** The settings in force: the tenant's, with any field it lacks at its default, else the defaults. */
export const changeSettings = (tenantId: string): Promise<ChangeSettings> => settings.current(tenantId);
export const getChangeSettings = (tenantId: string) => settings.get(tenantId);
export const putChangeSettings = (ctx: WriteContext, tenantId: string, expectedVersion: number, input: ChangeSettings) =>
  settings.put(ctx, tenantId, expectedVersion, input);
