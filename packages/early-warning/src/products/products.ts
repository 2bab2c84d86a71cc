// The affected products of an accepted advisory document, whatever its format: the one entry point the
// matcher's callers use. A document naming more products than PRODUCT_LIMIT keeps the first ones and says so.
import type { AdvisoryFormat } from '../documents/summary.ts';
import type { AdvisoryProducts } from './affected.ts';
import { csafProducts } from './csaf-products.ts';
import { cveProducts, nvdProducts } from './cve-products.ts';
import { osvProducts } from './osv-products.ts';

/**
 * At most this many products per advisory. The largest real advisories (Red Hat's kernel RHSAs, Cisco's IOS
 * lists) name a few thousand; more than this is a feed gone wrong, and matching it against every asset would
 * cost more than it tells.
 */
export const PRODUCT_LIMIT = 5_000;

const READERS: Record<AdvisoryFormat, (document: unknown) => AdvisoryProducts> = {
  csaf: csafProducts,
  osv: osvProducts,
  cve: cveProducts,
  nvd: nvdProducts,
};

/** The affected products of one document of the given format (as `documentsOf` detected it). */
export function productsOf(format: AdvisoryFormat, document: unknown): AdvisoryProducts {
  const read = READERS[format](document);
  if (read.products.length <= PRODUCT_LIMIT) return read;
  return {
    products: read.products.slice(0, PRODUCT_LIMIT),
    unresolved: [
      ...read.unresolved,
      {
        ref: 'products',
        text: `${read.products.length} products`,
        reason: `more than ${PRODUCT_LIMIT} products: only the first ${PRODUCT_LIMIT} are matched`,
      },
    ],
  };
}
