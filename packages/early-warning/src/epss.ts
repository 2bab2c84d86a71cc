// EPSS (FIRST's Exploit Prediction Scoring System) as an optional factor of an early warning's priority: where a
// tenant enables it (early-warning settings, `priority.epss`), the CVEs of a new early warning are scored at once and
// those of every open early warning daily, from FIRST's API (https://www.first.org/epss/api: up to 100 CVEs a
// request). The score is kept on the tenant's vulnerability record, which matching reads anyway; an early warning
// is matched again when one of its vulnerabilities is scored for the first time or crosses the threshold, so that
// its priority follows without rewriting every early warning each day for a score that moved by a thousandth.
import * as z from 'zod';
import { outboundPolicyFromEnvironment, OutboundRefused, safeFetch } from '@ismf/outbound/safe-fetch';
import { getEntities, getEntity, queryPattern } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { TableAccess } from '@ismf/core/access';
import { advisoryEntity, vulnerabilityEntity, type VulnerabilityData } from './entities.ts';
import type { EarlyWarningData } from './early-warnings.ts';
import { matchAdvisory } from './early-warnings.ts';
import { earlyWarningEntity } from './match-entities.ts';
import { EPSS_API_URL } from './priority-rules.ts';
import { earlyWarningSettings } from './settings.ts';

/** CVEs per request: FIRST's API takes a comma-separated list, and 100 keep the URL well under 2,000 characters. */
const PER_REQUEST = 100;
const CVE = /^CVE-\d{4}-\d{4,19}$/;

const score = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?(e-?\d+)?$/i)])
  .transform(Number)
  .pipe(z.number().min(0).max(1));
/** FIRST's answer (its numbers come as strings). */
export const epssResponseSchema = z.object({
  data: z.array(z.object({ cve: z.string(), epss: score, percentile: score, date: z.iso.date() })),
});
export type EpssScore = { probability: number; percentile: number; date: string };

/** The request URLs for these CVEs, at most 100 to each. */
export function epssUrls(base: string, cves: readonly string[]): string[] {
  const wanted = [...new Set(cves.filter((cve) => CVE.test(cve)))].sort();
  const urls: string[] = [];
  for (let start = 0; start < wanted.length; start += PER_REQUEST) {
    const url = new URL(base);
    url.searchParams.set('cve', wanted.slice(start, start + PER_REQUEST).join(','));
    urls.push(url.toString());
  }
  return urls;
}

/** The scores FIRST gives for these CVEs (a CVE it does not know is absent). */
export async function fetchEpss(base: string, cves: readonly string[]): Promise<Map<string, EpssScore>> {
  const scores = new Map<string, EpssScore>();
  for (const url of epssUrls(base, cves)) {
    const answer = await safeFetch(url, {
      allowLoopback: outboundPolicyFromEnvironment().allowLoopback,
      headers: { accept: 'application/json' },
      maxBytes: 2 * 1024 * 1024,
    });
    if (answer.status !== 200 || !answer.body) throw new OutboundRefused('status', `answered ${answer.status}`, url);
    for (const row of epssResponseSchema.parse(JSON.parse(answer.body.toString('utf8'))).data) {
      scores.set(row.cve.toUpperCase(), { probability: row.epss, percentile: row.percentile, date: row.date });
    }
  }
  return scores;
}

/**
 * Scores the vulnerabilities of these early warnings, where the tenant scores by EPSS; re-matches the early warnings
 * whose vulnerabilities were scored for the first time or crossed the threshold. Answers what it did.
 */
export async function scoreEarlyWarnings(ctx: WriteContext, tenantId: string, warnings: readonly StoredEntity<EarlyWarningData>[], access: TableAccess) {
  const { epss } = (await earlyWarningSettings(tenantId)).priority;
  if (!epss.enabled || !warnings.length) return { scored: 0, rematched: 0 };
  const advisoryOf = await getEntities(
    tenantId,
    [...new Set(warnings.map((warning) => warning.data.advisoryId))].map((id) => ({ type: advisoryEntity.type, id })),
  );
  const vulnerabilitiesOf = new Map<string, string[]>();
  for (const warning of warnings) {
    const advisory = advisoryOf<{ vulnerabilityIds: string[] }>(advisoryEntity.type, warning.data.advisoryId);
    vulnerabilitiesOf.set(warning.id, advisory?.data.vulnerabilityIds ?? []);
  }
  const records = await getEntities(
    tenantId,
    [...new Set([...vulnerabilitiesOf.values()].flat())].map((id) => ({ type: vulnerabilityEntity.type, id })),
  );
  const known = [...new Set([...vulnerabilitiesOf.values()].flat())]
    .map((id) => records<VulnerabilityData>(vulnerabilityEntity.type, id))
    .filter((record): record is StoredEntity<VulnerabilityData> => record !== undefined && CVE.test(record.data.identifier));
  const scores = await fetchEpss(
    epss.url ?? EPSS_API_URL,
    known.map((record) => record.data.identifier),
  );
  const moved = new Set<string>();
  let scored = 0;
  for (const record of known) {
    const now = scores.get(record.data.identifier);
    const before = record.data.epss;
    if (!now || (before && before.probability === now.probability && before.percentile === now.percentile)) continue;
    const work = new UnitOfWork({ ...ctx, reason: `EPSS ${now.probability} on ${now.date}` });
    work.update(vulnerabilityEntity, record, { ...record.data, epss: now });
    // Written by advisories meanwhile: the next run scores it.
    await work.commit().catch((error: { status?: number }) => {
      if (error.status !== 412) throw error;
    });
    scored++;
    if (!before || before.probability >= epss.threshold !== now.probability >= epss.threshold) moved.add(record.id);
  }
  let rematched = 0;
  for (const warning of warnings) {
    if (!vulnerabilitiesOf.get(warning.id)!.some((id) => moved.has(id))) continue;
    await matchAdvisory(ctx, tenantId, warning.data.advisoryId, access);
    rematched++;
  }
  return { scored, rematched };
}

export async function scoreEarlyWarning(ctx: WriteContext, tenantId: string, earlyWarningId: string, access: TableAccess) {
  const found = await getEntity<EarlyWarningData>(tenantId, earlyWarningEntity.type, earlyWarningId);
  return scoreEarlyWarnings(ctx, tenantId, found ? [found] : [], access);
}

/** The daily refresh: every open early warning's vulnerabilities. */
export async function refreshEpss(ctx: WriteContext, tenantId: string, access: TableAccess) {
  const open = await queryPattern(earlyWarningEntity, 'byPriority', tenantId, { state: 'open' });
  return scoreEarlyWarnings(ctx, tenantId, open, access);
}
