/**
 * Our transaction landing between the two reads (nonce, receipts) must read as included,
 * never as a foreign transaction taking the nonce: the nonce is read first.
 */
import { describe, expect, it } from 'vitest';
import type { JsonRpcProvider, TransactionReceipt } from 'ethers';
import { nonceOutcome } from '../../../src/execution/confirm.ts';
import type { IntentAttempt } from '../../../src/state/intents.ts';

const OURS = `0x${'ab'.repeat(32)}`;
const attempt: IntentAttempt = { targetBlock: 101, txHashes: [OURS], maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signedAt: 0, sentTo: [] };

/** A chain on which our transaction (nonce 7) lands right after the first read, whichever it is. */
function landingAfterFirstRead(landsAtAll = true): JsonRpcProvider {
  let landed = false;
  const afterRead = <T>(value: T): T => {
    if (landsAtAll) landed = true;
    return value;
  };
  return {
    getTransactionCount: async () => afterRead(landed ? 8 : 7),
    getTransactionReceipt: async (hash: string) =>
      afterRead(landed && hash === OURS ? ({ blockNumber: 101, gasUsed: 50_000n, status: 1 } as unknown as TransactionReceipt) : null),
  } as unknown as JsonRpcProvider;
}

describe('nonceOutcome', () => {
  it('reads a transaction that lands between the reads as included', async () => {
    const outcome = await nonceOutcome(landingAfterFirstRead(), '0x00000000000000000000000000000000000000aa', 7, [attempt]);
    expect(outcome.kind).toBe('included');
    if (outcome.kind === 'included') expect(outcome.found).toMatchObject({ block: 101, gasUsed: 50_000n, success: true });
  });

  it('says the nonce was taken when it moved and none of our hashes is on chain', async () => {
    const provider = { getTransactionCount: async () => 8, getTransactionReceipt: async () => null } as unknown as JsonRpcProvider;
    expect(await nonceOutcome(provider, '0x00000000000000000000000000000000000000aa', 7, [attempt])).toEqual({ kind: 'nonce-taken' });
  });

  it('is open while neither happened, and never judges the nonce when the intent has none', async () => {
    expect(await nonceOutcome(landingAfterFirstRead(false), '0x00000000000000000000000000000000000000aa', 7, [attempt])).toEqual({ kind: 'open' });
    const moved = { getTransactionCount: async () => 9, getTransactionReceipt: async () => null } as unknown as JsonRpcProvider;
    expect(await nonceOutcome(moved, '0x00000000000000000000000000000000000000aa', undefined, [attempt])).toEqual({ kind: 'open' });
  });
});
