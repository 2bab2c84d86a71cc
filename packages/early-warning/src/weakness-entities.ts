// Weakness reports (X.1051 13.1.2): a security weakness an employee, contractor or third-party user observed or
// suspects, as they reported it, and how a security officer triaged it (into an advisory, or dismissed).
import { defineEntity } from '@ismf/store/entity-model';
import type { WeaknessState } from './entry-rules.ts';

export interface WeaknessTriageRecord {
  [key: string]: unknown;
  outcome: 'advisory' | 'dismissed';
  /** The security officer (token subject) who triaged it: never the reporter. */
  by: string;
  at: string;
  note?: string;
  reason?: string;
}

export interface WeaknessReportData {
  [key: string]: unknown;
  title: string;
  description: string;
  observedAt?: string;
  assetIds: string[];
  location?: string;
  contact?: string;
  state: WeaknessState;
  /** Who reported it (token subject): the one role-less reader of the report besides the overseers. */
  reporter: string;
  triage?: WeaknessTriageRecord;
  /** The advisory it became (triaged). */
  advisoryId?: string;
}

export const weaknessReportEntity = defineEntity<WeaknessReportData>()({
  type: 'weakness-report',
  description:
    'A security weakness someone observed or suspects (X.1051 13.1.2), as they reported it, and its triage by a security officer: an advisory, or dismissed with a reason.',
  audited: true,
  // How to reach the reporter is personal: the audit trail keeps its digest only.
  sensitive: ['contact'],
  controls: ['13.1.2'],
  label: (report) => report.title,
  link: (id) => `/weakness-reports/${id}`,
  patterns: {
    /** One person's reports, newest first: what everyone but the overseers sees. */
    byReporter: { index: 'GSI3', partition: ['reporter'], sort: ['id'] },
    /** The reports in one state (`reported`: what awaits triage), newest first. */
    byState: { index: 'GSI4', partition: ['state'], sort: ['id'] },
  },
});
