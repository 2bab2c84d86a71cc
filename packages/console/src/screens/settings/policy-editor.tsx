// An editor of the asset policy, field by field: lists one item a line, the levels and rules as rows. It
// edits a draft (the text as typed) and hands the policy out as the API takes it; errors come by the API's
// own paths (`body.policy.classificationLevels.1.name`) so client and server errors land on the same fields.
import type { ReactNode } from 'react';
import { ASSET_TYPES, IMPORTANCE_NAMES } from '@ismf/assets/rules';
import { Field } from '../../ui/form.tsx';
import type { Policy } from './policy-view.tsx';

type Level = Policy['classificationLevels'][number];
type Category = Policy['categories'][number];
type Rule = Policy['acceptableUse'][number];

/** The policy as typed: numbers and lists kept as text until sent, so nothing typed is lost. */
export interface PolicyDraft {
  protectionObjectives: string;
  businessProcesses: string;
  categories: Category[];
  classificationLevels: Level[];
  method: Policy['valuation']['method'];
  weights: { confidentiality: string; integrity: string; availability: string };
  importanceFromDependents: Policy['importanceFromDependents'];
  reviewIntervalDays: Record<'1' | '2' | '3' | '4' | '5', string>;
  defaultClassification: string;
  acceptableUse: Rule[];
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function draftOf(policy: Policy): PolicyDraft {
  const weights = policy.valuation.method === 'weighted' ? policy.valuation.weights : { confidentiality: 1, integrity: 1, availability: 1 };
  const days = policy.reviewIntervalDays;
  return {
    protectionObjectives: policy.protectionObjectives.join('\n'),
    businessProcesses: policy.businessProcesses.join('\n'),
    categories: policy.categories,
    classificationLevels: policy.classificationLevels,
    method: policy.valuation.method,
    weights: { confidentiality: String(weights.confidentiality), integrity: String(weights.integrity), availability: String(weights.availability) },
    importanceFromDependents: policy.importanceFromDependents,
    reviewIntervalDays: { '1': String(days[1]), '2': String(days[2]), '3': String(days[3]), '4': String(days[4]), '5': String(days[5]) },
    defaultClassification: policy.defaultClassification ?? '',
    acceptableUse: policy.acceptableUse,
  };
}

// A number field left as typed when it is no number, so the schema names it rather than the console guessing.
const numberOr = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** The policy the draft stands for, as the API takes it (checked afterwards with assetPolicySchema). */
export function policyOf(draft: PolicyDraft): unknown {
  const optional = (text: string | undefined) => (text && text.trim() ? text : undefined);
  return {
    protectionObjectives: lines(draft.protectionObjectives),
    businessProcesses: lines(draft.businessProcesses),
    categories: draft.categories,
    classificationLevels: draft.classificationLevels.map(({ description, ...level }) => ({
      ...level,
      ...(optional(description) ? { description } : {}),
    })),
    valuation:
      draft.method === 'weighted'
        ? {
            method: 'weighted',
            weights: {
              confidentiality: numberOr(draft.weights.confidentiality),
              integrity: numberOr(draft.weights.integrity),
              availability: numberOr(draft.weights.availability),
            },
          }
        : { method: draft.method },
    importanceFromDependents: draft.importanceFromDependents,
    reviewIntervalDays: Object.fromEntries(Object.entries(draft.reviewIntervalDays).map(([level, days]) => [level, numberOr(days)])),
    ...(optional(draft.defaultClassification) ? { defaultClassification: draft.defaultClassification } : {}),
    acceptableUse: draft.acceptableUse.map(({ category, ...rule }) => ({ ...rule, ...(optional(category) ? { category } : {}) })),
  };
}

function Rows<T>({
  legend,
  items,
  onChange,
  blank,
  addLabel,
  render,
}: {
  legend: string;
  items: T[];
  onChange: (items: T[]) => void;
  blank: T;
  addLabel: string;
  render: (item: T, index: number, set: (item: T) => void) => ReactNode;
}) {
  return (
    <fieldset className="rows">
      <legend>{legend}</legend>
      {items.map((item, index) => (
        <div key={index} className="row card">
          {render(item, index, (next) => onChange(items.map((each, at) => (at === index ? next : each))))}
          <button type="button" className="secondary" onClick={() => onChange(items.filter((_, at) => at !== index))}>
            Remove {legend.toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...items, blank])}>
        {addLabel}
      </button>
    </fieldset>
  );
}

export function PolicyEditor({
  draft,
  onChange,
  error,
  prefix = 'body.policy',
}: {
  draft: PolicyDraft;
  onChange: (draft: PolicyDraft) => void;
  /** The error a problem gives one path, if any. */
  error: (path: string) => string | undefined;
  prefix?: string;
}) {
  const set = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]) => onChange({ ...draft, [key]: value });
  const at = (path: string) => error(`${prefix}.${path}`);
  return (
    <div className="policy-editor">
      <Field label="Protection objectives" hint="one a line" error={at('protectionObjectives')}>
        {(props) => <textarea {...props} value={draft.protectionObjectives} onChange={(e) => set('protectionObjectives', e.target.value)} />}
      </Field>
      <Rows
        legend="Classification level"
        items={draft.classificationLevels}
        onChange={(items) => set('classificationLevels', items)}
        blank={{ name: '', labelling: '', handling: '' }}
        addLabel="Add a classification level"
        render={(level, index, update) => (
          <>
            <Field label={`Level ${index + 1}: name`} error={at(`classificationLevels.${index}.name`)}>
              {(props) => <input {...props} value={level.name} onChange={(e) => update({ ...level, name: e.target.value })} />}
            </Field>
            <Field label={`Level ${index + 1}: labelling`} error={at(`classificationLevels.${index}.labelling`)}>
              {(props) => <input {...props} value={level.labelling} onChange={(e) => update({ ...level, labelling: e.target.value })} />}
            </Field>
            <Field label={`Level ${index + 1}: handling`} error={at(`classificationLevels.${index}.handling`)}>
              {(props) => <textarea {...props} value={level.handling} onChange={(e) => update({ ...level, handling: e.target.value })} />}
            </Field>
            <Field label={`Level ${index + 1}: description (optional)`} error={at(`classificationLevels.${index}.description`)}>
              {(props) => <input {...props} value={level.description ?? ''} onChange={(e) => update({ ...level, description: e.target.value })} />}
            </Field>
          </>
        )}
      />
      {at('classificationLevels') && !draft.classificationLevels.length && <p className="field-error">{at('classificationLevels')}</p>}
      <Field label="Default classification" hint="the level an import takes when a row names none; never public" error={at('defaultClassification')}>
        {(props) => (
          <select {...props} value={draft.defaultClassification} onChange={(e) => set('defaultClassification', e.target.value)}>
            <option value="">none</option>
            {draft.classificationLevels
              .filter((level) => level.name.trim())
              .map((level, index) => (
                <option key={`${index}:${level.name}`} value={level.name}>
                  {level.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field label="Valuation rule" error={at('valuation')}>
        {(props) => (
          <select {...props} value={draft.method} onChange={(e) => set('method', e.target.value as PolicyDraft['method'])}>
            <option value="highest">highest of C, I, A</option>
            <option value="mean">mean of C, I, A (rounded up)</option>
            <option value="weighted">weighted</option>
          </select>
        )}
      </Field>
      {draft.method === 'weighted' && (
        <fieldset>
          <legend>Weights (0 to 10)</legend>
          {(['confidentiality', 'integrity', 'availability'] as const).map((key) => (
            <Field key={key} label={`Weight of ${key}`} error={at(`valuation.weights.${key}`)}>
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  value={draft.weights[key]}
                  onChange={(e) => set('weights', { ...draft.weights, [key]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <Field label="Importance from dependents" error={at('importanceFromDependents')}>
        {(props) => (
          <select
            {...props}
            value={draft.importanceFromDependents}
            onChange={(e) => set('importanceFromDependents', e.target.value as PolicyDraft['importanceFromDependents'])}
          >
            <option value="none">none</option>
            <option value="equal">equal to the most important dependent</option>
            <option value="one-below">one level below the most important dependent</option>
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Review period in days, by importance</legend>
        {(['5', '4', '3', '2', '1'] as const).map((level) => (
          <Field key={level} label={`Importance ${level} (${IMPORTANCE_NAMES[level]})`} error={at(`reviewIntervalDays.${level}`)}>
            {(props) => (
              <input
                {...props}
                inputMode="numeric"
                value={draft.reviewIntervalDays[level]}
                onChange={(e) => set('reviewIntervalDays', { ...draft.reviewIntervalDays, [level]: e.target.value })}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <Field label="Business processes" hint="one a line" error={at('businessProcesses')}>
        {(props) => <textarea {...props} value={draft.businessProcesses} onChange={(e) => set('businessProcesses', e.target.value)} />}
      </Field>
      <Rows
        legend="Category"
        items={draft.categories}
        onChange={(items) => set('categories', items)}
        blank={{ type: 'information', name: '' } as Category}
        addLabel="Add a category"
        render={(category, index, update) => (
          <>
            <Field label={`Category ${index + 1}: asset type`} error={at(`categories.${index}.type`)}>
              {(props) => (
                <select {...props} value={category.type} onChange={(e) => update({ ...category, type: e.target.value as Category['type'] })}>
                  {ASSET_TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={`Category ${index + 1}: name`} error={at(`categories.${index}.name`)}>
              {(props) => <input {...props} value={category.name} onChange={(e) => update({ ...category, name: e.target.value })} />}
            </Field>
          </>
        )}
      />
      <Rows
        legend="Acceptable use rule"
        items={draft.acceptableUse}
        onChange={(items) => set('acceptableUse', items)}
        blank={{ type: 'information', title: '', rules: '' } as Rule}
        addLabel="Add an acceptable use rule"
        render={(rule, index, update) => (
          <>
            <Field label={`Rule ${index + 1}: title`} error={at(`acceptableUse.${index}.title`)}>
              {(props) => <input {...props} value={rule.title} onChange={(e) => update({ ...rule, title: e.target.value })} />}
            </Field>
            <Field label={`Rule ${index + 1}: asset type`} error={at(`acceptableUse.${index}.type`)}>
              {(props) => (
                <select {...props} value={rule.type} onChange={(e) => update({ ...rule, type: e.target.value as Rule['type'] })}>
                  {ASSET_TYPES.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={`Rule ${index + 1}: category (optional)`} error={at(`acceptableUse.${index}.category`)}>
              {(props) => <input {...props} value={rule.category ?? ''} onChange={(e) => update({ ...rule, category: e.target.value })} />}
            </Field>
            <Field label={`Rule ${index + 1}: rules`} error={at(`acceptableUse.${index}.rules`)}>
              {(props) => <textarea {...props} value={rule.rules} onChange={(e) => update({ ...rule, rules: e.target.value })} />}
            </Field>
          </>
        )}
      />
    </div>
  );
}
