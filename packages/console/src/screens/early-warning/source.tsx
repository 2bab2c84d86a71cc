// One advisory source (X.1052 12.2.1 a): what it is, its webhook, how it is doing, and its recent deliveries.
// Those who keep sources change it (PATCH, a JSON merge patch of what changed), disable or enable it (a
// disabled source's webhook refuses deliveries), and rotate its signing secret (the new one shown once; the
// previous one still verifies for a day). Each with If-Match the version read: a 412 says someone changed the
// source meanwhile.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { advisorySourcePatchSchema } from '@ismf/early-warning/rules';
import { act, api, useApiData } from '../../api.ts';
import { check, FormActions, useSubmission } from '../../ui/form.tsx';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable } from '../../ui/paged-table.tsx';
import { ProblemBanner, refusal } from '../../ui/problem.tsx';
import { deliveryColumns } from './delivery-parts.tsx';
import {
  ago,
  arrivalText,
  formatsText,
  numberOr,
  overdue,
  SOURCE_KIND_LABELS,
  SourceStatusBadge,
  isFuture,
  useKeeper,
  type Source,
  type SourceWithSecret,
} from './parts.tsx';
import { CopyField, SecretPanel, SigningNote, webhookUrl } from './secret.tsx';
import { plainRefusal, SOURCE_FIELDS, SourceFields, valuesOf, type SourceValues } from './source-fields.tsx';
import { When } from './sources.tsx';

type Acting = 'edit' | 'rotate' | 'status';

const ifMatch = (source: Source, etag: string | undefined) => etag ?? `"${source.version}"`;

/** What the form changed, as a merge patch: a cleared optional field is removed (null). */
function patchOf(before: Source, values: SourceValues) {
  const patch: Record<string, unknown> = {};
  if (values.name !== before.name) patch.name = values.name;
  if (values.formats.join() !== before.formats.join()) patch.formats = values.formats;
  const vendor = values.vendor.trim();
  if (vendor !== (before.vendor ?? '')) patch.vendor = vendor || null;
  const interval = numberOr(values.interval);
  if (interval !== before.expectedIntervalHours) patch.expectedIntervalHours = interval ?? null;
  return patch;
}

function EditForm({ source, etag, onDone, onCancel }: { source: Source; etag: string | undefined; onDone: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<SourceValues>(() => valuesOf(source));
  const form = useSubmission();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(async () => {
      const plain = plainRefusal(values);
      if (plain) return plain;
      const patch = patchOf(source, values);
      if (!Object.keys(patch).length) return refusal('Nothing changed', 'change a field before saving');
      const checked = check(advisorySourcePatchSchema, patch);
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PATCH('/advisory-sources/{sourceId}', {
          params: { path: { sourceId: source.id }, header: { 'If-Match': ifMatch(source, etag) } },
          body: checked.value,
        }),
      );
      if (outcome.problem) return outcome.problem;
      onDone();
      return undefined;
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="edit-source-heading">
      <h2 id="edit-source-heading">Change the source</h2>
      <ProblemBanner problem={form.problem} fields={SOURCE_FIELDS} onReload={onDone} />
      <SourceFields values={values} onChange={setValues} error={form.error} withKind={false} />
      <FormActions label="Save changes" busyLabel="Saving…" busy={form.busy} onCancel={onCancel} />
    </form>
  );
}

function RotateForm({
  source,
  etag,
  onRotated,
  onCancel,
  onReload,
}: {
  source: Source;
  etag: string | undefined;
  onRotated: (source: SourceWithSecret) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const form = useSubmission();
  const rotate = () =>
    void form.run(async () => {
      const outcome = await act(
        api().POST('/advisory-sources/{sourceId}/secret-rotation', {
          params: { path: { sourceId: source.id }, header: { 'If-Match': ifMatch(source, etag) } },
        }),
      );
      if (outcome.problem) return outcome.problem;
      onRotated(outcome.data);
      return undefined;
    });
  return (
    <section className="card" aria-labelledby="rotate-heading">
      <h2 id="rotate-heading">Rotate the signing secret</h2>
      <p>
        A new secret is made and shown once. The current one still verifies deliveries for 24 hours, so the sender can switch over without losing a delivery;
        after that only the new one does. Rotate when the secret may have leaked, or as your key policy asks.
      </p>
      <ProblemBanner problem={form.problem} onReload={onReload} />
      <FormActions label="Rotate the secret" busyLabel="Rotating…" busy={form.busy} onCancel={onCancel} onSubmit={rotate} />
    </section>
  );
}

function StatusForm({ source, etag, onDone, onCancel }: { source: Source; etag: string | undefined; onDone: () => void; onCancel: () => void }) {
  const form = useSubmission();
  const disabling = source.status === 'active';
  const change = () =>
    void form.run(async () => {
      const checked = check(advisorySourcePatchSchema, { status: disabling ? 'disabled' : 'active' });
      if (checked.problem) return checked.problem;
      const outcome = await act(
        api().PATCH('/advisory-sources/{sourceId}', {
          params: { path: { sourceId: source.id }, header: { 'If-Match': ifMatch(source, etag) } },
          body: checked.value,
        }),
      );
      if (outcome.problem) return outcome.problem;
      onDone();
      return undefined;
    });
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{disabling ? 'Disable the source' : 'Enable the source'}</h2>
      <p>
        {disabling
          ? 'While it is disabled its webhook refuses every delivery (401) and nothing is kept; the sender will see its deliveries fail. Its advisories stay in the register.'
          : 'Its webhook takes signed deliveries again from now on.'}
      </p>
      <ProblemBanner problem={form.problem} onReload={onDone} />
      <FormActions
        label={disabling ? 'Disable the source' : 'Enable the source'}
        busyLabel="Saving…"
        busy={form.busy}
        onCancel={onCancel}
        onSubmit={change}
        danger={disabling}
      />
    </section>
  );
}

function Facts({ source }: { source: Source }) {
  return (
    <section className="card" aria-labelledby="source-facts">
      <h2 id="source-facts">Details</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <SourceStatusBadge status={source.status} />
          {source.status === 'disabled' && ' — its webhook refuses deliveries'}
        </dd>
        <dt>Kind</dt>
        <dd>{SOURCE_KIND_LABELS[source.kind]}</dd>
        <dt>Vendor</dt>
        <dd>{source.vendor ?? '—'}</dd>
        <dt>Formats</dt>
        <dd>{formatsText(source.formats)}</dd>
        <dt>Arrival</dt>
        <dd>{arrivalText(source)}</dd>
        {source.feed && (
          <>
            <dt>Feed URL</dt>
            <dd className="mono">{source.feed.url ?? 'the feed’s own address'}</dd>
            <dt>Credentials</dt>
            <dd>
              {source.credentials
                ? `a private feed, pulled for your organization alone: its credentials go in the ${source.credentials.header} header (kept sealed, never shown)`
                : 'none: a public feed'}
            </dd>
          </>
        )}
        <dt>Expected interval</dt>
        <dd>{source.expectedIntervalHours ? `every ${source.expectedIntervalHours} hours at least` : 'not set'}</dd>
        {source.secretGeneration !== undefined && (
          <>
            <dt>Signing secret</dt>
            <dd>
              secret {source.secretGeneration}
              {source.secretGeneration > 1 ? ` (rotated ${source.secretGeneration - 1} time${source.secretGeneration > 2 ? 's' : ''})` : ' (as registered)'}
              {source.previousSecretValidUntil && isFuture(source.previousSecretValidUntil) && (
                <>
                  ; the previous secret verifies until {formatTime(source.previousSecretValidUntil)} ({ago(source.previousSecretValidUntil)})
                </>
              )}
            </dd>
          </>
        )}
        <dt>Registered</dt>
        <dd>
          by {personName(source.createdByPerson, source.createdBy)} on {formatTime(source.createdAt)}
        </dd>
        <dt>Last changed</dt>
        <dd>{formatTime(source.updatedAt)}</dd>
      </dl>
    </section>
  );
}

function Health({ source }: { source: Source }) {
  const { health } = source;
  return (
    <section className="card" aria-labelledby="source-health">
      <h2 id="source-health">Health</h2>
      {overdue(source) && (
        <p className="warning-box">
          <strong>Silent longer than expected.</strong> It should deliver every {source.expectedIntervalHours} hours; its last delivery was{' '}
          {health.lastDeliveryAt ? ago(health.lastDeliveryAt) : 'never'}. Check with the sender.
        </p>
      )}
      <dl className="facts">
        <dt>Deliveries</dt>
        <dd>{health.deliveries}</dd>
        <dt>Documents accepted</dt>
        <dd>{health.accepted}</dd>
        <dt>Documents rejected</dt>
        <dd>
          {health.rejected > 0 ? (
            <Link to={`/advisory-deliveries?sourceId=${source.id}&state=rejected`}>
              <span className="badge danger">{health.rejected} rejected</span>
            </Link>
          ) : (
            0
          )}
        </dd>
        <dt>Already held</dt>
        <dd>{health.duplicates}</dd>
        {source.arrival === 'pull' && (
          <>
            <dt>Failed pulls</dt>
            <dd>{health.pullFailures ?? 0}</dd>
          </>
        )}
        <dt>Last delivery</dt>
        <dd>
          <When at={health.lastDeliveryAt} />
        </dd>
        <dt>Last success</dt>
        <dd>
          <When at={health.lastSuccessAt} />
        </dd>
        <dt>Last failure</dt>
        <dd>
          <When at={health.lastFailureAt} none="none" />
          {health.lastFailure && (
            <>
              <br />
              {health.lastFailure}
            </>
          )}
        </dd>
      </dl>
    </section>
  );
}

export default function AdvisorySource() {
  const { sourceId = '' } = useParams();
  const keeper = useKeeper();
  const read = useApiData(() => api().GET('/advisory-sources/{sourceId}', { params: { path: { sourceId } } }), [sourceId]);
  const source = read.data;
  const [acting, setActing] = useState<Acting>();
  const [rotated, setRotated] = useState<SourceWithSecret>();
  const [notice, setNotice] = useState<string>();
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  const done = (message?: string) => {
    setActing(undefined);
    setNotice(message);
    read.reload();
  };
  const start = (what: Acting) => {
    setActing(what);
    setNotice(undefined);
    setRotated(undefined);
  };
  return (
    <Page title={source ? `Advisory source: ${source.name}` : 'Advisory source'}>
      <p>
        <Link to="/advisory-sources">All sources</Link>
        {source && (
          <>
            {' '}
            · <Link to={`/advisories?sourceId=${source.id}`}>Its advisories</Link>
          </>
        )}
      </p>
      {missing ? <p>There is no advisory source {sourceId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!source && read.loading && <Loading what="the source" />}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {rotated && <SecretPanel source={rotated} heading="The new signing secret" />}
      {source && (
        <>
          {keeper && !acting && (
            <div className="page-actions toolbar">
              <button type="button" className="secondary" onClick={() => start('edit')}>
                Change the source
              </button>
              {source.arrival === 'push' && (
                <button type="button" className="secondary" onClick={() => start('rotate')}>
                  Rotate the secret
                </button>
              )}
              <button type="button" className="secondary" onClick={() => start('status')}>
                {source.status === 'active' ? 'Disable' : 'Enable'}
              </button>
            </div>
          )}
          {acting === 'edit' && (
            <EditForm source={source} etag={read.etag} onDone={() => done('The source is changed.')} onCancel={() => setActing(undefined)} />
          )}
          {acting === 'rotate' && (
            <RotateForm
              source={source}
              etag={read.etag}
              onRotated={(answer) => {
                setRotated(answer);
                done();
              }}
              onCancel={() => setActing(undefined)}
              onReload={read.reload}
            />
          )}
          {acting === 'status' && (
            <StatusForm
              source={source}
              etag={read.etag}
              onDone={() => done(source.status === 'active' ? 'The source is disabled.' : 'The source is enabled.')}
              onCancel={() => setActing(undefined)}
            />
          )}
          <div className="columns">
            <Facts source={source} />
            <Health source={source} />
          </div>
          {source.webhookPath && (
            <section className="card" aria-labelledby="webhook-heading">
              <h2 id="webhook-heading">Webhook</h2>
              <CopyField label="Webhook URL" what="webhook URL" value={webhookUrl(source.webhookPath)} hint="where the sender posts its signed deliveries" />
              <p className="hint">The signing secret was shown once, when the source was registered or its secret last rotated; it is never shown again.</p>
              <SigningNote />
            </section>
          )}
          <PagedTable
            caption="Recent deliveries, newest first"
            columns={deliveryColumns()}
            deps={[sourceId, source.health.deliveries, source.version]}
            rowKey={(delivery) => delivery.id}
            empty="Nothing has been delivered by this source yet."
            load={(cursor) => api().GET('/advisory-deliveries', { params: { query: { sourceId, limit: 10, ...(cursor ? { cursor } : {}) } } })}
          />
        </>
      )}
    </Page>
  );
}
