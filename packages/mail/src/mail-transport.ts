// Where mail goes: locally (ISMF_RUNTIME=local) into .eml files that any mail client opens, so that
// nothing leaves the machine — the folder ISMF_MAIL_DIR, else $ISMF_DATA_DIR/mail or .ismf/mail — and only
// from a function that declares `mail` (ses:SendEmail, as IAM would check); in AWS through Amazon SES v2
// from the MAIL_FROM identity (a missing MAIL_FROM fails naming it). Both take the same raw message
// (mail.ts), so what a developer opens locally is byte for byte what SES would send.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { requiredSetting, runtimeConfig } from '@ismf/core/config';
import { authorizeCapability } from '@ismf/store/capabilities';
import { newMessageId, renderMessage, type MailMessage } from './mail.ts';

export interface MailTransport {
  send(message: MailMessage): Promise<{ messageId: string; location?: string }>;
}

export type LocalMailListener = (path: string, message: MailMessage) => void;

/** The sender of local mail when MAIL_FROM is not set: the local stack has no verified identity. */
const LOCAL_FROM = 'ismf@localhost';

const localListeners = new Set<LocalMailListener>();
let transport: { key: string; transport: MailTransport } | undefined;
let client: SESv2Client | undefined;
// One client per container, made on first use: its credential and connection setup is not free.
const ses = () => (client ??= new SESv2Client({}));

/** The transport of this runtime, made on first use (and again when its settings change). */
export function mailTransport(): MailTransport {
  const config = runtimeConfig();
  const from = config.runtime === 'aws' ? requiredSetting('mailFrom', config) : (config.mailFrom ?? LOCAL_FROM);
  const key = config.runtime === 'aws' ? `aws\u0000${from}` : `local\u0000${config.mailDirectory}\u0000${from}`;
  if (transport?.key !== key) {
    transport = { key, transport: config.runtime === 'aws' ? sesTransport(from) : localTransport(config.mailDirectory, from) };
  }
  return transport.transport;
}

/** Called with each mail written by the local transport (the local server logs it); answers the unsubscribe. */
export function onLocalMail(listener: LocalMailListener): () => void {
  localListeners.add(listener);
  return () => {
    localListeners.delete(listener);
  };
}

/** Forgets the chosen transport and the SES client, so that tests can change the environment. */
export function resetMailTransport(): void {
  transport = undefined;
  client = undefined;
}

function localTransport(dir: string, from: string): MailTransport {
  return {
    async send(message) {
      authorizeCapability('ses:SendEmail', `the identity ${from}`);
      const date = new Date();
      const messageId = newMessageId(from);
      const raw = await renderMessage(message, { from, date, messageId });
      await mkdir(dir, { recursive: true });
      // Time first, so that a listing sorts by sending; no ':' in the name, which Windows refuses.
      const path = join(dir, `${date.toISOString().replaceAll(':', '-')}-${messageId.replace(/[^\w.@-]/g, '_')}.eml`);
      await writeFile(path, raw, { flag: 'wx' });
      for (const listener of localListeners) listener(path, message);
      return { messageId, location: path };
    },
  };
}

function sesTransport(from: string): MailTransport {
  return {
    async send(message) {
      // Refused before any call: SES would take a malformed message further than it should.
      const raw = await renderMessage(message, { from, messageId: newMessageId(from) });
      const output = await ses().send(
        new SendEmailCommand({
          FromEmailAddress: from,
          // The envelope: the one plain address the message is for (its To header names it too).
          Destination: { ToAddresses: [message.to] },
          Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
        }),
      );
      if (!output.MessageId) throw new Error('SES accepted the mail but answered no MessageId');
      return { messageId: output.MessageId };
    },
  };
}
