// Asset management's records: the register, the asset policy and its changes.
import { defineEntity } from '@ismf/store/entity-model';

export const assetEntity = defineEntity({
  type: 'asset',
  description: 'An entry of the asset register: identity, classification, owner, location, C/I/A, importance, review date.',
  audited: true,
});

export const assetPolicyEntity = defineEntity({
  type: 'asset-policy',
  description: 'The tenant’s asset policy: the types and categories it registers, its valuation rule and review periods.',
  audited: true,
});

export const assetPolicyChangeEntity = defineEntity({
  type: 'asset-policy-change',
  description: 'A proposed change of the asset policy, decided through the approval flow.',
  audited: true,
});
