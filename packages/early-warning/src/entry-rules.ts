// What people enter by hand (X.1052 12.2.1 a; X.1051 13.1.2): an advisory read elsewhere (a vendor's mail, a
// CERT's page), a weakness someone observed or suspects, and a security officer's triage of it. Pure zod
// schemas, re-exported by rules.ts: the console checks its forms with them, the API parses with them.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/id-patterns';
import { TLP_LABELS } from './documents/summary.ts';

/** A CVE id as MITRE assigns them: the year, then four or more digits. */
export const CVE_ID_PATTERN = /^CVE-\d{4}-\d{4,}$/;
/** A CWE id of MITRE's list. */
export const CWE_ID_PATTERN = /^CWE-\d{1,6}$/;
/** The shape of a CVSS vector (`CVSS:3.1/AV:N/…`, `CVSS:4.0/…`, a bare or parenthesised 2.0 vector); the API scores it. */
export const CVSS_VECTOR_SHAPE = /^(?:CVSS:\d\.\d\/)?\(?[A-Za-z]{1,4}:[A-Za-z0-9]{1,8}(?:\/[A-Za-z]{1,4}:[A-Za-z0-9]{1,8})*\)?$/;

/** Where a weakness report stands: reported, then triaged into an advisory or dismissed with a reason. */
export const WEAKNESS_STATES = ['reported', 'triaged', 'dismissed'] as const;
export type WeaknessState = (typeof WEAKNESS_STATES)[number];
export const TRIAGE_OUTCOMES = ['advisory', 'dismissed'] as const;
/** A report names at most this many assets (each read by key). */
export const MAX_REPORT_ASSETS = 20;
/** Who sees every weakness report; every other role sees only the reports it made. */
export const WEAKNESS_OVERSEERS = ['admin', 'security-officer', 'auditor'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const noRepeats = <T>(values: readonly T[]) => new Set(values).size === values.length;

export const manualAdvisoryInputSchema = z.strictObject({
  title: text(500).describe('the advisory’s title, as its publisher gives it'),
  publisher: z
    .strictObject({
      name: text(200).describe('who published it (“Nokia PSIRT”, “CERT-EU”)'),
      namespace: text(500).optional().describe('the publisher’s namespace (CSAF: a URL of theirs)'),
      category: text(100).optional().describe('vendor, coordinator, discoverer … (CSAF publisher categories)'),
    })
    .describe('who published the announcement'),
  description: text(2000).optional().describe('a short description: what is affected and how'),
  published: z.iso.datetime().optional().describe('when it was first published (UTC)'),
  updated: z.iso.datetime().optional().describe('when this version was published (UTC)'),
  documentId: text(200)
    .optional()
    .describe('the publisher’s id of the announcement; default: the entry’s own id. The same id with a higher version supersedes the older entry'),
  documentVersion: text(100).optional().describe('the announcement’s version; default `1`'),
  cveIds: z
    .array(z.string().regex(CVE_ID_PATTERN, 'a CVE id is CVE-YYYY-NNNN (four or more digits)'))
    .max(100)
    .refine(noRepeats, 'CVE ids must not repeat')
    .optional()
    .describe('the CVE ids it announces: they link it to every source’s advisories of the same vulnerability'),
  aliases: z.array(text(100)).max(100).optional().describe('other ids of the same vulnerability (GHSA-…, a vendor’s id)'),
  cwes: z
    .array(
      z.strictObject({
        id: z.string().regex(CWE_ID_PATTERN, 'a CWE id is CWE-<number>'),
        name: text(200).optional(),
      }),
    )
    .max(50)
    .optional()
    .describe('the weaknesses (CWE) behind it'),
  cvssVectors: z
    .array(z.string().trim().max(300).regex(CVSS_VECTOR_SHAPE, 'a CVSS vector: CVSS:3.1/AV:N/AC:L/…, CVSS:4.0/…, or a 2.0 vector'))
    .max(20)
    .optional()
    .describe('CVSS vectors (2.0, 3.0, 3.1, 4.0): each is scored; one that is no complete, valid vector is refused'),
  references: z
    .array(
      z.strictObject({
        url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2000),
        category: text(100).optional().describe('self, external …'),
        summary: text(500).optional(),
      }),
    )
    .max(100)
    .optional()
    .describe('where to read more (http and https links only)'),
  tlp: z.enum(TLP_LABELS).optional().describe('its Traffic Light Protocol label: AMBER and RED are shown only to the roles the tenant maps to them'),
  products: z
    .array(
      z.strictObject({
        vendor: text(200).optional().describe('the vendor as the bulletin names it (with `product`: matched against asset identities)'),
        product: text(200).optional(),
        models: z.array(text(100)).max(50).optional().describe('model or order numbers the bulletin names'),
        purl: text(1000).optional().describe('a package URL without version, when the bulletin is about a package'),
        cpe: text(1000).optional().describe('a CPE name (2.3 or 2.2 URI)'),
        versions: text(300).describe('the affected versions as the bulletin writes them: `<V6.6.1`, `>=12.0.1|<=12.0.14`, `vers:…`, `all versions`'),
        fixedVersion: text(100).optional().describe('the version that fixes it'),
        fixUrl: z
          .url({ protocol: /^https?$/, error: 'an http or https URL' })
          .max(2000)
          .optional()
          .describe('where the fix is'),
      }),
    )
    .max(100)
    .optional()
    .describe('the affected products (a vendor bulletin without an advisory document): matched to the register like a delivered advisory’s'),
  sourceId: ulidSchema.optional().describe('the tenant’s advisory source whose announcement it is; default: none (`manual`)'),
});
export type ManualAdvisoryInput = z.output<typeof manualAdvisoryInputSchema>;

/** A triage into an advisory takes the advisory as POST /advisories does, without an id: the report's own id is its document id. */
export const triageAdvisorySchema = manualAdvisoryInputSchema.omit({ documentId: true });
export type TriageAdvisoryInput = z.output<typeof triageAdvisorySchema>;

export const weaknessReportInputSchema = z.strictObject({
  title: text(200).describe('what the weakness is, in a line'),
  description: text(10_000).describe('what was observed or is suspected, where and how'),
  observedAt: z.iso.datetime({ offset: true }).optional().describe('when it was observed (not in the future)'),
  assetIds: z
    .array(ulidSchema)
    .max(MAX_REPORT_ASSETS)
    .refine(noRepeats, 'assets must not repeat')
    .optional()
    .describe(`the assets it concerns (at most ${MAX_REPORT_ASSETS}), each an asset of the register`),
  location: text(500).optional().describe('where it was observed (a site, a room, a system)'),
  contact: text(200).optional().describe('how to reach the reporter for more (kept out of the audit trail’s values)'),
});
export type WeaknessReportInput = z.output<typeof weaknessReportInputSchema>;

export const weaknessTriageSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('advisory').describe('a real weakness: recorded as an advisory, entered by hand'),
    advisory: triageAdvisorySchema,
    note: text(2000).optional().describe('a word to the reporter and the history'),
  }),
  z.strictObject({
    outcome: z.literal('dismissed').describe('no weakness, or none to act on'),
    reason: text(2000).describe('why it is dismissed (the reporter is told)'),
  }),
]);
export type WeaknessTriage = z.output<typeof weaknessTriageSchema>;
