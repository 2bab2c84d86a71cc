// Plain-text mail as RFC 5322 messages: header values checked against injection, non-ASCII header text
// as RFC 2047 encoded-words, the body in quoted-printable (RFC 2045), so that any MTA or mail client takes
// the message as written, whatever the language of the notification.
import { newId } from '@ismf/core/ids';

export interface MailMessage {
  to: string;
  toName?: string;
  subject: string;
  text: string;
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

const CRLF = '\r\n';
// RFC 5322 atext without '.', and with it (dot-atom-text, simplified): printable ASCII but the specials.
const ATEXT = "[!#-'*+\\-/-9=?A-Z^-~]";
const DOT_ATEXT = "[!#-'*+\\-./-9=?A-Z^-~]";
// Plain ASCII only: an SMTPUTF8 address would put raw UTF-8 into the header, which not every hop accepts.
const ADDRESS = new RegExp(`^${DOT_ATEXT}+@${DOT_ATEXT}+$`);
const MESSAGE_ID = ADDRESS;
const ATOM_PHRASE = new RegExp(`^${ATEXT}+(?: ${ATEXT}+)*$`);
// Printable ASCII words separated by single spaces: written as is and folded at the spaces.
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
// Fields renderMessage writes itself, or that would add recipients: a custom header may not duplicate them.
const RESERVED = /^(?:from|sender|to|cc|bcc|subject|date|message-id|mime-version|content-[\x21-\x7e]*)$/i;
// RFC 5322 2.1.1: the hard limit of a line; RFC 2047 2: a line holding encoded-words stays within 76.
const MAX_LINE = 998;
const ENCODED_LINE = 76;
const PLAIN_LINE = 78;
const QP_LINE = 76;
const DIGEST_EXCERPT = 200;

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

/** A mailbox as a header or SES address: `addr`, `Name <addr>`, `"Quoted, Name" <addr>` or encoded-words. */
export function formatMailbox(address: string, name?: string): string {
  return mailboxTokens(address, name, ENCODED_LINE - 1).join(' ');
}

/** The full RFC 5322 message, CRLF line endings throughout. */
export function renderMessage(message: MailMessage, options: RenderOptions): string {
  validateMessage(message);
  assertAddress(options.from, 'from');
  if (options.fromName !== undefined) assertSingleLine(options.fromName, 'fromName');
  const date = options.date ?? new Date();
  if (Number.isNaN(date.getTime())) throw new Error('invalid mail date');
  const messageId = options.messageId ?? newMessageId(options.from);
  if (!MESSAGE_ID.test(messageId)) throw new Error(`invalid Message-ID ${JSON.stringify(messageId)}: expected left@right without angle brackets`);

  const fields = [
    mailboxField('From', options.from, options.fromName),
    mailboxField('To', message.to, message.toName),
    unstructuredField('Subject', message.subject),
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${messageId}>`,
    ...Object.entries(message.headers ?? {}).map(([name, value]) => unstructuredField(name, value)),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  const head = fields.join(CRLF);
  if (head.split(CRLF).some((line) => line.length > MAX_LINE)) throw new Error(`a mail header line is longer than ${MAX_LINE} characters`);
  return `${head}${CRLF}${CRLF}${quotedPrintable(message.text)}${CRLF}`;
}

/** The body in quoted-printable (RFC 2045 6.7); any line break of the text becomes CRLF. */
export function quotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(quotedPrintableLine)
    .join(CRLF);
}

/** One message for a day of notifications, in the order given. */
export function renderDigest(lines: DigestLine[], options: { day: string; recipientName?: string }): { subject: string; text: string } {
  const count = `${lines.length} notification${lines.length === 1 ? '' : 's'}`;
  const items = lines.map((line, index) => {
    const entry = [`${index + 1}. ${digestTime(line.at, options.day)}  ${oneLine(line.subject)}`];
    const excerpt = shorten(oneLine(line.text), DIGEST_EXCERPT);
    if (excerpt) entry.push(`   ${excerpt}`);
    if (line.link) entry.push(`   ${oneLine(line.link)}`);
    return entry.join('\n');
  });
  const name = options.recipientName ? oneLine(options.recipientName) : '';
  const text = [
    name ? `Hello ${name},` : 'Hello,',
    '',
    lines.length ? `${count} on ${options.day}:` : `No notifications on ${options.day}.`,
    ...items.flatMap((item) => ['', item]),
    '',
    '-- ', // the signature delimiter, so that clients can fold away what follows
    'ISMF',
  ].join('\n');
  return { subject: `ISMF daily digest for ${options.day}: ${count}`, text };
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

function mailboxField(name: string, address: string, displayName?: string): string {
  return fold(name, mailboxTokens(address, displayName, ENCODED_LINE - name.length - 2), ENCODED_LINE);
}

function mailboxTokens(address: string, name: string | undefined, firstWord: number): string[] {
  assertAddress(address, 'address');
  if (!name) return [address];
  assertSingleLine(name, 'display name');
  const angle = `<${address}>`;
  if (!name.includes('=?')) {
    if (ATOM_PHRASE.test(name)) return [...name.split(' '), angle];
    // A quoted-string keeps specials such as ',' or '.' from being read as address syntax (RFC 5322 3.2.4).
    if (/^[\x20-\x7e]*$/.test(name)) return [`"${name.replace(/["\\]/g, '\\$&')}"`, angle];
  }
  return [...encodedWords(name, firstWord), angle];
}

function unstructuredField(name: string, value: string): string {
  // Text that could be taken for an encoded-word is encoded too, so that it reads back as written.
  if (PLAIN.test(value) && !value.includes('=?')) {
    const field = fold(name, value.split(' '), PLAIN_LINE);
    if (field.split(CRLF).every((line) => line.length <= MAX_LINE)) return field;
  }
  return fold(name, encodedWords(value, ENCODED_LINE - name.length - 2), ENCODED_LINE);
}

/** Folds before a token that would overflow the line; unfolding (removing each CRLF) restores the value. */
function fold(name: string, tokens: string[], limit: number): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > limit && line.trim() !== '') {
      lines.push(line);
      line = '';
    }
    line += ` ${token}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

/** RFC 2047 B-encoded words of at most 75 characters, the first at most firstWord so it fits behind the field name. */
function encodedWords(value: string, firstWord: number): string[] {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  let max = payloadBytes(firstWord >= 20 ? Math.min(firstWord, 75) : 75);
  // By code point: an encoded-word must hold whole characters, never part of a UTF-8 sequence (RFC 2047 5).
  for (const char of value) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > max && chunk) {
      words.push(encodedWord(chunk));
      chunk = '';
      bytes = 0;
      max = payloadBytes(75);
    }
    chunk += char;
    bytes += size;
  }
  if (chunk) words.push(encodedWord(chunk));
  return words;
}

/** The UTF-8 bytes that fit into an encoded-word of the given length: 12 characters of `=?UTF-8?B?` and `?=`. */
function payloadBytes(wordLength: number): number {
  return Math.floor((wordLength - 12) / 4) * 3;
}

function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function rfc5322Date(date: Date): string {
  // ECMAScript fixes toUTCString as "Www, DD Mmm YYYY HH:MM:SS GMT"; RFC 5322 3.3 wants a numeric zone.
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const units: string[] = [];
  bytes.forEach((byte, index) => {
    // Whitespace is literal except at the end of the line, where transports may strip it (rule 3).
    const whitespace = byte === 0x20 || byte === 0x09;
    const literal = (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || (whitespace && index < bytes.length - 1);
    units.push(literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);
  });
  // Rule 5: encoded lines of at most 76 characters, a soft break "=" counting as one; never within an =XX.
  const segments: string[] = [];
  let segment = '';
  units.forEach((unit, index) => {
    const room = index === units.length - 1 ? QP_LINE : QP_LINE - 1;
    if (segment.length + unit.length > room) {
      segments.push(`${segment}=`);
      segment = '';
    }
    segment += unit;
  });
  segments.push(segment);
  return segments.join(CRLF);
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
