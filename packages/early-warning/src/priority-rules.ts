// (b) The priority of an early warning's finding: CVSS × asset importance × exposure × exploitation, each
// factor a tenant setting, the product mapped to a priority by thresholds. Pure: the console shows the
// breakdown with the same function. Re-exported by rules.ts.
import * as z from 'zod';

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
/** FIRST's EPSS API: https://www.first.org/epss/api */
export const EPSS_API_URL = 'https://api.first.org/data/v1/epss';
export type Priority = (typeof PRIORITIES)[number];
export const EXPOSURE_LEVELS = ['internet-facing', 'partner-facing', 'internal', 'isolated'] as const;

const factor = z.number().min(0).max(10);

export const prioritySettingsSchema = z
  .strictObject({
    importance: z
      .strictObject({ '1': factor, '2': factor, '3': factor, '4': factor, '5': factor })
      .describe('the factor of the asset’s importance (1 minimal … 5 critical)'),
    exposure: z
      .strictObject({ 'internet-facing': factor, 'partner-facing': factor, internal: factor, isolated: factor, unknown: factor })
      .describe('the factor of the asset’s exposure; `unknown` for an asset that names none'),
    knownExploited: factor.describe('the factor when the vulnerability is in CISA’s KEV catalog'),
    exploitationReported: factor.describe('the factor when the advisory reports exploitation (CSAF exploit_status), and it is not in KEV'),
    unscored: z.number().min(0).max(10).describe('the CVSS base score assumed for a vulnerability without one'),
    epss: z
      .strictObject({
        enabled: z.boolean().describe('score the vulnerabilities of early warnings by EPSS (FIRST’s Exploit Prediction Scoring System), daily'),
        url: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional()
          .describe(`the EPSS API (default ${EPSS_API_URL}); a loopback http URL only where ISMF_OUTBOUND_ALLOW_LOOPBACK=1 allows it`),
        threshold: z.number().min(0).max(1).describe('the least EPSS probability (0–1) that counts as likely exploited'),
        factor,
      })
      .default({ enabled: false, threshold: 0.1, factor: 1.2 })
      .describe('an optional factor: a vulnerability neither in KEV nor reported exploited, whose EPSS probability reaches the threshold'),
    thresholds: z
      .strictObject({ critical: z.number().min(0), high: z.number().min(0), medium: z.number().min(0) })
      .refine((t) => t.critical >= t.high && t.high >= t.medium, 'thresholds fall from critical to medium')
      .describe('the least score of each priority; below medium: low'),
  })
  .describe('how an early warning’s priority is computed: score = CVSS × importance × exposure × exploitation');
export type PrioritySettings = z.output<typeof prioritySettingsSchema>;

export const DEFAULT_PRIORITY_SETTINGS: PrioritySettings = {
  importance: { '1': 0.6, '2': 0.8, '3': 1, '4': 1.2, '5': 1.4 },
  exposure: { 'internet-facing': 1.3, 'partner-facing': 1.15, internal: 1, isolated: 0.7, unknown: 1 },
  knownExploited: 1.5,
  exploitationReported: 1.3,
  unscored: 5,
  epss: { enabled: false, threshold: 0.1, factor: 1.2 },
  thresholds: { critical: 12, high: 8, medium: 4 },
};

export interface PriorityInput {
  /** The highest CVSS base score (v4.0 or v3.1 preferred by the caller); undefined when the advisory has none. */
  cvss?: number;
  importance: number;
  exposure?: string;
  knownExploited: boolean;
  exploitationReported: boolean;
  /** The EPSS probability (0–1) of the vulnerability, when the tenant scores by EPSS and it is known. */
  epss?: number;
}

export interface PriorityBreakdown {
  priority: Priority;
  score: number;
  cvss: number;
  cvssAssumed: boolean;
  importance: { level: number; factor: number };
  exposure: { level: string; factor: number };
  exploitation: { level: 'known-exploited' | 'reported' | 'likely' | 'none'; factor: number; epss?: number };
}

const round = (value: number) => Math.round(value * 100) / 100;

export function priorityOf(input: PriorityInput, settings: PrioritySettings = DEFAULT_PRIORITY_SETTINGS): PriorityBreakdown {
  const cvss = input.cvss ?? settings.unscored;
  const level = Math.min(5, Math.max(1, Math.round(input.importance))) as 1 | 2 | 3 | 4 | 5;
  const importance = settings.importance[String(level) as '1'];
  const exposureLevel = input.exposure && input.exposure in settings.exposure ? input.exposure : 'unknown';
  const exposure = settings.exposure[exposureLevel as keyof PrioritySettings['exposure']];
  const exploitation = input.knownExploited
    ? ({ level: 'known-exploited', factor: settings.knownExploited } as const)
    : input.exploitationReported
      ? ({ level: 'reported', factor: settings.exploitationReported } as const)
      : settings.epss.enabled && input.epss !== undefined && input.epss >= settings.epss.threshold
        ? ({ level: 'likely', factor: settings.epss.factor, epss: input.epss } as const)
        : ({ level: 'none', factor: 1, ...(settings.epss.enabled && input.epss !== undefined ? { epss: input.epss } : {}) } as const);
  const score = round(cvss * importance * exposure * exploitation.factor);
  const { thresholds } = settings;
  const priority: Priority = score >= thresholds.critical ? 'critical' : score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';
  return {
    priority,
    score,
    cvss,
    cvssAssumed: input.cvss === undefined,
    importance: { level, factor: importance },
    exposure: { level: exposureLevel, factor: exposure },
    exploitation,
  };
}

/** The order early warnings list in: critical first. */
export const priorityRank = (priority: Priority) => PRIORITIES.indexOf(priority);
