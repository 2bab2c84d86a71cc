// The tenant's patch management settings: the SLA days per priority that set due dates.
import { singletonSettings } from '@ismf/store/singleton-settings';
import { patchSettingsEntity } from './entities.ts';
import { DEFAULT_PATCH_SETTINGS, patchSettingsSchema } from './rules.ts';

export const patchSettings = singletonSettings(patchSettingsEntity, patchSettingsSchema, DEFAULT_PATCH_SETTINGS, 'patch settings');
