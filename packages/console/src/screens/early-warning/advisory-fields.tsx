// An advisory as a security officer enters it by hand (an announcement read in a vendor's mail or on a CERT's
// page, or a weakness report triaged into one): the fields of a parsed advisory, lists typed one per line or
// separated by commas, each error beside its field naming the item it is about. Shared by the new advisory
// form (`body.…`) and the triage form (`body.advisory.…`).
import { TLP_LABELS } from '@ismf/early-warning/rules';
import type { Problem } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { isoOfDay, TLP_MEANING, type Source, type Tlp } from './parts.tsx';

export interface AdvisoryEntry {
  title: string;
  publisherName: string;
  publisherCategory: string;
  publisherNamespace: string;
  description: string;
  published: string;
  documentId: string;
  documentVersion: string;
  cveIds: string;
  aliases: string;
  cwes: string;
  cvssVectors: string;
  references: string;
  tlp: string;
  sourceId: string;
}

export const emptyEntry = (start: Partial<AdvisoryEntry> = {}): AdvisoryEntry => ({
  title: '',
  publisherName: '',
  publisherCategory: '',
  publisherNamespace: '',
  description: '',
  published: '',
  documentId: '',
  documentVersion: '',
  cveIds: '',
  aliases: '',
  cwes: '',
  cvssVectors: '',
  references: '',
  tlp: '',
  sourceId: '',
  ...start,
});

/** CSAF's publisher categories. */
const PUBLISHER_CATEGORIES = ['vendor', 'coordinator', 'discoverer', 'user', 'translator', 'other'] as const;

const words = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((each) => each.trim())
    .filter(Boolean);
const lines = (text: string) =>
  text
    .split('\n')
    .map((each) => each.trim())
    .filter(Boolean);

/** The lists as the API takes them, each item as typed (the schema names a bad one by its place). */
function listsOf(entry: AdvisoryEntry) {
  const cveIds = words(entry.cveIds).map((id) => (/^cve-/i.test(id) ? id.toUpperCase() : id));
  const aliases = words(entry.aliases);
  const cwes = lines(entry.cwes).map((line) => {
    const [, id = line, name = ''] = /^(CWE-\d+)\s*[-—:]?\s*(.*)$/i.exec(line) ?? [];
    return { id: id.toUpperCase(), ...(name.trim() ? { name: name.trim() } : {}) };
  });
  const cvssVectors = lines(entry.cvssVectors);
  const references = lines(entry.references).map((line) => {
    const [url = '', ...rest] = line.split(/\s+/);
    return { url, ...(rest.length ? { summary: rest.join(' ') } : {}) };
  });
  return { cveIds, aliases, cwes, cvssVectors, references };
}

/** The entry as the API's body (without what was left empty); `withDocumentId` false for a triage. */
export function entryBody(entry: AdvisoryEntry, withDocumentId: boolean) {
  const { cveIds, aliases, cwes, cvssVectors, references } = listsOf(entry);
  const text = (value: string) => value.trim() || undefined;
  const optional = <T,>(key: string, value: T | undefined) => (value === undefined || (Array.isArray(value) && !value.length) ? {} : { [key]: value });
  return {
    title: entry.title,
    publisher: {
      name: entry.publisherName,
      ...optional('category', text(entry.publisherCategory)),
      ...optional('namespace', text(entry.publisherNamespace)),
    },
    ...optional('description', text(entry.description)),
    ...optional('published', entry.published ? (isoOfDay(entry.published) ?? entry.published) : undefined),
    ...(withDocumentId ? optional('documentId', text(entry.documentId)) : {}),
    ...optional('documentVersion', text(entry.documentVersion)),
    ...optional('cveIds', cveIds),
    ...optional('aliases', aliases),
    ...optional('cwes', cwes),
    ...optional('cvssVectors', cvssVectors),
    ...optional('references', references),
    ...optional('tlp', text(entry.tlp)),
    ...optional('sourceId', text(entry.sourceId)),
  };
}

/** The error of a list field, naming the item it is about (“CVE-21-1”: …). */
function listError(problem: Problem | undefined, path: string, items: readonly unknown[]): string | undefined {
  const error = problem?.errors.find((each) => each.path === path || each.path.startsWith(`${path}.`));
  if (!error) return undefined;
  const index = Number(error.path.slice(path.length + 1).split('.')[0]);
  const item = Number.isInteger(index) ? items[index] : undefined;
  if (item === undefined) return error.message;
  const shown = typeof item === 'string' ? item : ((item as { id?: string; url?: string }).id ?? (item as { url?: string }).url ?? '');
  return `“${shown}”: ${error.message}`;
}

export const entryFields = (prefix: string, withDocumentId: boolean) => [
  `${prefix}.title`,
  `${prefix}.publisher.name`,
  `${prefix}.publisher.category`,
  `${prefix}.publisher.namespace`,
  `${prefix}.description`,
  `${prefix}.published`,
  ...(withDocumentId ? [`${prefix}.documentId`] : []),
  `${prefix}.documentVersion`,
  `${prefix}.cveIds`,
  `${prefix}.aliases`,
  `${prefix}.cwes`,
  `${prefix}.cvssVectors`,
  `${prefix}.references`,
  `${prefix}.tlp`,
  `${prefix}.sourceId`,
];

export function AdvisoryFields({
  entry,
  onChange,
  problem,
  prefix,
  withDocumentId,
  sources,
}: {
  entry: AdvisoryEntry;
  onChange: (entry: AdvisoryEntry) => void;
  problem: Problem | undefined;
  /** Where the API's errors name these fields: `body`, or `body.advisory` in a triage. */
  prefix: string;
  withDocumentId: boolean;
  sources: readonly Source[] | undefined;
}) {
  const set = (key: keyof AdvisoryEntry) => (value: string) => onChange({ ...entry, [key]: value });
  const lists = listsOf(entry);
  const error = (field: string, items?: readonly unknown[]) => listError(problem, `${prefix}.${field}`, items ?? []);
  const input = (key: keyof AdvisoryEntry, label: string, hint: string | undefined, path: string, type = 'text') => (
    <Field label={label} {...(hint ? { hint } : {})} error={error(path)}>
      {(props) => <input {...props} type={type} value={entry[key]} onChange={(event) => set(key)(event.target.value)} />}
    </Field>
  );
  const area = (key: keyof AdvisoryEntry, label: string, hint: string, path: string, items?: readonly unknown[]) => (
    <Field label={label} hint={hint} error={error(path, items)}>
      {(props) => <textarea {...props} value={entry[key]} spellCheck={false} onChange={(event) => set(key)(event.target.value)} />}
    </Field>
  );
  return (
    <>
      {input('title', 'Title', 'as its publisher gives it', 'title')}
      <fieldset>
        <legend>Publisher</legend>
        {input('publisherName', 'Publisher name', 'who published it: “Nokia PSIRT”, “CERT-EU”', 'publisher.name')}
        <Field label="Publisher category" error={error('publisher.category')}>
          {(props) => (
            <select {...props} value={entry.publisherCategory} onChange={(event) => set('publisherCategory')(event.target.value)}>
              <option value="">Not stated</option>
              {PUBLISHER_CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {category}
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('publisherNamespace', 'Publisher namespace', 'optional: the publisher’s web address', 'publisher.namespace')}
      </fieldset>
      <Field label="Description" hint="what is affected and how (at most 2,000 characters)" error={error('description')}>
        {(props) => <textarea {...props} value={entry.description} onChange={(event) => set('description')(event.target.value)} />}
      </Field>
      <div className="filters">
        {input('published', 'Published on', undefined, 'published', 'date')}
        {withDocumentId && input('documentId', 'Document id', 'the publisher’s id; empty: the entry’s own', 'documentId')}
        {input('documentVersion', 'Version', 'default 1; a higher one supersedes', 'documentVersion')}
      </div>
      {area('cveIds', 'CVE ids', 'separated by commas or spaces: CVE-2026-12345', 'cveIds', lists.cveIds)}
      {area('aliases', 'Other ids', 'optional: GHSA-…, the vendor’s ids', 'aliases', lists.aliases)}
      {area('cwes', 'Weaknesses (CWE)', 'one per line: CWE-79, optionally followed by its name', 'cwes', lists.cwes)}
      {area('cvssVectors', 'CVSS vectors', 'one per line (2.0, 3.x or 4.0): each is scored', 'cvssVectors', lists.cvssVectors)}
      {area('references', 'References', 'one per line: an https link, optionally followed by what it is', 'references', lists.references)}
      <Field label="TLP" hint={entry.tlp ? TLP_MEANING[entry.tlp as Tlp] : 'not marked: for everyone who reads advisories'} error={error('tlp')}>
        {(props) => (
          <select {...props} value={entry.tlp} onChange={(event) => set('tlp')(event.target.value)}>
            <option value="">Not marked</option>
            {TLP_LABELS.map((label) => (
              <option key={label} value={label}>
                TLP:{label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {sources && (
        <Field label="Source" hint="optional: the source whose announcement it is" error={error('sourceId')}>
          {(props) => (
            <select {...props} value={entry.sourceId} onChange={(event) => set('sourceId')(event.target.value)}>
              <option value="">None (entered by hand)</option>
              {sources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}
