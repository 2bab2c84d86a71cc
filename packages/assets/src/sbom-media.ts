// Telling an SBOM from rows before reading either: CycloneDX JSON by its bomFormat, SPDX by its
// spdxVersion, even when sent as plain application/json; the media types an SBOM comes as.
import { looksLikeSpdx } from '@ismf/core/spdx';

export const SBOM_TYPES = ['application/vnd.cyclonedx+json', 'application/vnd.cyclonedx+xml', 'application/spdx+json'] as const;

export function isSbom(body: { mediaType: string; text: string }): boolean {
  if ((SBOM_TYPES as readonly string[]).includes(body.mediaType)) return true;
  if (body.mediaType !== 'application/json') return false;
  return (/^\s*\{/.test(body.text) && /"bomFormat"\s*:\s*"CycloneDX"/.test(body.text.slice(0, 4096))) || looksLikeSpdx(body.text);
}
