// Early warning II (W2.11). (1) Matching one advisory of 50 products against a tenant with 10,000 and one with
// 100,000 indexed components — distinct packages, not copies — and the same hits in both: the median time ratio
// (goal ≤ 1.3) and the DynamoDB requests per advisory product (goal: equal at both sizes). (2) Advisory accepted →
// EarlyWarningRaised through the local relay and bus, for an advisory of 50 products: median and p99 (goal p99 ≤ 2 s).
import { registry } from '@ismf/app/areas';
import { assetEntity, componentEntity } from '@ismf/assets/entities';
import { newId } from '@ismf/core/ids';
import { consumerHandler } from '@ismf/events/consumer-handler';
import { storeAdvisory } from '@ismf/early-warning/advisories';
import { matchAdvisory } from '@ismf/early-warning/early-warnings';
import { earlyWarningRaised } from '@ismf/early-warning/events';
import type { AdvisoryProducts } from '@ismf/early-warning/products/affected';
import { LocalBus } from '@ismf/local/local-bus';
import { OutboxRelay } from '@ismf/local/outbox-relay';
import { putChildSet } from '@ismf/store/batch-write';
import { blobStore, objectKey } from '@ismf/store/blob-store';
import { onDynamoRequest } from '@ismf/store/client';
import { UnitOfWork } from '@ismf/store/unit-of-work';

const PRODUCTS = 50;
const ASSETS = 100;
const HIT_ASSETS = 10;
const ACCESS = { table: 'write', objects: 'write' } as const;
const ctx = { actor: { userId: 'bench', roles: ['security-officer'] }, operation: 'bench' };

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(p * values.length) - 1)] ?? 0;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** An advisory of `PRODUCTS` npm packages, each affected below 2.0.0 (an OSV record's shape once normalised). */
const advisoryProducts = (): AdvisoryProducts => ({
  unresolved: [],
  products: Array.from({ length: PRODUCTS }, (_, k) => ({
    ref: `affected[${k}]`,
    label: `npm/bench-target-${k}`,
    identifiers: [{ kind: 'package' as const, package: `npm/bench-target-${k}` }],
    status: 'affected' as const,
    range: { ordering: 'npm' as const, intervals: [{ to: { version: '2.0.0', inclusive: false } }], versions: [] },
    fixedVersions: ['2.0.0'],
    vulnerabilities: ['CVE-2099-0001'],
    remediations: [],
  })),
});

/** A tenant whose `components` components are distinct packages over `ASSETS` software assets; the first HIT_ASSETS also run every target. */
async function seedTenant(tenantId: string, components: number) {
  const perAsset = Math.ceil(components / ASSETS);
  for (let a = 0; a < ASSETS; a++) {
    const assetId = newId();
    const setId = newId();
    const items = Array.from({ length: perAsset }, (_, i) => {
      const pkg = `npm/bench-${tenantId}-${a}-${i}`;
      return { assetId, name: pkg.slice(4), version: '1.0.0', purl: `pkg:${pkg}@1.0.0`, package: pkg, purlVersion: '1.0.0' };
    });
    if (a < HIT_ASSETS) {
      for (let k = 0; k < PRODUCTS; k++)
        items.push({
          assetId,
          name: `bench-target-${k}`,
          version: '1.5.0',
          purl: `pkg:npm/bench-target-${k}@1.5.0`,
          package: `npm/bench-target-${k}`,
          purlVersion: '1.5.0',
        });
    }
    await putChildSet(componentEntity, tenantId, assetId, setId, items);
    const work = new UnitOfWork(ctx);
    work.create(assetEntity, tenantId, assetId, {
      name: `Bench application ${a}`,
      type: 'software',
      owner: newId(),
      classification: 'internal',
      confidentiality: 3,
      integrity: 3,
      availability: 3,
      importance: 3,
      importanceName: 'medium',
      nextReviewDue: '2099-01-01',
      status: 'active',
      componentSet: { id: setId, count: items.length, withProblems: 0, specVersion: '1.5', importedAt: new Date().toISOString() },
    });
    await work.commit();
  }
}

/** A stored advisory whose products are the bench's: as a delivery's document is accepted. */
async function acceptAdvisory(tenantId: string, n: number) {
  const key = objectKey(tenantId, 'advisory-products', `bench-${n}.json`);
  const store = blobStore(tenantId, ACCESS);
  if (!(await store.stat(key))) await store.put(key, Buffer.from(JSON.stringify(advisoryProducts())), 'application/json');
  const now = new Date().toISOString();
  const stored = await storeAdvisory(ctx, tenantId, {
    sourceId: 'bench',
    deliveryId: newId(),
    rawKey: key,
    rawSha256: '0'.repeat(64),
    receivedAt: now,
    productsKey: key,
    summary: {
      format: 'osv',
      documentId: `BENCH-${tenantId}-${n}`,
      documentVersion: now,
      publisher: { name: 'Bench' },
      title: `Bench advisory ${n}`,
      cveIds: [],
      aliases: [],
      cwes: [],
      cvss: [],
      references: [],
      productCount: PRODUCTS,
    },
  });
  return stored.advisoryId;
}

async function matchFigures(tenantId: string, components: number, rounds: number) {
  await seedTenant(tenantId, components);
  const advisoryId = await acceptAdvisory(tenantId, 0);
  const times: number[] = [];
  let requests = 0;
  let lookups = 0;
  let lookupRequests = 0;
  let assets = 0;
  for (let round = 0; round <= rounds; round++) {
    let counted = 0;
    const stop = onDynamoRequest(() => counted++);
    const started = performance.now();
    const result = (await matchAdvisory(ctx, tenantId, advisoryId, ACCESS))!;
    const elapsed = performance.now() - started;
    stop();
    // The first round writes the early warning and its findings anew: warm rounds are compared.
    if (round === 0) continue;
    times.push(elapsed);
    requests = counted;
    lookups = result.lookups;
    lookupRequests = result.lookupRequests;
    assets = result.assets;
  }
  return {
    components,
    affectedAssets: assets,
    medianMs: round(percentile(times, 0.5)),
    p99Ms: round(percentile(times, 0.99)),
    requestsPerMatch: requests,
    lookups,
    lookupRequestsPerProduct: round(lookupRequests / PRODUCTS, 3),
  };
}

export async function earlyWarningFigures(root: string, endpoint: string, options: { small: number; large: number; rounds: number; samples: number }) {
  const stamp = Date.now().toString(36);
  const small = await matchFigures(`bench-ew-s-${stamp}`, options.small, options.rounds);
  const large = await matchFigures(`bench-ew-l-${stamp}`, options.large, options.rounds);

  // Accepted → raised: the real matchAdvisory consumer behind the local relay and bus, a probe for the result.
  const tenantId = `bench-ew-s-${stamp}`;
  const arrivals = new Map<string, number>();
  const bus = new LocalBus({ root, routes: registry.routes.filter((route) => route.consumer.name === 'matchAdvisory') });
  const probe = consumerHandler(
    { name: 'benchEarlyWarningProbe', description: 'records arrival', handler: '', access: { table: 'read' }, subscribes: [{ event: earlyWarningRaised }] },
    async ({ detail }) => {
      arrivals.set((detail.data as { advisoryId: string }).advisoryId, performance.now());
    },
  );
  bus.addRoute({
    name: 'bench-early-warning-probe',
    consumer: 'benchEarlyWarningProbe',
    pattern: { 'detail-type': ['EarlyWarningRaised'] },
    load: async () => probe,
  });
  const relay = new OutboxRelay({ root, endpoint, bus, name: `bench-ew-${stamp}`, startAt: 'LATEST', pollMs: 25 });
  await relay.poll();
  relay.start();
  const latencies: number[] = [];
  for (let n = 1; n <= options.samples; n++) {
    const committed = performance.now();
    const advisoryId = await acceptAdvisory(tenantId, n);
    const deadline = committed + 30_000;
    while (!arrivals.has(advisoryId) && performance.now() < deadline) await new Promise((done) => setTimeout(done, 2));
    if (arrivals.has(advisoryId)) latencies.push(arrivals.get(advisoryId)! - committed);
  }
  await relay.stop();

  return {
    matching: {
      small,
      large,
      medianRatio: round(large.medianMs / small.medianMs),
      goalRatio: 1.3,
      requestsPerProductEqual: small.lookupRequestsPerProduct === large.lookupRequestsPerProduct,
    },
    acceptedToRaisedMs: {
      products: PRODUCTS,
      median: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      samples: latencies.length,
      missed: options.samples - latencies.length,
      goalP99: 2000,
    },
  };
}
