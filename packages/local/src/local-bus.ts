// The local EventBridge bus: routes each event to the consumers whose patterns match (the catalogue's
// rules, matched by our EventBridge matcher), retries a failing consumer with backoff, then keeps the
// event as a dead letter that can be listed and replayed.
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { newId } from '@ismf/core/ids';
import type { ConsumerDefinition } from '@ismf/events/consumers';
import type { BusEntry } from '@ismf/events/outbox';
import { matchesPattern } from '@ismf/events/pattern-matcher';
import { region } from '@ismf/store/client';
import { deleteDeadLetter, getDeadLetter, listDeadLetters, putDeadLetter, type DeadLetter } from '@ismf/store/dead-letters';
import { lambdaContext } from './api-gateway-event.ts';
import { handlerLoader } from './handler-modules.ts';
import { pause } from '@ismf/core/backoff';

type BusEvent = EventBridgeEvent<string, unknown>;
type Consumer = (event: BusEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export interface BusRoute {
  name: string;
  consumer: string;
  pattern: Record<string, unknown>;
  load: () => Promise<Consumer>;
}

/** An event's way to a consumer, as the registry lists them (one EventBridge rule each in AWS). */
export interface DeclaredRoute {
  name: string;
  consumer: ConsumerDefinition;
  pattern: Record<string, unknown>;
}

export interface LocalBusOptions {
  root: string;
  routes: readonly DeclaredRoute[];
  /** Attempts per consumer before the event becomes a dead letter (EventBridge: up to 185; locally few). */
  attempts?: number;
  /** First retry delay; each next one doubles. */
  backoffMs?: number;
  /** How many recent events to keep for GET /_local/events (the local archive). */
  archiveSize?: number;
}

export class LocalBus {
  private readonly routes: BusRoute[] = [];
  private readonly listeners = new Set<(event: BusEvent) => void>();
  private readonly archive: BusEvent[] = [];
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly archiveSize: number;

  constructor(private readonly options: LocalBusOptions) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 50;
    this.archiveSize = options.archiveSize ?? 500;
    const load = handlerLoader<Consumer>(options.root);
    for (const route of options.routes) {
      this.addRoute({ name: route.name, consumer: route.consumer.name, pattern: route.pattern, load: () => load(route.consumer.handler) });
    }
  }

  addRoute(route: BusRoute): void {
    this.routes.push(route);
  }

  /** The rules this bus routes by (name and pattern), as CDK makes them from the same catalogue. */
  routeList(): { name: string; consumer: string; pattern: Record<string, unknown> }[] {
    return this.routes.map(({ name, consumer, pattern }) => ({ name, consumer, pattern }));
  }

  /** Sees every event put on the bus (the local stand-in for an archive or a catch-all rule). */
  onEvent(listener: (event: BusEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recentEvents(): BusEvent[] {
    return [...this.archive];
  }

  /** PutEvents: each entry becomes an EventBridge event, delivered to every matching route. */
  async publish(entries: BusEntry[]): Promise<void> {
    await Promise.all(entries.map((entry) => this.dispatch(this.toEvent(entry))));
  }

  private toEvent(entry: BusEntry): BusEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: '000000000000',
      time: entry.time,
      region: region(),
      resources: [],
      detail: entry.detail,
    };
  }

  private async dispatch(event: BusEvent): Promise<void> {
    this.archive.push(event);
    if (this.archive.length > this.archiveSize) this.archive.shift();
    for (const listener of this.listeners) listener(event);
    const matching = this.routes.filter((route) => matchesPattern(route.pattern, event));
    await Promise.all(matching.map((route) => this.deliver(route, event)));
  }

  private async deliver(route: BusRoute, event: BusEvent): Promise<boolean> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const consumer = await route.load();
        await consumer(event, lambdaContext(route.consumer, randomUUID()));
        return true;
      } catch (error) {
        lastError = error;
        if (attempt < this.attempts) await pause({ baseMs: this.backoffMs, capMs: 60_000, attempts: this.attempts }, attempt);
      }
    }
    await putDeadLetter({
      id: newId(),
      route: route.name,
      consumer: route.consumer,
      event: event as unknown as Record<string, unknown>,
      error: (lastError as Error)?.message ?? String(lastError),
      attempts: this.attempts,
      failedAt: new Date().toISOString(),
    });
    return false;
  }

  deadLetters(): Promise<DeadLetter[]> {
    return listDeadLetters();
  }

  /** Delivers a dead letter to its route again; it leaves the store once its consumer succeeds. */
  async replay(id: string): Promise<'delivered' | 'failed' | 'unknown'> {
    const letter = await getDeadLetter(id);
    const route = letter && this.routes.find((candidate) => candidate.name === letter.route);
    if (!letter || !route) return 'unknown';
    await deleteDeadLetter(id);
    const delivered = await this.deliver(route, letter.event as unknown as BusEvent);
    return delivered ? 'delivered' : 'failed';
  }
}
