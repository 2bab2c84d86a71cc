// A job's chunks are recorded in order, once, and only by the job's current execution: a chunk of an
// execution that a newer one replaced stops (Job.Superseded), a chunk that comes before its predecessor
// is done is refused (and retried), and a second run of a chunk already done counts nothing twice.
// Against DynamoDB Local.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '@ismf/core/ids';
import { runChunk } from '@ismf/jobs/chunk';
import { jobEntity } from '@ismf/jobs/entities';
import type { JobData } from '@ismf/jobs/jobs';
import { getEntity } from '@ismf/store/entities';
import { UnitOfWork } from '@ismf/store/unit-of-work';

const system = { actor: { userId: 'system:test', roles: [] }, operation: 'runChunk' };
const access = { table: 'write', objects: 'write' } as const;
const chunk = (index: number) => ({ index, start: 0, end: 0, line: 1, rows: 10 });
const work = async () => ({ rows: 10, counts: { created: 10 }, failed: [] });

async function runningJob(execution: number, cursor: number) {
  const tenantId = `jobc-${randomBytes(4).toString('hex')}`;
  const id = newId();
  const unit = new UnitOfWork(system);
  unit.create(jobEntity, tenantId, id, {
    kind: 'asset-export',
    queue: 'export',
    state: 'running',
    parameters: {},
    startedBy: 'someone',
    startedByRoles: ['admin'],
    kindRoles: ['admin'],
    plan: { format: 'none', chunks: 5, rows: 0 },
    cursor,
    rowsDone: cursor * 10,
    counts: { created: cursor * 10 },
    errorChunks: [],
    failedRows: 0,
    execution,
  } satisfies JobData);
  await unit.commit();
  const read = async () => (await getEntity<JobData>(tenantId, jobEntity.type, id))!.data;
  return { tenantId, id, read };
}

describe('a job’s chunks', () => {
  it('are recorded by the current execution, in order, once', async () => {
    const { tenantId, id, read } = await runningJob(2, 1);
    expect(await runChunk(system, tenantId, id, chunk(1), access, work, `${id}-2`)).toEqual({ rows: 10 });
    expect(await read()).toMatchObject({ cursor: 2, rowsDone: 20, counts: { created: 20, failed: 0 } });
    // The same chunk again (a retry whose first run got through): nothing counted twice.
    expect(await runChunk(system, tenantId, id, chunk(1), access, work, `${id}-2`)).toEqual({ rows: 0 });
    expect(await read()).toMatchObject({ cursor: 2, rowsDone: 20 });
  });

  it('stop when their execution was replaced by a newer one, writing nothing', async () => {
    const { tenantId, id, read } = await runningJob(2, 1);
    let worked = false;
    const run = runChunk(system, tenantId, id, chunk(1), access, async () => ((worked = true), work()), `${id}-1`);
    await expect(run).rejects.toMatchObject({ name: 'Job.Superseded' });
    expect(worked).toBe(false);
    expect(await read()).toMatchObject({ cursor: 1, rowsDone: 10 });
  });

  it('wait for the chunk before them: one that comes early is refused, to be retried', async () => {
    const { tenantId, id, read } = await runningJob(1, 1);
    await expect(runChunk(system, tenantId, id, chunk(3), access, work, `${id}-1`)).rejects.toThrow('chunk 3 came before chunk 1 was done');
    expect(await read()).toMatchObject({ cursor: 1 });
  });
});
