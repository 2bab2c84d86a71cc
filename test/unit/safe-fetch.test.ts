// The one way out (packages/outbound): only public addresses, checked at connect time (a DNS answer, a
// redirect, an IP literal); loopback only when the local runtime allows it; conditional requests, a
// deadline, a cap on the decoded body. Against local servers on 127.0.0.1 (port 0) and an injected
// resolver: no internet. Every refusal that could reach a local server proves that none did.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https, { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { addressAllowed, classifyAddress, type AddressClass } from '@ismf/outbound/address-policy';
import { OutboundRefused, outboundPolicyFromEnvironment, safeFetch, type OutboundRefusalReason, type Resolve } from '@ismf/outbound/safe-fetch';

// A throwaway self-signed certificate for 127.0.0.1 and feed.test (valid 2000–2099), for the https cases only.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgF1DPSgD26zix/nZx
fBMUtz/5RkQTP/B9qbYQbnGSC0ehRANCAASdK7/f2F5x+Puns4jdA4g3XPLYeshG
e0hMijHhuIduLmgmdTC5iKDV90lth/ZrVwPEYgW10UEPJhK9KtuoB4jD
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBZDCCAQqgAwIBAgIBATAKBggqhkjOPQQDAjAUMRIwEAYDVQQDDAlpc21mLXRl
c3QwIBcNMDAwMTAxMDAwMDAwWhgPMjA5OTEyMzEwMDAwMDBaMBQxEjAQBgNVBAMM
CWlzbWYtdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJ0rv9/YXnH4+6ez
iN0DiDdc8th6yEZ7SEyKMeG4h24uaCZ1MLmIoNX3SW2H9mtXA8RiBbXRQQ8mEr0q
26gHiMOjSzBJMBoGA1UdEQQTMBGHBH8AAAGCCWZlZWQudGVzdDAMBgNVHRMBAf8E
AjAAMB0GA1UdDgQWBBSrC71/QMjaav0EJheM3c6CEH/AvjAKBggqhkjOPQQDAgNI
ADBFAiEAhOHJPcLxTvDi/dyjoxDss7q7kzldomrfS8uSBbwjwUUCIGZSHe+pHHIH
oMXmVnH5pm7aUFp21HCjjnc9y8w/a0nW
-----END CERTIFICATE-----
`;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface Local {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

const running: Local[] = [];

/** A local server; closed after each test unless `shared` (then the describe closes it). */
async function serve(handler: Handler, options: { tls?: boolean; host?: string; shared?: boolean } = {}): Promise<Local> {
  const server: Server = options.tls ? createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, handler) : createHttpServer(handler);
  const host = options.host ?? '127.0.0.1';
  const local: Local = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
  server.on('connection', () => (local.connections += 1));
  server.on('request', (request: IncomingMessage) => local.requests.push(request));
  await new Promise<void>((listening, failed) => server.once('error', failed).listen(0, host, () => listening()));
  local.port = (server.address() as AddressInfo).port;
  local.origin = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${local.port}`;
  if (!options.shared) running.push(local);
  return local;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((local) => local.close()));
  vi.restoreAllMocks();
});

/** The refusal a fetch ends with. */
async function refusal(pending: Promise<unknown>, reason: OutboundRefusalReason): Promise<OutboundRefused> {
  const error = await pending.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(OutboundRefused);
  expect((error as OutboundRefused).reason).toBe(reason);
  return error as OutboundRefused;
}

const answering =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const local = { allowLoopback: true } as const;

describe('address policy', () => {
  const table: [string, AddressClass][] = [
    // Public.
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['169.253.255.255', 'public'],
    ['192.0.1.1', 'public'],
    ['198.20.0.1', 'public'],
    ['223.255.255.255', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:830::200e', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::808:808', 'public'],
    // Loopback.
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    // IPv4, not public.
    ['0.0.0.0', 'blocked'],
    ['0.1.2.3', 'blocked'],
    ['10.0.0.1', 'blocked'],
    ['10.255.255.255', 'blocked'],
    ['100.64.0.1', 'blocked'],
    ['100.127.255.255', 'blocked'],
    ['169.254.169.254', 'blocked'],
    ['169.254.0.1', 'blocked'],
    ['172.16.0.1', 'blocked'],
    ['172.31.255.255', 'blocked'],
    ['192.168.1.1', 'blocked'],
    ['192.0.0.8', 'blocked'],
    ['192.0.2.1', 'blocked'],
    ['192.88.99.1', 'blocked'],
    ['198.18.0.1', 'blocked'],
    ['198.19.255.255', 'blocked'],
    ['198.51.100.7', 'blocked'],
    ['203.0.113.9', 'blocked'],
    ['224.0.0.1', 'blocked'],
    ['239.255.255.250', 'blocked'],
    ['240.0.0.1', 'blocked'],
    ['255.255.255.255', 'blocked'],
    // IPv6, not public.
    ['::', 'blocked'],
    ['::127.0.0.1', 'blocked'],
    ['100::1', 'blocked'],
    ['fc00::1', 'blocked'],
    ['fd00:ec2::254', 'blocked'],
    ['fe80::1', 'blocked'],
    ['fe80::1%eth0', 'blocked'],
    ['febf::1', 'blocked'],
    ['fec0::1', 'blocked'],
    ['ff02::1', 'blocked'],
    ['ff0e::1', 'blocked'],
    ['2001::1', 'blocked'],
    ['2001:db8::1', 'blocked'],
    ['2002:7f00:1::1', 'blocked'],
    ['3fff::1', 'blocked'],
    // IPv4 behind IPv6: mapped (also written in hex), NAT64, SIIT.
    ['::ffff:10.0.0.1', 'blocked'],
    ['::ffff:169.254.169.254', 'blocked'],
    ['::ffff:a9fe:a9fe', 'blocked'],
    ['::ffff:0.0.0.0', 'blocked'],
    ['64:ff9b::a9fe:a9fe', 'blocked'],
    ['64:ff9b::10.0.0.1', 'blocked'],
    ['64:ff9b::7f00:1', 'blocked'],
    ['64:ff9b:1::a00:1', 'blocked'],
    ['::ffff:0:a00:1', 'blocked'],
    // Not an address at all: fail closed.
    ['localhost', 'blocked'],
    ['example.com', 'blocked'],
    ['1.2.3', 'blocked'],
    ['', 'blocked'],
  ];

  it.each(table)('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('allows public addresses, loopback only when asked, the rest never', () => {
    expect(addressAllowed('8.8.8.8')).toBe(true);
    expect(addressAllowed('127.0.0.1')).toBe(false);
    expect(addressAllowed('127.0.0.1', { allowLoopback: true })).toBe(true);
    expect(addressAllowed('::1', { allowLoopback: true })).toBe(true);
    expect(addressAllowed('169.254.169.254', { allowLoopback: true })).toBe(false);
    expect(addressAllowed('10.0.0.1', { allowLoopback: true })).toBe(false);
    expect(addressAllowed('fd00:ec2::254', { allowLoopback: true })).toBe(false);
  });

  it('reads the loopback allowance from ISMF_OUTBOUND_ALLOW_LOOPBACK=1 alone', () => {
    expect(outboundPolicyFromEnvironment({ ISMF_OUTBOUND_ALLOW_LOOPBACK: '1' })).toEqual({ allowLoopback: true });
    expect(outboundPolicyFromEnvironment({ ISMF_OUTBOUND_ALLOW_LOOPBACK: 'true' })).toEqual({ allowLoopback: false });
    expect(outboundPolicyFromEnvironment({})).toEqual({ allowLoopback: false });
  });
});

describe('safeFetch with loopback allowed (the local runtime)', () => {
  it('fetches, sending the caller’s headers, answering the body, the type and the headers', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', etag: '"v1"', 'last-modified': 'Wed, 02 Dec 2026 10:00:00 GMT' });
      response.end('{"ok":true}');
    });
    const answer = await safeFetch(`${server.origin}/feed.json?page=2`, { ...local, headers: { Accept: 'application/json' } });
    expect(answer).toMatchObject({
      status: 200,
      url: `${server.origin}/feed.json?page=2`,
      notModified: false,
      contentType: 'application/json',
      etag: '"v1"',
      lastModified: 'Wed, 02 Dec 2026 10:00:00 GMT',
    });
    expect(answer.body?.toString()).toBe('{"ok":true}');
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.retryAfterSeconds).toBeUndefined();
    expect(server.requests[0]?.url).toBe('/feed.json?page=2');
    expect(server.requests[0]?.headers).toMatchObject({ accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' });
  });

  it('fetches over https too, and refuses a redirect from https to http before connecting', async () => {
    // The test certificate is trusted by this request alone: safeFetch itself has no trust option.
    const request = https.request.bind(https);
    vi.spyOn(https, 'request').mockImplementation(((options: https.RequestOptions, callback?: (response: IncomingMessage) => void) =>
      request({ ...options, ca: TEST_CERT }, callback)) as typeof https.request);
    const plain = await serve((_request, response) => response.end('plain'));
    const secure = await serve(
      (request, response) => {
        if (request.url === '/down') response.writeHead(302, { location: `${plain.origin}/` }).end();
        else response.end('secure');
      },
      { tls: true },
    );
    expect((await safeFetch(`${secure.origin}/`, local)).body?.toString()).toBe('secure');
    // A name, answered by the resolver: the certificate is checked against the name.
    const named = await safeFetch(`https://feed.test:${secure.port}/`, { ...local, resolve: answering('127.0.0.1') });
    expect(named.body?.toString()).toBe('secure');
    await refusal(safeFetch(`${secure.origin}/down`, local), 'scheme');
    expect(plain.connections).toBe(0);
  });

  it('asks with If-None-Match, and answers a 304 as not modified, without a body', async () => {
    const server = await serve((request, response) => {
      if (request.headers['if-none-match'] === '"v7"') response.writeHead(304, { etag: '"v7"' }).end();
      else response.writeHead(200, { etag: '"v7"' }).end('fresh');
    });
    const fresh = await safeFetch(`${server.origin}/`, local);
    expect(fresh).toMatchObject({ status: 200, notModified: false, etag: '"v7"' });
    const again = await safeFetch(`${server.origin}/`, { ...local, etag: fresh.etag! });
    expect(again).toMatchObject({ status: 304, notModified: true, etag: '"v7"' });
    expect(again.body).toBeUndefined();
  });

  it('asks with If-Modified-Since', async () => {
    const stamp = 'Tue, 01 Dec 2026 08:00:00 GMT';
    const server = await serve((request, response) => {
      if (request.headers['if-modified-since'] === stamp) response.writeHead(304).end();
      else response.writeHead(200, { 'last-modified': stamp }).end('fresh');
    });
    const fresh = await safeFetch(`${server.origin}/`, local);
    expect(fresh.lastModified).toBe(stamp);
    const again = await safeFetch(`${server.origin}/`, { ...local, lastModified: stamp });
    expect(again).toMatchObject({ status: 304, notModified: true });
    expect(again.body).toBeUndefined();
  });

  it('returns other statuses rather than throwing, with Retry-After in seconds', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/busy') response.writeHead(429, { 'retry-after': '120' }).end('slow down');
      else if (request.url === '/later') response.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end();
      else response.writeHead(404).end('no such feed');
    });
    const busy = await safeFetch(`${server.origin}/busy`, local);
    expect(busy).toMatchObject({ status: 429, notModified: false, retryAfterSeconds: 120 });
    expect(busy.body?.toString()).toBe('slow down');
    const later = await safeFetch(`${server.origin}/later`, local);
    expect(later.status).toBe(503);
    expect(later.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(later.retryAfterSeconds).toBeLessThanOrEqual(61);
    const missing = await safeFetch(`${server.origin}/missing`, local);
    expect(missing).toMatchObject({ status: 404 });
    expect(missing.retryAfterSeconds).toBeUndefined();
  });

  it('decodes gzip, deflate (zlib-wrapped or raw) and br', async () => {
    const text = JSON.stringify({ vulnerabilities: Array.from({ length: 500 }, (_, index) => ({ cve: `CVE-2026-${index}` })) });
    const encoded: Record<string, [string, Buffer]> = {
      '/gzip': ['gzip', gzipSync(text)],
      '/deflate': ['deflate', deflateSync(text)],
      '/raw': ['deflate', deflateRawSync(text)],
      '/br': ['br', brotliCompressSync(text)],
    };
    const server = await serve((request, response) => {
      const [coding, body] = encoded[request.url!]!;
      response.writeHead(200, { 'content-encoding': coding }).end(body);
    });
    for (const path of Object.keys(encoded)) {
      expect((await safeFetch(`${server.origin}${path}`, local)).body?.toString(), path).toBe(text);
    }
  });

  it('refuses an unknown content encoding', async () => {
    const server = await serve((_request, response) => response.writeHead(200, { 'content-encoding': 'zstd' }).end('?'));
    await refusal(safeFetch(`${server.origin}/`, local), 'status');
  });

  it('refuses a body over the cap: announced, streamed, or inflating from a small compressed answer', async () => {
    // 32 MiB of zeros is about 32 KB of gzip: well under a 1 MiB cap until decoded.
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const server = await serve((request, response) => {
      if (request.url === '/declared') response.writeHead(200, { 'content-length': '2000' }).end(Buffer.alloc(2000));
      else if (request.url === '/streamed') {
        // Chunked, no length announced: the cap is met while reading.
        response.writeHead(200);
        response.write(Buffer.alloc(600));
        response.write(Buffer.alloc(600));
        response.end(Buffer.alloc(600));
      } else {
        response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
      }
    });
    const declared = await refusal(safeFetch(`${server.origin}/declared`, { ...local, maxBytes: 1000 }), 'size');
    expect(declared.message).toContain('announced');
    const streamed = await refusal(safeFetch(`${server.origin}/streamed`, { ...local, maxBytes: 1000 }), 'size');
    expect(streamed.message).toContain('passed');
    await refusal(safeFetch(`${server.origin}/bomb`, { ...local, maxBytes: 1024 * 1024 }), 'size');
    // At the cap exactly is fine.
    expect((await safeFetch(`${server.origin}/declared`, { ...local, maxBytes: 2000 })).body?.length).toBe(2000);
  });

  it('gives up at the deadline: no answer, a body that stalls, a name that never resolves', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/stall') {
        response.writeHead(200);
        response.write('a first chunk, then nothing');
      }
      // Otherwise never answers.
    });
    const started = Date.now();
    await refusal(safeFetch(`${server.origin}/silent`, { ...local, timeoutMs: 200 }), 'timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
    await refusal(safeFetch(`${server.origin}/stall`, { ...local, timeoutMs: 200 }), 'timeout');
    const never: Resolve = () => new Promise(() => {});
    await refusal(safeFetch(`http://feed.test:${server.port}/`, { ...local, timeoutMs: 200, resolve: never }), 'timeout');
  });

  it('follows redirects up to the limit (5 by default), answering the final URL', async () => {
    const server = await serve((request, response) => {
      const hop = Number(request.url!.slice(1));
      if (hop < 3) response.writeHead(hop % 2 ? 301 : 307, { location: `/${hop + 1}` }).end();
      else if (request.url === '/loop') response.writeHead(302, { location: '/loop' }).end();
      else response.end(`hop ${hop}`);
    });
    const answer = await safeFetch(`${server.origin}/0`, local);
    expect(answer).toMatchObject({ status: 200, url: `${server.origin}/3` });
    expect(answer.body?.toString()).toBe('hop 3');
    await refusal(safeFetch(`${server.origin}/0`, { ...local, maxRedirects: 2 }), 'redirects');
    server.requests.length = 0;
    await refusal(safeFetch(`${server.origin}/loop`, local), 'redirects');
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to the metadata service, even with loopback allowed', async () => {
    const server = await serve((request, response) => {
      const targets: Record<string, string> = {
        '/metadata': 'http://169.254.169.254/latest/meta-data/',
        '/mapped': 'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
        '/private-name': 'http://internal.test/',
        '/bad': 'http://[oops/',
      };
      response.writeHead(302, { location: targets[request.url!] }).end();
    });
    await refusal(safeFetch(`${server.origin}/metadata`, local), 'address');
    await refusal(safeFetch(`${server.origin}/mapped`, local), 'address');
    await refusal(safeFetch(`${server.origin}/private-name`, { ...local, resolve: answering('10.0.0.8') }), 'address');
    await refusal(safeFetch(`${server.origin}/bad`, local), 'status');
  });

  it('allows http to loopback alone: http to a public address is refused (scheme)', async () => {
    await refusal(safeFetch('http://example.com/', { ...local, resolve: answering('93.184.215.14') }), 'scheme');
    await refusal(safeFetch('http://93.184.215.14/', local), 'scheme');
  });

  it('connects where the checked lookup says: every hop is looked up and checked again (rebinding)', async () => {
    const server = await serve((request, response) => {
      if (request.url === '/first') response.writeHead(302, { location: '/second' }).end();
      else response.end('second');
    });
    const answers = ['127.0.0.1', '10.0.0.1'];
    let lookups = 0;
    const rebinding: Resolve = async () => [{ address: answers[lookups++]!, family: 4 }];
    await refusal(safeFetch(`http://feed.test:${server.port}/first`, { ...local, resolve: rebinding }), 'address');
    expect(lookups).toBe(2);
    expect(server.requests.map((request) => request.url)).toEqual(['/first']);
    // A mixed answer is refused whole.
    await refusal(safeFetch(`http://feed.test:${server.port}/second`, { ...local, resolve: answering('127.0.0.1', '10.0.0.1') }), 'address');
    expect(server.connections).toBe(1);
    const named = await safeFetch(`http://feed.test:${server.port}/second`, { ...local, resolve: answering('127.0.0.1') });
    expect(named.body?.toString()).toBe('second');
  });

  it('keeps the caller’s headers on the same origin, drops all but the harmless ones on another', async () => {
    const other = await serve((_request, response) => response.end('other'));
    const server = await serve((request, response) => {
      if (request.url === '/same') response.writeHead(302, { location: '/landing' }).end();
      else if (request.url === '/away') response.writeHead(302, { location: `${other.origin}/landing` }).end();
      else response.end('landing');
    });
    const headers = { apiKey: 'secret', Authorization: 'Bearer secret', Accept: 'application/json' };
    await safeFetch(`${server.origin}/same`, { ...local, headers });
    expect(server.requests[1]?.headers).toMatchObject({ apikey: 'secret', authorization: 'Bearer secret' });
    await safeFetch(`${server.origin}/away`, { ...local, headers, etag: '"v1"' });
    const landed = other.requests[0]!.headers;
    expect(landed.apikey).toBeUndefined();
    expect(landed.authorization).toBeUndefined();
    expect(landed).toMatchObject({ accept: 'application/json', 'if-none-match': '"v1"' });
  });
});

describe('safeFetch without loopback (a deployed stack)', () => {
  let trap: Local;
  let trap6: Local | undefined;

  beforeAll(async () => {
    trap = await serve((_request, response) => response.end('reached'), { shared: true });
    // ::1 may be missing (a container without IPv6): the [::1] case then proves the refusal alone.
    trap6 = await serve((_request, response) => response.end('reached'), { host: '::1', shared: true }).catch(() => undefined);
  });

  beforeEach(() => {
    // Each case proves its own refusal: a connection one let through does not fail the next.
    trap.connections = 0;
    if (trap6) trap6.connections = 0;
  });

  afterAll(async () => {
    await trap.close();
    await trap6?.close();
  });

  it.each<[string, (port: number) => string, OutboundRefusalReason]>([
    ['an IPv4 loopback literal', (port) => `https://127.0.0.1:${port}/`, 'address'],
    ['localhost (the system resolver answers loopback)', (port) => `https://localhost:${port}/`, 'address'],
    ['a numeric spelling of loopback', (port) => `https://0x7f000001:${port}/`, 'address'],
    ['an IPv4-mapped loopback', (port) => `https://[::ffff:127.0.0.1]:${port}/`, 'address'],
    ['http, even to loopback', (port) => `http://127.0.0.1:${port}/`, 'scheme'],
  ])('refuses %s, connecting to nothing', async (_case, url, reason) => {
    await refusal(safeFetch(url(trap.port)), reason);
    expect(trap.connections).toBe(0);
  });

  it('refuses the IPv6 loopback, connecting to nothing', async () => {
    const port = trap6?.port ?? trap.port;
    await refusal(safeFetch(`https://[::1]:${port}/`), 'address');
    expect(trap6?.connections ?? 0).toBe(0);
  });

  it('refuses a name whose resolver answers loopback or a private address, connecting to nothing', async () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.10', '169.254.169.254', 'fd00:ec2::254', '::ffff:127.0.0.1']) {
      await refusal(safeFetch(`https://feed.test:${trap.port}/`, { resolve: answering(address) }), 'address');
    }
    expect(trap.connections).toBe(0);
  });

  it('refuses other schemes and the metadata service', async () => {
    await refusal(safeFetch('http://example.com'), 'scheme');
    await refusal(safeFetch('ftp://example.com/feed.json'), 'scheme');
    await refusal(safeFetch('file:///etc/passwd'), 'scheme');
    await refusal(safeFetch('https://169.254.169.254/latest/meta-data'), 'address');
    await refusal(safeFetch('https://[fd00:ec2::254]/latest/meta-data'), 'address');
    await refusal(safeFetch('https://10.0.0.1/'), 'address');
  });
});
