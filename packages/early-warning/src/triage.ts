// (b–c) A finding triaged by a person — who, when, what state and why — kept across re-matches; and the early
// warning's findings as a CycloneDX VEX document, the statement the tenant can hand to its customers and auditors.
import { createHash } from 'node:crypto';
import { problems } from '@ismf/core/problems';
import { keyedChildren } from '@ismf/store/batch-write';
import { entityView, getEntity } from '@ismf/store/entities';
import { UnitOfWork, type WriteContext } from '@ismf/store/unit-of-work';
import type { AssetData } from '@ismf/assets/rules';
import { assetEntity } from '@ismf/assets/entities';
import { exposedCount, type FindingData } from './early-warnings.ts';
import { earlyWarningEntity, earlyWarningFindingEntity } from './match-entities.ts';
import { requireVisible, withTriagers } from './early-warning-register.ts';
import { CYCLONEDX_STATE, type FindingTriage } from './triage-rules.ts';

const findingKey = (assetId: string, vulnerability: string) => `${assetId}#${vulnerability}`;
const manages = (roles: readonly string[]) => roles.some((role) => role === 'admin' || role === 'security-officer' || role === 'isirt');

export async function triageFinding(
  ctx: WriteContext,
  tenantId: string,
  caller: { roles: readonly string[]; memberId?: string },
  id: string,
  assetId: string,
  vulnerability: string,
  expectedVersion: number,
  triage: FindingTriage,
) {
  const warning = await requireVisible(tenantId, caller.roles, id);
  const findings = await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, id);
  const finding = findings.find((candidate) => candidate.assetId === assetId && candidate.vulnerability === vulnerability);
  if (!finding) throw problems.notFound(`finding ${vulnerability} on asset ${assetId} of early warning ${id}`);
  if (!manages(caller.roles)) {
    // An asset owner triages the findings of the assets they own, no other.
    const asset = await getEntity<AssetData>(tenantId, assetEntity.type, assetId);
    if (!caller.roles.includes('asset-owner') || asset?.data.owner !== caller.memberId) {
      throw problems.forbidden('only the security officers, the ISIRT, administrators and the asset’s owner triage its findings');
    }
  }
  if (warning.version !== expectedVersion) throw problems.stale(`early warning ${id} is at version ${warning.version}, not ${expectedVersion}`);
  const work = new UnitOfWork({ ...ctx, reason: `${vulnerability} on ${finding.assetName}: ${triage.state} — ${triage.reason}` });
  const triaged: FindingData = {
    ...finding,
    triage: {
      state: triage.state,
      ...(triage.justification ? { justification: triage.justification } : {}),
      reason: triage.reason,
      by: ctx.actor.userId,
      at: work.at,
    },
  };
  const after = findings.map((candidate) => (candidate === finding ? triaged : candidate));
  // The early warning carries the count still exposed; the finding changes in the same transaction.
  const updated = work.update(earlyWarningEntity, warning, {
    ...warning.data,
    counts: { ...warning.data.counts, exposed: exposedCount(after), triaged: after.filter((candidate) => candidate.triage).length },
  });
  work.child(earlyWarningFindingEntity, tenantId, id, findingKey(assetId, vulnerability), triaged);
  await work.commit();
  const [named] = await withTriagers(tenantId, [triaged]);
  return { finding: named!, earlyWarning: entityView(updated) };
}

/**
 * The early warning as a CycloneDX 1.5 VEX document: one vulnerability per id, its analysis per affected asset
 * component — a person's triage first, else a suppression (not affected, with its reason), else in triage.
 */
export async function earlyWarningVex(tenantId: string, roles: readonly string[], id: string) {
  const warning = await requireVisible(tenantId, roles, id);
  const findings = await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, id);
  const byVulnerability = new Map<string, FindingData[]>();
  for (const finding of findings) byVulnerability.set(finding.vulnerability, [...(byVulnerability.get(finding.vulnerability) ?? []), finding]);
  const refOf = (finding: FindingData) => {
    const match = finding.matches[0];
    return match?.purl ?? `urn:ismf:asset:${finding.assetId}${match ? `#${match.name}` : ''}`;
  };
  const statements = [...byVulnerability.entries()].flatMap(([vulnerability, group]) =>
    group.map((finding) => {
      const state = finding.triage ? CYCLONEDX_STATE[finding.triage.state] : finding.outcome === 'suppressed' ? 'not_affected' : 'in_triage';
      const detail = finding.triage?.reason ?? finding.justification;
      return {
        id: vulnerability,
        ...(/^CVE-/.test(vulnerability) ? { source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${vulnerability}` } } : {}),
        analysis: {
          state,
          ...(finding.triage?.justification ? { justification: finding.triage.justification } : {}),
          ...(detail ? { detail } : {}),
          ...(finding.triage ? { lastUpdated: finding.triage.at } : {}),
        },
        affects: [{ ref: refOf(finding) }],
        properties: [
          { name: 'ismf:asset', value: finding.assetId },
          { name: 'ismf:asset-name', value: finding.assetName },
        ],
      };
    }),
  );
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuidOf(`${tenantId}:${id}:${warning.version}`)}`,
    version: 1,
    metadata: {
      timestamp: new Date().toISOString(),
      properties: [
        { name: 'ismf:early-warning', value: id },
        { name: 'ismf:advisory', value: warning.data.documentId },
      ],
    },
    vulnerabilities: statements,
  };
}

/** A stable UUID (v4 layout) from text: the same early warning version gives the same serial number. */
function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
