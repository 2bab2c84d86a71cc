// Mail as nodemailer's MailComposer writes it, read back by a maintained parser (mailparser) as a mail
// client would: both parts, the headers, names and non-ASCII text exactly; and the properties that keep
// mail safe whatever the composer does (no header injection, one recipient, 7-bit clean encoded headers,
// lines within RFC 5322's 998). Then the two transports: .eml files locally, SES v2 (mocked) in AWS.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml, notificationMail, renderDigest, renderMessage, textToHtml, type MailMessage } from '@ismf/mail/mail';
import { mailTransport, onLocalMail, resetMailTransport } from '@ismf/mail/mail-transport';
import { literal, person, resolveMentions, utcTime, withArticle } from '@ismf/mail/notification-text';

const FROM = { from: 'noreply@ismf.example', date: new Date('2026-11-29T08:05:09.123Z'), messageId: '01KB0000000000000000000000@ismf.example' };
const ada: MailMessage = { to: 'ada@example.org', toName: 'Ada Lovelace', subject: 'Risk review due', text: 'Hello Ada,\nthe review is due.' };

const addresses = (field: AddressObject | AddressObject[] | undefined) => [field ?? []].flat().flatMap((object) => object.value);

/** The raw message's header lines (before the first blank line) and the whole message's lines. */
function lines(raw: string) {
  return { header: raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n'), all: raw.split('\r\n') };
}

/** The invariants of every message, whatever it holds: CRLF only, 7-bit, no line over 998, quoted-printable within 76. */
function expectWellFormed(raw: string): void {
  expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  expect([...raw].every((char) => char.charCodeAt(0) < 0x80)).toBe(true);
  for (const line of lines(raw).all) expect(line.length).toBeLessThanOrEqual(998);
  for (const part of raw.split(/\r\n--[^\r\n]+\r\n/).slice(1)) {
    if (!/Content-Transfer-Encoding: quoted-printable/i.test(part)) continue;
    for (const line of part.slice(part.indexOf('\r\n\r\n') + 4).split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  }
}

async function parsed(message: MailMessage, options: Partial<typeof FROM & { fromName: string }> = {}): Promise<{ raw: string; mail: ParsedMail }> {
  const raw = await renderMessage(message, { ...FROM, ...options });
  expectWellFormed(raw);
  return { raw, mail: await simpleParser(raw) };
}

describe('renderMessage', () => {
  it('writes a multipart/alternative message with a text and an HTML part and the headers given', async () => {
    const { raw, mail } = await parsed({ ...ada, headers: { 'X-ISMF-Tenant': 'sts-telecom' } }, { fromName: 'ISMF' });
    expect(lines(raw).header).toEqual(
      expect.arrayContaining([
        'From: ISMF <noreply@ismf.example>',
        'To: Ada Lovelace <ada@example.org>',
        'Subject: Risk review due',
        'Date: Sun, 29 Nov 2026 08:05:09 +0000',
        'Message-ID: <01KB0000000000000000000000@ismf.example>',
        'MIME-Version: 1.0',
      ]),
    );
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.headers.get('x-ismf-tenant')).toBe('sts-telecom');
    expect(mail.text).toBe('Hello Ada,\nthe review is due.');
    // No HTML given: the text becomes it, escaped, its line breaks kept.
    expect(mail.html).toContain('<p>Hello Ada,<br>\nthe review is due.</p>');
    expect(addresses(mail.to)).toEqual([{ address: 'ada@example.org', name: 'Ada Lovelace' }]);
  });

  it('makes a ULID Message-ID at the domain of the sender when none is given', async () => {
    const { mail } = await parsed(ada, { from: 'alerts@mail.ismf.example', messageId: undefined });
    expect(mail.messageId).toMatch(/^<[0-9A-HJKMNP-TV-Z]{26}@mail\.ismf\.example>$/);
    expect(addresses(mail.from)).toEqual([{ address: 'alerts@mail.ismf.example', name: '' }]);
  });

  it('reads back unicode subject, names, body and HTML exactly, with encoded-words in the header', async () => {
    const message: MailMessage = {
      to: 'zoe@example.org',
      toName: 'Zoë Åström',
      subject: 'Überprüfung der Zugriffsrechte — fällig am 1. Dezember, bitte rechtzeitig erledigen 🔐 danke!',
      text: `Grüße,\r\nCafé = 5 €  \n\n${'Ünïcödé '.repeat(30)}\rletzte Zeile\t`,
      html: '<p>Grüße, <b>Zoë</b> — 5 €</p>',
    };
    const { raw, mail } = await parsed(message, { fromName: 'ISMF Benachrichtigungen für Sie' });
    expect(mail.subject).toBe(message.subject);
    expect(addresses(mail.to)).toEqual([{ address: 'zoe@example.org', name: 'Zoë Åström' }]);
    expect(addresses(mail.from)).toEqual([{ address: 'noreply@ismf.example', name: 'ISMF Benachrichtigungen für Sie' }]);
    expect(mail.text).toBe(message.text.replace(/\r\n|\r/g, '\n'));
    expect(mail.html).toBe(message.html);
    expect(raw).toMatch(/\r\nSubject: =\?UTF-8\?[QB]\?/);
    for (const word of raw.match(/=\?[^?]+\?[QB]\?[^?]*\?=/g)!) expect(word.length).toBeLessThanOrEqual(75);
  });

  it.each([
    ['a word too long to fold', 'x'.repeat(2000)],
    ['text that looks like an encoded-word', '=?UTF-8?B?SGk=?='],
    ['many short words', Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ')],
    ['long non-ASCII text', '🔐é'.repeat(400)],
  ])('keeps a subject of %s within 998 characters a line, reading back as written', async (_, subject) => {
    const { mail } = await parsed({ ...ada, subject });
    expect(mail.subject).toBe(subject);
  });

  it('soft-breaks long body lines within 76 characters and reads them back exactly', async () => {
    const text = ['x'.repeat(200), '='.repeat(90), `${'a'.repeat(74)}é${'b'.repeat(10)}`, '🔐 '.repeat(40).trimEnd()].join('\n');
    const { mail } = await parsed({ ...ada, text });
    expect(mail.text).toBe(text);
  });

  it.each([['Ada Lovelace'], ['Smith, John'], ['J. Smith'], ['O"Brien \\ Jr'], ['Eve <eve@evil.example>'], ['Zoë']])(
    'writes the display name %j so that it reads back as one name of one recipient',
    async (name) => {
      const { mail } = await parsed({ ...ada, to: 'a@example.org', toName: name });
      expect(addresses(mail.to)).toEqual([{ address: 'a@example.org', name }]);
      expect(addresses(mail.cc)).toEqual([]);
      expect(addresses(mail.bcc)).toEqual([]);
    },
  );

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
    ['a Reply-To header', { headers: { 'Reply-To': 'eve@evil.example' } }, {}, /set by the renderer/],
    ['a Content-Type header', { headers: { 'content-type': 'text/html' } }, {}, /set by the renderer/],
    ['a header name with a colon', { headers: { 'X-A: b\r\nBcc': 'eve@evil.example' } }, {}, /invalid mail header name/],
    ['a Message-ID in brackets', {}, { messageId: '<x@y>' }, /invalid Message-ID/],
  ])('refuses %s', async (_, change, options, error) => {
    await expect(renderMessage({ ...ada, ...change }, { ...FROM, ...options })).rejects.toThrow(error);
  });

  it('reads no file and no URL for a part, whatever the text says', async () => {
    const { mail } = await parsed({ ...ada, text: '/etc/passwd', html: 'https://evil.example/x' });
    expect(mail.text).toBe('/etc/passwd');
    expect(mail.html).toBe('https://evil.example/x');
    expect(mail.attachments).toEqual([]);
  });
});

describe('HTML parts', () => {
  it('escapes markup and makes web addresses anchors, but never a script URL', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
    const html = textToHtml('Look <script>alert(1)</script> at https://app.ismf.example/approvals/1?a=1&b=2.\n\njavascript:alert(1)');
    expect(html).toContain('Look &#60;script&#62;alert(1)&#60;/script&#62; at <a href="https://app.ismf.example/approvals/1?a=1&#38;b=2">');
    expect(html).toContain('</a>.</p>');
    expect(html).toContain('<p>javascript:alert(1)</p>');
    expect(html).not.toContain('<script>');
  });

  it('writes a notification with a greeting, its paragraphs, the console link as an anchor and a signature', () => {
    const mail = notificationMail({
      title: 'Task for you:\nRevise',
      text: 'Sam returned it.\n\nReason: “<b>add</b> the network”',
      link: 'https://app.ismf.example/tasks/01J',
      recipientName: 'Dana Weiss',
    });
    expect(mail.subject).toBe('Task for you: Revise');
    expect(mail.text).toBe(
      'Hello Dana Weiss,\n\nSam returned it.\n\nReason: “<b>add</b> the network”\n\nOpen it in ISMF: https://app.ismf.example/tasks/01J\n\n-- \nISMF',
    );
    expect(mail.html).toContain('<p>Hello Dana Weiss,</p>');
    expect(mail.html).toContain('<p>Reason: “&#60;b&#62;add&#60;/b&#62; the network”</p>');
    expect(mail.html).toContain('<a href="https://app.ismf.example/tasks/01J">Open it in ISMF</a>');
  });
});

describe('renderDigest', () => {
  const entries = [
    { at: '2026-11-29T09:14:00.000Z', subject: 'Risk R-12 accepted', text: 'The risk R-12 was accepted\nby the board.', link: 'https://ismf.example/risks/12' },
    { at: '2026-11-29T13:02:30Z', subject: 'Review due', text: 'Access review of "Payroll" is due.' },
    { at: '2026-11-28T23:59:00Z', subject: 'Late one', text: 'z'.repeat(500), link: 'https://ismf.example/late' },
  ];

  it('lists every notification with its UTC time, subject, a short text and its link, in text and HTML', async () => {
    const digest = renderDigest(entries, { day: '2026-11-29', recipientName: 'Ada' });
    expect(digest.subject).toBe('ISMF daily digest for 2026-11-29: 3 notifications');
    expect(digest.text).toContain('Hello Ada,');
    expect(digest.text).toContain('3 notifications on 2026-11-29 (UTC):');
    expect(digest.text).toContain('1. 09:14 UTC  Risk R-12 accepted\n   The risk R-12 was accepted by the board.\n   https://ismf.example/risks/12');
    expect(digest.text).toContain('2. 13:02 UTC  Review due\n   Access review of "Payroll" is due.\n');
    expect(digest.text).toContain(`3. 2026-11-28 23:59 UTC  Late one\n   ${'z'.repeat(199)}…\n   https://ismf.example/late`);
    expect(digest.text.indexOf('Risk R-12')).toBeLessThan(digest.text.indexOf('Review due'));
    expect(digest.text.endsWith('\n\n-- \nISMF')).toBe(true);
    expect(digest.html).toContain('<li><p><strong>09:14 UTC</strong> Risk R-12 accepted<br>');
    expect(digest.html).toContain('Access review of &#34;Payroll&#34; is due.');
    expect(digest.html).toContain('<a href="https://ismf.example/risks/12">Open it in ISMF</a>');
    // It is an ordinary message: it renders and reads back.
    const { mail } = await parsed({ to: 'ada@example.org', ...digest });
    expect(mail.subject).toBe(digest.subject);
    expect(mail.text).toBe(digest.text);
    expect(mail.html).toBe(digest.html.replace(/\r\n|\r/g, '\n'));
  });

  it('counts one notification in the singular and says when there are none', () => {
    expect(renderDigest(entries.slice(0, 1), { day: '2026-11-29' }).subject).toBe('ISMF daily digest for 2026-11-29: 1 notification');
    const none = renderDigest([], { day: '2026-11-29' });
    expect(none.subject).toBe('ISMF daily digest for 2026-11-29: 0 notifications');
    expect(none.text).toMatch(/^Hello,\n\nNo notifications on 2026-11-29 \(UTC\)\./);
  });
});

describe('notification text', () => {
  it('names people by mention, written in at delivery; free text can never pose as one', () => {
    const text = `${person('sub-1')} returned it: “${literal('see {{person:sub-2}} and {{{{ braces')}”`;
    const names: Record<string, string> = { 'sub-1': 'Sam Checker', 'sub-2': 'Eve' };
    expect(resolveMentions(text, (subject) => names[subject]!)).toBe('Sam Checker returned it: “see {{person:sub-2}} and {{{{ braces”');
    expect(resolveMentions('no one {{ here', () => 'x')).toBe('no one {{ here');
  });

  it('says UTC on every time and puts the right article before a title', () => {
    expect(utcTime('2026-12-02T09:30:59.999Z')).toBe('2026-12-02 09:30 UTC');
    expect(utcTime('2026-12-02T10:30:00+01:00')).toBe('2026-12-02 09:30 UTC');
    expect(utcTime('soon')).toBe('soon');
    expect(withArticle('asset policy change')).toBe('an asset policy change');
    expect(withArticle('risk acceptance')).toBe('a risk acceptance');
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
    expect(await readdir(join(temp, 'mail', 'out'))).toEqual([basename(sent.location!)]);
    expect(basename(sent.location!)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-[0-9A-Z]{26}@ismf\.local\.eml$/);
    const raw = await readFile(sent.location!, 'utf8');
    expectWellFormed(raw);
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(`<${sent.messageId}>`);
    expect(mail.subject).toBe('Prüfung fällig');
    expect(mail.text).toBe('Café = 5 €');
    expect(mail.html).toContain('<p>Café = 5 €</p>');
    expect(addresses(mail.from)).toEqual([{ address: 'noreply@ismf.local', name: '' }]);
    expect(seen).toEqual([[sent.location, message]]);
    expect(ses.calls()).toHaveLength(0);

    stop();
    const second = await mailTransport().send(ada);
    expect(second.location).not.toBe(sent.location);
    expect(seen).toHaveLength(1);
  });

  it('sends the raw message through SES v2 from MAIL_FROM, to the one address as its envelope', async () => {
    process.env.ISMF_RUNTIME = 'aws';
    delete process.env.ISMF_MAIL_DIR;
    process.env.MAIL_FROM = 'noreply@ismf.example';
    ses.on(SendEmailCommand).resolves({ MessageId: '0102019abc-ses' });
    const sent = await mailTransport().send({
      to: 'zoe@example.org',
      toName: 'Zoë',
      subject: 'Prüfung',
      text: 'Café',
      html: '<p>Café</p>',
      headers: { 'X-ISMF-Tenant': 'sts-telecom' },
    });

    expect(sent).toEqual({ messageId: '0102019abc-ses' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('noreply@ismf.example');
    expect(input.Destination).toEqual({ ToAddresses: ['zoe@example.org'] });
    expect(input.Content!.Simple).toBeUndefined();
    const raw = Buffer.from(input.Content!.Raw!.Data!).toString('utf8');
    expectWellFormed(raw);
    const mail = await simpleParser(raw);
    expect(addresses(mail.to)).toEqual([{ address: 'zoe@example.org', name: 'Zoë' }]);
    expect(mail).toMatchObject({ subject: 'Prüfung', text: 'Café', html: '<p>Café</p>' });
    expect(mail.headers.get('x-ismf-tenant')).toBe('sts-telecom');
  });

  it('refuses header injection before calling SES, and a missing MAIL_FROM up front', async () => {
    process.env.ISMF_RUNTIME = 'aws';
    delete process.env.ISMF_MAIL_DIR;
    delete process.env.MAIL_FROM;
    expect(() => mailTransport()).toThrow(/MAIL_FROM is not set/);

    process.env.MAIL_FROM = 'noreply@ismf.example';
    await expect(mailTransport().send({ ...ada, subject: 'Hi\r\nBcc: eve@evil.example' })).rejects.toThrow(/header injection/);
    await expect(mailTransport().send({ ...ada, to: 'ada@example.org, eve@evil.example' })).rejects.toThrow(/single plain address/);
    expect(ses.calls()).toHaveLength(0);
  });
});
