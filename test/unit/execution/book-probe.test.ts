/**
 * The post-state check covers the whole book: LRT-queue requests in flight and EigenLayer
 * deposit shares are probed and held exactly (no wei slack on a count).
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { bookProbe } from '../../../src/execution/book-expectations.ts';
import { checkDeltas } from '../../../src/execution/expectations.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const targets: ExecutionTargets = {
  chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3),
  lrts: { weETH: { protocol: 'etherfi', token: addr(10), liquidityPool: addr(11), redemptionManager: addr(12), eETH: addr(13), withdrawRequestNft: addr(14) } },
  eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) },
};
const specs: PositionSpec[] = [{ id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: addr(10), exits: { queued: { delaySeconds: 1 } }, riskTier: 1 }];

describe('bookProbe', () => {
  it('a queued ether.fi exit adds exactly one request NFT; a claim removes one', () => {
    const queue: Action = { kind: 'withdraw', positionId: 'weETH', route: 'queued', amountLrt: 1n, fairValueWei: 1n, expectedOutWei: 1n, minOutWei: 1n, costWei: 0n, slippageBps: 0, delaySeconds: 1, gas: 1, why: '' };
    const { reads, expectations } = bookProbe([queue], specs, targets, addr(99), new Map());
    expect(reads.map((r) => [r.key, r.call.target, r.call.fn])).toEqual([['requests:etherfi', addr(14), 'balanceOf']]);
    expect(checkDeltas(expectations, new Map([['requests:etherfi', 1n]]), 10)[0]?.ok).toBe(true);
    expect(checkDeltas(expectations, new Map([['requests:etherfi', 0n]]), 10)[0]?.ok).toBe(false);
    expect(checkDeltas(expectations, new Map([['requests:etherfi', 2n]]), 10)[0]?.ok).toBe(false);
    const claim: Action = { kind: 'complete-withdrawal', withdrawalId: 'etherfi:4', positionId: 'weETH', expectedWei: 1n, gas: 1, why: '' };
    expect(bookProbe([claim], specs, targets, addr(99), new Map([['etherfi:4', 'etherfi']])).expectations[0]).toMatchObject({ token: 'requests:etherfi', expected: -1n });
  });

  it('queueing an EigenLayer withdrawal removes exactly its deposit shares; a restake must add some', () => {
    const queue: Action = { kind: 'eigen-queue-withdrawal', positionId: 'weETH-r', strategy: addr(40), depositShares: 5_000n, underlyingLrt: 5_000n, valueWei: 5_000n, delaySeconds: 1, costWei: 0n, gas: 1, why: '' };
    const key = `shares:${addr(40)}`;
    const q = bookProbe([queue], specs, targets, addr(99), new Map());
    expect(q.reads[0]?.call).toMatchObject({ target: addr(30), fn: 'stakerDepositShares', args: [addr(99), addr(40)] });
    expect(checkDeltas(q.expectations, new Map([[key, -5_000n]]), 10)[0]?.ok).toBe(true);
    expect(checkDeltas(q.expectations, new Map([[key, -4_999n]]), 10)[0]?.ok).toBe(false);
    const restake: Action = { kind: 'eigen-deposit', positionId: 'weETH-r', strategy: addr(40), amountLrt: 7n, gas: 1, why: '' };
    const r = bookProbe([restake], specs, targets, addr(99), new Map());
    expect(checkDeltas(r.expectations, new Map([[key, 6n]]), 10)[0]?.ok).toBe(true);
    expect(checkDeltas(r.expectations, new Map([[key, 0n]]), 10)[0]?.ok).toBe(false);
  });
});
