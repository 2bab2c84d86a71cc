// DynamoDB Local holds every tenant's data: it must accept connections from this machine only.
// The check reads the kernel's socket table (/proc/net/tcp, /proc/net/tcp6) and never connects anywhere.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '@ismf/local/dynamodb-local';

const PROC_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];
const LISTEN = '0A';
const hasProcNet = existsSync('/proc/net/tcp');

interface ListeningSocket {
  address: string;
  port: number;
}

/** The kernel prints each 32-bit word of the address in host byte order. */
function wordBytes(hex: string): number[] {
  const bytes = hex.match(/../g)!.map((pair) => parseInt(pair, 16));
  return endianness() === 'LE' ? bytes.reverse() : bytes;
}

function parseAddress(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes = hex.match(/.{8}/g)!.flatMap(wordBytes);
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  const mappedV4 = groups.slice(0, 5).every((group) => group === '0') && groups[5] === 'ffff';
  if (mappedV4) return `::ffff:${bytes.slice(12).join('.')}`;
  return groups.join(':');
}

function listeningSockets(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const table of PROC_TABLES.filter((path) => existsSync(path))) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== LISTEN) continue;
      const [addressHex, portHex] = fields[1]!.split(':') as [string, string];
      sockets.push({ address: parseAddress(addressHex), port: parseInt(portHex, 16) });
    }
  }
  return sockets;
}

function isLoopback(address: string): boolean {
  return /^127\./.test(address) || /^::ffff:127\./.test(address) || address === '0:0:0:0:0:0:0:1';
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '0:0:0:0:0:0:0:0';
}

function expectLoopbackOnly(endpoint: string): void {
  const port = Number(new URL(endpoint).port);
  const onPort = listeningSockets().filter((socket) => socket.port === port);
  expect(onPort.length, `no listening socket on port ${port}`).toBeGreaterThan(0);
  for (const socket of onPort) {
    expect(isWildcard(socket.address), `DynamoDB Local listens on the wildcard ${socket.address}:${port}`).toBe(false);
    expect(isLoopback(socket.address), `DynamoDB Local listens on ${socket.address}:${port}, not on loopback`).toBe(true);
  }
}

describe.skipIf(!hasProcNet)('DynamoDB Local listens on loopback only (Linux: reads /proc/net/tcp*)', () => {
  const started: DynamoDbLocal[] = [];
  const dataDirs: string[] = [];

  afterAll(async () => {
    await Promise.all(started.map((dynamo) => dynamo.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('parses the kernel socket table (sanity check of the parser)', () => {
    // How the kernel prints 127.0.0.1, ::ffff:127.0.0.1 and ::1 on this machine's byte order.
    const le = endianness() === 'LE';
    expect(parseAddress(le ? '0100007F' : '7F000001')).toBe('127.0.0.1');
    expect(parseAddress('00000000')).toBe('0.0.0.0');
    expect(parseAddress('00000000000000000000000000000000')).toBe('0:0:0:0:0:0:0:0');
    expect(parseAddress(le ? '0000000000000000FFFF00000100007F' : '00000000000000000000FFFF7F000001')).toBe('::ffff:127.0.0.1');
    expect(parseAddress(le ? '00000000000000000000000001000000' : '00000000000000000000000000000001')).toBe('0:0:0:0:0:0:0:1');
  });

  it('binds the instance of the test run (global setup) to loopback', () => {
    expectLoopbackOnly(inject('dynamoEndpoint'));
  });

  it('binds an in-memory instance started by startDynamoDbLocal() to loopback', async () => {
    const dynamo = await startDynamoDbLocal();
    started.push(dynamo);
    expectLoopbackOnly(dynamo.endpoint);
  });

  it('binds an instance with a data folder (-dbPath) to loopback', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ismf-ddb-listen-'));
    dataDirs.push(dataDir);
    const dynamo = await startDynamoDbLocal({ dataDir });
    started.push(dynamo);
    expectLoopbackOnly(dynamo.endpoint);
  });
});
