/**
 * When the executor may fall back to the public mempool, and with which fee caps.
 */
import { describe, expect, it } from 'vitest';
import { publicFallbackDecision } from '../../../src/execution/public-fallback.ts';
import { publicFees } from '../../../src/execution/public-mempool.ts';

describe('publicFallbackDecision', () => {
  it('goes for a single transaction once the relays missed every target block', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 2, bundleAttempts: 3, txCount: 1 })).toEqual({ go: true });
  });

  it('goes at once when no relay is configured', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 0, bundleAttempts: 0, txCount: 1 })).toEqual({ go: true });
  });

  it('never goes when the public mempool is not allowed', () => {
    expect(publicFallbackDecision({ allowPublicMempool: false, relays: 1, bundleAttempts: 3, txCount: 1 })).toEqual({
      go: false,
      reason: 'public mempool fallback not allowed (execution.allowPublicMempool is false)',
    });
    expect(publicFallbackDecision({ allowPublicMempool: false, relays: 0, bundleAttempts: 0, txCount: 1 }).go).toBe(false);
  });

  it('refuses a plan of several transactions: not atomic in the public mempool', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 1, bundleAttempts: 3, txCount: 2 })).toEqual({
      go: false,
      reason: 'no public mempool fallback: the plan has 2 transactions, which are not atomic in the public mempool (the first could land without the rest); only single-transaction plans fall back',
    });
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 0, bundleAttempts: 0, txCount: 3 })).toMatchObject({ go: false, reason: expect.stringMatching(/3 transactions, which are not atomic/) });
  });

  it('does not go when relays are configured but no bundle was sent (fees above the limits)', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 1, bundleAttempts: 0, txCount: 1 })).toMatchObject({
      go: false,
      reason: expect.stringMatching(/no bundle was sent \(fees above the limits\)/),
    });
  });

  it('does not go when every bundle was signed after its target block was mined', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 1, bundleAttempts: 0, lateAttempts: 4, txCount: 1 })).toEqual({
      go: false,
      reason: 'no public mempool fallback: every bundle (4) was signed after its target block was mined and not sent, so the relays never had their chance',
    });
  });

  it('goes after on-time attempts missed, late ones besides', () => {
    expect(publicFallbackDecision({ allowPublicMempool: true, relays: 1, bundleAttempts: 3, lateAttempts: 2, txCount: 1 })).toEqual({ go: true });
  });
});

describe('publicFees', () => {
  const limits = { maxFeePerGasWei: 200_000_000_000n, maxPriorityFeePerGasWei: 2_000_000_000n, maxBaseFeeWei: 150_000_000_000n };

  it('uses the configured cap and tip, since the transaction may wait several blocks', () => {
    expect(publicFees(8_000_000_000n, limits)).toEqual({ ok: true, maxFeePerGas: 200_000_000_000n, maxPriorityFeePerGas: 2_000_000_000n });
  });

  it('refuses like a bundle when the base fee is above the risk limit', () => {
    expect(publicFees(160_000_000_000n, limits)).toEqual({ ok: false, reason: 'base fee 160.00 gwei is above risk.maxBaseFeeGwei (150.00 gwei)' });
  });

  it('refuses when the next base fee may exceed the cap', () => {
    expect(publicFees(190_000_000_000n, { ...limits, maxBaseFeeWei: 300_000_000_000n })).toMatchObject({ ok: false, reason: expect.stringMatching(/^next base fee up to 213.75 gwei/) });
  });
});
