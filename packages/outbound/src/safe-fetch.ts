// The one way the platform makes an outbound HTTP request (vendor advisory feeds: CSAF providers,
// CISA KEV, OSV, NVD). The URL comes from configuration and the redirects from the vendor, so each hop
// is held to the address policy (address-policy.ts) where it counts: at connect time, through the DNS
// lookup handed to the socket, so that a rebinding answer or a redirect cannot reach the platform's own
// network; an IP literal (which the socket does not look up) is checked before the request. The answer
// is bounded: a deadline over the whole exchange, and a size cap on the decoded body while it streams.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { classifyAddress } from './address-policy.ts';

/** Why a request was refused or abandoned, for a caller recording a source's failure. */
export type OutboundRefusalReason =
  /** Not https (http is allowed to loopback alone, with `allowLoopback`), or a redirect from https to http. */
  | 'scheme'
  /** An address that is not public: in the URL, in a redirect, or in a DNS answer. */
  | 'address'
  /** More redirects than `maxRedirects`. */
  | 'redirects'
  /** A body larger than `maxBytes` (decoded), announced or streamed. */
  | 'size'
  /** No complete answer within `timeoutMs`. */
  | 'timeout'
  /** An answer that cannot be used: a redirect to an unparsable location, an unknown content encoding. */
  | 'status';

/**
 * A request the policy refused or the limits ended. Anything else `safeFetch` throws is a transport
 * failure (Node's error, with its `code`: ENOTFOUND, ECONNREFUSED, a TLS error...).
 */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
  readonly reason: OutboundRefusalReason;
  /** The URL of the hop that was refused (a redirect's target, for a redirect). */
  readonly url: string;

  constructor(reason: OutboundRefusalReason, message: string, url: string) {
    super(`${message} (${url})`);
    this.reason = reason;
    this.url = url;
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** A name's addresses, as `dns.lookup(name, { all: true })` answers them. */
export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface SafeFetchOptions {
  headers?: Record<string, string>;
  /** The validator of the copy the caller holds: sent as If-None-Match. */
  etag?: string;
  /** The Last-Modified of the copy the caller holds: sent as If-Modified-Since. */
  lastModified?: string;
  /** The cap on the decoded body, in bytes. Default 50 MiB. */
  maxBytes?: number;
  /** The deadline of the whole exchange, redirects and body included, in ms. Default 30 s. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * Allows loopback addresses (127/8, ::1), over http or https: for the local runtime and the tests,
   * whose servers are local. Private, link-local and metadata addresses stay refused. The caller takes it
   * from its configuration (`outboundPolicyFromEnvironment`), never from the request's data.
   */
  allowLoopback?: boolean;
  method?: 'GET';
  /**
   * Test seam: the resolver behind the connect-time lookup (default: `dns.lookup` with `all: true`), so
   * that the tests can answer a name with any address without real DNS. Its answers are held to the
   * policy like the system resolver's.
   */
  resolve?: Resolve;
}

export interface SafeFetchResult {
  status: number;
  /** The final URL, after the redirects. */
  url: string;
  /** A 304 to a conditional request: the caller's copy is current; no body. */
  notModified: boolean;
  /** The decoded body (absent for a 304). */
  body?: Buffer;
  etag?: string;
  lastModified?: string;
  contentType?: string;
  /** Retry-After (seconds or an HTTP date), in seconds from now, when the answer has one (429, 503). */
  retryAfterSeconds?: number;
  /** The answer's headers, names in lower case, repeated ones joined with ", ". */
  headers: Record<string, string>;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * The policy from the environment: `ISMF_OUTBOUND_ALLOW_LOOPBACK=1` allows loopback. Only the local
 * runtime sets it (`npm start`, the tests), so that feeds served from the developer's machine can be
 * pulled; no deployed stack does, so a deployed function reaches public addresses alone.
 */
export function outboundPolicyFromEnvironment(env: NodeJS.ProcessEnv = process.env): { allowLoopback: boolean } {
  return { allowLoopback: env.ISMF_OUTBOUND_ALLOW_LOOPBACK === '1' };
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** A cross-origin redirect keeps only these of the caller's headers: any other may carry a credential (NVD's apiKey). */
const CROSS_ORIGIN_HEADERS = new Set(['accept', 'accept-language', 'user-agent', 'if-none-match', 'if-modified-since', 'accept-encoding']);

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true });

/** GETs `url` within the outbound policy and limits; see the module's comment. */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const limits: Limits = {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowLoopback: options.allowLoopback === true,
    resolve: options.resolve ?? systemResolve,
  };
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'ISMF' };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  if (options.lastModified !== undefined) headers['if-modified-since'] = options.lastModified;

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  try {
    let target = new URL(url);
    for (let redirects = 0; ; redirects += 1) {
      checkTarget(target, limits.allowLoopback);
      const answer = await exchange(target, headers, limits, deadline.signal);
      if (answer.kind === 'final') return answer.result;
      if (redirects >= maxRedirects) throw new OutboundRefused('redirects', `more than ${maxRedirects} redirects`, target.href);
      let next: URL;
      try {
        next = new URL(answer.location, target);
      } catch {
        throw new OutboundRefused('status', `a redirect to an unparsable location ${JSON.stringify(answer.location)}`, target.href);
      }
      if (target.protocol === 'https:' && next.protocol !== 'https:') throw new OutboundRefused('scheme', 'a redirect from https to http', next.href);
      if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => CROSS_ORIGIN_HEADERS.has(name)));
      target = next;
    }
  } finally {
    clearTimeout(timer);
  }
}

interface Limits {
  maxBytes: number;
  timeoutMs: number;
  allowLoopback: boolean;
  resolve: Resolve;
}

type Answer = { kind: 'final'; result: SafeFetchResult } | { kind: 'redirect'; location: string };

/** What can be judged before connecting: the scheme, and an IP literal (the socket does not look one up). */
function checkTarget(target: URL, allowLoopback: boolean): void {
  const httpAllowed = allowLoopback && target.protocol === 'http:';
  if (target.protocol !== 'https:' && !httpAllowed) throw new OutboundRefused('scheme', `${target.protocol} is not https`, target.href);
  const host = bareHost(target);
  if (isIP(host) !== 0) {
    const refusal = refusalFor(host, target.protocol, allowLoopback);
    if (refusal) throw new OutboundRefused(refusal, `the address ${host} is not allowed`, target.href);
  }
}

/** Why the connection to `address` is refused, if it is: http goes to loopback alone. */
function refusalFor(address: string, protocol: string, allowLoopback: boolean): OutboundRefusalReason | undefined {
  const kind = classifyAddress(address);
  if (kind === 'blocked' || (kind === 'loopback' && !allowLoopback)) return 'address';
  if (kind === 'public' && protocol !== 'https:') return 'scheme';
  return undefined;
}

function bareHost(target: URL): string {
  return target.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The lookup handed to the socket: every address of the answer must pass, or none is connected to. */
function guardedLookup(target: URL, limits: Limits): LookupFunction {
  return (hostname, options, callback) => {
    limits.resolve(hostname).then(
      (answers) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
        const usable = answers
          .filter((answer) => family === 0 || answer.family === family)
          .map(({ address, family: answerFamily }) => ({ address, family: answerFamily }));
        for (const { address } of usable) {
          const reason = refusalFor(address, target.protocol, limits.allowLoopback);
          if (reason) return callback(new OutboundRefused(reason, `${hostname} resolves to ${address}, which is not allowed`, target.href), '');
        }
        const [first] = usable;
        if (!first) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '');
        if (options.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** One hop: the request, and the answer (a redirect's location, or the final answer with its decoded body). */
function exchange(target: URL, headers: Record<string, string>, limits: Limits, deadline: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((settle, reject) => {
    const streams: Readable[] = [];
    const fail = (error: Error): void => {
      deadline.removeEventListener('abort', onDeadline);
      for (const stream of streams) stream.destroy();
      request.destroy();
      reject(error);
    };
    const done = (answer: Answer): void => {
      deadline.removeEventListener('abort', onDeadline);
      settle(answer);
    };
    const onDeadline = (): void => fail(new OutboundRefused('timeout', `no complete answer within ${limits.timeoutMs} ms`, target.href));

    const request = (target.protocol === 'https:' ? https : http).request({
      protocol: target.protocol,
      hostname: bareHost(target),
      port: target.port || undefined,
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      headers,
      lookup: guardedLookup(target, limits),
      // A fresh connection per hop: a pooled socket would skip the lookup, and with it the policy.
      agent: false,
    });
    if (deadline.aborted) return onDeadline();
    deadline.addEventListener('abort', onDeadline, { once: true });
    request.on('error', fail);
    request.on('response', (response) => {
      streams.push(response);
      response.on('error', fail);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        response.destroy();
        return done({ kind: 'redirect', location });
      }
      const result = resultOf(status, target, response.headers);
      if (status === 304) {
        response.destroy();
        return done({ kind: 'final', result: { ...result, notModified: true } });
      }
      const declared = Number(response.headers['content-length']);
      if (declared > limits.maxBytes)
        return fail(new OutboundRefused('size', `a body of ${declared} bytes is announced, over ${limits.maxBytes}`, target.href));
      let decoders: Transform[];
      try {
        decoders = decodersFor(response.headers['content-encoding'], target);
      } catch (error) {
        return fail(error as Error);
      }
      for (const decoder of decoders) decoder.on('error', fail);
      streams.push(...decoders);
      // pipe() does not carry an error along: each stream fails the hop itself, and `fail` destroys them all.
      const decoded = decoders.reduce<Readable>((stream, decoder) => stream.pipe(decoder), response);
      const chunks: Buffer[] = [];
      let size = 0;
      // The cap counts decoded bytes, so that a small compressed answer cannot inflate past it.
      const collect = async (): Promise<void> => {
        for await (const chunk of decoded as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > limits.maxBytes) throw new OutboundRefused('size', `the body passed ${limits.maxBytes} bytes`, target.href);
          chunks.push(chunk);
        }
      };
      collect().then(() => done({ kind: 'final', result: { ...result, body: Buffer.concat(chunks, size) } }), fail);
    });
    request.end();
  });
}

function resultOf(status: number, target: URL, raw: http.IncomingHttpHeaders): SafeFetchResult {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const result: SafeFetchResult = { status, url: target.href, notModified: false, headers };
  if (headers.etag !== undefined) result.etag = headers.etag;
  if (headers['last-modified'] !== undefined) result.lastModified = headers['last-modified'];
  if (headers['content-type'] !== undefined) result.contentType = headers['content-type'];
  const retryAfter = retryAfterSeconds(headers['retry-after']);
  if (retryAfter !== undefined) result.retryAfterSeconds = retryAfter;
  return result;
}

function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The decoders of a Content-Encoding, in the order they apply (the last coding applied is undone first). */
function decodersFor(header: string | undefined, target: URL): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
    if (coding === 'br') return zlib.createBrotliDecompress();
    if (coding === 'deflate') return inflateEither();
    throw new OutboundRefused('status', `an unknown content encoding ${JSON.stringify(coding)}`, target.href);
  });
}

/**
 * Deflate as servers send it: zlib-wrapped as RFC 9110 says, or raw as some do; told apart by the first
 * byte (a zlib header's low nibble is 8, the deflate method), as browsers do.
 */
function inflateEither(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | undefined;
  const outer: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate() : zlib.createInflateRaw();
        inner.on('data', (data: Buffer) => outer.push(data));
        inner.on('error', (error) => outer.destroy(error));
      }
      inner.write(chunk, () => callback());
    },
    flush(callback) {
      if (!inner) return callback();
      inner.once('end', () => callback());
      inner.end();
    },
    destroy(error, callback) {
      inner?.destroy();
      callback(error);
    },
  });
  return outer;
}
