/**
 * Hand-written plan actions for the execution tests, priced from chain reads the way the
 * planner prices them (protocol rate for fair value and min-out, the pool for expected out).
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import type { DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
import { mulWad, divWad, subtractBps } from '../../../src/domain/units.ts';
import type { ExecHarness } from './harness.ts';

const RATE_ABI = ['function getRate() view returns (uint256)'];
const ROUTER_ABI = ['function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)'];

export async function rateOf(h: ExecHarness, symbol: 'weETH' | 'ezETH'): Promise<bigint> {
  const d = h.world.deployment;
  const address = symbol === 'weETH' ? d.lrts.weETH.token : d.lrts.ezETH.contracts.rateProvider;
  return (await new Contract(address, RATE_ABI, h.provider).getFunction('getRate')()) as bigint;
}

export async function dexOut(provider: JsonRpcProvider, router: string, tokenIn: string, weth: string, amountIn: bigint): Promise<bigint> {
  const amounts = (await new Contract(router, ROUTER_ABI, provider).getFunction('getAmountsOut')(amountIn, [tokenIn, weth])) as bigint[];
  return amounts[1] as bigint;
}

export async function dexSell(h: ExecHarness, positionId: 'ezETH' | 'weETH', amountLrt: bigint, slippageBps = 60): Promise<WithdrawAction> {
  const rate = await rateOf(h, positionId);
  const spec = h.specs.find((s) => s.id === positionId)!;
  const fair = mulWad(amountLrt, rate);
  const out = await dexOut(h.provider, h.targets.router, spec.token, h.targets.weth, amountLrt);
  return {
    kind: 'withdraw', positionId, route: 'dex', amountLrt, fairValueWei: fair, expectedOutWei: out, minOutWei: subtractBps(fair, slippageBps),
    costWei: fair - out, slippageBps: 30, delaySeconds: 0, gas: 220_000, why: `sell ${positionId} on the DEX`,
  };
}

export async function depositWeEth(h: ExecHarness, amountWei: bigint, slippageBps = 60): Promise<DepositLrtAction> {
  const rate = await rateOf(h, 'weETH');
  const expectedLrt = divWad(amountWei, rate);
  return { kind: 'deposit-lrt', positionId: 'weETH', amountWei, expectedLrt, minLrt: subtractBps(expectedLrt, slippageBps), gas: 200_000, why: 'mint weETH' };
}
