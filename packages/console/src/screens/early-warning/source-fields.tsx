// The fields of an advisory source as people fill them in, for registering one and for changing one: its
// name, who publishes and how its advisories arrive (only when registering: pushed to a signed webhook, or
// pulled from a public feed), the formats it sends (checkboxes; a feed's are the feed's), the vendor and how
// often it is expected to deliver. Kept as typed until sent, so a refusal loses nothing.
import { useId } from 'react';
import { ADVISORY_FORMATS, FEED_KINDS, SOURCE_KINDS } from '@ismf/early-warning/rules';
import { Field } from '../../ui/form.tsx';
import { refusal } from '../../ui/problem.tsx';
import type { Problem } from '../../api.ts';
import { FEED_LABELS, FORMAT_LABELS, SOURCE_KIND_HINTS, SOURCE_KIND_LABELS, type Feed, type FeedKind, type Source } from './parts.tsx';

export type Format = (typeof ADVISORY_FORMATS)[number];

export interface SourceValues {
  name: string;
  kind: Source['kind'];
  arrival: Source['arrival'];
  feedKind: FeedKind;
  feedUrl: string;
  ecosystem: string;
  /** A private feed's credentials: the header, and its value (sent once, kept sealed, never shown again). */
  credentialsHeader: string;
  credentialsValue: string;
  formats: Format[];
  vendor: string;
  interval: string;
}

export const SOURCE_FIELDS = [
  'body.name',
  'body.kind',
  'body.arrival',
  'body.feed',
  'body.credentials',
  'body.formats',
  'body.vendor',
  'body.expectedIntervalHours',
];

const FEED_URL_HINTS: Record<FeedKind, string> = {
  'csaf-provider': 'the provider’s provider-metadata.json (https)',
  kev: 'optional: CISA’s catalog unless you name a mirror (https)',
  osv: 'optional: OSV’s export bucket unless you name a mirror (https)',
  nvd: 'optional: the NVD’s CVE API 2.0 unless you name a mirror (https)',
};

/** A private feed's credentials, when a value was typed. */
export function credentialsOf(values: SourceValues) {
  return values.credentialsValue ? { credentials: { header: values.credentialsHeader.trim() || 'Authorization', value: values.credentialsValue } } : {};
}

/** The feed a pull source names, from what was typed (the schema then says what is missing). */
export function feedOf(values: SourceValues): Feed {
  const url = values.feedUrl.trim();
  if (values.feedKind === 'osv') return { kind: 'osv', ecosystem: values.ecosystem, ...(url ? { url } : {}) };
  if (values.feedKind === 'csaf-provider') return { kind: 'csaf-provider', url };
  return { kind: values.feedKind, ...(url ? { url } : {}) };
}

const FORMAT_HINTS: Record<Format, string> = {
  csaf: 'vendor and CERT advisories (OASIS CSAF 2.0), checked against the schema and the mandatory tests',
  osv: 'open-source package advisories (GitHub, PyPI, Go…)',
  cve: 'CVE records as the CVE Program publishes them',
  nvd: 'responses of the NVD’s CVE API 2.0',
};

export const valuesOf = (source?: Source): SourceValues => ({
  name: source?.name ?? '',
  kind: source?.kind ?? 'vendor',
  arrival: source?.arrival ?? 'push',
  feedKind: source?.feed?.kind ?? 'csaf-provider',
  feedUrl: source?.feed?.url ?? '',
  ecosystem: source?.feed?.kind === 'osv' ? source.feed.ecosystem : '',
  credentialsHeader: 'Authorization',
  credentialsValue: '',
  formats: source ? [...source.formats] : ['csaf'],
  vendor: source?.vendor ?? '',
  interval: source?.expectedIntervalHours !== undefined ? String(source.expectedIntervalHours) : '',
});

/** What the schema's own messages would say less plainly, said first. */
export function plainRefusal(values: SourceValues): Problem | undefined {
  if (!values.name.trim()) return refusal('Name the source', 'a source needs a name people know it by', 'body.name', 'give the source a name');
  if (values.arrival === 'push' && !values.formats.length)
    return refusal('Choose a format', 'a source sends at least one format', 'body.formats', 'choose at least one format the source sends');
  const interval = values.interval.trim();
  if (interval && !(/^\d+$/.test(interval) && Number(interval) >= 1 && Number(interval) <= 2160))
    return refusal('Check the expected interval', 'a whole number of hours', 'body.expectedIntervalHours', 'a whole number of hours from 1 to 2160 (90 days)');
  return undefined;
}

export function SourceFields({
  values,
  onChange,
  error,
  withKind,
}: {
  values: SourceValues;
  onChange: (values: SourceValues) => void;
  error: (path: string) => string | undefined;
  /** Registering: who publishes and how its advisories arrive are chosen once. */
  withKind: boolean;
}) {
  const formatsId = useId();
  const arrivalId = useId();
  const set = <K extends keyof SourceValues>(key: K, value: SourceValues[K]) => onChange({ ...values, [key]: value });
  const formatsError = error('body.formats');
  return (
    <>
      <Field label="Name" hint="how people name the source: “Nokia PSIRT”, “CERT-EU”" error={error('body.name')}>
        {(props) => <input {...props} value={values.name} onChange={(event) => set('name', event.target.value)} />}
      </Field>
      {withKind && (
        <Field label="Kind" hint={SOURCE_KIND_HINTS[values.kind]} error={error('body.kind')}>
          {(props) => (
            <select {...props} value={values.kind} onChange={(event) => set('kind', event.target.value as Source['kind'])}>
              {SOURCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {SOURCE_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {withKind && (
        <fieldset aria-describedby={`${arrivalId}-hint`}>
          <legend>How its advisories arrive</legend>
          <small id={`${arrivalId}-hint`} className="hint">
            a publisher that can sign and post its advisories pushes them; a public feed is pulled by ISMF on a schedule
          </small>
          <label className="check">
            <input type="radio" name={arrivalId} value="push" checked={values.arrival === 'push'} onChange={() => set('arrival', 'push')} />
            Pushed by the publisher to a signed webhook
          </label>
          <label className="check">
            <input type="radio" name={arrivalId} value="pull" checked={values.arrival === 'pull'} onChange={() => set('arrival', 'pull')} />
            Pulled from a public feed
          </label>
        </fieldset>
      )}
      {withKind && values.arrival === 'pull' && (
        <>
          <Field label="Feed" error={error('body.feed.kind')}>
            {(props) => (
              <select {...props} value={values.feedKind} onChange={(event) => set('feedKind', event.target.value as FeedKind)}>
                {FEED_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {FEED_LABELS[kind]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {values.feedKind === 'osv' && (
            <Field label="Ecosystem" hint="as OSV names it: npm, PyPI, Go, Maven, Debian…" error={error('body.feed.ecosystem')}>
              {(props) => <input {...props} value={values.ecosystem} onChange={(event) => set('ecosystem', event.target.value)} />}
            </Field>
          )}
          <Field label="Feed URL" hint={FEED_URL_HINTS[values.feedKind]} error={error('body.feed.url') ?? error('body.feed')}>
            {(props) => <input {...props} type="url" value={values.feedUrl} onChange={(event) => set('feedUrl', event.target.value)} />}
          </Field>
          <fieldset>
            <legend>Credentials of a private feed (optional)</legend>
            <small className="hint">
              for a vendor portal that asks for your organization’s own credentials: kept only sealed, never shown again, and the feed is pulled for your
              organization alone
            </small>
            <Field label="Header" error={error('body.credentials.header')}>
              {(props) => <input {...props} value={values.credentialsHeader} onChange={(event) => set('credentialsHeader', event.target.value)} />}
            </Field>
            <Field label="Value" hint="Bearer …, Basic …, or an API key" error={error('body.credentials.value') ?? error('body.credentials')}>
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="off"
                  value={values.credentialsValue}
                  onChange={(event) => set('credentialsValue', event.target.value)}
                />
              )}
            </Field>
          </fieldset>
        </>
      )}
      {values.arrival === 'push' && (
        <fieldset aria-describedby={`${formatsId}-hint${formatsError ? ` ${formatsId}-error` : ''}`} aria-invalid={!!formatsError}>
          <legend>Formats it sends</legend>
          <small id={`${formatsId}-hint`} className="hint">
            documents of other formats are rejected
          </small>
          {ADVISORY_FORMATS.map((format) => (
            <label key={format} className="check">
              <input
                type="checkbox"
                value={format}
                checked={values.formats.includes(format)}
                onChange={(event) =>
                  set(
                    'formats',
                    ADVISORY_FORMATS.filter((each) => (each === format ? event.target.checked : values.formats.includes(each))),
                  )
                }
              />
              <span>
                {FORMAT_LABELS[format]} <small className="hint">— {FORMAT_HINTS[format]}</small>
              </span>
            </label>
          ))}
          {formatsError && (
            <span id={`${formatsId}-error`} className="field-error">
              {formatsError}
            </span>
          )}
        </fieldset>
      )}
      <Field label="Vendor" hint="optional: the vendor whose products the source announces" error={error('body.vendor')}>
        {(props) => <input {...props} value={values.vendor} onChange={(event) => set('vendor', event.target.value)} />}
      </Field>
      <Field
        label="Expected interval (hours)"
        hint="optional: how often it should deliver (24 daily, 168 weekly); a longer silence is flagged"
        error={error('body.expectedIntervalHours')}
      >
        {(props) => <input {...props} inputMode="numeric" value={values.interval} onChange={(event) => set('interval', event.target.value)} />}
      </Field>
    </>
  );
}
