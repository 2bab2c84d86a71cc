// Judging what the indexes found (X.1052 12.2.1 b), without the store: the distribution release of a Debian
// package, the model of a vendor product, the version against the range (a CPE naming one version narrows an
// open one), and one outcome per asset × vulnerability — suppressed by a fixed version, a CSAF not-affected
// statement or the asset's own CycloneDX VEX; affected; or for review when it cannot be decided.
import { describe, expect, it } from 'vitest';
import { advisoryLookups, judge, outcomes, type Candidate, type ProductHit } from '@ismf/early-warning/matching';
import type { AffectedProduct, ProductIdentifier } from '@ismf/early-warning/products/affected';

const product = (more: Partial<AffectedProduct> = {}): AffectedProduct => ({
  ref: 'P1',
  label: 'EdgeCore 7000',
  identifiers: [{ kind: 'name', vendor: 'example networks', product: 'edgecore 7000' }],
  status: 'affected',
  range: { ordering: 'generic', intervals: [{ to: { version: 'V6.6.1', inclusive: false } }], versions: [] },
  fixedVersions: ['V6.6.1'],
  vulnerabilities: ['CVE-2099-0001'],
  remediations: [],
  ...more,
});
const candidate = (more: Partial<Candidate> = {}): Candidate => ({ assetId: 'A1', via: 'identity', name: 'Example EdgeCore 7000', version: 'V6.6.0', ...more });
const hit = (p: AffectedProduct, c: Candidate): ProductHit => ({ product: p, candidate: c, verdict: judge(p, p.identifiers[0]!, c)! });

describe('judge', () => {
  it('respects the Debian release of an OSV record and the PURL’s distro, and lets a PURL without one through', () => {
    const debian: ProductIdentifier = { kind: 'package', package: 'deb/debian/openssl', ecosystem: 'Debian:11' };
    const p = product({
      identifiers: [debian],
      range: { ordering: 'debian', intervals: [{ to: { version: '1.1.1w-0+deb11u1', inclusive: false } }], versions: [] },
    });
    const on = (purl: string) => judge(p, debian, candidate({ via: 'component', version: '1.1.1n-0+deb11u5', purl }));
    expect(on('pkg:deb/debian/openssl@1.1.1n-0+deb11u5?distro=debian-11')).toEqual({ verdict: 'in' });
    expect(on('pkg:deb/debian/openssl@1.1.1n-0+deb11u5?distro=debian-9')).toBeUndefined();
    expect(on('pkg:deb/debian/openssl@1.1.1n-0+deb11u5')).toEqual({ verdict: 'in' });
  });

  it('compares model numbers when both sides name one, and lists an asset without a version for review', () => {
    const named: ProductIdentifier = { kind: 'name', vendor: 'siemens', product: 'scalance', models: ['6GK5 204-2BB10-2CA2'] };
    const p = product({ identifiers: [named] });
    expect(judge(p, named, candidate({ model: '6GK5204-2BB10-2CA2' }))).toEqual({ verdict: 'in' });
    expect(judge(p, named, candidate({ model: '6GK5 999-0AA00-0AA0' }))).toBeUndefined();
    expect(judge(p, named, candidate({ version: undefined }))).toEqual({ verdict: 'unknown', reason: 'no version is recorded for it' });
  });

  it('narrows an open range to the version a CPE names', () => {
    const cpe: ProductIdentifier = { kind: 'cpe', vendor: 'juniper', product: 'junos', cpe: 'cpe:2.3:o:juniper:junos:22.4:*:*:*:*:*:*:*', version: '22.4' };
    const p = product({ identifiers: [cpe], range: { ordering: 'generic', intervals: [], versions: [] } });
    expect(judge(p, cpe, candidate({ version: '22.4' }))!.verdict).toBe('in');
    expect(judge(p, cpe, candidate({ version: '23.2' }))!.verdict).toBe('out');
  });

  it('looks each distinct identifier up once, platforms included', () => {
    const p = product({
      identifiers: [{ kind: 'name', vendor: 'Example Networks, Inc.', product: 'EdgeCore 7000', models: ['EC7000-48X'] }],
      platforms: [{ label: 'OS', identifiers: [{ kind: 'cpe', vendor: 'example', product: 'ecos', cpe: 'cpe:2.3:o:example:ecos:*:*:*:*:*:*:*:*' }] }],
    });
    expect(advisoryLookups([p, p]).map((key) => `${key.index}:${key.value}`)).toEqual([
      'product:example networks:edgecore 7000',
      'model:EC7000-48X',
      'cpe:example:ecos',
    ]);
  });
});

describe('outcomes', () => {
  it('suppresses by a fixed version installed, or by a not-affected statement with its justification', () => {
    const fixed = product({ ref: 'P2', status: 'fixed', range: { ordering: 'generic', intervals: [], versions: ['V6.6.0'] } });
    expect(outcomes([hit(product(), candidate()), hit(fixed, candidate())])).toEqual([
      expect.objectContaining({ outcome: 'suppressed', justification: 'runs V6.6.0, a fixed version (EdgeCore 7000)' }),
    ]);
    const notAffected = product({
      ref: 'P3',
      status: 'not-affected',
      justification: 'vulnerable_code_not_present',
      range: { ordering: 'generic', all: true, intervals: [], versions: [] },
    });
    expect(outcomes([hit(product(), candidate()), hit(notAffected, candidate())])[0]).toMatchObject({
      outcome: 'suppressed',
      justification: 'vulnerable_code_not_present',
    });
    const bare = product({ ref: 'P4', status: 'not-affected', range: { ordering: 'generic', all: true, intervals: [], versions: [] } });
    expect(outcomes([hit(bare, candidate())])[0]!.justification).toBe('the advisory states EdgeCore 7000 is not affected');
  });

  it('honours the asset’s own VEX statement, by the vulnerability or an alias the caller accepts', () => {
    const withVex = candidate({ via: 'component', name: 'lib', vex: [{ id: 'GHSA-xxxx', state: 'false_positive' }] });
    expect(outcomes([hit(product(), withVex)])[0]!.outcome).toBe('affected');
    const byAlias = outcomes([hit(product(), withVex)], (id, vulnerability) => id === vulnerability || id === 'GHSA-xxxx');
    expect(byAlias[0]).toMatchObject({ outcome: 'suppressed', justification: 'CycloneDX VEX for lib: false_positive' });
    const exploitable = candidate({ vex: [{ id: 'CVE-2099-0001', state: 'exploitable' }] });
    expect(outcomes([hit(product(), exploitable)])[0]!.outcome).toBe('affected');
  });

  it('lists what cannot be decided for review, and a product still under investigation', () => {
    const unknown = outcomes([hit(product(), candidate({ version: 'not-a-version' }))]);
    expect(unknown[0]).toMatchObject({ outcome: 'review', reason: '"not-a-version" is not a generic version' });
    const investigating = product({ status: 'under-investigation' });
    expect(outcomes([hit(investigating, candidate())])[0]).toMatchObject({ outcome: 'review', reason: 'the vendor is still investigating' });
    // A version outside every affected range is no finding at all.
    expect(outcomes([hit(product(), candidate({ version: 'V7.0' }))].filter((h) => h.verdict.verdict !== 'out'))).toEqual([]);
  });
});
