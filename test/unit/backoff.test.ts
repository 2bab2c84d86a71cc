// One backoff for every retry loop: exponential, fully jittered, capped; and a cap on the attempts.
import { describe, expect, it } from 'vitest';
import { backoffMs, giveUpAfter, STORE_BACKOFF, type Backoff } from '@ismf/core/backoff';

const policy: Backoff = { baseMs: 25, capMs: 1_000, attempts: 4 };

describe('backoff', () => {
  it('waits up to base · 2^(retry − 1), never above the cap, anywhere from nothing (full jitter)', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((retry) => backoffMs(policy, retry, () => 0.999999))).toEqual([24, 49, 99, 199, 399, 799, 999]);
    expect(backoffMs(policy, 30, () => 0.999999)).toBe(999);
    expect(backoffMs(policy, 3, () => 0)).toBe(0);
    // Two writers that collided wait differently.
    const waits = new Set(Array.from({ length: 50 }, () => backoffMs(policy, 5)));
    expect(waits.size).toBeGreaterThan(10);
  });

  it('gives up after the last attempt, saying what was left', () => {
    expect(() => giveUpAfter(policy, 3, () => 'x')).not.toThrow();
    expect(() => giveUpAfter(policy, 4, () => '7 items of a batch write still unprocessed')).toThrow(
      '7 items of a batch write still unprocessed after 4 attempts',
    );
    // The store's loops end within a few seconds of waiting at the most.
    const worst = Array.from({ length: STORE_BACKOFF.attempts - 1 }, (_, index) => backoffMs(STORE_BACKOFF, index + 1, () => 0.999999)).reduce(
      (a, b) => a + b,
      0,
    );
    expect(worst).toBeLessThan(10_000);
  });
});
