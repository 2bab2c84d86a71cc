// Collecting advisories (W2.10). (1) Webhook accept latency through the local server — verify the signature,
// keep the raw bytes, record the delivery with its outbox event — median and p99, for a 100 KB and a 2 MB
// document. (2) CSAF processing in process (no DynamoDB, no objects, no bus) on the real CSAF examples and on
// large ones made from them: our whole processing (split, validate, summarise) over the validator library's
// own time on the same documents (goal ≤ 1.5); and verify + parse + summarise without the validator over
// JSON.parse on documents of 1 MB or more (goal ≤ 3); MB/s for all.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import validate from '@secvisogram/csaf-validator-lib/validate.js';
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0 } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import { documentsOf } from '@ismf/early-warning/delivery-documents';
import { summarise } from '@ismf/early-warning/summarise';
import { validateAdvisory } from '@ismf/early-warning/validation';
import { verifyWebhook, webhookKey, webhookSignature } from '@ismf/early-warning/webhook-signature';
import type { createLocalIdentity } from '@ismf/local/identity';
import { devToken } from '@ismf/platform/dev-identity';

type Call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ json: Record<string, any> }>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const LIBRARY_TESTS = [csaf_2_0, ...Object.values(mandatoryTests)];

/** A real CSAF document grown to about `bytes` by a long note: valid still, as large as a vendor's biggest. */
function grown(document: Record<string, any>, bytes: number): Record<string, any> {
  const base = JSON.stringify(document).length;
  const note = {
    category: 'details',
    title: 'Bench padding',
    text: 'The affected component handles untrusted input. '.repeat(Math.max(1, Math.ceil((bytes - base) / 48))),
  };
  return { ...document, document: { ...document.document, notes: [...(document.document.notes ?? []), note] } };
}

/** A copy of a branch with every product id and name made its own (`-n`): more products, each defined once. */
function renamed(node: unknown, n: number): unknown {
  if (Array.isArray(node)) return node.map((item) => renamed(item, n));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>).map(([key, value]) => [
      key,
      (key === 'product_id' || key === 'name') && typeof value === 'string' ? `${value}-${n}` : renamed(value, n),
    ]),
  );
}

/** A real CSAF document grown to about `bytes` by its product tree, as a vendor's largest are (many products, few vulnerabilities). */
function grownTree(document: Record<string, any>, bytes: number): Record<string, any> {
  const branches = document.product_tree.branches as unknown[];
  const grown = [...branches];
  let size = JSON.stringify(document).length;
  const step = JSON.stringify(branches).length;
  for (let n = 1; size < bytes; n++, size += step) grown.push(...(renamed(branches, n) as unknown[]));
  return { ...document, product_tree: { ...document.product_tree, branches: grown } };
}

async function acceptLatency(call: Call, token: string, document: Buffer, runs: number) {
  const source = (await call('POST', '/advisory-sources', token, { name: `Bench ${document.length}`, kind: 'vendor' })).json;
  const key = webhookKey(source.webhookSecret);
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const id = `msg_bench_${document.length}_${run}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const start = performance.now();
    await call('POST', source.webhookPath, undefined, document.toString('utf8'), {
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': webhookSignature(key, id, timestamp, document),
    });
    times.push(performance.now() - start);
  }
  const warm = times.slice(1);
  return { bytes: document.length, runs, medianMs: round(median(warm)), p99Ms: round(percentile(warm, 99)) };
}

/** The median time of a run, after one to warm it (a median: a garbage collection in one round moves no figure). */
async function timed(run: () => unknown | Promise<unknown>, rounds: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function advisoryFigures(
  call: Call,
  identity: Awaited<ReturnType<typeof createLocalIdentity>>,
  realdata: string,
  options: { webhookRuns: number; rounds: number },
) {
  const token = (await devToken(identity, { tenant: `bench-adv-${Date.now().toString(36)}`, user: 'officer', roles: ['security-officer'] })).token;
  const folder = resolve(realdata, 'csaf/examples/csaf');
  const examples = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, document: JSON.parse(readFileSync(resolve(folder, name), 'utf8')) as Record<string, any> }));
  const rhsa = examples.find((example) => example.name === 'rhsa-2021_5186.json')!.document;
  const webhook = {
    '100KB': await acceptLatency(call, token, Buffer.from(JSON.stringify(grown(rhsa, 100_000))), options.webhookRuns),
    '2MB': await acceptLatency(call, token, Buffer.from(JSON.stringify(grown(rhsa, 2_000_000))), options.webhookRuns),
  };

  // Warm the library (its tests compile their schemas at import and first use) before timing anything.
  await validate(LIBRARY_TESTS, rhsa);
  const documents = [
    ...examples.map(({ name, document }) => ({ name, bytes: Buffer.from(JSON.stringify(document)) })),
    // Large ones two ways: a product tree of thousands of products (the validator's real work grows with it), and
    // a long note (the validator has little to do: parsing and summarising are most of the cost).
    ...[1_000_000, 3_000_000].map((size) => ({
      name: `rhsa-2021_5186, product tree grown to ${size / 1e6} MB`,
      bytes: Buffer.from(JSON.stringify(grownTree(rhsa, size))),
    })),
    ...[1_000_000, 3_000_000].map((size) => ({
      name: `rhsa-2021_5186, a note grown to ${size / 1e6} MB`,
      bytes: Buffer.from(JSON.stringify(grown(rhsa, size))),
    })),
  ];
  const key = Buffer.alloc(32, 1);
  const processing = [];
  const totals = { whole: 0, validator: 0 };
  for (const { name, bytes } of documents) {
    const rounds = bytes.length >= 1_000_000 ? Math.max(5, Math.floor(options.rounds / 2)) : options.rounds;
    const parsed = JSON.parse(bytes.toString('utf8'));
    const libraryMs = await timed(() => validate(LIBRARY_TESTS, parsed), rounds);
    const wholeMs = await timed(async () => {
      for (const { format, document } of documentsOf(bytes, 'application/json').documents) {
        if ((await validateAdvisory(format, document)).valid) summarise(format, document);
      }
    }, rounds);
    const headers = {
      id: 'msg_bench',
      timestamp: String(Math.floor(Date.now() / 1000)),
      signature: webhookSignature(key, 'msg_bench', String(Math.floor(Date.now() / 1000)), bytes),
    };
    const withoutValidatorMs = await timed(() => {
      verifyWebhook([{ key, generation: 1 }], headers, bytes);
      for (const { format, document } of documentsOf(bytes, 'application/json').documents) summarise(format, document);
    }, rounds);
    const jsonParseMs = await timed(() => JSON.parse(bytes.toString('utf8')), rounds);
    const mb = bytes.length / 1e6;
    if (!name.includes('a note grown')) {
      totals.whole += wholeMs;
      totals.validator += libraryMs;
    }
    processing.push({
      document: name,
      bytes: bytes.length,
      wholeOverValidator: round(wholeMs / libraryMs),
      ...(bytes.length >= 1_000_000 ? { withoutValidatorOverJsonParse: round(withoutValidatorMs / jsonParseMs) } : {}),
      mbPerSecond: {
        whole: round(mb / (wholeMs / 1000)),
        validator: round(mb / (libraryMs / 1000)),
        withoutValidator: round(mb / (withoutValidatorMs / 1000)),
        jsonParse: round(mb / (jsonParseMs / 1000)),
      },
    });
  }
  return {
    webhookAccept: webhook,
    csafProcessing: processing,
    // Over the real examples and the product-tree documents (a long note leaves the validator nothing to do).
    wholeOverValidatorOverall: round(totals.whole / totals.validator),
    goals: { wholeOverValidator: 1.5, withoutValidatorOverJsonParse: 3 },
  };
}
