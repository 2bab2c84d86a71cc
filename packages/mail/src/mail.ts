// Mail as MIME messages, written by nodemailer's MailComposer (RFC 5322 headers, RFC 2047 encoded-words,
// quoted-printable parts) and never sent by it: the transports hand the raw message to SES or to an .eml
// file. Before composing, the values are checked for what a composer would quietly tidy up instead of
// refusing (a line break in a header, a second recipient). Every mail has a text part and an HTML part.
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import { newId } from '@ismf/core/ids';

export interface MailMessage {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  /** The HTML part; made from the text (escaped, links as anchors) when not given. */
  html?: string;
  headers?: Record<string, string>;
}

export interface RenderOptions {
  from: string;
  fromName?: string;
  /** Defaults to now. */
  date?: Date;
  /** The id without angle brackets (`left@right`, as newMessageId makes it); defaults to a new one. */
  messageId?: string;
}

export interface DigestLine {
  at: string;
  subject: string;
  text: string;
  link?: string;
}

/** A mail's subject and both parts, for a transport to send. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

// RFC 5322 dot-atom-text, simplified: printable ASCII but the specials.
const DOT_ATEXT = "[!#-'*+\\-./-9=?A-Z^-~]";
// Plain ASCII only: an SMTPUTF8 address would put raw UTF-8 into the header, which not every hop accepts.
const ADDRESS = new RegExp(`^${DOT_ATEXT}+@${DOT_ATEXT}+$`);
const MESSAGE_ID = ADDRESS;
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
// Fields the composer writes itself, or that would add recipients: a custom header may not duplicate them.
const RESERVED = /^(?:from|sender|to|cc|bcc|reply-to|subject|date|message-id|mime-version|content-[\x21-\x7e]*)$/i;
// RFC 5322 2.1.1: the hard limit of a line.
const MAX_LINE = 998;
// A header text the composer would write as it is although a reader would not read it back so: text that
// looks like an encoded-word, or a word too long to fold. Such text goes as encoded-words of its own.
const UNFOLDABLE = /=\?|\S{77,}/;
const DIGEST_EXCERPT = 200;
const SIGNATURE = 'ISMF';

/** Throws unless the message can be sent as is: one recipient, single-line header values. */
export function validateMessage(message: MailMessage): void {
  assertAddress(message.to, 'to');
  if (message.toName !== undefined) assertSingleLine(message.toName, 'toName');
  assertSingleLine(message.subject, 'subject');
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!FIELD_NAME.test(name)) throw new Error(`invalid mail header name ${JSON.stringify(name)}`);
    if (RESERVED.test(name)) throw new Error(`mail header ${name} is set by the renderer and may not be given`);
    assertSingleLine(value, `header ${name}`);
  }
}

/** `left@right` for a Message-ID header: a ULID (unique and time-ordered) at the sender's domain (RFC 5322 3.6.4). */
export function newMessageId(from: string): string {
  assertAddress(from, 'from');
  return `${newId()}@${from.slice(from.lastIndexOf('@') + 1)}`;
}

/** The full message (multipart/alternative: text, then HTML), CRLF line endings throughout, 7-bit clean. */
export async function renderMessage(message: MailMessage, options: RenderOptions): Promise<string> {
  validateMessage(message);
  assertAddress(options.from, 'from');
  if (options.fromName !== undefined) assertSingleLine(options.fromName, 'fromName');
  const date = options.date ?? new Date();
  if (Number.isNaN(date.getTime())) throw new Error('invalid mail date');
  const messageId = options.messageId ?? newMessageId(options.from);
  if (!MESSAGE_ID.test(messageId)) throw new Error(`invalid Message-ID ${JSON.stringify(messageId)}: expected left@right without angle brackets`);

  const composer = new MailComposer({
    from: options.fromName ? { name: options.fromName, address: options.from } : options.from,
    to: message.toName ? { name: message.toName, address: message.to } : message.to,
    subject: headerText(message.subject),
    text: crlf(message.text),
    html: crlf(message.html ?? textToHtml(message.text)),
    ...(message.headers ? { headers: Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name, headerText(value)])) } : {}),
    messageId: `<${messageId}>`,
    date,
    textEncoding: 'quoted-printable',
    // The content is always given as strings: never let a value make the composer read a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = (await composer.compile().build()).toString('utf8');
  if (raw.split('\r\n').some((line) => line.length > MAX_LINE)) throw new Error(`a mail line is longer than ${MAX_LINE} characters`);
  return raw;
}

/** Text safe inside HTML elements and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/** Plain text as HTML: escaped, paragraphs at blank lines, line breaks kept, web addresses as anchors. */
export function textToHtml(text: string): string {
  return page(paragraphs(text));
}

/** One notification as a mail: a greeting, the text, the link into the console and a signature. */
export function notificationMail(notification: { title: string; text: string; link: string; recipientName?: string }): MailContent {
  const greeting = notification.recipientName ? `Hello ${oneLine(notification.recipientName)},` : 'Hello,';
  const text = [greeting, '', notification.text.trim(), '', `Open it in ISMF: ${notification.link}`, '', '-- ', SIGNATURE].join('\n');
  const html = page(
    [`<p>${escapeHtml(greeting)}</p>`, paragraphs(notification.text), `<p>${anchor(notification.link, 'Open it in ISMF')}</p>`, signatureHtml()].join('\n'),
  );
  return { subject: oneLine(notification.title), text, html };
}

/** One message for a day of notifications (a UTC day), in the order given. */
export function renderDigest(lines: DigestLine[], options: { day: string; recipientName?: string }): MailContent {
  const count = `${lines.length} notification${lines.length === 1 ? '' : 's'}`;
  const entries = lines.map((line) => ({
    time: digestTime(line.at, options.day),
    subject: oneLine(line.subject),
    excerpt: shorten(oneLine(line.text), DIGEST_EXCERPT),
    link: line.link ? oneLine(line.link) : undefined,
  }));
  const name = options.recipientName ? oneLine(options.recipientName) : '';
  const greeting = name ? `Hello ${name},` : 'Hello,';
  const intro = lines.length ? `${count} on ${options.day} (UTC):` : `No notifications on ${options.day} (UTC).`;
  const items = entries.map((entry, index) => {
    const item = [`${index + 1}. ${entry.time}  ${entry.subject}`];
    if (entry.excerpt) item.push(`   ${entry.excerpt}`);
    if (entry.link) item.push(`   ${entry.link}`);
    return item.join('\n');
  });
  const text = [greeting, '', intro, ...items.flatMap((item) => ['', item]), '', '-- ', SIGNATURE].join('\n');
  const list = entries.length
    ? `<ol>\n${entries
        .map(
          (entry) =>
            `<li><p><strong>${escapeHtml(entry.time)}</strong> ${escapeHtml(entry.subject)}` +
            (entry.excerpt ? `<br>\n${escapeHtml(entry.excerpt)}` : '') +
            (entry.link ? `<br>\n${anchor(entry.link, 'Open it in ISMF')}` : '') +
            '</p></li>',
        )
        .join('\n')}\n</ol>`
    : '';
  const html = page([`<p>${escapeHtml(greeting)}</p>`, `<p>${escapeHtml(intro)}</p>`, list, signatureHtml()].filter(Boolean).join('\n'));
  return { subject: `ISMF daily digest for ${options.day}: ${count}`, text, html };
}

function page(body: string): string {
  return `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"></head>\n<body>\n${body}\n</body>\n</html>`;
}

function paragraphs(text: string): string {
  return text
    .split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${inline(paragraph)}</p>`)
    .join('\n');
}

/** A paragraph's text: escaped, its line breaks kept, its web addresses as anchors. */
function inline(paragraph: string): string {
  let html = '';
  let last = 0;
  for (const match of paragraph.matchAll(URL_IN_TEXT)) {
    html += escapeHtml(paragraph.slice(last, match.index));
    html += anchor(match[0], match[0]);
    last = match.index + match[0].length;
  }
  html += escapeHtml(paragraph.slice(last));
  return html.replace(/\r\n|\r|\n/g, '<br>\n');
}

function anchor(href: string, label: string): string {
  // Only web links become anchors: a javascript: or data: URL in a notification would be a trap.
  if (!/^https?:\/\//i.test(href)) return escapeHtml(`${label}: ${href}`);
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

function signatureHtml(): string {
  return `<p>-- <br>\n${SIGNATURE}</p>`;
}

/** Header text as the composer should write it: unfoldable or encoded-word-like text as encoded-words. */
function headerText(value: string): string {
  return UNFOLDABLE.test(value) ? encodeWord(value, 'Q', 52) : value;
}

/** CRLF line endings: the composer keeps a bare LF as it is, which RFC 5322 does not allow. */
function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

function assertSingleLine(value: string, what: string): void {
  // A line break would end the header and let the value write headers or a body of its own.
  if (/[\r\n]/.test(value)) throw new Error(`mail ${what} contains a line break (header injection refused)`);
}

function assertAddress(address: string, what: string): void {
  assertSingleLine(address, what);
  // One plain addr-spec: a comma, angle bracket or space could smuggle in further recipients.
  if (!ADDRESS.test(address)) throw new Error(`mail ${what} is not a single plain address: ${JSON.stringify(address)}`);
}

function digestTime(at: string, day: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return oneLine(at);
  const iso = new Date(ms).toISOString();
  // The day is in the subject already: only a notification from another day shows its date.
  return `${iso.startsWith(`${day}T`) ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text); // by code point, so that no surrogate pair is cut in two
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
