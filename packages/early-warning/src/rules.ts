// What the console checks a source form with, and the words of early warning's records (X.1052 12.2.1 a). The
// one module of the area the console may import: pure zod schemas and constants.
import * as z from 'zod';
import { DEFAULT_PRIORITY_SETTINGS, prioritySettingsSchema } from './priority-rules.ts';
import { TENANT_ROLES } from '@ismf/core/roles';
import { feedSchema } from './feed-rules.ts';
import { ADVISORY_FORMATS, SEVERITIES, TLP_LABELS } from './documents/summary.ts';

export { ADVISORY_FORMATS, SEVERITIES, TLP_LABELS };
export { FEED_KINDS, feedSchema, type Feed } from './feed-rules.ts';

/** Who publishes what a source brings (X.1052 12.2.1 a: vendors, security organizations, the organization itself). */
export const SOURCE_KINDS = ['vendor', 'security-organization', 'government-cert', 'internal'] as const;
/** How it arrives: pushed to the source's signed webhook, or pulled from a public feed (`feed`). */
export const SOURCE_ARRIVALS = ['push', 'pull'] as const;
export const SOURCE_STATUSES = ['active', 'disabled'] as const;

export const DELIVERY_STATES = ['received', 'accepted', 'partly-accepted', 'rejected'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DOCUMENT_OUTCOMES = ['accepted', 'duplicate', 'rejected'] as const;
export const ADVISORY_STATES = ['current', 'superseded'] as const;

/** Standard Webhooks: a delivery signed more than this far from now (either way) is refused as stale. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
/** After a rotation the previous secret still verifies for this long, so that a sender can switch over. */
export const ROTATION_OVERLAP_HOURS = 24;

export const advisorySourceInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).describe('how people name the source (“Nokia PSIRT”, “CERT-EU”)'),
    kind: z.enum(SOURCE_KINDS).describe('who publishes: a vendor, a security organization, a government CERT, the organization itself'),
    arrival: z
      .enum(SOURCE_ARRIVALS)
      .default('push')
      .describe('push: the publisher posts to the source’s signed webhook; pull: the platform pulls the public feed the source names'),
    feed: feedSchema.optional().describe('the public feed of a pull source (pulled once for the platform, handed to every tenant that subscribes)'),
    credentials: z
      .strictObject({
        header: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'a header name')
          .default('Authorization')
          .describe('the request header that carries them'),
        value: z.string().min(1).max(4096).describe('its value (`Bearer …`, `Basic …`, an API key): kept only sealed, never shown again'),
      })
      .optional()
      .describe('a private feed (a vendor portal with the tenant’s own credentials, TLP:GREEN/AMBER/RED feeds included): pulled for this tenant alone'),
    formats: z
      .array(z.enum(ADVISORY_FORMATS))
      .min(1)
      .max(ADVISORY_FORMATS.length)
      .refine((formats) => new Set(formats).size === formats.length, 'formats must not repeat')
      .default([...ADVISORY_FORMATS])
      .describe('the document formats the source sends (others are rejected): csaf, osv, cve (CVE JSON 5), nvd (NVD API 2.0)'),
    vendor: z.string().trim().min(1).max(200).optional().describe('the vendor whose products the source announces'),
    expectedIntervalHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .optional()
      .describe('how often the source is expected to deliver: a longer silence is announced'),
  })
  .superRefine((source, context) => {
    if (source.arrival === 'pull' && !source.feed) context.addIssue({ code: 'custom', path: ['feed'], message: 'a pull source names its feed' });
    if (source.arrival === 'push' && source.feed)
      context.addIssue({ code: 'custom', path: ['feed'], message: 'a push source has no feed: its publisher posts to its webhook' });
    if (source.credentials && source.arrival !== 'pull')
      context.addIssue({ code: 'custom', path: ['credentials'], message: 'only a pull source carries credentials' });
  });
export type AdvisorySourceInput = z.output<typeof advisorySourceInputSchema>;

export const advisorySourcePatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  formats: z.array(z.enum(ADVISORY_FORMATS)).min(1).max(ADVISORY_FORMATS.length).optional(),
  vendor: z.string().trim().min(1).max(200).nullable().optional(),
  expectedIntervalHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .nullable()
    .optional(),
  status: z.enum(SOURCE_STATUSES).optional().describe('a disabled source’s webhook refuses deliveries (401)'),
});

/** Who may see an advisory of each restricted TLP label (CSAF `distribution.tlp`): it is withheld from everyone else. */
export const earlyWarningSettingsSchema = z.strictObject({
  tlpRoles: z
    .strictObject({
      AMBER: z.array(z.enum(TENANT_ROLES)).min(1).max(TENANT_ROLES.length),
      RED: z.array(z.enum(TENANT_ROLES)).min(1).max(TENANT_ROLES.length),
    })
    .describe('the roles that see (and are told of) TLP:AMBER and TLP:RED advisories'),
  priority: prioritySettingsSchema.default(DEFAULT_PRIORITY_SETTINGS),
});
export type EarlyWarningSettings = z.output<typeof earlyWarningSettingsSchema>;
export const DEFAULT_EARLY_WARNING_SETTINGS: EarlyWarningSettings = {
  tlpRoles: { AMBER: ['security-officer', 'isirt'], RED: ['security-officer', 'isirt'] },
  priority: DEFAULT_PRIORITY_SETTINGS,
};

/** Whether roles may see an advisory of this TLP label (WHITE, GREEN and none: everyone who reads advisories). */
export function mayView(tlp: string | undefined, roles: readonly string[], settings: EarlyWarningSettings): boolean {
  if (tlp !== 'AMBER' && tlp !== 'RED') return true;
  return settings.tlpRoles[tlp].some((role) => roles.includes(role));
}

export * from './entry-rules.ts';
export * from './priority-rules.ts';
export * from './triage-rules.ts';
export * from './recommendation-rules.ts';
