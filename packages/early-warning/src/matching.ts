// (b) Matching an advisory's products against what a tenant runs: each product identifier is looked up on
// its own index (components by package, asset identities by vendor:product, model or CPE), so the cost grows
// with the advisory's products, never with the register. What is found is judged here, without the store:
// the version against the product's range, the distribution release of a Debian or Alpine package, the model,
// and whether the product is affected, fixed or not affected (a VEX statement) for each vulnerability.
import { parsePurl } from '@ismf/core/purl';
import type { AffectedProduct, ProductIdentifier } from './products/affected.ts';
import { normaliseModel, normaliseName } from './products/names.ts';
import { orderingOfEcosystem, purlEcosystemRelease } from './versions/ecosystems.ts';
import { versionIn } from './versions/range.ts';

/** Something of an asset a product may be: an SBOM component, or the asset's own vendor product (its identity). */
export interface Candidate {
  assetId: string;
  via: 'component' | 'identity';
  name: string;
  version?: string;
  purl?: string;
  model?: string;
  /** The component's set (only the asset's current set counts). */
  setId?: string;
  /** VEX statements about the component (CycloneDX analysis, with its SBOM or beside it). */
  vex?: { id: string; state: string; justification?: string; detail?: string }[];
}

/** CycloneDX analysis states that say the component is not exploitable by the vulnerability. */
const NOT_EXPLOITABLE = new Set(['not_affected', 'resolved', 'resolved_with_pedigree', 'false_positive']);

/** The index a product identifier is looked up on, and its key there (also the advisory-product key). */
export type LookupKey =
  { index: 'package'; value: string } | { index: 'product'; value: string } | { index: 'model'; value: string } | { index: 'cpe'; value: string };

export const lookupKeyText = (key: LookupKey) => `${key.index}:${key.value}`;

/** The lookups one identifier needs: a package by its package; a CPE by vendor:product; a name by vendor:product and by each model. */
export function lookupKeys(identifier: ProductIdentifier): LookupKey[] {
  if (identifier.kind === 'package') return [{ index: 'package', value: identifier.package }];
  if (identifier.kind === 'cpe') return [{ index: 'cpe', value: `${identifier.vendor}:${identifier.product}` }];
  const keys: LookupKey[] = [{ index: 'product', value: `${normaliseName(identifier.vendor)}:${normaliseName(identifier.product)}` }];
  for (const model of identifier.models ?? []) keys.push({ index: 'model', value: normaliseModel(model) });
  return keys;
}

/** Every distinct lookup of an advisory's products (platforms included: an asset matching one must be found too). */
export function advisoryLookups(products: readonly AffectedProduct[]): LookupKey[] {
  const seen = new Map<string, LookupKey>();
  for (const product of products) {
    const identifiers = [...product.identifiers, ...(product.platforms ?? []).flatMap((platform) => platform.identifiers)];
    for (const key of identifiers.flatMap(lookupKeys)) seen.set(lookupKeyText(key), key);
  }
  return [...seen.values()];
}

export type Verdict = { verdict: 'in' | 'out' | 'unknown'; reason?: string };

/** Whether a candidate found by one identifier is that product at all: the distribution release, the model. */
function sameProduct(identifier: ProductIdentifier, candidate: Candidate): boolean {
  if (identifier.kind === 'package' && identifier.ecosystem && candidate.purl) {
    // An OSV record for `Debian:11` is about Debian 11's package, not Debian 9's of the same name.
    const ecosystem = orderingOfEcosystem(identifier.ecosystem);
    const wanted = 'release' in ecosystem ? ecosystem.release : undefined;
    const parsed = parsePurl(candidate.purl);
    const release = parsed.ok ? purlEcosystemRelease(parsed.purl.qualifiers ?? {}) : undefined;
    if (wanted !== undefined && release !== undefined && wanted !== release) return false;
  }
  if (identifier.kind === 'name' && identifier.models?.length && candidate.model) {
    return identifier.models.some((model) => normaliseModel(model) === normaliseModel(candidate.model!));
  }
  return true;
}

/** Whether the candidate's version is one the product's status covers (a CPE naming one version narrows it). */
export function judge(product: AffectedProduct, identifier: ProductIdentifier, candidate: Candidate): Verdict | undefined {
  if (!sameProduct(identifier, candidate)) return undefined;
  if (candidate.version === undefined) return { verdict: 'unknown', reason: 'no version is recorded for it' };
  if (identifier.kind === 'cpe' && identifier.version !== undefined && product.range.intervals.length === 0 && product.range.versions.length === 0) {
    return versionIn({ ...product.range, all: false, versions: [identifier.version] }, candidate.version);
  }
  return versionIn(product.range, candidate.version);
}

/** One product that a candidate is, with the verdict on its version. */
export interface ProductHit {
  product: AffectedProduct;
  candidate: Candidate;
  verdict: Verdict;
}

/** What an asset × vulnerability comes to: affected, suppressed (not affected, or a fixed version runs), or for review. */
export interface AssetVulnerability {
  assetId: string;
  vulnerability: string;
  outcome: 'affected' | 'suppressed' | 'review';
  hits: ProductHit[];
  justification?: string;
  reason?: string;
}

/**
 * The outcome per asset and vulnerability of the hits found: a VEX statement (not affected) or a fixed
 * version on the asset wins over an affected range; an affected range wins over what could not be decided;
 * under investigation and undecidable versions are listed for review, never dropped.
 */
export function outcomes(
  hits: readonly ProductHit[],
  /** Whether a VEX statement's id names this vulnerability (its CVE id, or an alias the advisory gives it). */
  names: (vexId: string, vulnerability: string) => boolean = (vexId, vulnerability) => vexId === vulnerability,
): AssetVulnerability[] {
  const grouped = new Map<string, ProductHit[]>();
  for (const hit of hits) {
    for (const vulnerability of hit.product.vulnerabilities) {
      const key = `${hit.candidate.assetId}\u0000${vulnerability}`;
      grouped.set(key, [...(grouped.get(key) ?? []), hit]);
    }
  }
  const result: AssetVulnerability[] = [];
  for (const [key, group] of grouped) {
    const [assetId, vulnerability] = key.split('\u0000') as [string, string];
    const inside = group.filter((hit) => hit.verdict.verdict === 'in');
    const suppressing = inside.find((hit) => hit.product.status === 'not-affected' || hit.product.status === 'fixed');
    const affected = inside.filter((hit) => hit.product.status === 'affected');
    const undecided = group.filter(
      (hit) => hit.verdict.verdict === 'unknown' || (hit.verdict.verdict === 'in' && hit.product.status === 'under-investigation'),
    );
    // The asset's own VEX statement (CycloneDX) about the component that matched wins over the advisory's ranges.
    const vex = inside
      .filter((hit) => hit.product.status === 'affected')
      .flatMap((hit) => (hit.candidate.vex ?? []).map((statement) => ({ hit, statement })))
      .find(({ statement }) => NOT_EXPLOITABLE.has(statement.state) && names(statement.id, vulnerability));
    if (vex && !suppressing) {
      const { statement } = vex;
      const why = [statement.justification, statement.detail].filter(Boolean).join(': ');
      result.push({
        assetId,
        vulnerability,
        outcome: 'suppressed',
        hits: [vex.hit],
        justification: `CycloneDX VEX for ${vex.hit.candidate.name}: ${statement.state}${why ? ` (${why})` : ''}`,
      });
    } else if (suppressing) {
      const justification =
        suppressing.product.status === 'fixed'
          ? `runs ${suppressing.candidate.version}, a fixed version (${suppressing.product.label})`
          : (suppressing.product.justification ?? `the advisory states ${suppressing.product.label} is not affected`);
      result.push({ assetId, vulnerability, outcome: 'suppressed', hits: [suppressing], justification });
    } else if (affected.length) result.push({ assetId, vulnerability, outcome: 'affected', hits: affected });
    else if (undecided.length) {
      const first = undecided[0]!;
      const reason = first.verdict.verdict === 'unknown' ? (first.verdict.reason ?? 'the version cannot be compared') : 'the vendor is still investigating';
      result.push({ assetId, vulnerability, outcome: 'review', hits: undecided, reason });
    }
  }
  return result;
}

/** The versions that fix it, from the products that hit: for the finding's "fixed in". */
export const fixedVersionsOf = (hits: readonly ProductHit[]) => [...new Set(hits.flatMap((hit) => hit.product.fixedVersions))].slice(0, 10);
