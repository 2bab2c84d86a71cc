// The products of an advisory entered by hand (a vendor bulletin read in a mail or on a portal): each named by
// vendor and product (with model numbers), a package URL or a CPE, its affected versions in the words of the
// bulletin (read by the same range grammar as CSAF's), and the fix. Problems are answered with the field.
import { cpeText, formatCpe, parseCpe } from '@ismf/core/cpe';
import { parsePurl, purlPackage } from '@ismf/core/purl';
import type { FieldError } from '@ismf/core/problems';
import type { AdvisoryProducts, AffectedProduct, ProductIdentifier } from './affected.ts';
import { normaliseModel, normaliseName, productAndModel } from './names.ts';
import { orderingOfPurlType } from '../versions/ecosystems.ts';
import { parseVersionRange } from '../versions/vendor-ranges.ts';

export interface EnteredProduct {
  vendor?: string;
  product?: string;
  models?: string[];
  purl?: string;
  cpe?: string;
  versions: string;
  fixedVersion?: string;
  fixUrl?: string;
}

/** The field errors of entered products: each needs a name (vendor and product), a package URL or a CPE, well formed. */
export function enteredProductErrors(products: readonly EnteredProduct[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  products.forEach((product, index) => {
    const at = `${path}.products.${index}`;
    if (!(product.vendor && product.product) && !product.purl && !product.cpe) {
      errors.push({ path: at, message: 'name the product: vendor and product, a purl or a cpe' });
    }
    if (product.purl) {
      const parsed = parsePurl(product.purl);
      if (!parsed.ok) errors.push({ path: `${at}.purl`, message: `a package URL: ${parsed.error}` });
    }
    if (product.cpe) {
      const parsed = parseCpe(product.cpe);
      if (!parsed.ok) errors.push({ path: `${at}.cpe`, message: `a CPE name: ${parsed.error}` });
    }
  });
  return errors;
}

/** Entered products as the matcher reads them; vulnerabilities are the entry's CVE ids, else its document id. */
export function enteredProducts(products: readonly EnteredProduct[], vulnerabilities: readonly string[]): AdvisoryProducts {
  const result: AdvisoryProducts = { products: [], unresolved: [] };
  products.forEach((entered, index) => {
    const identifiers: ProductIdentifier[] = [];
    let ordering: ReturnType<typeof parseVersionRange>['ordering'] = 'generic';
    if (entered.vendor && entered.product) {
      const split = productAndModel(entered.product);
      const models = [...(entered.models ?? []).map(normaliseModel), ...split.models];
      identifiers.push({ kind: 'name', vendor: normaliseName(entered.vendor), product: split.product, ...(models.length ? { models } : {}) });
    }
    const pkg = entered.purl ? purlPackage(entered.purl) : undefined;
    if (pkg && entered.purl) {
      identifiers.push({ kind: 'package', package: pkg.package, purl: entered.purl });
      const parsed = parsePurl(entered.purl);
      const typed = parsed.ok ? orderingOfPurlType(parsed.purl.type) : undefined;
      if (typed && 'ordering' in typed) ordering = typed.ordering;
    }
    const cpe = entered.cpe ? parseCpe(entered.cpe) : undefined;
    if (cpe?.ok) {
      const vendor = cpeText(cpe.cpe.vendor);
      const product = cpeText(cpe.cpe.product);
      if (vendor && product) identifiers.push({ kind: 'cpe', vendor, product, cpe: formatCpe(cpe.cpe) });
    }
    const range = parseVersionRange(entered.versions, ordering);
    const label = [entered.vendor, entered.product].filter(Boolean).join(' ') || entered.purl || entered.cpe || `product ${index + 1}`;
    if (range.unsupported) result.unresolved.push({ ref: `products[${index}]`, text: `${label} ${entered.versions}`, reason: range.unsupported });
    const product: AffectedProduct = {
      ref: `products[${index}]`,
      label,
      identifiers,
      status: 'affected',
      range,
      fixedVersions: entered.fixedVersion ? [entered.fixedVersion] : [],
      vulnerabilities: [...vulnerabilities],
      remediations: entered.fixedVersion
        ? [
            {
              category: 'vendor_fix',
              details: `Update to ${entered.fixedVersion}`,
              fixedVersion: entered.fixedVersion,
              ...(entered.fixUrl ? { url: entered.fixUrl } : {}),
            },
          ]
        : [],
    };
    result.products.push(product);
  });
  return result;
}
