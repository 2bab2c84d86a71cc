// The asset policy as people read it (levels, categories, valuation, review periods, acceptable use) and a
// difference between two versions, path by path, in words. Shared by the policy, change, decision and task screens.
import type { Schemas } from '@ismf/api-client/client';
import { IMPORTANCE_NAMES } from '@ismf/assets/rules';

export type Policy = Schemas['AssetPolicy'];
export type Change = { path: string; before?: unknown; after?: unknown };

const IMPORTANCE_RULE_NAMES: Record<Policy['importanceFromDependents'], string> = {
  none: 'does not raise an asset’s importance',
  equal: 'raises an asset to the highest importance of what depends on it',
  'one-below': 'raises an asset to one level below the highest importance of what depends on it',
};

export function valuationText(valuation: Policy['valuation']): string {
  if (valuation.method === 'highest') return 'the highest of confidentiality, integrity and availability';
  if (valuation.method === 'mean') return 'the mean of confidentiality, integrity and availability, rounded up';
  const { confidentiality, integrity, availability } = valuation.weights;
  return `weighted: confidentiality ${confidentiality}, integrity ${integrity}, availability ${availability}`;
}

const list = (items: readonly string[], empty: string) =>
  items.length ? (
    <ul>
      {items.map((item, index) => (
        <li key={`${index}:${item}`}>{item}</li>
      ))}
    </ul>
  ) : (
    <p className="empty">{empty}</p>
  );

/** A policy, readable; `headingLevel` fits it under the heading of the section it is shown in. */
export function PolicyView({ policy, headingLevel = 2 }: { policy: Policy; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="policy">
      <H>Protection objectives</H>
      {list(policy.protectionObjectives, 'None named.')}
      <table>
        <caption>Classification levels</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Labelling</th>
            <th scope="col">Handling</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {policy.classificationLevels.map((level) => (
            <tr key={level.name}>
              <th scope="row">
                {level.name}
                {policy.defaultClassification === level.name && ' (default)'}
              </th>
              <td>{level.labelling}</td>
              <td>{level.handling}</td>
              <td>{level.description ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <H>Valuation</H>
      <dl className="facts">
        <dt>Importance is</dt>
        <dd>{valuationText(policy.valuation)}</dd>
        <dt>What depends on an asset</dt>
        <dd>{IMPORTANCE_RULE_NAMES[policy.importanceFromDependents]}</dd>
        <dt>Default classification</dt>
        <dd>{policy.defaultClassification ?? 'none (imports must name one)'}</dd>
      </dl>
      <table>
        <caption>Review periods by importance</caption>
        <thead>
          <tr>
            <th scope="col">Importance</th>
            <th scope="col">Reviewed every</th>
          </tr>
        </thead>
        <tbody>
          {([5, 4, 3, 2, 1] as const).map((level) => (
            <tr key={level}>
              <th scope="row">
                {level} ({IMPORTANCE_NAMES[level]})
              </th>
              <td>{policy.reviewIntervalDays[level]} days</td>
            </tr>
          ))}
        </tbody>
      </table>
      <H>Business processes</H>
      {list(policy.businessProcesses, 'None named.')}
      <H>Categories</H>
      {list(
        policy.categories.map((category) => `${category.name} (${category.type})`),
        'None named: assets are grouped by type only.',
      )}
      <H>Acceptable use</H>
      {policy.acceptableUse.length ? (
        <table>
          <caption>Acceptable use rules</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Applies to</th>
              <th scope="col">Rules</th>
            </tr>
          </thead>
          <tbody>
            {policy.acceptableUse.map((rule, index) => (
              <tr key={`${index}:${rule.title}`}>
                <th scope="row">{rule.title}</th>
                <td>
                  {rule.type}
                  {rule.category ? ` / ${rule.category}` : ''}
                </td>
                <td>{rule.rules}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty">None set.</p>
      )}
    </div>
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The leaves that differ between two JSON values, as JSON Pointers (the API's `difference` shape). */
export function differences(before: unknown, after: unknown, path = ''): Change[] {
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => differences(before[key], after[key], `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '/', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

const FIELD_NAMES: Record<string, string> = {
  protectionObjectives: 'Protection objectives',
  categories: 'Categories',
  businessProcesses: 'Business processes',
  acceptableUse: 'Acceptable use',
  classificationLevels: 'Classification levels',
  valuation: 'Valuation',
  importanceFromDependents: 'Importance from dependents',
  reviewIntervalDays: 'Review period (days) for importance',
  defaultClassification: 'Default classification',
  weights: 'weight',
};

/** `/classificationLevels/1/handling` → `Classification levels › 2 › handling`. */
export function pathInWords(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part, index, parts) => (/^\d+$/.test(part) && parts[index - 1] !== 'reviewIntervalDays' ? String(Number(part) + 1) : (FIELD_NAMES[part] ?? part)))
    .join(' › ');
}

const shown = (value: unknown) => (value === undefined ? <em>not set</em> : typeof value === 'string' ? value : JSON.stringify(value));

/** What a change would change, path by path: what is in force and what is proposed. */
export function DifferenceTable({ changes, caption, omitted }: { changes: readonly Change[]; caption: string; omitted?: number | undefined }) {
  if (changes.length === 0) return <p className="empty">It proposes the policy as it is in force: nothing changes.</p>;
  return (
    <>
      <table className="difference">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">What</th>
            <th scope="col">In force</th>
            <th scope="col">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">{pathInWords(change.path)}</th>
              <td>{change.before === undefined ? <em>not set (added)</em> : shown(change.before)}</td>
              <td>{change.after === undefined ? <em>removed</em> : shown(change.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {omitted ? <p className="hint">{omitted} more changes are left out here; the proposal itself holds them.</p> : null}
    </>
  );
}
