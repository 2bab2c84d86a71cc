// Mail rendering (RFC 5322 headers, RFC 2047 encoded-words, RFC 2045 quoted-printable), checked by decoding
// it back with a decoder of its own, and the two transports: .eml files locally, SES v2 (mocked) in AWS.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
// Relative until the workspace link of @ismf/notifications is installed (npm install updates the lock file).
import { formatMailbox, quotedPrintable, renderDigest, renderMessage, type MailMessage } from '@ismf/mail/mail';
import { mailTransport, onLocalMail, resetMailTransport } from '@ismf/mail/mail-transport';

const FROM = { from: 'noreply@ismf.example', date: new Date('2026-11-29T08:05:09.123Z'), messageId: '01KB0000000000000000000000@ismf.example' };
const ada: MailMessage = { to: 'ada@example.org', toName: 'Ada Lovelace', subject: 'Risk review due', text: 'Hello Ada,\nthe review is due.' };

/** Unfolds the header, decodes each encoded-word on its own (a split UTF-8 sequence would show as U+FFFD) and the body. */
function parse(raw: string): { headers: Map<string, string>; rawHeaders: string[]; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const rawHeaders = raw.slice(0, end).split('\r\n');
  const headers = new Map<string, string>();
  for (const field of raw
    .slice(0, end)
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')) {
    const colon = field.indexOf(':');
    headers.set(field.slice(0, colon).toLowerCase(), decodeWords(field.slice(colon + 1).replace(/^ /, '')));
  }
  expect(raw.endsWith('\r\n')).toBe(true);
  return { headers, rawHeaders, body: decodeQuotedPrintable(raw.slice(end + 4, -2)) };
}

function decodeWords(value: string): string {
  // Whitespace between adjacent encoded-words is not part of the text (RFC 2047 6.2).
  return value.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=(?:[ \t]+(?==\?))?/g, (_, base64: string) => Buffer.from(base64, 'base64').toString('utf8'));
}

function decodeQuotedPrintable(body: string): string {
  return body
    .replace(/=\r\n/g, '')
    .split('\r\n')
    .map((line) => {
      const bytes: number[] = [];
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '=') {
          expect(line.slice(i + 1, i + 3)).toMatch(/^[0-9A-F]{2}$/);
          bytes.push(parseInt(line.slice(i + 1, i + 3), 16));
          i += 2;
        } else {
          expect(line.charCodeAt(i)).toBeLessThan(0x7f);
          bytes.push(line.charCodeAt(i));
        }
      }
      return Buffer.from(bytes).toString('utf8');
    })
    .join('\n');
}

function expectQuotedPrintableLines(body: string): void {
  for (const line of body.split('\r\n')) {
    expect(line.length).toBeLessThanOrEqual(76);
    // Only printable ASCII, '=' only as =XX or a final soft break, no whitespace before a hard break.
    expect(line).toMatch(/^(?:[\t\x20-\x3c\x3e-\x7e]|=[0-9A-F]{2})*=?$/);
    expect(line).not.toMatch(/[ \t]$/);
  }
}

describe('renderMessage', () => {
  it('writes the headers of an ASCII message exactly, with CRLF line endings only', () => {
    const raw = renderMessage({ ...ada, headers: { 'X-ISMF-Tenant': 'sts-telecom' } }, { ...FROM, fromName: 'ISMF' });
    expect(raw).toBe(
      [
        'From: ISMF <noreply@ismf.example>',
        'To: Ada Lovelace <ada@example.org>',
        'Subject: Risk review due',
        'Date: Sun, 29 Nov 2026 08:05:09 +0000',
        'Message-ID: <01KB0000000000000000000000@ismf.example>',
        'X-ISMF-Tenant: sts-telecom',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Hello Ada,',
        'the review is due.',
        '',
      ].join('\r\n'),
    );
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('pads the day of the date and makes a ULID Message-ID at the domain of the sender', () => {
    const raw = renderMessage(ada, { from: 'alerts@mail.ismf.example', date: new Date('2026-02-03T23:04:05Z') });
    const { headers } = parse(raw);
    expect(headers.get('date')).toBe('Tue, 03 Feb 2026 23:04:05 +0000');
    expect(headers.get('message-id')).toMatch(/^<[0-9A-HJKMNP-TV-Z]{26}@mail\.ismf\.example>$/);
    expect(headers.get('from')).toBe('alerts@mail.ismf.example');
    expect(parse(renderMessage(ada, FROM)).headers.get('message-id')).toBe(`<${FROM.messageId}>`);
  });

  it('encodes the body in quoted-printable: known inputs exactly', () => {
    expect(quotedPrintable('Café')).toBe('Caf=C3=A9');
    expect(quotedPrintable('a=b')).toBe('a=3Db');
    expect(quotedPrintable('5 € ')).toBe('5 =E2=82=AC=20');
    expect(quotedPrintable('end \nnext\t\r\nlast  ')).toBe('end=20\r\nnext=09\r\nlast =20');
    expect(quotedPrintable('')).toBe('');
  });

  it('soft-breaks a 200-character line within 76 characters and decodes it back exactly', () => {
    const line = 'x'.repeat(200);
    const encoded = quotedPrintable(line);
    expect(encoded.split('\r\n')).toEqual(['x'.repeat(75) + '=', 'x'.repeat(75) + '=', 'x'.repeat(50)]);
    expect(decodeQuotedPrintable(encoded)).toBe(line);
    // A line of exactly 76 characters needs no break; one of 77 does.
    expect(quotedPrintable('y'.repeat(76))).toBe('y'.repeat(76));
    expect(quotedPrintable('y'.repeat(77)).split('\r\n')).toEqual(['y'.repeat(75) + '=', 'yy']);
  });

  it('never splits an =XX escape at a soft break, and decodes long non-ASCII and = lines back', () => {
    for (const line of ['é'.repeat(100), '='.repeat(90), `${'a'.repeat(74)}é${'b'.repeat(10)}`, `${'c'.repeat(74)}  `, '🔐 '.repeat(40)]) {
      const encoded = quotedPrintable(line);
      expectQuotedPrintableLines(encoded);
      expect(decodeQuotedPrintable(encoded)).toBe(line);
    }
  });

  it('renders a message that parses back exactly: unicode subject, names and body', () => {
    const message: MailMessage = {
      to: 'zoe@example.org',
      toName: 'Zoë Åström',
      subject: 'Überprüfung der Zugriffsrechte — fällig am 1. Dezember, bitte rechtzeitig erledigen 🔐 danke!',
      text: `Grüße,\r\nCafé = 5 €  \n\n${'Ünïcödé '.repeat(30)}\rletzte Zeile\t`,
      headers: { 'X-ISMF-Note': 'Prüfung' },
    };
    const raw = renderMessage(message, { ...FROM, fromName: 'ISMF Benachrichtigungen für Sie' });
    const { headers, rawHeaders, body } = parse(raw);
    expect(headers.get('subject')).toBe(message.subject);
    expect(headers.get('to')).toBe('Zoë Åström <zoe@example.org>');
    expect(headers.get('from')).toBe('ISMF Benachrichtigungen für Sie <noreply@ismf.example>');
    expect(headers.get('x-ismf-note')).toBe('Prüfung');
    expect(body).toBe(message.text.replace(/\r\n|\r/g, '\n'));
    // RFC 2047: encoded-words of at most 75 characters, on lines of at most 76.
    for (const line of rawHeaders) expect(line.length).toBeLessThanOrEqual(76);
    for (const word of raw.match(/=\?[^?]+\?B\?[^?]*\?=/g)!) expect(word.length).toBeLessThanOrEqual(75);
    expect(rawHeaders.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(0);
    // The first encoded-word is sized to fit behind the field name rather than folded onto a line of its own.
    expect(rawHeaders.find((line) => line.startsWith('Subject:'))).toMatch(/^Subject: =\?UTF-8\?B\?/);
    expectQuotedPrintableLines(raw.slice(raw.indexOf('\r\n\r\n') + 4, -2));
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('splits encoded-words between whole characters only, never inside a surrogate pair or UTF-8 sequence', () => {
    for (const subject of ['🔐'.repeat(40), `a${'🔐'.repeat(40)}`, 'é'.repeat(100), `x${'€'.repeat(60)}`]) {
      const raw = renderMessage({ ...ada, subject }, FROM);
      expect(parse(raw).headers.get('subject')).toBe(subject);
      for (const word of raw.match(/=\?[^?]+\?B\?[^?]*\?=/g)!) expect(Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).not.toContain('\uFFFD');
    }
  });

  it('encodes short non-ASCII header values exactly', () => {
    const raw = renderMessage({ to: 'zoe@example.org', toName: 'Zoë', subject: 'Café', text: '' }, FROM);
    expect(raw).toContain('\r\nTo: =?UTF-8?B?Wm/Dqw==?= <zoe@example.org>\r\n');
    expect(raw).toContain('\r\nSubject: =?UTF-8?B?Q2Fmw6k=?=\r\n');
    // Text that looks like an encoded-word is encoded itself, so that it reads back as written.
    expect(parse(renderMessage({ ...ada, subject: '=?UTF-8?B?SGk=?=' }, FROM)).headers.get('subject')).toBe('=?UTF-8?B?SGk=?=');
  });

  it('folds a long ASCII subject at spaces within 78 characters, unfolding to the same text', () => {
    const subject = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const { headers, rawHeaders } = parse(renderMessage({ ...ada, subject }, FROM));
    expect(headers.get('subject')).toBe(subject);
    expect(rawHeaders.filter((line) => line.startsWith(' ')).length).toBeGreaterThan(0);
    for (const line of rawHeaders) expect(line.length).toBeLessThanOrEqual(78);
  });

  it.each([
    ['Ada Lovelace', 'Ada Lovelace <a@example.org>'],
    ['Smith, John', '"Smith, John" <a@example.org>'],
    ['J. Smith', '"J. Smith" <a@example.org>'],
    ['O"Brien \\ Jr', '"O\\"Brien \\\\ Jr" <a@example.org>'],
    ['Eve <eve@evil.example>', '"Eve <eve@evil.example>" <a@example.org>'],
    ['Zoë', '=?UTF-8?B?Wm/Dqw==?= <a@example.org>'],
    ['', 'a@example.org'],
  ])('quotes or encodes the display name %j only as needed', (name, mailbox) => {
    expect(formatMailbox('a@example.org', name)).toBe(mailbox);
    expect(renderMessage({ ...ada, to: 'a@example.org', toName: name }, FROM)).toContain(`\r\nTo: ${mailbox}\r\n`);
  });

  it.each<[string, Partial<MailMessage>, Partial<typeof FROM & { fromName: string }>, RegExp]>([
    ['a CRLF in to', { to: 'ada@example.org\r\nBcc: eve@evil.example' }, {}, /header injection/],
    ['a LF in toName', { toName: 'Ada\nBcc: eve@evil.example' }, {}, /header injection/],
    ['a CRLF in subject', { subject: 'Hi\r\nBcc: eve@evil.example' }, {}, /header injection/],
    ['a CR in a header value', { headers: { 'X-Tag': 'a\rBcc: eve@evil.example' } }, {}, /header injection/],
    ['a LF in fromName', {}, { fromName: 'ISMF\nBcc: eve@evil.example' }, /header injection/],
    ['a CRLF in from', {}, { from: 'noreply@ismf.example\r\nBcc: eve@evil.example' }, /header injection/],
    ['a second recipient in to', { to: 'ada@example.org, eve@evil.example' }, {}, /single plain address/],
    ['a name and address in to', { to: 'Eve <eve@evil.example>' }, {}, /single plain address/],
    ['a Bcc header', { headers: { Bcc: 'eve@evil.example' } }, {}, /set by the renderer/],
    ['a Content-Type header', { headers: { 'content-type': 'text/html' } }, {}, /set by the renderer/],
    ['a header name with a colon', { headers: { 'X-A: b\r\nBcc': 'eve@evil.example' } }, {}, /invalid mail header name/],
    ['a Message-ID in brackets', {}, { messageId: '<x@y>' }, /invalid Message-ID/],
  ])('refuses %s', (_, change, options, error) => {
    expect(() => renderMessage({ ...ada, ...change }, { ...FROM, ...options })).toThrow(error);
  });
});

describe('renderDigest', () => {
  const lines = [
    { at: '2026-11-29T09:14:00.000Z', subject: 'Risk R-12 accepted', text: 'The risk R-12 was accepted\nby the board.', link: 'https://ismf.example/risks/12' },
    { at: '2026-11-29T13:02:30Z', subject: 'Review due', text: 'Access review of "Payroll" is due.' },
    { at: '2026-11-28T23:59:00Z', subject: 'Late one', text: 'z'.repeat(500), link: 'https://ismf.example/late' },
  ];

  it('lists every notification with its time, subject, a short text and its link', () => {
    const digest = renderDigest(lines, { day: '2026-11-29', recipientName: 'Ada' });
    expect(digest.subject).toBe('ISMF daily digest for 2026-11-29: 3 notifications');
    expect(digest.text).toContain('Hello Ada,');
    expect(digest.text).toContain('3 notifications on 2026-11-29:');
    expect(digest.text).toContain('1. 09:14 UTC  Risk R-12 accepted\n   The risk R-12 was accepted by the board.\n   https://ismf.example/risks/12');
    expect(digest.text).toContain('2. 13:02 UTC  Review due\n   Access review of "Payroll" is due.\n');
    expect(digest.text).toContain(`3. 2026-11-28 23:59 UTC  Late one\n   ${'z'.repeat(199)}…\n   https://ismf.example/late`);
    expect(digest.text.indexOf('Risk R-12')).toBeLessThan(digest.text.indexOf('Review due'));
    expect(digest.text.endsWith('\n\n-- \nISMF')).toBe(true);
    // It is an ordinary message: it renders and reads back.
    const { headers, body } = parse(renderMessage({ to: 'ada@example.org', ...digest }, FROM));
    expect(headers.get('subject')).toBe(digest.subject);
    expect(body).toBe(digest.text);
  });

  it('counts one notification in the singular and says when there are none', () => {
    expect(renderDigest(lines.slice(0, 1), { day: '2026-11-29' }).subject).toBe('ISMF daily digest for 2026-11-29: 1 notification');
    const none = renderDigest([], { day: '2026-11-29' });
    expect(none.subject).toBe('ISMF daily digest for 2026-11-29: 0 notifications');
    expect(none.text).toMatch(/^Hello,\n\nNo notifications on 2026-11-29\./);
  });
});

describe('mail transport', () => {
  const ses = mockClient(SESv2Client);
  const saved = { dir: process.env.ISMF_MAIL_DIR, from: process.env.MAIL_FROM, runtime: process.env.ISMF_RUNTIME };
  const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
  let temp: string;

  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'ismf-mail-'));
    ses.reset();
    resetMailTransport();
  });
  afterEach(async () => {
    restore('ISMF_MAIL_DIR', saved.dir);
    restore('MAIL_FROM', saved.from);
    restore('ISMF_RUNTIME', saved.runtime);
    resetMailTransport();
    await rm(temp, { recursive: true, force: true });
  });
  afterAll(() => ses.restore());

  it('writes an .eml file into ISMF_MAIL_DIR (made if missing) and tells the local listener', async () => {
    process.env.ISMF_RUNTIME = 'local';
    process.env.ISMF_MAIL_DIR = join(temp, 'mail', 'out');
    process.env.MAIL_FROM = 'noreply@ismf.local';
    const seen: [string, MailMessage][] = [];
    const stop = onLocalMail((path, message) => seen.push([path, message]));
    const message: MailMessage = { to: 'zoe@example.org', toName: 'Zoë', subject: 'Prüfung fällig', text: 'Café = 5 €' };
    const sent = await mailTransport().send(message);

    expect(sent.messageId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}@ismf\.local$/);
    expect(sent.location).toBeDefined();
    expect(await readdir(join(temp, 'mail', 'out'))).toEqual([basename(sent.location!)]);
    expect(basename(sent.location!)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9A-Z]{26}@ismf\.local\.eml$/);
    const raw = await readFile(sent.location!, 'utf8');
    const { headers, body } = parse(raw);
    expect(raw).toBe(renderMessage(message, { from: 'noreply@ismf.local', messageId: sent.messageId, date: new Date(headers.get('date')!) }));
    expect(headers.get('message-id')).toBe(`<${sent.messageId}>`);
    expect(headers.get('subject')).toBe('Prüfung fällig');
    expect(body).toBe('Café = 5 €');
    expect(seen).toEqual([[sent.location, message]]);
    expect(ses.calls()).toHaveLength(0);

    stop();
    const second = await mailTransport().send(ada);
    expect(second.location).not.toBe(sent.location);
    expect(seen).toHaveLength(1);
  });

  it('sends through SES v2 from MAIL_FROM with the simple content in UTF-8', async () => {
    process.env.ISMF_RUNTIME = 'aws';
    delete process.env.ISMF_MAIL_DIR;
    process.env.MAIL_FROM = 'noreply@ismf.example';
    ses.on(SendEmailCommand).resolves({ MessageId: '0102019abc-ses' });
    const sent = await mailTransport().send({
      to: 'zoe@example.org',
      toName: 'Zoë',
      subject: 'Prüfung',
      text: 'Café',
      headers: { 'X-ISMF-Tenant': 'sts-telecom' },
    });
    await mailTransport().send(ada);

    expect(sent).toEqual({ messageId: '0102019abc-ses' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toEqual({
      FromEmailAddress: 'noreply@ismf.example',
      Destination: { ToAddresses: ['=?UTF-8?B?Wm/Dqw==?= <zoe@example.org>'] },
      Content: {
        Simple: {
          Subject: { Data: 'Prüfung', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Café', Charset: 'UTF-8' } },
          Headers: [{ Name: 'X-ISMF-Tenant', Value: 'sts-telecom' }],
        },
      },
    });
    expect(calls[1]!.args[0].input.Destination).toEqual({ ToAddresses: ['Ada Lovelace <ada@example.org>'] });
    expect(calls[1]!.args[0].input.Content!.Simple!.Headers).toBeUndefined();
  });

  it('refuses header injection before calling SES, and a missing MAIL_FROM up front', async () => {
    process.env.ISMF_RUNTIME = 'aws';
    delete process.env.ISMF_MAIL_DIR;
    delete process.env.MAIL_FROM;
    expect(() => mailTransport()).toThrow(/MAIL_FROM is not set/);

    process.env.MAIL_FROM = 'noreply@ismf.example';
    await expect(mailTransport().send({ ...ada, subject: 'Hi\r\nBcc: eve@evil.example' })).rejects.toThrow(/header injection/);
    expect(ses.calls()).toHaveLength(0);
  });
});
