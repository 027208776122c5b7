import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bullPrefix, schedulerId, signerLockKey, tickJobId, vaultStatePrefix } from '../../../src/queue/names.ts';
import { tickBlockOf } from '../../../src/queue/block-watcher.ts';

describe('job ids and keys', () => {
  it('tick ids are `${vault}-${block}` and never contain a colon (BullMQ refuses them)', () => {
    expect(tickJobId('devnet-main', 1234)).toBe('devnet-main-1234');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/), fc.nat(), (vault, block) => {
        expect(tickJobId(vault, block)).not.toContain(':');
        expect(schedulerId('compound', vault)).not.toContain(':');
      }),
    );
  });

  it('keeps BullMQ keys apart from the keeper keys, and vault state where `keeper execute` has it', () => {
    expect(bullPrefix({ queue: { prefix: 'rk', redisUrl: 'redis://x', schedules: { observeEveryBlocks: 1, compoundEverySeconds: 1, withdrawalsEverySeconds: 1 } } })).toBe('rk:q');
    expect(vaultStatePrefix('rk', 'devnet-eoa')).toBe('rk:devnet-eoa:');
    expect(signerLockKey('rk', '0xABCdef')).toBe('rk:lock:signer:0xabcdef');
  });
});

describe('tickBlockOf', () => {
  it('rounds the head down to a multiple of everyBlocks, so every process picks the same tick', () => {
    expect(tickBlockOf(1234, 1)).toBe(1234);
    expect(tickBlockOf(1234, 5)).toBe(1230);
    expect(tickBlockOf(1235, 5)).toBe(1235);
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 500 }), (head, every) => {
        const tick = tickBlockOf(head, every);
        expect(tick % every).toBe(0);
        expect(tick).toBeLessThanOrEqual(head);
        expect(head - tick).toBeLessThan(every);
      }),
    );
  });
});

describe('hold sampler', () => {
  it('records a hold when its reason changes, else once per interval', async () => {
    const { createHoldSampler } = await import('../../../src/queue/hold-sampler.ts');
    const s = createHoldSampler(50);
    expect([100, 101, 149].map((b) => s.record('main', 'no gain', b))).toEqual([true, false, false]);
    expect(s.record('main', 'DEPEG ezETH', 150)).toBe(true);
    expect(s.record('eoa', 'no gain', 150)).toBe(true);
    expect(s.record('main', 'DEPEG ezETH', 200)).toBe(true);
    const every = createHoldSampler(1);
    expect([1, 1, 2].map((b) => every.record('main', 'same', b))).toEqual([true, true, true]);
  });
});
