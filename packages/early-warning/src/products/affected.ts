// (b) An advisory's affected products, whatever format it came in: how each product is named (a package,
// a CPE, a vendor and product name), its status, the versions that status covers and the fix. The
// matcher reads only this shape; the format readers (csaf-, osv-, cve-products.ts) write it.

/**
 * How versions of a product are ordered: an ecosystem's own rules, or `generic` for vendor versions
 * (firmware and appliance releases such as `V6.6.1`, `R3.09.50`, `12.0.14`).
 */
export const ORDERINGS = ['semver', 'npm', 'go', 'cargo', 'pypi', 'rubygems', 'maven', 'nuget', 'debian', 'alpine', 'generic'] as const;
export type Ordering = (typeof ORDERINGS)[number];

export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A stretch of versions; a missing end is open (`from` absent: from the first version). */
export interface Interval {
  from?: Bound;
  to?: Bound;
}

/**
 * The versions a status covers: any version inside one of `intervals` or equal to one of `versions`.
 * `all` covers every version (`vers:all/*`, a CPE with version `*`, OSV `introduced: 0` with no end).
 * `unsupported` says why the versions cannot be decided here (RPM ordering, a GIT range, a vendor range
 * outside the grammar): a candidate with such a range is listed for review, never silently dropped.
 */
export interface VersionRange {
  ordering: Ordering;
  all?: boolean;
  intervals: Interval[];
  versions: string[];
  unsupported?: string;
  /** The advisory's own words for the range, where it had any (`<V6.6.1`, `vers:npm/>=1.0.0|<1.2.3`), to show. */
  text?: string;
}

/** One way of naming a product; the matcher looks each up on its own index. */
export type ProductIdentifier =
  /** A package, as a PURL names it: `package` is type/namespace/name as `purlPackage` writes it (lower-cased where the PURL type says). */
  | { kind: 'package'; package: string; purl?: string; qualifiers?: Record<string, string>; ecosystem?: string }
  /** A CPE: vendor and product as the CPE names them (lower case), and the whole name as a 2.3 string. */
  | { kind: 'cpe'; vendor: string; product: string; cpe: string; version?: string }
  /** A vendor and product by name (normalised by `normaliseName`), optionally with the model numbers CSAF gives. */
  | { kind: 'name'; vendor: string; product: string; models?: string[] };

export const PRODUCT_STATUSES = ['affected', 'fixed', 'not-affected', 'under-investigation'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** CSAF remediation categories (vendor_fix, workaround, mitigation, no_fix_planned, none_available), OSV/NVD fixes as vendor_fix. */
export const REMEDIATION_CATEGORIES = ['vendor_fix', 'workaround', 'mitigation', 'no_fix_planned', 'none_available'] as const;
export type RemediationCategory = (typeof REMEDIATION_CATEGORIES)[number];

export interface Remediation {
  category: RemediationCategory;
  details: string;
  url?: string;
  /** The fixed version where the remediation or the range says it. */
  fixedVersion?: string;
}

/**
 * One product in one status for some of the advisory's vulnerabilities. The same product may appear
 * several times (affected by one CVE, not affected by another).
 */
export interface AffectedProduct {
  /** The advisory's own reference: a CSAF product_id, `affected[2]` of an OSV record, an NVD criteria. */
  ref: string;
  /** A readable name (CSAF full_product_name.name, the package, the CPE). */
  label: string;
  /** Any one of these names the product. */
  identifiers: ProductIdentifier[];
  /**
   * When present, the product is this combination (CSAF relationships, NVD AND configurations): an asset
   * matches only when it also matches one of these platforms (each a list of alternative identifiers).
   */
  platforms?: { label: string; identifiers: ProductIdentifier[]; range?: VersionRange }[];
  status: ProductStatus;
  range: VersionRange;
  /** Fixed versions the advisory names for it (OSV `fixed`, CSAF fixed product's version, NVD end-excluding). */
  fixedVersions: string[];
  /** The vulnerabilities (CVE ids, else the advisory's own ids) under which it has this status. */
  vulnerabilities: string[];
  remediations: Remediation[];
  /** Why it is not affected (CSAF flag label or threat impact, CycloneDX justification), to show on a suppressed match. */
  justification?: string;
  /** CSAF threats `exploit_status` and similar: what the advisory says of exploitation. */
  exploitation?: string;
}

/** What could not be read into products: shown on the early warning for review. */
export interface Unresolved {
  ref: string;
  text: string;
  reason: string;
}

export interface AdvisoryProducts {
  products: AffectedProduct[];
  unresolved: Unresolved[];
}
