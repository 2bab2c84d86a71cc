// Recommendations proposed from an advisory's remediations (X.1052 12.2.1 c), the rules of what people enter
// (recommendations, triage, products of a bulletin entered by hand), and the printable report's content.
import { describe, expect, it } from 'vitest';
import { reportHtml } from '@ismf/early-warning/early-warning-register';
import type { AssetVulnerability } from '@ismf/early-warning/matching';
import { enteredProductErrors, enteredProducts } from '@ismf/early-warning/products/manual-products';
import type { AffectedProduct, Remediation } from '@ismf/early-warning/products/affected';
import { proposeRecommendations } from '@ismf/early-warning/recommendations';
import { findingTriageSchema, recommendationInputSchema } from '@ismf/early-warning/rules';

const product = (remediations: Remediation[], fixedVersions: string[] = []): AffectedProduct => ({
  ref: 'P1',
  label: 'EdgeCore 7000',
  identifiers: [{ kind: 'name', vendor: 'example', product: 'edgecore' }],
  status: 'affected',
  range: { ordering: 'generic', all: true, intervals: [], versions: [] },
  fixedVersions,
  vulnerabilities: ['CVE-2099-0001'],
  remediations,
});
const affected = (assetId: string, p: AffectedProduct): AssetVulnerability => ({
  assetId,
  vulnerability: 'CVE-2099-0001',
  outcome: 'affected',
  hits: [{ product: p, candidate: { assetId, via: 'identity', name: 'x', version: '1' }, verdict: { verdict: 'in' } }],
});

describe('proposeRecommendations', () => {
  it('turns each remediation category into its kind, for the assets it concerns, patches first', () => {
    const proposed = proposeRecommendations([
      affected('A1', product([{ category: 'workaround', details: 'Disable the web UI\nthen reboot', url: 'https://psirt.example/w' }])),
      affected('A2', product([{ category: 'vendor_fix', details: 'Upgrade', fixedVersion: 'V6.6.1' }], ['V6.6.1'])),
      affected('A3', product([{ category: 'vendor_fix', details: 'Upgrade', fixedVersion: 'V6.6.1' }], ['V6.6.1'])),
      affected('A4', product([{ category: 'mitigation', details: 'Filter port 443' }])),
      affected('A5', product([{ category: 'no_fix_planned', details: 'End of life' }])),
      affected('A6', product([{ category: 'none_available', details: 'Working on it' }])),
      affected('A7', product([], ['2.0.0'])),
      affected('A8', product([])),
    ]);
    expect(proposed.map((recommendation) => [recommendation.kind, recommendation.summary, recommendation.assetIds])).toEqual([
      ['patch', 'Apply the vendor fix: V6.6.1', ['A2', 'A3']],
      ['patch', 'Update to 2.0.0', ['A7']],
      ['workaround', 'Workaround: Disable the web UI', ['A1']],
      ['mitigation', 'Mitigation: Filter port 443', ['A4']],
      ['no-action', 'No fix is planned: report the exposure and accept or mitigate it', ['A5']],
      ['no-action', 'No fix is available yet: report, and watch the advisory', ['A6']],
      ['no-action', 'The advisory names no remediation: report it to the owners and watch for a fix', ['A8']],
    ]);
    expect(proposed[0]).toMatchObject({ fixedVersions: ['V6.6.1'], source: 'advisory', state: 'proposed' });
    expect(proposed[2]).toMatchObject({ url: 'https://psirt.example/w' });
  });
});

describe('what people enter', () => {
  it('names the control of an additional control, and only there', () => {
    const missing = recommendationInputSchema.safeParse({ kind: 'additional-control', summary: 'Monitor' });
    expect(missing.error!.issues.map((issue) => issue.path.join('.'))).toEqual(['controlId']);
    const stray = recommendationInputSchema.safeParse({ kind: 'patch', summary: 'Patch', controlId: '12.6.1' });
    expect(stray.error!.issues.map((issue) => issue.message)).toEqual(['only an additional control names a control']);
  });

  it('takes a VEX justification for a not-affected triage only', () => {
    expect(findingTriageSchema.safeParse({ state: 'exploitable', justification: 'code_not_present', reason: 'x' }).error!.issues[0]!.message).toBe(
      'only a not-affected finding takes a justification',
    );
    expect(findingTriageSchema.safeParse({ state: 'resolved', reason: 'patched' }).success).toBe(true);
  });

  it('reads a bulletin’s products: named, as packages or CPEs, ranges in its words, fixes as vendor fixes', () => {
    expect(enteredProductErrors([{ versions: '*' }, { purl: 'not a purl', versions: '*' }, { cpe: 'cpe:bad', versions: '*' }], 'body')).toEqual([
      { path: 'body.products.0', message: 'name the product: vendor and product, a purl or a cpe' },
      expect.objectContaining({ path: 'body.products.1.purl' }),
      expect.objectContaining({ path: 'body.products.2.cpe' }),
    ]);
    const read = enteredProducts(
      [
        {
          vendor: 'Nokia',
          product: 'SR OS (7750-SR12)',
          models: ['7750 SR-7'],
          versions: '<22.10.R3',
          fixedVersion: '22.10.R3',
          fixUrl: 'https://n.example/fix',
        },
        { purl: 'pkg:npm/left-pad', versions: 'vers:npm/<1.3.0' },
        { cpe: 'cpe:2.3:o:juniper:junos:*:*:*:*:*:*:*:*', versions: 'only the blue ones' },
      ],
      ['CVE-2099-1'],
    );
    expect(read.products[0]).toMatchObject({
      identifiers: [{ kind: 'name', vendor: 'nokia', product: 'sr os', models: ['7750SR-7', '7750-SR12'] }],
      remediations: [{ category: 'vendor_fix', fixedVersion: '22.10.R3', url: 'https://n.example/fix' }],
    });
    expect(read.products[1]).toMatchObject({ identifiers: [{ kind: 'package', package: 'npm/left-pad' }], range: { ordering: 'npm' } });
    expect(read.products[2]!.identifiers).toEqual([expect.objectContaining({ kind: 'cpe', vendor: 'juniper', product: 'junos' })]);
    expect(read.unresolved).toEqual([expect.objectContaining({ ref: 'products[2]' })]);
  });
});

describe('reportHtml', () => {
  it('prints the label, the breakdown, the findings, what needs review and what was left off', () => {
    const html = reportHtml({
      generatedAt: '2099-01-01T00:00:00.000Z',
      findingsOmitted: 3,
      findings: [],
      earlyWarning: {
        id: 'EW1',
        version: 1,
        createdAt: '',
        updatedAt: '',
        title: 'T',
        documentId: 'D',
        documentVersion: '1',
        publisher: 'P',
        tlp: 'AMBER',
        state: 'open',
        priority: 'high',
        score: 9,
        breakdown: {
          priority: 'high',
          score: 9,
          cvss: 5,
          cvssAssumed: true,
          importance: { level: 3, factor: 1 },
          exposure: { level: 'unknown', factor: 1 },
          exploitation: { level: 'none', factor: 1 },
        },
        vulnerabilities: [{ id: 'CVE-2099-1', kev: true }],
        counts: { assets: 0, findings: 0, exposed: 0, triaged: 0, suppressed: 0, review: 1, products: 1, unresolved: 0 },
        review: [{ product: 'EdgeCore', assetName: 'R1', reason: 'no version is recorded for it' }],
      } as never,
    });
    expect(html).toContain('TLP:AMBER');
    expect(html).toContain('CVSS 5 (assumed: no score given)');
    expect(html).toContain('CVE-2099-1 (known exploited)');
    expect(html).toContain('No asset is affected.');
    expect(html).toContain('3 more findings: GET /early-warnings/EW1/findings.');
    expect(html).toContain('<li>R1: EdgeCore — no version is recorded for it</li>');
  });
});
