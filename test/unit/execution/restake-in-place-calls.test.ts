/**
 * An eigen-deposit of LRT already held (fromPositionId) restakes exactly its amount, whatever
 * mint comes before or after it, and the post-simulation check expects the LRT balance to
 * fall by that amount.
 */
import { describe, expect, it } from 'vitest';
import type { Action, EigenDepositAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildCalls, type BuildContext } from '../../../src/execution/build-calls.ts';
import { checkDeltas, expectedDeltas } from '../../../src/execution/expectations.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const targets: ExecutionTargets = {
  chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3),
  lrts: { weETH: { protocol: 'etherfi', token: addr(10), liquidityPool: addr(11), redemptionManager: addr(12), eETH: addr(13), withdrawRequestNft: addr(14), depositAdapter: addr(15) } },
  eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) },
};
const liquid: PositionSpec = { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: addr(10), exits: { dex: { feeBps: 30 } }, riskTier: 1 };
const restaked: PositionSpec = { ...liquid, id: 'weETH-restaked', eigen: { strategy: addr(40), operator: addr(41), operatorSets: [] }, riskTier: 2 };
const specs = [liquid, restaked];
const ctx: BuildContext = { holder: addr(99), targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n };
const inPlace: EigenDepositAction = { kind: 'eigen-deposit', positionId: 'weETH-restaked', strategy: addr(40), amountLrt: 5_000n, fromPositionId: 'weETH', gas: 200_000, why: '' };
const word = (n: bigint): string => n.toString(16).padStart(64, '0');

describe('restake of held LRT: calls and expectations', () => {
  it('approves and restakes exactly the held amount; the check expects the LRT balance 5 000 wei lower', () => {
    const calls = buildCalls([inPlace], ctx);
    expect(calls.map((c) => [c.label, c.to, c.value])).toEqual([
      ['approve weETH → StrategyManager', addr(10), 0n],
      ['restake weETH', addr(30), 0n],
    ]);
    expect(calls[0]?.data).toBe(`0x095ea7b3${word(BigInt(addr(30)))}${word(5_000n)}`);
    expect(calls[1]?.data.endsWith(word(5_000n))).toBe(true);
    const expectations = expectedDeltas([inPlace], calls, specs, targets.weth);
    expect(expectations).toEqual([{ token: addr(10), label: 'weETH', expected: -5_000n, floor: -5_000n, scale: 5_000n, exact: true, unknown: 0n }]);
    expect(checkDeltas(expectations, new Map([[addr(10), -5_000n]]), 10, 0n).every((c) => c.ok)).toBe(true);
    // Restaking less (or nothing) than planned is caught.
    expect(checkDeltas(expectations, new Map([[addr(10), 0n]]), 10, 0n)[0]?.ok).toBe(false);
  });

  it('next to a mint-and-restake of the same LRT, the held amount stays exact and the mint is restaked whole (less 1 bp of drift)', () => {
    const actions: Action[] = [
      inPlace,
      { kind: 'deposit-lrt', positionId: 'weETH-restaked', amountWei: 1_000n, expectedLrt: 900_000n, minLrt: 890_000n, gas: 200_000, why: '' },
      { kind: 'eigen-deposit', positionId: 'weETH-restaked', strategy: addr(40), amountLrt: 900_000n, gas: 200_000, why: '' },
    ];
    const calls = buildCalls(actions, ctx);
    expect(calls.map((c) => c.label)).toEqual(['approve weETH → StrategyManager', 'restake weETH', 'unwrap WETH for deposit', 'mint weETH', 'approve weETH → StrategyManager', 'restake weETH']);
    expect(calls[1]?.data.endsWith(word(5_000n))).toBe(true);
    expect(calls[5]?.data.endsWith(word(899_910n))).toBe(true);
    // A restake placed after the mint still takes exactly the held amount.
    const after = buildCalls([actions[1] as Action, inPlace], ctx);
    expect(after[after.length - 1]?.data.endsWith(word(5_000n))).toBe(true);
    // The LRT is never left out: held −5 000, minted +900 000 (floor 890 000), restaked −899 910.
    const weEth = expectedDeltas(actions, calls, specs, targets.weth).find((e) => e.token === addr(10));
    expect(weEth).toMatchObject({ expected: -5_000n + 900_000n - 899_910n, floor: -5_000n + 890_000n - 899_910n, exact: false });
  });
});
