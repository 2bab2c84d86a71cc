// A CSAF 2.0 document's affected products: the product tree read into named products (branches, full product
// names, relationships), then each vulnerability's product_status, remediations, threats and flags laid on them.
// One AffectedProduct per product id and status, carrying every vulnerability under which it has that status.
//
// Read from product_identification_helper: purl (CSAF 2.1's purls too), cpe and model_numbers. Not read:
// hashes, sbom_urls, serial_numbers, skus and x_generic_uris (an asset register records none of them to match
// against). Branch categories architecture, language, legacy, platform, host_name and specification refine a
// product the matcher cannot tell apart: they are walked through but name nothing.
import { cpeText, formatCpe, parseCpe } from '@ismf/core/cpe';
import { parsePurl, purlPackage } from '@ismf/core/purl';
import { asList, asRecord, asText } from '../documents/delivery-documents.ts';
import { orderingOfPurlType } from '../versions/ecosystems.ts';
import { parseVersionRange } from '../versions/vendor-ranges.ts';
import { REMEDIATION_CATEGORIES } from './affected.ts';
import type {
  AdvisoryProducts,
  AffectedProduct,
  Ordering,
  ProductIdentifier,
  ProductStatus,
  Remediation,
  RemediationCategory,
  Unresolved,
  VersionRange,
} from './affected.ts';
import { normaliseModel, normaliseName, productAndModel } from './names.ts';

/** A product of the tree, before any vulnerability says anything of it. */
interface TreeProduct {
  id: string;
  label: string;
  identifiers: ProductIdentifier[];
  range: VersionRange;
  /** The one version it names (a branch's product_version, a PURL's version): a fixed product's is a fixed version. */
  version?: string;
  /** Which products are "the same product" in other versions: vendor and product, or the package, without version. */
  key: string;
  platforms?: AffectedProduct['platforms'];
}

/** What the branches above a product say of it. */
interface BranchContext {
  vendor?: string;
  product?: string;
  version?: string;
  versionRange?: string;
}

// CSAF product status → ours. `recommended` is a fixed version the vendor recommends.
const STATUSES: Record<string, ProductStatus> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  recommended: 'fixed',
  known_not_affected: 'not-affected',
  under_investigation: 'under-investigation',
};

const REMEDIATIONS = new Set<string>(REMEDIATION_CATEGORIES);

function exact(version: string, ordering: Ordering = 'generic'): VersionRange {
  return { ordering, intervals: [], versions: [version], text: version };
}

const ALL: () => VersionRange = () => ({ ordering: 'generic', all: true, intervals: [], versions: [] });

function pushUnique<T>(into: T[], value: T): void {
  if (!into.includes(value)) into.push(value);
}

/** `repository/name:tag` of a container image: the repository has a slash, the tag no slash or colon. */
const IMAGE_REFERENCE = /^([a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)+):([\w][\w.+-]{0,127})$/;

class CsafReader {
  readonly tree = new Map<string, TreeProduct>();
  readonly unresolved: Unresolved[] = [];
  private readonly noted = new Set<string>();

  note(ref: string, text: string, reason: string): void {
    const key = `${ref}\u0000${reason}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.unresolved.push({ ref, text, reason });
  }

  /** A full_product_name read with what its branches say (nothing for the tree's own list). */
  addProduct(value: unknown, context: BranchContext): void {
    const full = asRecord(value);
    const id = asText(full?.product_id);
    if (!full || !id) return;
    const label = asText(full.name) ?? id;
    const helper = asRecord(full.product_identification_helper) ?? {};
    const identifiers: ProductIdentifier[] = [];
    let purlVersion: string | undefined;
    let purlOrdering: Ordering | undefined;
    let cpeVersion: string | undefined;
    let packageKey: string | undefined;

    const purls = [asText(helper.purl), ...asList(helper.purls).map(asText)].filter((purl): purl is string => !!purl);
    for (const text of purls) {
      const parsed = parsePurl(text);
      const named = purlPackage(text);
      if (!parsed.ok || !named) {
        this.note(id, text, `the PURL cannot be read: ${parsed.ok ? 'no package' : parsed.error}`);
        continue;
      }
      const identifier: ProductIdentifier = { kind: 'package', package: named.package, purl: text };
      if (parsed.purl.qualifiers) identifier.qualifiers = { ...parsed.purl.qualifiers };
      identifiers.push(identifier);
      packageKey ??= named.package;
      if (named.version !== undefined && purlVersion === undefined) {
        purlVersion = named.version;
        const ordering = orderingOfPurlType(parsed.purl.type);
        // An exact version needs no ordering, only equality: an unsupported type (rpm) still compares as text.
        purlOrdering = 'ordering' in ordering ? ordering.ordering : 'generic';
      }
    }

    const cpe = asText(helper.cpe);
    if (cpe) {
      const parsed = parseCpe(cpe);
      if (!parsed.ok) this.note(id, cpe, `the CPE cannot be read: ${parsed.error}`);
      else {
        const vendor = cpeText(parsed.cpe.vendor);
        const product = cpeText(parsed.cpe.product);
        if (!vendor || !product) this.note(id, cpe, 'the CPE names no vendor or no product');
        else {
          cpeVersion = cpeText(parsed.cpe.version);
          const identifier: ProductIdentifier = { kind: 'cpe', vendor, product, cpe: formatCpe(parsed.cpe) };
          if (cpeVersion) identifier.version = cpeVersion;
          identifiers.push(identifier);
        }
      }
    }

    // The branches' vendor and product (family) by name. Without a product branch, the product's own name, but
    // only when nothing else names it: Red Hat's "git-lfs-0:2.13.3-3.el8_6.1.src" is a PURL's, not a name.
    const models = asList(helper.model_numbers)
      .map(asText)
      .filter((model): model is string => !!model)
      .map(normaliseModel);
    let nameKey: string | undefined;
    // A container image without a product branch (Red Hat's "openshift4/ose-metering-hive:v4.6.0-…" right under
    // the vendor) is its repository as the product and its tag as the version.
    const image = !context.product && identifiers.length === 0 ? IMAGE_REFERENCE.exec(context.version ?? label) : null;
    if (image) context = { ...context, product: image[1]!, version: image[2]! };
    if (context.product || identifiers.length === 0) {
      const split = productAndModel(context.product ?? label);
      for (const model of split.models) pushUnique(models, model);
      const vendor = normaliseName(context.vendor ?? '');
      const identifier: ProductIdentifier = { kind: 'name', vendor, product: split.product };
      if (models.length > 0) identifier.models = models;
      identifiers.push(identifier);
      nameKey = `${vendor}|${split.product}`;
    }

    // The versions, most precise first: the branch's range, the PURL's version, the branch's version, the CPE's.
    let range: VersionRange;
    let version: string | undefined;
    if (context.versionRange !== undefined) {
      range = parseVersionRange(context.versionRange, purlOrdering);
      range.text ??= context.versionRange;
      if (range.unsupported) this.note(id, context.versionRange, `the version range cannot be read: ${range.unsupported}`);
    } else if (purlVersion !== undefined) {
      version = purlVersion;
      range = exact(purlVersion, purlOrdering);
    } else if (context.version !== undefined) {
      version = context.version;
      range = exact(context.version);
    } else if (cpeVersion !== undefined) {
      version = cpeVersion;
      range = exact(cpeVersion);
    } else range = ALL();

    const key = nameKey ?? packageKey ?? identifiers.map((identifier) => JSON.stringify(identifier)).join();
    const product: TreeProduct = { id, label, identifiers, range, key };
    if (version !== undefined) product.version = version;
    this.tree.set(id, product);
  }

  /** The branches, depth first, each product with what the branches above it say. */
  walk(branches: unknown, context: BranchContext): void {
    for (const item of asList(branches)) {
      const branch = asRecord(item);
      if (!branch) continue;
      const name = asText(branch.name);
      const inner: BranchContext = { ...context };
      if (name) {
        switch (branch.category) {
          case 'vendor':
            inner.vendor = name;
            break;
          case 'product_family':
            // A product name below it is the narrower name; a family alone names the product.
            inner.product ??= name;
            break;
          case 'product_name':
            inner.product = name;
            break;
          case 'product_version':
          case 'service_pack':
          case 'patch_level':
            // The innermost wins: Cisco's service pack "12.2(55)SE" is the whole version below "12.2SE".
            inner.version = name;
            delete inner.versionRange;
            break;
          case 'product_version_range':
            inner.versionRange = name;
            delete inner.version;
            break;
        }
      }
      if (branch.product !== undefined) this.addProduct(branch.product, inner);
      this.walk(branch.branches, inner);
    }
  }

  /**
   * Relationships: the new product is the component on (in, with) the platform product. Read until nothing
   * more resolves, so a relationship may build on another's product.
   */
  relate(relationships: readonly unknown[]): void {
    let pending = relationships.map(asRecord).filter((record): record is Record<string, unknown> => !!record);
    for (let progress = true; progress && pending.length > 0;) {
      progress = false;
      const next: Record<string, unknown>[] = [];
      for (const relationship of pending) {
        const full = asRecord(relationship.full_product_name);
        const id = asText(full?.product_id);
        if (!id) continue;
        const component = this.tree.get(asText(relationship.product_reference) ?? '');
        const platform = this.tree.get(asText(relationship.relates_to_product_reference) ?? '');
        if (!component || !platform) {
          next.push(relationship);
          continue;
        }
        progress = true;
        const product: TreeProduct = {
          id,
          label: asText(full?.name) ?? id,
          identifiers: component.identifiers,
          range: component.range,
          key: `${component.key}@${platform.key}`,
          platforms: [...(component.platforms ?? []), { label: platform.label, identifiers: platform.identifiers, range: platform.range }],
        };
        if (component.version !== undefined) product.version = component.version;
        this.tree.set(id, product);
      }
      pending = next;
    }
    for (const relationship of pending) {
      const full = asRecord(relationship.full_product_name);
      const id = asText(full?.product_id) ?? '';
      this.note(
        id,
        asText(full?.name) ?? id,
        `the relationship refers to ${asText(relationship.product_reference)} and ${asText(relationship.relates_to_product_reference)}, not both in the product tree`,
      );
    }
  }
}

/** Vulnerability-level reading: statuses, remediations, threats and flags, grouped per product id and status. */
class Statuses {
  readonly entries = new Map<string, AffectedProduct & { key: string }>();

  constructor(private readonly reader: CsafReader) {}

  entry(productId: string, status: ProductStatus, where: string): (AffectedProduct & { key: string }) | undefined {
    const mapKey = `${status}\u0000${productId}`;
    const known = this.entries.get(mapKey);
    if (known) return known;
    const product = this.reader.tree.get(productId);
    if (!product) {
      this.reader.note(productId, productId, `${where} names a product that is not in the product tree`);
      return undefined;
    }
    const entry: AffectedProduct & { key: string } = {
      ref: productId,
      label: product.label,
      identifiers: product.identifiers,
      status,
      range: product.range,
      fixedVersions: [],
      vulnerabilities: [],
      remediations: [],
      key: product.key,
    };
    if (product.platforms) entry.platforms = product.platforms;
    this.entries.set(mapKey, entry);
    return entry;
  }

  read(vulnerability: Record<string, unknown>, index: number, groups: Map<string, string[]>): void {
    const ids = vulnerabilityIds(vulnerability, index);
    const touched = new Map<string, (AffectedProduct & { key: string })[]>();
    const productStatus = asRecord(vulnerability.product_status) ?? {};
    for (const [category, status] of Object.entries(STATUSES)) {
      for (const item of asList(productStatus[category])) {
        const productId = asText(item);
        if (!productId) continue;
        const entry = this.entry(productId, status, `product_status.${category} of ${ids[0]}`);
        if (!entry) continue;
        for (const id of ids) pushUnique(entry.vulnerabilities, id);
        const list = touched.get(productId) ?? [];
        pushUnique(list, entry);
        touched.set(productId, list);
      }
    }
    const targets = (record: Record<string, unknown>): string[] => {
      const found = asList(record.product_ids)
        .map(asText)
        .filter((id): id is string => !!id);
      for (const group of asList(record.group_ids)) for (const id of groups.get(asText(group) ?? '') ?? []) pushUnique(found, id);
      return found;
    };

    // Fixed versions: what a fixed (or recommended) product of the same product is, for its affected neighbours.
    const fixedByKey = new Map<string, string[]>();
    for (const entries of touched.values()) {
      for (const entry of entries) {
        const version = this.reader.tree.get(entry.ref)?.version;
        if (entry.status !== 'fixed' || version === undefined) continue;
        const versions = fixedByKey.get(entry.key) ?? [];
        pushUnique(versions, version);
        fixedByKey.set(entry.key, versions);
      }
    }
    for (const entries of touched.values()) {
      for (const entry of entries) {
        if (entry.status !== 'affected') continue;
        for (const version of fixedByKey.get(entry.key) ?? []) pushUnique(entry.fixedVersions, version);
      }
    }

    for (const item of asList(vulnerability.remediations)) {
      const record = asRecord(item);
      const category = asText(record?.category);
      if (!record || !category) continue;
      if (!REMEDIATIONS.has(category)) {
        this.reader.note(`vulnerabilities[${index}]`, category, `remediation category ${category} is not one this reads`);
        continue;
      }
      for (const productId of targets(record)) {
        for (const entry of touched.get(productId) ?? []) {
          const remediation: Remediation = { category: category as RemediationCategory, details: asText(record.details) ?? '' };
          const url = asText(record.url);
          if (url) remediation.url = url;
          const fixed = fixedByKey.get(entry.key);
          if (category === 'vendor_fix' && entry.status === 'affected' && fixed?.length === 1) remediation.fixedVersion = fixed[0];
          if (!entry.remediations.some((known) => JSON.stringify(known) === JSON.stringify(remediation))) entry.remediations.push(remediation);
        }
      }
    }

    // Why not affected: the flag's label and the impact threat's details, on known_not_affected products only.
    const reasons = new Map<string, { labels: string[]; impacts: string[] }>();
    const reasonOf = (productId: string) => {
      const known = reasons.get(productId) ?? { labels: [], impacts: [] };
      reasons.set(productId, known);
      return known;
    };
    for (const item of asList(vulnerability.flags)) {
      const record = asRecord(item);
      const label = asText(record?.label);
      if (record && label) for (const productId of targets(record)) pushUnique(reasonOf(productId).labels, label);
    }
    for (const item of asList(vulnerability.threats)) {
      const record = asRecord(item);
      const details = asText(record?.details)?.trim();
      if (!record || !details) continue;
      if (record.category === 'impact') for (const productId of targets(record)) pushUnique(reasonOf(productId).impacts, details);
      if (record.category === 'exploit_status') {
        // Said of named products, or (no product named) of every product of the vulnerability.
        const productIds = targets(record);
        for (const productId of productIds.length > 0 ? productIds : [...touched.keys()]) {
          for (const entry of touched.get(productId) ?? []) entry.exploitation = joined(entry.exploitation, details);
        }
      }
    }
    for (const [productId, { labels, impacts }] of reasons) {
      const text = [labels.join(', '), impacts.join(' ')].filter((part) => part !== '').join(': ');
      for (const entry of touched.get(productId) ?? []) {
        if (entry.status === 'not-affected' && text) entry.justification = joined(entry.justification, text);
      }
    }
  }
}

function joined(known: string | undefined, text: string): string {
  if (!known || known === text) return text;
  return known.split('; ').includes(text) ? known : `${known}; ${text}`;
}

/** The CVE, else the vulnerability's own ids (a Cisco bug id, a GitHub issue), else its place. */
function vulnerabilityIds(vulnerability: Record<string, unknown>, index: number): string[] {
  const cve = asText(vulnerability.cve);
  if (cve) return [cve];
  const ids = asList(vulnerability.ids)
    .map((id) => asText(asRecord(id)?.text))
    .filter((id): id is string => !!id);
  return ids.length > 0 ? ids : [`vulnerabilities[${index}]`];
}

export function csafProducts(document: unknown): AdvisoryProducts {
  const root = asRecord(document) ?? {};
  const productTree = asRecord(root.product_tree) ?? {};
  const reader = new CsafReader();
  for (const full of asList(productTree.full_product_names)) reader.addProduct(full, {});
  reader.walk(productTree.branches, {});
  reader.relate(asList(productTree.relationships));

  const groups = new Map<string, string[]>();
  for (const item of asList(productTree.product_groups)) {
    const group = asRecord(item);
    const id = asText(group?.group_id);
    if (id)
      groups.set(
        id,
        asList(group?.product_ids)
          .map(asText)
          .filter((productId): productId is string => !!productId),
      );
  }

  const statuses = new Statuses(reader);
  asList(root.vulnerabilities).forEach((item, index) => {
    const vulnerability = asRecord(item);
    if (vulnerability) statuses.read(vulnerability, index, groups);
  });
  const products = [...statuses.entries.values()].map(({ key: _key, ...product }) => product);
  return { products, unresolved: reader.unresolved };
}
