// The local outbox relay, standing in for the EventBridge Pipe: reads DynamoDB Local's stream, keeps
// the outbox inserts (the Pipe's filter), calls the same enrichment function, and puts the result on the
// local bus. It checkpoints after each delivered batch, so a restart resumes where it stopped; an
// interrupted batch is delivered again, and consumers, being idempotent, do their work once.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUTBOX_FILTER, type BusEntry, type StreamRecord } from '@ismf/events/outbox';
import { matchesPattern } from '@ismf/events/pattern-matcher';
import { db, region, tableName } from '@ismf/store/client';
import { keys } from '@ismf/store/keys';
import type { LocalBus } from './local-bus.ts';

const ENRICHMENT = 'functions/platform/enrich-outbox.ts';
const CHECKPOINT_FILTER = { dynamodb: { NewImage: { kind: { S: ['relay-checkpoint'] } } } };

export interface RelayOptions {
  root: string;
  endpoint: string;
  bus: LocalBus;
  /** Checkpoints are kept per relay name. */
  name?: string;
  /** Without a checkpoint: from the oldest record the stream keeps, or only what comes after the start. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  pollMs?: number;
}

interface ShardState {
  iterator?: string;
  finished: boolean;
}

export class OutboxRelay {
  private readonly streams: DynamoDBStreamsClient;
  private readonly shards = new Map<string, ShardState>();
  private streamArn?: string;
  private firstPassDone = false;
  private running = false;
  private loop?: Promise<void>;
  private enrich?: (records: StreamRecord[]) => Promise<BusEntry[]>;
  /** Test seam: runs after a batch is on the bus, before its checkpoint (a crash here redelivers). */
  beforeCheckpoint?: () => void | Promise<void>;
  delivered = 0;

  constructor(private readonly options: RelayOptions) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: options.endpoint,
      region: region(),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  private checkpointKey(shardId: string) {
    return keys.platformState(`relay-checkpoint#${this.options.name ?? 'local'}#${shardId}`);
  }

  private async init(): Promise<void> {
    if (this.streamArn) return;
    const client = new DynamoDBClient({
      endpoint: this.options.endpoint,
      region: region(),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const table = await client.send(new DescribeTableCommand({ TableName: tableName() }));
      this.streamArn = table.Table?.LatestStreamArn;
    } finally {
      client.destroy();
    }
    if (!this.streamArn) throw new Error(`table ${tableName()} has no stream`);
    const module = await import(pathToFileURL(resolve(this.options.root, ENRICHMENT)).href);
    this.enrich = module.handler;
  }

  private async iteratorFor(shard: Shard): Promise<string | undefined> {
    const checkpoint = await db().send(new GetCommand({ TableName: tableName(), Key: this.checkpointKey(shard.ShardId!), ConsistentRead: true }));
    const after = checkpoint.Item?.sequenceNumber as string | undefined;
    const result = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shard.ShardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : // A shard found after the first pass is new: all of it is unseen.
            { ShardIteratorType: this.firstPassDone ? 'TRIM_HORIZON' : (this.options.startAt ?? 'TRIM_HORIZON') }),
      }),
    );
    return result.ShardIterator;
  }

  /** One pass over every shard: answers how many records it read. */
  async poll(): Promise<number> {
    await this.init();
    const description = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const shards = [...(description.StreamDescription?.Shards ?? [])].sort((a, b) =>
      (a.SequenceNumberRange?.StartingSequenceNumber ?? '').localeCompare(b.SequenceNumberRange?.StartingSequenceNumber ?? '', 'en', { numeric: true }),
    );
    let read = 0;
    for (const shard of shards) {
      const state = this.shards.get(shard.ShardId!) ?? { finished: false };
      this.shards.set(shard.ShardId!, state);
      if (state.finished) continue;
      state.iterator ??= await this.iteratorFor(shard);
      if (!state.iterator) {
        state.finished = true;
        continue;
      }
      const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
      // The relay's own checkpoints come back through the stream: they are not news.
      const records = (page.Records ?? []).filter((record) => !matchesPattern(CHECKPOINT_FILTER, record));
      if (records.length) await this.relay(shard.ShardId!, records);
      read += records.length;
      state.iterator = page.NextShardIterator;
      if (!state.iterator) state.finished = true;
    }
    this.firstPassDone = true;
    return read;
  }

  private async relay(shardId: string, records: _Record[]): Promise<void> {
    const outbox = (records.filter((record) => matchesPattern(OUTBOX_FILTER, record)) as StreamRecord[]).map(withEmptyMaps);
    if (outbox.length) {
      const entries = await this.enrich!(outbox);
      await this.options.bus.publish(entries);
      this.delivered += entries.length;
    }
    await this.beforeCheckpoint?.();
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...this.checkpointKey(shardId), kind: 'relay-checkpoint', sequenceNumber: records[records.length - 1]!.dynamodb!.SequenceNumber },
      }),
    );
  }

  /** Polls until a pass reads nothing: everything committed so far has been delivered. */
  async drain(): Promise<void> {
    while ((await this.poll()) > 0);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        try {
          const read = await this.poll();
          if (read === 0) await new Promise((done) => setTimeout(done, this.options.pollMs ?? 200));
        } catch (error) {
          console.error('outbox relay:', (error as Error).message);
          await new Promise((done) => setTimeout(done, 1000));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.streams.destroy();
  }
}

/**
 * DynamoDB Local's stream gives an empty map as `{}` (no type at all), which no reader of DynamoDB's
 * typed JSON takes; the Pipe in AWS receives `{"M":{}}`. Read it as the empty map it is.
 */
function typed(value: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M && typeof value.M === 'object')
    return { M: Object.fromEntries(Object.entries(value.M).map(([key, inner]) => [key, typed(inner as Record<string, unknown>)])) };
  if (Array.isArray(value.L)) return { L: value.L.map((inner) => typed(inner as Record<string, unknown>)) };
  return value;
}

function withEmptyMaps(record: StreamRecord): StreamRecord {
  const image = record.dynamodb?.NewImage;
  if (!image) return record;
  return {
    ...record,
    dynamodb: { ...record.dynamodb, NewImage: Object.fromEntries(Object.entries(image).map(([key, value]) => [key, typed(value as never)])) as never },
  };
}
