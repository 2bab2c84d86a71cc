// One advisory delivery (X.1052 12.2.1 a): how it arrived (size, digest, type, the sender's message id) and what
// became of each document — accepted (a link to the advisory), already held, or rejected with each reason: the
// failing test (CSAF 6.1.x, the schema), where in the document (a JSON pointer) and what is wrong. While it is
// still being checked the page looks again by itself.
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { formatTime } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { documentsText } from './delivery-parts.tsx';
import { DeliveryStateBadge, FORMAT_LABELS, formatBytes, OUTCOME_LABELS, useMay, useSourceNames, type Delivery } from './parts.tsx';

type Outcome = NonNullable<Delivery['outcomes']>[number];

function Reasons({ outcome }: { outcome: Outcome }) {
  if (!outcome.reasons?.length) return null;
  return (
    <table className="reasons">
      <caption>Why document {outcome.index + 1} was rejected</caption>
      <thead>
        <tr>
          <th scope="col">Test</th>
          <th scope="col">Where (JSON pointer)</th>
          <th scope="col">What is wrong</th>
        </tr>
      </thead>
      <tbody>
        {outcome.reasons.map((reason, index) => (
          <tr key={`${index}:${reason.path}`}>
            <td>{reason.test ?? '—'}</td>
            <td>
              <code>{reason.path || '(the whole document)'}</code>
            </td>
            <td>{reason.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Document({ outcome }: { outcome: Outcome }) {
  const { text, tone } = OUTCOME_LABELS[outcome.outcome];
  const name = outcome.documentId ? `${outcome.documentId}${outcome.documentVersion ? ` version ${outcome.documentVersion}` : ''}` : 'no id read';
  return (
    <li className={`card document document-${outcome.outcome}`}>
      <h3>
        Document {outcome.index + 1}: {name}
      </h3>
      <p>
        <span className={`badge ${tone}`}>{text}</span> {outcome.format && <span className="hint">{FORMAT_LABELS[outcome.format] ?? outcome.format}</span>}
        {outcome.advisoryId && (
          <>
            {' '}
            · <Link to={`/advisories/${outcome.advisoryId}`}>{outcome.outcome === 'duplicate' ? 'The advisory held already' : 'The advisory'}</Link>
          </>
        )}
      </p>
      {outcome.kev && (
        <p>
          CISA’s KEV catalog, version {outcome.kev.catalogVersion}: {outcome.kev.added} CVE{outcome.kev.added === 1 ? '' : 's'} new to your organization,{' '}
          {outcome.kev.advisoriesMarked} advisor{outcome.kev.advisoriesMarked === 1 ? 'y' : 'ies'} marked known exploited.
        </p>
      )}
      <Reasons outcome={outcome} />
    </li>
  );
}

export default function AdvisoryDelivery() {
  const { deliveryId = '' } = useParams();
  const read = useApiData(() => api().GET('/advisory-deliveries/{deliveryId}', { params: { path: { deliveryId } } }), [deliveryId]);
  const delivery = read.data;
  const { names } = useSourceNames();
  const maySources = useMay('listAdvisorySources');
  const missing = read.problem?.status === 404 || read.problem?.status === 400;
  // Checked within moments of arriving: look again until it is.
  const checking = delivery?.state === 'received';
  const { reload, loading } = read;
  useEffect(() => {
    if (!checking || loading) return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [checking, loading, reload]);
  const outcomes = delivery?.outcomes ?? [];
  const rejected = outcomes.filter((outcome) => outcome.outcome === 'rejected').length;
  return (
    <Page title={delivery ? `Delivery of ${formatTime(delivery.receivedAt)}` : 'Advisory delivery'}>
      <p>
        <Link to="/advisory-deliveries">All deliveries</Link>
        {delivery && maySources && (
          <>
            {' '}
            · <Link to={`/advisory-sources/${delivery.sourceId}`}>Its source: {names.get(delivery.sourceId) ?? 'open'}</Link>
          </>
        )}
      </p>
      {missing ? <p>There is no delivery {deliveryId} in your organization.</p> : <ProblemBanner problem={read.problem} />}
      {!delivery && read.loading && <Loading what="the delivery" />}
      {delivery && (
        <>
          <section className="card" aria-labelledby="delivery-facts">
            <h2 id="delivery-facts">What arrived</h2>
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <DeliveryStateBadge state={delivery.state} />
                {checking && <span role="status"> — the documents are being checked; this page looks again by itself</span>}
              </dd>
              <dt>Documents</dt>
              <dd>{documentsText(delivery)}</dd>
              <dt>Received</dt>
              <dd>{formatTime(delivery.receivedAt)}</dd>
              <dt>Checked</dt>
              <dd>{formatTime(delivery.processedAt)}</dd>
              <dt>Source</dt>
              <dd>{names.get(delivery.sourceId) ?? delivery.sourceId}</dd>
              {delivery.pulled ? (
                <>
                  <dt>Pulled from</dt>
                  <dd className="mono">{delivery.pulled.url}</dd>
                </>
              ) : (
                <>
                  <dt>Sender’s message id</dt>
                  <dd>
                    <code>{delivery.webhookId ?? '—'}</code>
                  </dd>
                </>
              )}
              <dt>Type and size</dt>
              <dd>
                {delivery.mediaType}, {formatBytes(delivery.bytes)}
              </dd>
              <dt>SHA-256</dt>
              <dd>
                <code className="digest">{delivery.sha256}</code>
              </dd>
            </dl>
          </section>
          {outcomes.length > 0 && (
            <section aria-labelledby="delivery-documents">
              <h2 id="delivery-documents">
                Its documents{rejected > 0 && `: ${rejected} rejected`}
                {delivery.documents !== undefined && delivery.documents > outcomes.length && ` (the first ${outcomes.length} of ${delivery.documents} shown)`}
              </h2>
              <ol className="documents">
                {outcomes.map((outcome) => (
                  <Document key={outcome.index} outcome={outcome} />
                ))}
              </ol>
            </section>
          )}
          {!checking && outcomes.length === 0 && <p className="empty">No document was read from this delivery.</p>}
        </>
      )}
    </Page>
  );
}
