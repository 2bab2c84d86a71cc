// Waiting before a retry: exponential backoff with full jitter (a random wait up to the exponential
// bound), capped, so that writers that collided do not collide again in step and none waits unboundedly;
// and a cap on the attempts, so that a retry loop ends with an error instead of spinning.

export interface Backoff {
  /** The bound of the first retry's wait, in ms; each retry doubles it. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** Attempts in all (the first included); the loop gives up after the last. */
  attempts: number;
}

/** DynamoDB's throttled or unprocessed items, transaction conflicts: short waits, a few seconds in all. */
export const STORE_BACKOFF: Backoff = { baseMs: 25, capMs: 1_000, attempts: 10 };

/** The wait before retry `retry` (1 for the first retry): uniformly random up to min(cap, base · 2^(retry−1)). */
export function backoffMs(policy: Backoff, retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1)));
}

/** Waits before retry `retry`. */
export function pause(policy: Backoff, retry: number): Promise<void> {
  return new Promise((done) => setTimeout(done, backoffMs(policy, retry)));
}

/** Throws once `attempt` (1 for the first) has used up the policy's attempts: what was still left says `what`. */
export function giveUpAfter(policy: Backoff, attempt: number, what: () => string): void {
  if (attempt >= policy.attempts) throw new Error(`${what()} after ${policy.attempts} attempts`);
}
