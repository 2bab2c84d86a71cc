// The assets a vendor bulletin is for: found in the register by the start of their name (equipment and
// software, the assets that run what a patch fixes), or added by their id (as a mail or another screen gives
// it, read from the register to show its name), and kept as a list.
import { useState } from 'react';
import type { Schemas } from '@ismf/api-client/client';
import { MAX_PER_BATCH } from '@ismf/patches/rules';
import { act, api, type Problem } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';

type Asset = Schemas['Asset'];
export type ChosenAsset = Pick<Asset, 'id' | 'name' | 'type'>;

const PATCHABLE = ['software', 'physical'] as const;
type Patchable = (typeof PATCHABLE)[number];
const TYPE_LABELS: Record<Patchable, string> = { software: 'Software', physical: 'Equipment (physical)' };
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function AssetPicker({
  chosen,
  onChange,
  error,
}: {
  chosen: readonly ChosenAsset[];
  onChange: (assets: ChosenAsset[]) => void;
  error: string | undefined;
}) {
  const [q, setQ] = useState('');
  const [type, setType] = useState<Patchable>('software');
  const [found, setFound] = useState<Asset[] | undefined>();
  const [byId, setById] = useState('');
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const full = chosen.length >= MAX_PER_BATCH;
  const add = (asset: ChosenAsset) => {
    if (!chosen.some((each) => each.id === asset.id)) onChange([...chosen, { id: asset.id, name: asset.name, type: asset.type }]);
  };
  const find = () => {
    setBusy(true);
    setProblem(undefined);
    void act(api().GET('/assets', { params: { query: { type, ...(q.trim() ? { q: q.trim() } : {}), limit: 10 } } })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) setProblem(outcome.problem);
      else setFound(outcome.data.items);
    });
  };
  const addById = () => {
    const id = byId.trim().toUpperCase();
    setProblem(undefined);
    if (!ULID.test(id)) {
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
    void act(api().GET('/assets/{assetId}', { params: { path: { assetId: id } } })).then((outcome) => {
      setBusy(false);
      if (outcome.problem) {
        setProblem(outcome.problem);
        return;
      }
      add(outcome.data);
      setById('');
    });
  };
  return (
    <fieldset aria-describedby={error ? 'bulletin-assets-error' : undefined}>
      <legend>Assets to patch</legend>
      {chosen.length === 0 ? (
        <p className="empty">No asset chosen yet.</p>
      ) : (
        <ul aria-label="Chosen assets">
          {chosen.map((asset) => (
            <li key={asset.id}>
              {asset.name} <small className="hint">({asset.type})</small>{' '}
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
        <span id="bulletin-assets-error" className="field-error">
          {error}
        </span>
      )}
      <div className="filters">
        <Field label="Asset type">
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value as Patchable)}>
              {PATCHABLE.map((each) => (
                <option key={each} value={each}>
                  {TYPE_LABELS[each]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Find assets by name" hint={`the start of a name; at most ${MAX_PER_BATCH} assets`}>
          {(props) => (
            <input
              {...props}
              type="search"
              value={q}
              onChange={(event) => setQ(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  find();
                }
              }}
            />
          )}
        </Field>
      </div>
      <button type="button" className="secondary" onClick={find} disabled={busy}>
        {busy ? 'Searching…' : 'Find'}
      </button>
      {found && (
        <ul aria-label="Assets found">
          {found.length === 0 && <li className="empty">No asset of that type has a name beginning so.</li>}
          {found.map((asset) => {
            const taken = chosen.some((each) => each.id === asset.id);
            return (
              <li key={asset.id}>
                {asset.name} <small className="hint">({asset.type})</small>{' '}
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
      <Field
        label="Or add an asset by its id"
        hint="the id the register shows (26 letters and digits)"
        error={problem?.errors.find((each) => each.path === 'assetId')?.message}
      >
        {(props) => (
          <input
            {...props}
            className="mono"
            value={byId}
            onChange={(event) => setById(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addById();
              }
            }}
          />
        )}
      </Field>
      <button type="button" className="secondary" onClick={addById} disabled={busy || full}>
        Add by id
      </button>
      <ProblemBanner problem={problem} fields={['assetId']} />
    </fieldset>
  );
}
