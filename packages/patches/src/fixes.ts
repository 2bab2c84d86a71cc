// (a) Which fix an asset needs for an approved patch recommendation: per product that matched on the asset (a
// component, or the asset's vendor identity), the least fixed version above the installed one in that product's
// own version order, else the recommendation's. One requirement per asset and fix: two advisories naming the same
// fixed version of the same product on the same asset meet on one fix key. Pure.
import { parsePurl } from '@ismf/core/purl';
import type { Ordering } from '@ismf/early-warning/products/affected';
import { compareVersions } from '@ismf/early-warning/versions/compare';
import { orderingOfPurlType } from '@ismf/early-warning/versions/ecosystems';
import { PRIORITIES, type Priority } from './rules.ts';

/** What of an early warning's finding a fix is chosen from (FindingData of the early-warning area). */
export interface FindingOfAsset {
  assetId: string;
  vulnerability: string;
  outcome: 'affected' | 'suppressed';
  matches: { via: 'component' | 'identity'; name: string; version?: string; purl?: string; product: string; fixedVersions: string[] }[];
  priority: Priority;
  score: number;
  breakdown: object;
  triage?: { state: string };
}

export interface RecommendedPatch {
  summary: string;
  url?: string;
  fixedVersions?: string[];
}

export interface Fix {
  fixKey: string;
  product: string;
  installedVersion?: string;
  fixedVersion?: string;
  vulnerabilities: string[];
  priority: Priority;
  score: number;
  breakdown: object;
}

/** Triage that says the asset is not exposed: nothing to patch. */
const NOT_EXPOSED = new Set(['not-affected', 'false-positive', 'resolved']);

/** The version order of a matched component (its PURL type), else the generic (vendor firmware) order of an identity. */
function orderingOf(match: FindingOfAsset['matches'][number]): Ordering | undefined {
  if (!match.purl) return 'generic';
  const parsed = parsePurl(match.purl);
  if (!parsed.ok) return undefined;
  const found = orderingOfPurlType(parsed.purl.type);
  return 'ordering' in found ? found.ordering : undefined;
}

/** The least of the fixed versions above the installed one; without an order (or an installed version), the first. */
export function fixedVersionFor(match: FindingOfAsset['matches'][number], recommended: readonly string[] | undefined): string | undefined {
  const named = match.fixedVersions.length ? match.fixedVersions : (recommended ?? []);
  const wanted = recommended?.length ? named.filter((version) => recommended.includes(version)) : named;
  const candidates = wanted.length ? wanted : named;
  const ordering = orderingOf(match);
  if (!ordering || !match.version) return candidates[0];
  const above = candidates.filter((version) => (compareVersions(ordering, version, match.version!) ?? 1) > 0);
  const pool = above.length ? above : candidates;
  return [...pool].sort((a, b) => compareVersions(ordering, a, b) ?? 0)[0];
}

const normal = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
export const fixKeyOf = (product: string, fix: string) => `${normal(product)}@${normal(fix)}`.slice(0, 400);

/** The fixes each asset needs for a patch recommendation, from its exposed findings. */
export function fixesFor(findings: readonly FindingOfAsset[], recommendation: RecommendedPatch, assetIds: ReadonlySet<string>): Map<string, Fix[]> {
  const byAsset = new Map<string, Map<string, Fix>>();
  for (const finding of findings) {
    if (finding.outcome !== 'affected' || !assetIds.has(finding.assetId)) continue;
    if (finding.triage && NOT_EXPOSED.has(finding.triage.state)) continue;
    const fixes = byAsset.get(finding.assetId) ?? new Map<string, Fix>();
    byAsset.set(finding.assetId, fixes);
    for (const match of finding.matches) {
      const fixedVersion = fixedVersionFor(match, recommendation.fixedVersions);
      const fixKey = fixKeyOf(match.name, fixedVersion ?? recommendation.url ?? recommendation.summary);
      const fix = fixes.get(fixKey);
      if (!fix) {
        fixes.set(fixKey, {
          fixKey,
          product: match.name,
          ...(match.version ? { installedVersion: match.version } : {}),
          ...(fixedVersion ? { fixedVersion } : {}),
          vulnerabilities: [finding.vulnerability],
          priority: finding.priority,
          score: finding.score,
          breakdown: finding.breakdown,
        });
        continue;
      }
      if (!fix.vulnerabilities.includes(finding.vulnerability)) fix.vulnerabilities.push(finding.vulnerability);
      if (finding.score > fix.score) Object.assign(fix, { priority: finding.priority, score: finding.score, breakdown: finding.breakdown });
    }
  }
  return new Map([...byAsset].map(([assetId, fixes]) => [assetId, [...fixes.values()]]));
}

/** The more urgent of two priorities. */
export const higher = (a: Priority, b: Priority): Priority => (PRIORITIES.indexOf(a) <= PRIORITIES.indexOf(b) ? a : b);
export const rankOf = (priority: Priority) => PRIORITIES.indexOf(priority);
