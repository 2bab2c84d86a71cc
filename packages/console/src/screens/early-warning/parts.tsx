// What the early-warning screens share (X.1052 12.2.1 a): the words of sources, deliveries and advisories,
// badges whose text says what their colour repeats (severity, TLP, state), who may do what (the roles of the
// operations, read from the routes, which hold them equal to the API's), the sources' names by id, and
// sizes and ages as people read them.
import type { Schemas } from '@ismf/api-client/client';
import type { TenantRole } from '@ismf/core/roles';
import type { DeliveryState } from '@ismf/early-warning/rules';
import { api, useApiData } from '../../api.ts';
import { ROUTES } from '../../routes.ts';
import { useWho } from '../../session/session.ts';

export type Source = Schemas['AdvisorySource'];
export type SourceWithSecret = Schemas['AdvisorySourceWithSecret'];
export type Delivery = Schemas['AdvisoryDelivery'];
export type Advisory = Schemas['Advisory'];
export type Severity = NonNullable<Advisory['severity']>;
export type Tlp = NonNullable<Advisory['tlp']>;

const rolesOf = (operation: string): readonly TenantRole[] => ROUTES.find((route) => route.operation === operation)?.roles ?? [];

/** Whether the person signed in may call an operation that has a screen (its screen's roles are the operation's). */
export function useMay(operation: 'createAdvisorySource' | 'listAdvisorySources' | 'listAdvisoryDeliveries' | 'getEarlyWarningSettings'): boolean {
  const roles = useWho()?.roles ?? [];
  return rolesOf(operation).some((role) => roles.includes(role));
}

/** Who keeps sources, rotates their secrets and sets the TLP roles: the creators of sources (the same roles in the API). */
export const useKeeper = () => useMay('createAdvisorySource');

export const SOURCE_KIND_LABELS: Record<Source['kind'], string> = {
  vendor: 'Vendor (PSIRT)',
  'security-organization': 'Security organization',
  'government-cert': 'Government CERT',
  internal: 'Our own organization',
};

export const SOURCE_KIND_HINTS: Record<Source['kind'], string> = {
  vendor: 'a supplier’s product security incident response team announcing flaws in its products',
  'security-organization': 'a security organization or research team (FIRST members, GitHub advisories, OSV)',
  'government-cert': 'a national or governmental CERT/CSIRT',
  internal: 'your own teams, publishing advisories to the register',
};

export const FORMAT_LABELS: Record<string, string> = {
  csaf: 'CSAF 2.0',
  osv: 'OSV',
  cve: 'CVE JSON 5',
  nvd: 'NVD API 2.0',
  manual: 'Entered by hand',
};

export type Feed = NonNullable<Source['feed']>;
export type FeedKind = Feed['kind'];

export const FEED_LABELS: Record<FeedKind, string> = {
  'csaf-provider': 'A CSAF provider',
  kev: 'CISA’s known exploited vulnerabilities (KEV) catalog',
  osv: 'OSV, one ecosystem',
  nvd: 'The NVD’s CVE API',
};

/** How a source's advisories arrive, in words: its webhook, or the feed it pulls. */
export function arrivalText(source: Pick<Source, 'arrival' | 'feed'>): string {
  if (source.arrival === 'push' || !source.feed) return 'Pushed to its signed webhook';
  const feed = source.feed;
  return `Pulled: ${FEED_LABELS[feed.kind]}${feed.kind === 'osv' ? ` (${feed.ecosystem})` : ''}`;
}

export const formatsText = (formats: readonly string[]) => formats.map((format) => FORMAT_LABELS[format] ?? format).join(', ');

export function SourceStatusBadge({ status }: { status: Source['status'] }) {
  return status === 'active' ? <span className="badge ok">Active</span> : <span className="badge danger">Disabled</span>;
}

export const DELIVERY_STATE_LABELS: Record<DeliveryState, { text: string; tone: string }> = {
  received: { text: 'Received (being checked)', tone: '' },
  accepted: { text: 'Accepted', tone: 'ok' },
  'partly-accepted': { text: 'Partly accepted', tone: 'warn' },
  rejected: { text: 'Rejected', tone: 'danger' },
};

export function DeliveryStateBadge({ state }: { state: DeliveryState }) {
  const { text, tone } = DELIVERY_STATE_LABELS[state];
  return <span className={`badge ${tone}`}>{text}</span>;
}

export const OUTCOME_LABELS: Record<NonNullable<Delivery['outcomes']>[number]['outcome'], { text: string; tone: string }> = {
  accepted: { text: 'Accepted', tone: 'ok' },
  duplicate: { text: 'Already held', tone: '' },
  rejected: { text: 'Rejected', tone: 'danger' },
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'None',
};
/** Highest first, as the register and the dashboard count them. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

export function SeverityBadge({ severity, score }: { severity: Severity | undefined; score?: number }) {
  if (!severity) return <span className="badge severity">Not scored</span>;
  return (
    <span className={`badge severity severity-${severity}`}>
      {SEVERITY_LABELS[severity]}
      {score !== undefined && ` ${score.toFixed(1)}`}
    </span>
  );
}

/** TLP as FIRST draws it: the label in its colour on black, its words beside it where it restricts. */
export const TLP_MEANING: Record<Tlp, string> = {
  WHITE: 'Disclosure is not limited.',
  GREEN: 'Limited disclosure: may be shared within the community, not published.',
  AMBER: 'Limited disclosure: only within your organization (and its clients) on a need-to-know basis.',
  RED: 'Not for disclosure: only for the people it was given to.',
};

export function TlpBadge({ tlp }: { tlp: Tlp | undefined }) {
  if (!tlp) return null;
  return <span className={`tlp tlp-${tlp.toLowerCase()}`}>TLP:{tlp}</span>;
}

export function AdvisoryStateBadge({ state }: { state: Advisory['state'] }) {
  return state === 'current' ? <span className="badge ok">Current</span> : <span className="badge">Superseded</span>;
}

export function KevBadge({ kev }: { kev: boolean }) {
  return kev ? (
    <span className="badge danger" title="in CISA’s catalog of known exploited vulnerabilities">
      Known exploited
    </span>
  ) : null;
}

/** The sources' names by id, where the person may read the sources (others see the publisher instead). */
export function useSourceNames(): { names: ReadonlyMap<string, string>; sources: readonly Source[] | undefined } {
  const may = useMay('listAdvisorySources');
  const read = useApiData(
    () =>
      may
        ? api().GET('/advisory-sources', { params: { query: { limit: 100 } } })
        : Promise.resolve({ data: { items: [] as Source[] }, response: new Response() }),
    [may],
  );
  const sources = may ? read.data?.items : undefined;
  return { names: new Map((sources ?? []).map((source) => [source.id, source.name])), sources };
}

const bytesFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${bytesFormat.format(bytes / 1024)} KiB`;
  return `${bytesFormat.format(bytes / 1024 / 1024)} MiB`;
}

const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
/** How long ago (“3 hours ago”), for an age at a glance; the time itself stays beside it. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const elapsed = new Date(iso).getTime() - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(elapsed) >= size) return relative.format(Math.round(elapsed / size), unit);
  }
  return 'just now';
}

/** Whether a moment is still to come (a previous secret still verifying). */
export const isFuture = (iso: string, now = Date.now()) => new Date(iso).getTime() > now;

/** Whether a source has been silent longer than it is expected to be (its last delivery, else its registration). */
export function overdue(source: Source, now = Date.now()): boolean {
  if (!source.expectedIntervalHours || source.status !== 'active') return false;
  const last = source.health.lastDeliveryAt ?? source.createdAt;
  return now - new Date(last).getTime() > source.expectedIntervalHours * 3_600_000;
}

/** A number field as typed: a number when it is one, else the text (the schema then names the field). */
export const numberOr = (text: string): number | string | undefined => (text.trim() === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);

/** A local day (yyyy-mm-dd, as a date input gives it) as the ISO instant the API filters by: its start, or its end. */
export function isoOfDay(day: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`).toISOString();
}

/** The local day (yyyy-mm-dd) of an ISO instant, for a date input. */
export function dayOf(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
