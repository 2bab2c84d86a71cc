// Assets chosen from the register for a form (a change's affected assets, a weakness report's, a vendor bulletin's):
// found by the start of their name (of one type, where the form offers the choice), or added by their id (as a mail
// or another screen gives it, read from the register to show its name), and kept as a list up to the form's limit.
import { useId, useState } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, type Problem } from '../api.ts';
import { Field } from './form.tsx';
import { ProblemBanner, refusal } from './problem.tsx';

type Asset = Schemas['Asset'];
export type PickedAsset = Pick<Asset, 'id' | 'name' | 'type' | 'importance'>;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const picked = (asset: Asset): PickedAsset => ({ id: asset.id, name: asset.name, type: asset.type, importance: asset.importance });

export interface AssetPickerProps {
  legend: string;
  chosen: readonly PickedAsset[];
  onChange: (assets: PickedAsset[]) => void;
  error: string | undefined;
  /** The most the form takes. */
  max: number;
  /** The search field's hint. */
  hint: string;
  /** What is shown in brackets after an asset's name; default its type. */
  note?: (asset: PickedAsset) => string;
  /** The asset types a search may be narrowed to (the first is chosen at first); none: every type. */
  types?: readonly { value: Asset['type']; label: string }[];
  /** Offer to add an asset by its id. */
  byId?: boolean;
}

export function AssetPicker({ legend, chosen, onChange, error, max, hint, note = (asset) => asset.type, types, byId }: AssetPickerProps) {
  const id = useId();
  const [q, setQ] = useState('');
  const [type, setType] = useState(types?.[0]?.value);
  const [found, setFound] = useState<Asset[] | undefined>();
  const [typedId, setTypedId] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const full = chosen.length >= max;
  const add = (asset: Asset) => {
    if (!chosen.some((each) => each.id === asset.id)) onChange([...chosen, picked(asset)]);
  };
  const find = () => {
    setBusy(true);
    setProblem(undefined);
    void act(api().GET('/assets', { params: { query: { ...(type ? { type } : {}), ...(q.trim() ? { q: q.trim() } : {}), limit: 10 } } })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) setProblem(outcome.problem);
      else setFound(outcome.data.items);
    });
  };
  const addById = () => {
    const wanted = typedId.trim().toUpperCase();
    setProblem(undefined);
    if (!ULID.test(wanted)) {
      setProblem(
        refusal(
          'Not an asset id',
          'an asset id has 26 letters and digits, as the register shows it',
          'assetId',
          'an asset id such as 01JDQ8R6Z8W4X3N2K1M0P9Q7RS',
        ),
      );
      return;
    }
    setBusy(true);
    void act(api().GET('/assets/{assetId}', { params: { path: { assetId: wanted } } })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) {
        setProblem(outcome.problem);
        return;
      }
      add(outcome.data);
      setTypedId('');
    });
  };
  const onEnter = (action: () => void) => (event: { key: string; preventDefault: () => void }) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      action();
    }
  };
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {chosen.length === 0 ? (
        <p className="empty">No asset chosen yet.</p>
      ) : (
        <ul aria-label="Chosen assets">
          {chosen.map((asset) => (
            <li key={asset.id}>
              {asset.name} <small className="hint">({note(asset)})</small>{' '}
              <button
                type="button"
                className="secondary"
                onClick={() => onChange(chosen.filter((each) => each.id !== asset.id))}
                aria-label={`Remove ${asset.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
      <div className="filters">
        {types && (
          <Field label="Asset type">
            {(props) => (
              <select {...props} value={type} onChange={(event) => setType(event.target.value as Asset['type'])}>
                {types.map((each) => (
                  <option key={each.value} value={each.value}>
                    {each.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label="Find assets by name" hint={hint}>
          {(props) => <input {...props} type="search" value={q} onChange={(event) => setQ(event.target.value)} onKeyDown={onEnter(find)} />}
        </Field>
      </div>
      <button type="button" className="secondary" onClick={find} disabled={busy}>
        {busy ? 'Searching…' : 'Find'}
      </button>
      {found && (
        <ul aria-label="Assets found">
          {found.length === 0 && <li className="empty">{types ? 'No asset of that type has a name beginning so.' : 'No asset’s name begins so.'}</li>}
          {found.map((asset) => {
            const taken = chosen.some((each) => each.id === asset.id);
            return (
              <li key={asset.id}>
                {asset.name} <small className="hint">({note(picked(asset))})</small>{' '}
                <button
                  type="button"
                  className="secondary"
                  disabled={taken || full}
                  aria-label={taken ? `${asset.name} is added` : `Add ${asset.name}`}
                  onClick={() => add(asset)}
                >
                  {taken ? 'Added' : 'Add'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {byId && (
        <>
          <Field
            label="Or add an asset by its id"
            hint="the id the register shows (26 letters and digits)"
            error={problem?.errors.find((each) => each.path === 'assetId')?.message}
          >
            {(props) => <input {...props} className="mono" value={typedId} onChange={(event) => setTypedId(event.target.value)} onKeyDown={onEnter(addById)} />}
          </Field>
          <button type="button" className="secondary" onClick={addById} disabled={busy || full}>
            Add by id
          </button>
        </>
      )}
      <ProblemBanner problem={problem} fields={['assetId']} />
    </fieldset>
  );
}
