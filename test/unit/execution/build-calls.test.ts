/**
 * Plan actions → calls: order, approvals to the right spender, the ETH float that avoids
 * needless wrap/unwrap pairs, and refusals for what cannot be built.
 */
import { describe, expect, it } from 'vitest';
import type { Action, DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildCalls, type BuildContext } from '../../../src/execution/build-calls.ts';
import { expectedDeltas } from '../../../src/execution/expectations.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const targets: ExecutionTargets = {
  chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3),
  lrts: {
    weETH: { protocol: 'etherfi', token: addr(10), liquidityPool: addr(11), redemptionManager: addr(12), eETH: addr(13), withdrawRequestNft: addr(14), depositAdapter: addr(15) },
    ezETH: { protocol: 'renzo', token: addr(20), restakeManager: addr(21), withdrawQueue: addr(22), instantWithdrawer: addr(23) },
  },
  eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) },
};
const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: addr(10), exits: { dex: { feeBps: 30 } }, riskTier: 1 },
  { id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: addr(20), exits: { instant: { feeBps: 50 } }, riskTier: 2 },
];
const ctx: BuildContext = { holder: addr(99), targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n };

const sell = (route: WithdrawAction['route'], positionId = 'ezETH'): WithdrawAction => ({
  kind: 'withdraw', positionId, route, amountLrt: 1_000n, fairValueWei: 1_040n, expectedOutWei: 1_035n, minOutWei: 1_030n, costWei: 5n, slippageBps: 30, delaySeconds: 0, gas: 220_000, why: '',
});
const deposit = (amountWei: bigint): DepositLrtAction => ({ kind: 'deposit-lrt', positionId: 'weETH', amountWei, expectedLrt: 900n, minLrt: 890n, gas: 200_000, why: '' });

describe('buildCalls', () => {
  it('a DEX sale approves the router for exactly the amount, then swaps to the holder; the deposit unwraps WETH first', () => {
    const calls = buildCalls([sell('dex'), deposit(1_000n)], ctx);
    expect(calls.map((c) => [c.label, c.to, c.value, c.action])).toEqual([
      ['approve ezETH → router', addr(20), 0n, 0],
      ['sell ezETH on Uniswap V2', addr(3), 0n, 0],
      ['unwrap WETH for deposit', addr(1), 0n, 1],
      ['mint weETH', addr(15), 1_000n, 1],
    ]);
    expect(calls[0]?.data).toBe(`0x095ea7b3${addr(3).slice(2).padStart(64, '0')}${(1000).toString(16).padStart(64, '0')}`);
  });

  it('ETH from an instant exit pays the deposit first (only its min-out counts); the rest is wrapped', () => {
    const calls = buildCalls([sell('instant'), deposit(1_000n)], ctx);
    expect(calls.map((c) => c.label)).toEqual(['approve ezETH → instant withdrawer', 'withdraw ezETH instantly', 'mint weETH', 'wrap ETH proceeds']);
    expect(calls[3]?.value).toBe(30n);
    const short = buildCalls([sell('instant'), deposit(1_100n)], ctx);
    expect(short.map((c) => c.label)).toEqual(['approve ezETH → instant withdrawer', 'withdraw ezETH instantly', 'unwrap WETH for deposit', 'mint weETH']);
    expect(expectedDeltas([sell('instant'), deposit(1_100n)], short, specs, targets.weth).find((e) => e.token === addr(1))?.expected).toBe(-70n);
  });

  it('restake after a mint takes the expected mint less 1 bp of rate drift (not the minimum) and approves the StrategyManager', () => {
    const restaked: PositionSpec = { ...specs[0]!, id: 'weETH-r', eigen: { strategy: addr(40), operator: addr(41), operatorSets: [] } };
    const actions: Action[] = [
      { ...deposit(1_000n), positionId: 'weETH-r', expectedLrt: 900_000n, minLrt: 890_000n },
      { kind: 'delegate', operator: addr(41), gas: 1, why: '' },
      { kind: 'eigen-deposit', positionId: 'weETH-r', strategy: addr(40), amountLrt: 900_000n, gas: 1, why: '' },
    ];
    const calls = buildCalls(actions, { ...ctx, specs: [...specs, restaked] });
    expect(calls.map((c) => [c.label, c.to])).toEqual([
      ['unwrap WETH for deposit', addr(1)],
      ['mint weETH', addr(15)],
      [`delegate to ${addr(41)}`, addr(31)],
      ['approve weETH → StrategyManager', addr(10)],
      ['restake weETH', addr(30)],
    ]);
    // 900 000 less 1 bp = 899 910 restaked (the minimum, 890 000, would leave 1.1% liquid).
    expect(calls[3]?.data.endsWith((899_910).toString(16).padStart(64, '0'))).toBe(true);
    expect(calls[4]?.data.endsWith((899_910).toString(16).padStart(64, '0'))).toBe(true);
  });

  it('refuses what it cannot build: untracked withdrawal, a claim without proofs, an unknown position', () => {
    expect(() => buildCalls([{ kind: 'complete-withdrawal', withdrawalId: '0xabc', positionId: 'weETH', expectedWei: 1n, gas: 1, why: '' }], ctx)).toThrow(/untracked withdrawal/);
    expect(() => buildCalls([{ kind: 'claim-rewards', tokens: [addr(50)], amounts: [1n], gas: 1, why: '' }], ctx)).toThrow(/needs a rewards claim/);
    expect(() => buildCalls([sell('dex', 'nope')], ctx)).toThrow(/unknown position/);
    expect(() => buildCalls([sell('queued', 'ezETH')], { ...ctx, targets: { ...targets, lrts: {} } })).toThrow(/no execution targets for ezETH/);
  });
});
