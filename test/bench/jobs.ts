// Bulk jobs on the local stack with the real ASL: an asset-import job of many CSV rows (items written
// per second against raw BatchWrite of the same engine in the same run), an asset-export job of the
// same register (rows per second against a raw paginated Query of the same items), and the peak memory
// of the plan and chunk functions on 10 vs 100 MiB of CSV (child processes of their own).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { devToken } from '@ismf/platform/dev-identity';
import type { createLocalIdentity } from '@ismf/local/identity';
import { db, tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';
import { seedAssets } from './assets.ts';
import { flowStack } from './flow-stack.ts';

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
/** Items an imported row writes: the asset, its first audit entry, its AssetRegistered event, its external id. */
const ITEMS_PER_ROW = 4;

export async function jobFigures(
  root: string,
  endpoint: string,
  identity: Awaited<ReturnType<typeof createLocalIdentity>>,
  options: { rows: number; memoryMib: number[] },
) {
  process.env.ISMF_BLOB_DIR = mkdtempSync(resolve(tmpdir(), 'ismf-bench-blobs-'));
  const { relay, flows, server, call } = await flowStack(root, endpoint, identity, 'bench-jobs', 25);
  relay.start();
  const tenant = `bench-jobs-${Date.now().toString(36)}`;
  const token = (await devToken(identity, { tenant, user: 'admin', roles: ['admin'] })).token;
  const owner = ((await call('GET', '/users?limit=1', token)).items as { id: string }[])[0]!.id;
  const ended = async (id: string) => {
    for (;;) {
      const job = await call('GET', `/jobs/${id}`, token);
      if (['succeeded', 'failed', 'cancelled'].includes(job.state)) return job;
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const seconds = (job: Record<string, any>) => (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;

  // The import: a CMDB export with external ids, cut into chunks of 2,000 rows.
  const lines = ['externalId,name,type,owner,classification,confidentiality,integrity,availability'];
  for (let row = 1; row <= options.rows; row++) lines.push(`CMDB-${row},Server ${row},physical,${owner},internal,${1 + (row % 5)},2,3`);
  const body = Buffer.from(lines.join('\n') + '\n');
  const started = await call('POST', '/jobs', token, { kind: 'asset-import', file: { fileName: 'cmdb.csv', contentType: 'text/csv', size: body.length } });
  const upload = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.fields, body });
  if (upload.status !== 204) throw new Error(`upload: ${upload.status}`);
  await call('POST', `/jobs/${started.id}/upload-completion`, token);
  const imported = await ended(started.id);
  if (imported.state !== 'succeeded' || imported.counts.created !== options.rows)
    throw new Error(`the import job ended ${imported.state}: ${JSON.stringify(imported.counts)}`);
  const importItemsPerSecond = (imported.counts.created * ITEMS_PER_ROW) / seconds(imported);
  const rawItemsPerSecond = await seedAssets(`bench-jobs-raw-${Date.now().toString(36)}`, owner, options.rows);

  // The export of the same register, and a raw paginated Query of the same items.
  const exportJob = await ended((await call('POST', '/jobs', token, { kind: 'asset-export', parameters: { format: 'csv' } })).id);
  if (exportJob.state !== 'succeeded') throw new Error(`the export job ended ${exportJob.state}: ${exportJob.error}`);
  const exportRowsPerSecond = exportJob.output.rows / seconds(exportJob);
  const rawStarted = performance.now();
  let rawRows = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.entityList(tenant, 'asset') },
        Limit: 500,
        ExclusiveStartKey: start,
      }),
    );
    rawRows += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  const rawQueryRowsPerSecond = rawRows / ((performance.now() - rawStarted) / 1000);

  await relay.stop();
  await flows.stop();
  await server.close();
  rmSync(process.env.ISMF_BLOB_DIR, { recursive: true, force: true });

  // Peak memory of the plan and of a chunk (its far end) on CSV files of each size.
  const memory: Record<string, { planRssMib: number; chunkRssMib: number; rows: number; chunks: number }> = {};
  const child = (...args: string[]) => {
    const run = spawnSync(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'test/bench/chunk-memory.ts'), ...args], { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`chunk-memory ${args[0]}: ${run.stderr}`);
    return run.stdout.trim() ? (JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>) : {};
  };
  for (const mib of options.memoryMib) {
    const dir = mkdtempSync(resolve(tmpdir(), 'ismf-bench-memory-'));
    child('generate', String(mib), dir);
    const plan = child('plan', dir);
    const chunk = child('chunk', dir);
    rmSync(dir, { recursive: true, force: true });
    memory[`${mib}MiB`] = {
      planRssMib: round(plan.maxRssKib! / 1024, 1),
      chunkRssMib: round(chunk.maxRssKib! / 1024, 1),
      rows: plan.rows!,
      chunks: plan.chunks!,
    };
  }
  const [small, large] = options.memoryMib.map((mib) => memory[`${mib}MiB`]!);
  const peak = (figures: { planRssMib: number; chunkRssMib: number }) => Math.max(figures.planRssMib, figures.chunkRssMib);

  return {
    import: {
      rows: options.rows,
      chunks: imported.progress.chunksTotal,
      seconds: round(seconds(imported), 1),
      assetsPerSecond: round(imported.counts.created / seconds(imported), 1),
      itemsPerSecond: round(importItemsPerSecond, 1),
      rawBatchWriteItemsPerSecond: round(rawItemsPerSecond, 1),
      ratioToRaw: round(importItemsPerSecond / rawItemsPerSecond),
      goal: '≥ 0.6 of raw BatchWrite',
    },
    export: {
      rows: exportJob.output.rows,
      seconds: round(seconds(exportJob), 1),
      rowsPerSecond: round(exportRowsPerSecond, 1),
      rawQueryRowsPerSecond: round(rawQueryRowsPerSecond, 1),
      ratioToRaw: round(exportRowsPerSecond / rawQueryRowsPerSecond),
      goal: '≥ 0.5 of a raw paginated Query',
    },
    memory: { ...memory, peakRatio: small && large ? round(peak(large) / peak(small)) : undefined, goal: 'ratio ≤ 1.2' },
  };
}
