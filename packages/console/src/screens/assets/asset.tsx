// One asset: its facts, valuation (with its exposure), owner, location and labels; the vendor product it is
// (what advisories are matched against); what it depends on; its components, history and audit trail; the
// rules for its use; its evidence. Registrars edit it (a merge patch under If-Match: someone else's change in
// between is shown, with a reload that keeps what was typed), review, retire it, take it off site and back;
// keepers record its disposal.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { assetPatchSchema } from '@ismf/assets/rules';
import { act, api, useApiData } from '../../api.ts';
import { check, Field, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatDate, formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { useWho } from '../../session/session.ts';
import { AssetFields, assetFieldPaths, EXPOSURE_LABELS, patchOf, valuesOf, type AssetValues } from './asset-form.tsx';
import { DependenciesSection } from './dependencies.tsx';
import { EvidencePanel } from './evidence.tsx';
import { DisposeForm, OffSiteForm, RetireForm, ReturnForm, type LifecycleAct } from './lifecycle.tsx';
import { AUDITORS, KEEPERS, REGISTRARS, ReviewBadge, StatusBadge, TYPE_LABELS, holds, importanceLabel, useAssetPolicy, type Asset } from './shared.tsx';

type Mode = 'edit' | LifecycleAct;
type Change = { field: string; from?: unknown; to?: unknown; sensitive?: true };

const shown = (value: unknown) => (value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function Changes({ changes }: { changes: readonly Change[] | undefined }) {
  if (!changes?.length) return <>—</>;
  return (
    <ul className="changes">
      {changes.map((change) => (
        <li key={change.field}>
          <strong>{change.field}</strong>: {change.sensitive ? 'changed (not shown)' : `${shown(change.from)} → ${shown(change.to)}`}
        </li>
      ))}
    </ul>
  );
}

/** A fact, left out when the asset has none. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

function EditForm({
  asset,
  etag,
  onDone,
  onCancel,
  onReload,
}: {
  asset: Asset;
  etag: string | undefined;
  onDone: (asset: Asset) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const policy = useAssetPolicy();
  // The version the form was opened on: only what was typed since is sent, so a save after a reload never
  // undoes the other person's change to a field left alone.
  const [base] = useState(asset);
  const [values, setValues] = useState<AssetValues>(() => valuesOf(asset));
  const [reason, setReason] = useState('');
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const changes = patchOf(base, values);
      if (!Object.keys(changes).length) {
        return refusal('Nothing changed', 'change a field before saving');
      }
      const checked = check(assetPatchSchema, { ...changes, reason });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PATCH('/assets/{assetId}', { params: { path: { assetId: asset.id }, header: { 'If-Match': etag ?? '' } }, body: checked.value }),
      );
      if (outcome.problem) return outcome.problem;
      onDone(outcome.data);
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-label="Edit the asset">
      <h2>Edit the asset</h2>
      <ProblemBanner problem={form.problem} fields={[...assetFieldPaths('body'), 'body.reason']} onReload={onReload} />
      <AssetFields values={values} onChange={setValues} errorAt={(field) => form.error(`body.${field}`)} policy={policy} />
      <Field label="Reason for the change" hint="kept in the asset’s history" error={form.error('body.reason')}>
        {(props) => <input {...props} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <FormActions label="Save changes" busyLabel="Saving…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

type HistoryEntry = Schemas['GetAssetHistoryPage']['items'][number];
const historyColumns: Column<HistoryEntry>[] = [
  { header: 'Version', rowHeader: true, cell: (entry) => `v${entry.version}` },
  { header: 'When', cell: (entry) => formatTime(entry.at) },
  { header: 'Who', cell: (entry) => `${personName(entry.byPerson, entry.by.userId)} (${entry.by.roles.join(', ')})` },
  { header: 'What', cell: (entry) => entry.operation },
  { header: 'Why', cell: (entry) => entry.reason ?? '—' },
  { header: 'Changes', cell: (entry) => <Changes changes={entry.changes} /> },
];

type AuditEntry = Schemas['AuditEntry'];
const auditColumns: Column<AuditEntry>[] = [
  { header: 'Version', rowHeader: true, cell: (entry) => `v${entry.seq}` },
  { header: 'When', cell: (entry) => formatTime(entry.at) },
  { header: 'Who', cell: (entry) => personName(entry.actorPerson, entry.actor.userId) },
  { header: 'Operation', cell: (entry) => entry.operation },
  { header: 'Reason', cell: (entry) => entry.reason ?? '—' },
  { header: 'Changes', cell: (entry) => <Changes changes={entry.changes} /> },
  {
    header: 'Hash (previous → this)',
    cell: (entry) => (
      <code>
        {entry.prevHash.slice(0, 8)}… → {entry.hash.slice(0, 8)}…
      </code>
    ),
  },
];

type Component = Schemas['AssetComponent'];
const componentColumns: Column<Component>[] = [
  { header: 'Component', rowHeader: true, cell: (item) => (item.group ? `${item.group}/${item.name}` : item.name) },
  { header: 'Version', cell: (item) => item.version ?? '—' },
  { header: 'Type', cell: (item) => item.type ?? '—' },
  { header: 'Package URL', cell: (item) => (item.purl ? <code>{item.purl}</code> : '—') },
  { header: 'Licence', cell: (item) => item.licence ?? '—' },
  { header: 'Problems', cell: (item) => (item.problems.length ? item.problems.join('; ') : 'none') },
];

function AcceptableUse({ assetId, version }: { assetId: string; version: number }) {
  const read = useApiData(() => api().GET('/assets/{assetId}/acceptable-use', { params: { path: { assetId } } }), [assetId, version]);
  const scope = { asset: 'this asset', category: 'its category', type: 'its type' } as const;
  return (
    <section aria-labelledby="use-heading" className="card">
      <h2 id="use-heading">Acceptable use</h2>
      <ProblemBanner problem={read.problem} />
      {!read.data && !read.problem && <Loading what="rules of use" />}
      {read.data && read.data.rules.length === 0 && <p className="empty">Neither the asset nor the asset policy sets rules for its use.</p>}
      {read.data?.rules.map((rule) => (
        <article key={`${rule.scope}:${rule.title}`}>
          <h3>
            {rule.title} <small className="hint">(set for {scope[rule.scope]})</small>
          </h3>
          <p style={{ whiteSpace: 'pre-wrap' }}>{rule.rules}</p>
        </article>
      ))}
    </section>
  );
}

function Details({ asset }: { asset: Asset }) {
  return (
    <div className="tiles">
      <section aria-labelledby="facts-heading" className="card">
        <h2 id="facts-heading">Facts</h2>
        <dl className="facts">
          <Fact term="Type">{TYPE_LABELS[asset.type]}</Fact>
          <Fact term="Category">{asset.category}</Fact>
          <Fact term="Business process">{asset.businessProcess}</Fact>
          <Fact term="Description">{asset.description}</Fact>
          <Fact term="External id">{asset.externalId}</Fact>
          <Fact term="Labels">{asset.labels?.length ? asset.labels.join(', ') : undefined}</Fact>
          <Fact term="Status">
            <StatusBadge status={asset.status} />
          </Fact>
          <Fact term="Registered">{formatTime(asset.createdAt)}</Fact>
          <Fact term="Last changed">{`${formatTime(asset.updatedAt)} (version ${asset.version})`}</Fact>
        </dl>
      </section>
      <section aria-labelledby="valuation-heading" className="card">
        <h2 id="valuation-heading">Classification and valuation</h2>
        <dl className="facts">
          <Fact term="Classification">{asset.classification}</Fact>
          <Fact term="Confidentiality">{`${asset.confidentiality} of 5`}</Fact>
          <Fact term="Integrity">{`${asset.integrity} of 5`}</Fact>
          <Fact term="Availability">{`${asset.availability} of 5`}</Fact>
          <Fact term="Importance">{importanceLabel(asset.importance)}</Fact>
          <Fact term="Raised by">
            {asset.importanceRaise && (
              <>
                <Link to={`/assets/${asset.importanceRaise.by.assetId}`}>{asset.importanceRaise.by.name}</Link>, which depends on it (importance{' '}
                {importanceLabel(asset.importanceRaise.by.importance)}; rule {asset.importanceRaise.rule})
              </>
            )}
          </Fact>
          <Fact term="Exposure">{asset.exposure ? EXPOSURE_LABELS[asset.exposure] : 'not stated'}</Fact>
          <Fact term="Last reviewed">{asset.lastReviewedAt ? formatTime(asset.lastReviewedAt) : 'never'}</Fact>
          <Fact term="Next review">
            {asset.status === 'active' ? (
              <>
                {formatDate(asset.nextReviewDue)} <ReviewBadge asset={asset} />
              </>
            ) : (
              'not reviewed (out of service)'
            )}
          </Fact>
        </dl>
      </section>
      <section aria-labelledby="owner-heading" className="card">
        <h2 id="owner-heading">Owner and location</h2>
        <dl className="facts">
          <Fact term="Owner">
            {personName(asset.ownerPerson, asset.owner)}
            {asset.ownerPerson.email && asset.ownerPerson.email !== asset.ownerPerson.name ? ` <${asset.ownerPerson.email}>` : ''}
            {asset.ownerPerson.jobTitle ? `, ${asset.ownerPerson.jobTitle}` : ''} (<Link to={`/assets?owner=${asset.owner}`}>their assets</Link>)
          </Fact>
          <Fact term="Custodian">{asset.custodian}</Fact>
          <Fact term="Location">{asset.location}</Fact>
          <Fact term="Secure area">{asset.secureArea}</Fact>
          {asset.equipment &&
            Object.entries(asset.equipment).map(([field, value]) => (
              <Fact key={field} term={`Equipment: ${field}`}>
                {value}
              </Fact>
            ))}
          <Fact term="Off site">
            {asset.offSite &&
              `since ${formatDate(asset.offSite.removedOn)} at ${asset.offSite.destination} (${asset.offSite.purpose}); expected back ${formatDate(asset.offSite.expectedReturnOn)}`}
          </Fact>
        </dl>
      </section>
      {asset.identity && (
        <section aria-labelledby="identity-heading" className="card">
          <h2 id="identity-heading">Vendor product</h2>
          <p className="hint">What advisories are matched against (early warnings).</p>
          <dl className="facts">
            <Fact term="Vendor">{asset.identity.vendor}</Fact>
            <Fact term="Product">{asset.identity.product}</Fact>
            <Fact term="Model">{asset.identity.model}</Fact>
            <Fact term="Installed version">{asset.identity.version}</Fact>
            <Fact term="CPE">{asset.identity.cpe && <code className="vector">{asset.identity.cpe}</code>}</Fact>
          </dl>
        </section>
      )}
      {(asset.retirement || asset.disposal || asset.mergedFrom?.length) && (
        <section aria-labelledby="lifecycle-heading" className="card">
          <h2 id="lifecycle-heading">Lifecycle</h2>
          <dl className="facts">
            <Fact term="Retired">{asset.retirement && `${formatDate(asset.retirement.on)}: ${asset.retirement.reason}`}</Fact>
            <Fact term="Disposed of">
              {asset.disposal && `${formatDate(asset.disposal.on)} by ${asset.disposal.performedBy}, ${asset.disposal.method}: ${asset.disposal.reason}`}
            </Fact>
            <Fact term="Sanitisation">
              {asset.disposal?.sanitisation &&
                `${asset.disposal.sanitisation.technique}${asset.disposal.sanitisation.verifiedBy ? `, verified by ${asset.disposal.sanitisation.verifiedBy}` : ''}${asset.disposal.sanitisation.evidenceId ? ` (evidence ${asset.disposal.sanitisation.evidenceId})` : ''}`}
            </Fact>
            <Fact term="Duplicates merged into it">
              {asset.mergedFrom?.map((id) => (
                <Link key={id} to={`/assets/${id}`}>
                  {id}{' '}
                </Link>
              ))}
            </Fact>
          </dl>
        </section>
      )}
    </div>
  );
}

export default function AssetDetail() {
  const { assetId = '' } = useParams();
  const location = useLocation();
  const who = useWho();
  const read = useApiData(() => api().GET('/assets/{assetId}', { params: { path: { assetId } } }), [assetId]);
  const [mode, setMode] = useState<Mode>();
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const [uploaded, setUploaded] = useState<{ id: string; fileName: string }[]>([]);
  const asset = read.data?.id === assetId ? read.data : undefined;
  const registrar = holds(who?.roles, REGISTRARS);
  const keeper = holds(who?.roles, KEEPERS);

  if (!asset) {
    const merged = read.problem?.mergedInto;
    return (
      <Page title="Asset">
        {read.problem ? (
          <>
            <ProblemBanner problem={read.problem} />
            {merged && (
              <p>
                It was merged into <Link to={`/assets/${merged}`}>another asset</Link>.
              </p>
            )}
          </>
        ) : (
          <Loading what="the asset" />
        )}
      </Page>
    );
  }

  const done = (after: Asset, message: string) => {
    setMode(undefined);
    setNotice(message);
    read.reload();
  };
  const open = (next: Mode) => {
    setNotice(undefined);
    setMode(next);
  };
  const actProps = { asset, etag: read.etag, onDone: done, onCancel: () => setMode(undefined), onReload: read.reload, evidence: uploaded };
  const active = asset.status === 'active';

  return (
    <Page
      title={asset.name}
      actions={
        <>
          {registrar && active && (
            <>
              <Link className="button" to={`/assets/${asset.id}/reviews`}>
                Review
              </Link>
              <button type="button" className="secondary" onClick={() => open('edit')} aria-pressed={mode === 'edit'}>
                Edit
              </button>
              {asset.offSite ? (
                <button type="button" className="secondary" onClick={() => open('return')}>
                  Record return on site
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => open('off-site')}>
                  Take off site
                </button>
              )}
              <button type="button" className="secondary" onClick={() => open('retire')}>
                Retire
              </button>
            </>
          )}
          {registrar && asset.status === 'retired' && (
            <button type="button" className="secondary" onClick={() => open('edit')}>
              Edit
            </button>
          )}
          {keeper && asset.status === 'retired' && (
            <button type="button" className="secondary" onClick={() => open('dispose')}>
              Record disposal
            </button>
          )}
        </>
      }
    >
      <p>
        <Link to="/assets">← The register</Link>
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {read.problem && <ProblemBanner problem={read.problem} />}
      {mode === 'edit' && (
        <EditForm
          asset={asset}
          etag={read.etag}
          onDone={(after) => done(after, 'Your changes are saved.')}
          onCancel={() => setMode(undefined)}
          onReload={read.reload}
        />
      )}
      {mode === 'retire' && <RetireForm {...actProps} />}
      {mode === 'dispose' && <DisposeForm {...actProps} />}
      {mode === 'off-site' && <OffSiteForm {...actProps} />}
      {mode === 'return' && <ReturnForm {...actProps} />}
      <Details asset={asset} />
      <AcceptableUse assetId={asset.id} version={asset.version} />
      <DependenciesSection assetId={asset.id} version={asset.version} mayChange={registrar && asset.status !== 'disposed'} onChanged={read.reload} />
      <section aria-labelledby="components-heading" className="card">
        <h2 id="components-heading">Components</h2>
        {asset.componentSet ? (
          <>
            <p>
              {asset.componentSet.count} components from an SBOM ({asset.componentSet.specVersion}) imported {formatTime(asset.componentSet.importedAt)}
              {asset.componentSet.describes && ` describing ${asset.componentSet.describes.name} ${asset.componentSet.describes.version ?? ''}`}
              {asset.componentSet.withProblems ? `; ${asset.componentSet.withProblems} with problems` : ''}.
            </p>
            <PagedTable
              caption="Components"
              columns={componentColumns}
              deps={[asset.id, asset.componentSet.id]}
              load={(cursor) =>
                api().GET('/assets/{assetId}/components', { params: { path: { assetId: asset.id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } } })
              }
              rowKey={(item) => String(item.index)}
              empty="No components."
            />
          </>
        ) : (
          <p className="empty">No SBOM has been imported for this asset.</p>
        )}
      </section>
      <section aria-labelledby="history-heading" className="card">
        <h2 id="history-heading">History</h2>
        <PagedTable
          caption="Every version: who, when, why and what changed"
          columns={historyColumns}
          deps={[asset.id, asset.version]}
          load={(cursor) =>
            api().GET('/assets/{assetId}/history', { params: { path: { assetId: asset.id }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } })
          }
          rowKey={(entry) => String(entry.version)}
          empty="No history."
        />
      </section>
      {holds(who?.roles, AUDITORS) && (
        <section aria-labelledby="audit-heading" className="card">
          <h2 id="audit-heading">Audit trail</h2>
          <PagedTable
            caption="Audit entries of this asset, hash-chained"
            columns={auditColumns}
            deps={[asset.id, asset.version]}
            load={(cursor) => api().GET('/audit', { params: { query: { entity: `asset:${asset.id}`, limit: 25, ...(cursor ? { cursor } : {}) } } })}
            rowKey={(entry) => entry.entryId}
            empty="No audit entries."
          />
        </section>
      )}
      <EvidencePanel
        assetId={asset.id}
        mayUpload={asset.status !== 'disposed'}
        known={asset.disposal?.sanitisation?.evidenceId ? [asset.disposal.sanitisation.evidenceId] : []}
        onUploaded={(evidence) => setUploaded((before) => [...before, { id: evidence.id, fileName: evidence.fileName }])}
      />
    </Page>
  );
}
