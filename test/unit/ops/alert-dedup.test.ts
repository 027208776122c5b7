import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAlertDeduper, type Alert } from '../../../src/ops/alert-dedup.ts';

const WINDOW = 60_000;
const breaker: Alert = { key: 'breaker:main:DEPEG', severity: 'critical', title: 'breaker DEPEG tripped on main', text: 'ezETH 3 % below its rate', resolvable: true };
const refused: Alert = { key: 'refused:main:STALE_DATA', severity: 'warning', title: 'plan refused on main: STALE_DATA', text: 'node 3 blocks behind' };

describe('alert dedup', () => {
  it('sends the first occurrence and counts repeats within the window', () => {
    const d = createAlertDeduper(WINDOW);
    expect(d.offer(refused, 0)).toMatchObject({ kind: 'fired', suppressed: 0, text: 'node 3 blocks behind' });
    expect(d.offer(refused, 1_000)).toBeUndefined();
    expect(d.offer(refused, 59_999)).toBeUndefined();
  });

  it('re-fires after the window with the count of what it held back', () => {
    const d = createAlertDeduper(WINDOW);
    d.offer(refused, 0);
    d.offer(refused, 10_000);
    d.offer(refused, 20_000);
    const again = d.offer(refused, 60_000);
    expect(again).toMatchObject({ kind: 'repeated', suppressed: 2 });
    expect(again?.text).toContain('repeated 2 more times');
  });

  it('keys are independent', () => {
    const d = createAlertDeduper(WINDOW);
    expect(d.offer(refused, 0)).toBeDefined();
    expect(d.offer(breaker, 1)).toBeDefined();
    expect(d.offer({ ...refused, key: 'refused:other:STALE_DATA' }, 2)).toBeDefined();
  });

  it('resolves with the count, only for a key that alerted, and a later occurrence fires anew', () => {
    const d = createAlertDeduper(WINDOW);
    expect(d.resolve(breaker.key, 0)).toBeUndefined();
    d.offer(breaker, 0);
    d.offer(breaker, 5_000);
    const resolved = d.resolve(breaker.key, 9_000, 'breaker DEPEG reset');
    expect(resolved).toMatchObject({ kind: 'resolved', severity: 'info', suppressed: 1, title: 'resolved: breaker DEPEG tripped on main' });
    expect(resolved?.text).toBe('breaker DEPEG reset (repeated 1 more time since the last message)');
    expect(d.offer(breaker, 10_000)).toMatchObject({ kind: 'fired' });
  });

  it('a flapping condition sends one message per window, with the counts adding up', () => {
    const d = createAlertDeduper(WINDOW);
    const sent = [];
    // Trips every 12 s block for 10 minutes.
    for (let t = 0; t < 600_000; t += 12_000) {
      const out = d.offer(breaker, t);
      if (out) sent.push(out);
    }
    expect(sent.length).toBe(10);
  });

  it('sweep reports a burst that stopped, and forgets quiet keys without an explicit end', () => {
    const d = createAlertDeduper(WINDOW);
    d.offer(refused, 0);
    d.offer(refused, 1_000);
    d.offer(refused, 2_000);
    expect(d.sweep(30_000)).toEqual([]);
    const [summary] = d.sweep(60_000);
    expect(summary).toMatchObject({ key: refused.key, kind: 'repeated', suppressed: 2 });
    expect(d.sweep(200_000)).toEqual([]);
    expect(d.size()).toBe(0);
  });

  it('keeps a resolvable key until resolved, however long it lasts', () => {
    const d = createAlertDeduper(WINDOW);
    d.offer(breaker, 0);
    d.sweep(10 * WINDOW);
    expect(d.size()).toBe(1);
    expect(d.resolve(breaker.key, 11 * WINDOW)).toMatchObject({ kind: 'resolved' });
  });

  it('never loses an occurrence: messages plus counted repeats equal occurrences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40_000 })), { maxLength: 200 }), (steps) => {
        const d = createAlertDeduper(WINDOW);
        let now = 0;
        let occurrences = 0;
        let accounted = 0;
        for (const [k, dt] of steps) {
          now += dt;
          const out = d.offer({ ...refused, key: `k${k}`, resolvable: k % 2 === 0 }, now);
          occurrences += 1;
          if (out) accounted += 1 + out.suppressed;
          for (const s of d.sweep(now)) accounted += s.suppressed;
        }
        // Whatever is still held back comes out at the end (a resolve or a final sweep).
        for (let k = 0; k < 4; k++) accounted += d.resolve(`k${k}`, now)?.suppressed ?? 0;
        expect(accounted).toBe(occurrences);
      }),
    );
  });
});
