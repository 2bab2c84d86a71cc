// A source's webhook as the sender configures it: the URL to post to and the signing secret, shown once (after
// registering the source, after a rotation) with a copy button and a plain warning, and how the sender signs
// (Standard Webhooks). The secret lives only in this component's state: never in the address, the history's
// state or storage, so a reload or Back does not bring it back.
import { useEffect, useId, useRef, useState } from 'react';
import { apiBaseUrl } from '../../api.ts';
import { Field } from '../../ui/form.tsx';
import { formatTime } from '../../ui/format.ts';
import { ago, type SourceWithSecret } from './parts.tsx';

/** The webhook's full address: the API's base and the source's path. */
export const webhookUrl = (path: string | undefined) => (path ? `${apiBaseUrl()}${path}` : '');

/** A read-only value with a button that copies it; says whether the copy worked (and what to do if not). */
export function CopyField({ label, value, hint, what }: { label: string; value: string; hint?: string; what: string }) {
  const [copied, setCopied] = useState<'yes' | 'no'>();
  const copy = () => {
    if (!navigator.clipboard) {
      setCopied('no');
      return;
    }
    void navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="copy-field">
      <Field label={label} {...(hint ? { hint } : {})}>
        {(props) => <input {...props} readOnly value={value} spellCheck={false} className="mono" onFocus={(event) => event.target.select()} />}
      </Field>
      <button type="button" className="secondary" onClick={copy} aria-label={`Copy the ${what}`}>
        Copy
      </button>
      <span role="status" className="hint">
        {copied === 'yes' ? `The ${what} is copied.` : copied === 'no' ? 'The browser did not allow copying: select the text and copy it.' : ''}
      </span>
    </div>
  );
}

/** How a sender signs a delivery: Standard Webhooks, in short. */
export function SigningNote({ level = 3 }: { level?: 2 | 3 }) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="signing-note" aria-labelledby={id}>
      <Heading id={id}>How the sender signs</Heading>
      <p>
        Deliveries are signed as <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> sign them (its libraries work as they are). Each delivery is
        a <code>POST</code> of the documents — one JSON document, a JSON array, JSON Lines, or an OSV record in YAML, at most 5 MiB — with three headers:
      </p>
      <dl className="facts">
        <dt>
          <code>webhook-id</code>
        </dt>
        <dd>the sender’s id of the message, the same on each retry (a repeated id is answered with the first delivery)</dd>
        <dt>
          <code>webhook-timestamp</code>
        </dt>
        <dd>seconds since 1970, within 5 minutes of now</dd>
        <dt>
          <code>webhook-signature</code>
        </dt>
        <dd>
          <code>v1,</code> and the base64 HMAC-SHA256 of <code>{'{webhook-id}.{webhook-timestamp}.{body}'}</code>, keyed with the secret’s bytes (the base64
          after <code>whsec_</code>)
        </dd>
      </dl>
      <p className="hint">
        A good delivery is answered <code>202</code> and checked within moments; a wrong signature, a stale timestamp or a disabled source is answered{' '}
        <code>401</code> and nothing is kept.
      </p>
    </section>
  );
}

/**
 * The secret shown once: after a registration or a rotation. Focused when it appears, so that a screen reader
 * reads the warning first.
 */
export function SecretPanel({ source, heading }: { source: SourceWithSecret; heading: string }) {
  const id = useId();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <section className="card secret-panel" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1} ref={title}>
        {heading}
      </h2>
      {source.webhookSecret ? (
        <>
          <div className="warning-box">
            <strong>The signing secret is shown this once.</strong> Copy it now and give it to the sender over a safe channel. ISMF keeps it only sealed and
            cannot show it again: if it is lost, rotate the secret on the source’s page.
          </div>
          <CopyField label="Webhook URL" what="webhook URL" value={webhookUrl(source.webhookPath)} hint="where the sender posts its signed deliveries" />
          <CopyField label="Signing secret" what="signing secret" value={source.webhookSecret} hint={`secret ${source.secretGeneration} of this source`} />
          {source.previousSecretValidUntil && (
            <p>
              The previous secret still verifies deliveries until <strong>{formatTime(source.previousSecretValidUntil)}</strong> (
              {ago(source.previousSecretValidUntil)}), so the sender can switch over without losing one; after that only this secret does.
            </p>
          )}
        </>
      ) : (
        <div className="warning-box">
          <strong>No secret in this answer.</strong> This was a repeat of an earlier request, whose answer carried the secret. If that answer was lost, rotate
          the secret on the source’s page to get a new one.
          <CopyField label="Webhook URL" what="webhook URL" value={webhookUrl(source.webhookPath)} />
        </div>
      )}
      <SigningNote />
    </section>
  );
}
