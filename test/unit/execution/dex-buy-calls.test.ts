/**
 * A DEX buy (deposit-lrt with route 'dex'): paid in WETH, so native ETH it takes is wrapped
 * first, the router is approved for exactly the amount, the swap pays the LRT to the holder
 * with the plan's min-out; the expectations spend that WETH and receive at least minLrt.
 */
import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import type { DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
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
};
const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: addr(10), exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 } }, riskTier: 1 },
  { id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: addr(20), exits: { dex: { feeBps: 30 } }, riskTier: 2 },
];
const ctx: BuildContext = { holder: addr(99), targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n };
const buy: DepositLrtAction = { kind: 'deposit-lrt', route: 'dex', positionId: 'ezETH', amountWei: 1_000n, expectedLrt: 1_010n, minLrt: 1_004n, gas: 200_000, why: '' };
const instantSale: WithdrawAction = {
  kind: 'withdraw', positionId: 'weETH', route: 'instant', amountLrt: 400n, fairValueWei: 420n, expectedOutWei: 419n, minOutWei: 418n, costWei: 1n, slippageBps: 30, delaySeconds: 0, gas: 220_000, why: '',
};
const router = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);

describe('buildCalls: DEX buy', () => {
  it('approves WETH to the router and swaps WETH → LRT to the holder with minLrt', () => {
    const calls = buildCalls([buy], ctx);
    expect(calls.map((c) => [c.label, c.to, c.value])).toEqual([
      ['approve WETH → router', addr(1), 0n],
      ['buy ezETH on Uniswap V2', addr(3), 0n],
    ]);
    const swap = router.decodeFunctionData('swapExactTokensForTokens', calls[1]!.data);
    expect([swap[0], swap[1], swap[2], swap[3]]).toEqual([1_000n, 1_004n, [addr(1), addr(20)], addr(99)]);
    const deltas = expectedDeltas([buy], calls, specs, targets.weth);
    expect(deltas.find((d) => d.token === addr(1))?.expected).toBe(-1_000n);
    expect(deltas.find((d) => d.token === addr(20))).toMatchObject({ expected: 1_010n, floor: 1_004n });
  });

  it('wraps the ETH an instant exit paid before buying with it', () => {
    const calls = buildCalls([instantSale, buy], ctx);
    expect(calls.map((c) => c.label)).toEqual(['approve weETH → redemption manager', 'redeem weETH instantly', 'wrap ETH for a DEX buy', 'approve WETH → router', 'buy ezETH on Uniswap V2']);
    expect(calls[2]?.value).toBe(418n);
    // WETH: +418 wrapped, −1000 to the router.
    expect(expectedDeltas([instantSale, buy], calls, specs, targets.weth).find((d) => d.token === addr(1))?.expected).toBe(-582n);
  });
});
