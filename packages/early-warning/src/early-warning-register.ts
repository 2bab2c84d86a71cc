// (b) The early warnings as people read them: by state and priority (critical first), one with its findings,
// and its report (JSON, or a printable HTML page) for the asset owners and the security officer. TLP:AMBER and
// TLP:RED early warnings are there only for the roles the tenant maps to the label, as their advisories are.
import { problems } from '@ismf/core/problems';
import { keyedChildPage, keyedChildren } from '@ismf/store/batch-write';
import { entityView, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { personNames } from '@ismf/store/people-names';
import type { StoredEntity } from '@ismf/store/unit-of-work';
import type { EarlyWarningData, FindingData } from './early-warnings.ts';
import { earlyWarningEntity, earlyWarningFindingEntity } from './match-entities.ts';
import { mayView } from './rules.ts';
import type { Priority } from './priority-rules.ts';
import { earlyWarningSettings } from './settings.ts';

/** Findings a report carries (the API pages through every one). */
export const REPORT_FINDINGS = 2000;

export interface EarlyWarningFilters {
  state?: 'open' | 'no-impact';
  priority?: Priority;
}

async function visibleTo(tenantId: string, roles: readonly string[]) {
  const settings = await earlyWarningSettings(tenantId);
  return (warning: StoredEntity<EarlyWarningData>) => mayView(warning.data.tlp, roles, settings);
}

export async function listEarlyWarnings(tenantId: string, roles: readonly string[], filters: EarlyWarningFilters, page: PageRequest) {
  const result = await queryPatternPage(
    earlyWarningEntity,
    'byPriority',
    tenantId,
    { state: filters.state ?? 'open' },
    { ...(filters.priority ? { where: { priority: filters.priority } } : {}), page },
  );
  const visible = await visibleTo(tenantId, roles);
  return { items: result.items.filter(visible).map(entityView), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/** The early warning, unless the caller's roles may not see its advisory (then it is not there: 404). */
export async function requireVisible(tenantId: string, roles: readonly string[], id: string) {
  const warning = await requireEntity<EarlyWarningData>(tenantId, earlyWarningEntity.type, id, `early warning ${id}`);
  // A restricted early warning is not there for a role that may not see its advisory.
  if (!(await visibleTo(tenantId, roles))(warning)) throw problems.notFound(`early warning ${id}`);
  return warning;
}

export async function getEarlyWarning(tenantId: string, roles: readonly string[], id: string) {
  return entityView(await requireVisible(tenantId, roles, id));
}

export async function listFindings(tenantId: string, roles: readonly string[], id: string, page: PageRequest) {
  await requireVisible(tenantId, roles, id);
  const result = await keyedChildPage<FindingData>(earlyWarningFindingEntity, tenantId, id, page);
  return { items: await withTriagers(tenantId, result.items), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/** Findings with the person who triaged each named (one directory read for the page). */
export async function withTriagers(tenantId: string, findings: readonly FindingData[]) {
  const names = await personNames(tenantId, { subjects: findings.map((finding) => finding.triage?.by) });
  return findings.map((finding) => (finding.triage ? { ...finding, triage: { ...finding.triage, byPerson: names.subject(finding.triage.by) } } : finding));
}

export async function earlyWarningReport(tenantId: string, roles: readonly string[], id: string) {
  const warning = await requireVisible(tenantId, roles, id);
  const findings = (await keyedChildren<FindingData>(earlyWarningFindingEntity, tenantId, id)).sort((a, b) => b.score - a.score);
  return {
    generatedAt: new Date().toISOString(),
    earlyWarning: entityView(warning),
    findings: findings.slice(0, REPORT_FINDINGS),
    findingsOmitted: Math.max(0, findings.length - REPORT_FINDINGS),
  };
}

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** The report as a self-contained printable page: no script, no outside resource (it is mailed and printed). */
export function reportHtml(report: Awaited<ReturnType<typeof earlyWarningReport>>): string {
  const warning = report.earlyWarning;
  const breakdown = warning.breakdown;
  const rows = report.findings
    .map(
      (finding) =>
        `<tr><td>${escape(finding.assetName)}</td><td>${escape(finding.vulnerability)}</td><td>${escape(finding.matches.map((match) => `${match.name} ${match.version ?? ''}`.trim()).join(', '))}</td><td>${escape(finding.fixedVersions.join(', ') || '—')}</td><td>${finding.outcome === 'suppressed' ? `suppressed: ${escape(finding.justification)}` : `${escape(finding.priority)} (${finding.score})`}</td><td>${escape(finding.triage?.state ?? 'not triaged')}</td></tr>`,
    )
    .join('\n');
  const review = warning.review
    .map((item) => `<li>${escape(item.assetName ? `${item.assetName}: ` : '')}${escape(item.product)} — ${escape(item.reason)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Early warning ${escape(warning.documentId)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}.tlp{font-weight:bold}@media print{body{margin:0}}</style></head>
<body>
<h1>Early warning: ${escape(warning.title)}</h1>
${warning.tlp ? `<p class="tlp">TLP:${escape(warning.tlp)} — share only as the label allows.</p>` : ''}
<p>${escape(warning.publisher)} · ${escape(warning.documentId)} version ${escape(warning.documentVersion)} · status <strong>${escape(warning.state)}</strong> · generated ${escape(report.generatedAt)}</p>
<h2>Priority: ${escape(warning.priority ?? 'none')}${warning.score !== undefined ? ` (score ${warning.score})` : ''}</h2>
${breakdown ? `<p>CVSS ${breakdown.cvss}${breakdown.cvssAssumed ? ' (assumed: no score given)' : ''} × importance ${breakdown.importance.level} (${breakdown.importance.factor}) × exposure ${escape(breakdown.exposure.level)} (${breakdown.exposure.factor}) × exploitation ${escape(breakdown.exploitation.level)} (${breakdown.exploitation.factor})</p>` : ''}
<p>Vulnerabilities: ${escape(warning.vulnerabilities.map((vulnerability) => `${vulnerability.id}${vulnerability.kev ? ' (known exploited)' : ''}`).join(', ') || 'none named')}</p>
<p>${warning.counts.assets} affected assets, ${warning.counts.findings} findings, ${warning.counts.suppressed} suppressed, ${warning.counts.review} for review.</p>
<h2>Findings</h2>
<table><thead><tr><th>Asset</th><th>Vulnerability</th><th>Installed</th><th>Fixed in</th><th>Priority</th><th>Triage</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">No asset is affected.</td></tr>'}
</tbody></table>
${report.findingsOmitted ? `<p>${report.findingsOmitted} more findings: GET /early-warnings/${escape(warning.id)}/findings.</p>` : ''}
${review ? `<h2>For review</h2><ul>${review}</ul>` : ''}
</body></html>
`;
}
