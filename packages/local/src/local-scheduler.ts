// The local scheduler: fires each scheduled job's expression for every tenant that has the schedule
// (the records the provisioner keeps), as EventBridge Scheduler does per tenant in AWS.
import { randomUUID } from 'node:crypto';
import { cronFiresAt, parseExpression } from '@ismf/events/schedule-expression';
import type { ScheduledJob, ScheduledJobInput } from '@ismf/events/schedules';
import { listScheduleRecords } from '@ismf/store/schedule-records';
import { lambdaContext } from './api-gateway-event.ts';
import { handlerLoader } from './handler-modules.ts';

type JobFunction = (input: ScheduledJobInput, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export interface JobRun {
  tenantId: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export class LocalScheduler {
  private readonly lastRun = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  private readonly load: (file: string) => Promise<JobFunction>;

  constructor(
    root: string,
    private readonly jobs: readonly ScheduledJob[],
  ) {
    this.load = handlerLoader<JobFunction>(root);
  }

  private job(name: string): ScheduledJob | undefined {
    return this.jobs.find((job) => job.name === name);
  }

  async runFor(jobName: string, tenantId: string): Promise<JobRun> {
    const job = this.job(jobName)!;
    this.lastRun.set(`${jobName}/${tenantId}`, Date.now());
    try {
      const fn = await this.load(job.handler);
      return { tenantId, ok: true, result: await fn({ tenantId, job: jobName }, lambdaContext(jobName, randomUUID())) };
    } catch (error) {
      console.error(`scheduled job ${jobName} for ${tenantId} failed:`, (error as Error).message);
      return { tenantId, ok: false, error: (error as Error).message };
    }
  }

  /** Runs a job now for every tenant that has its schedule (POST /_local/schedules/<name>). */
  async runNow(jobName: string): Promise<JobRun[] | undefined> {
    if (!this.job(jobName)) return undefined;
    const records = await listScheduleRecords(jobName);
    const runs: JobRun[] = [];
    for (const record of records) runs.push(await this.runFor(jobName, record.tenantId));
    return runs;
  }

  /** One look at the clock: fires what is due. */
  async tick(now = new Date()): Promise<void> {
    for (const job of this.jobs) {
      const expression = parseExpression(job.expression);
      for (const record of await listScheduleRecords(job.name)) {
        const last = this.lastRun.get(`${job.name}/${record.tenantId}`);
        const due =
          expression.kind === 'rate'
            ? now.getTime() - (last ?? this.startedAt) >= expression.periodMs
            : cronFiresAt(expression, now) && (last === undefined || Math.floor(last / 60_000) < Math.floor(now.getTime() / 60_000));
        if (due) await this.runFor(job.name, record.tenantId);
      }
    }
  }

  start(intervalMs = 30_000): void {
    this.timer ??= setInterval(() => void this.tick().catch((error) => console.error('local scheduler:', error)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
