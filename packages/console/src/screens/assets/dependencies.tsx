// What an asset depends on and what depends on it (both read for impact analysis), and the change of the
// first list: the whole list replaced, with a reason, under the asset's version (If-Match).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { act, api, useApiData } from '../../api.ts';
import { Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { Loading } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { StatusBadge, TYPE_LABELS, importanceLabel } from './shared.tsx';

type Dependencies = Schemas['AssetDependencies'];
type Linked = Dependencies['dependsOn'][number];

function LinkedTable({ caption, items, onRemove }: { caption: string; items: readonly Linked[]; onRemove?: (id: string) => void }) {
  if (!items.length) return <p className="empty">{caption}: none.</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Asset</th>
          <th scope="col">Type</th>
          <th scope="col">Importance</th>
          <th scope="col">Business process</th>
          <th scope="col">Status</th>
          {onRemove && <th scope="col">Change</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <th scope="row">
              <Link to={`/assets/${item.id}`}>{item.name}</Link>
            </th>
            <td>{TYPE_LABELS[item.type]}</td>
            <td>{importanceLabel(item.importance)}</td>
            <td>{item.businessProcess ?? '—'}</td>
            <td>
              <StatusBadge status={item.status} />
            </td>
            {onRemove && (
              <td>
                <button type="button" className="secondary" onClick={() => onRemove(item.id)}>
                  Remove {item.name}
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Editor({
  assetId,
  current,
  etag,
  onSaved,
  onCancel,
  onReload,
}: {
  assetId: string;
  current: readonly Linked[];
  etag: string | undefined;
  onSaved: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [list, setList] = useState<Linked[]>([...current]);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const found = useApiData(
    () =>
      query
        ? api().GET('/assets', { params: { query: { q: query, limit: 10, sort: 'name' } } })
        : Promise.resolve({ data: { items: [] }, response: new Response() }),
    [query],
  );
  const candidates = (found.data?.items ?? []).filter((asset) => asset.id !== assetId && !list.some((item) => item.id === asset.id));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQuery(q.trim());
  };
  const save = () =>
    void form.run(async () => {
      const outcome = await act(
        api().PUT('/assets/{assetId}/dependencies', {
          params: { path: { assetId }, header: { 'If-Match': etag ?? '' } },
          body: { dependsOn: list.map((item) => item.id), reason },
        }),
      );
      if (outcome.problem) return outcome.problem;
      onSaved();
      return undefined;
    });
  return (
    <div className="card">
      <h3>Change what it depends on</h3>
      <ProblemBanner problem={form.problem} fields={['body.reason']} onReload={onReload} />
      <LinkedTable caption="It will depend on" items={list} onRemove={(id) => setList((before) => before.filter((item) => item.id !== id))} />
      <form role="search" aria-label="Find an asset it depends on" onSubmit={search} className="filters">
        <Field label="Find an asset by the beginning of its name">
          {(props) => <input {...props} type="search" value={q} onChange={(event) => setQ(event.target.value)} />}
        </Field>
        <button type="submit" className="secondary">
          Find
        </button>
      </form>
      {query && !found.loading && candidates.length === 0 && <p className="empty">No other asset’s name begins with “{query}”.</p>}
      {candidates.length > 0 && (
        <ul>
          {candidates.map((asset) => (
            <li key={asset.id}>
              {asset.name} ({TYPE_LABELS[asset.type]}, importance {importanceLabel(asset.importance)}){' '}
              <button type="button" className="secondary" onClick={() => setList((before) => [...before, asset])}>
                Add {asset.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <Field label="Reason for the change" error={form.error('body.reason')}>
        {(props) => <input {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Save dependencies" busy={form.busy} onCancel={onCancel} onSubmit={save} />
    </div>
  );
}

/** `version`: the asset's, so that the lists are read again after each change of the asset. */
export function DependenciesSection({
  assetId,
  version,
  mayChange,
  onChanged,
}: {
  assetId: string;
  version: number;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const read = useApiData(() => api().GET('/assets/{assetId}/dependencies', { params: { path: { assetId } } }), [assetId, version]);
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby="dependencies-heading" className="card">
      <h2 id="dependencies-heading">Dependencies</h2>
      <ProblemBanner problem={read.problem} />
      {!read.data && !read.problem && <Loading what="dependencies" />}
      {read.data && (
        <>
          <LinkedTable caption="It depends on" items={read.data.dependsOn} />
          <LinkedTable caption="What depends on it" items={read.data.dependents} />
          {read.data.nextCursor && <p className="hint">More assets depend on it than are listed here.</p>}
          {mayChange && !editing && (
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              Change dependencies
            </button>
          )}
          {editing && (
            <Editor
              assetId={assetId}
              current={read.data.dependsOn}
              etag={read.etag}
              onReload={read.reload}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                onChanged();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
