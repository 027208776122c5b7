/**
 * A Uniswap V3 exit end to end on the devnet: the observer reads the V3 quote ladder in its one
 * multicall, the sell side picks the V3 pool (it pays more than the V2 pair), the executor sends
 * approve + exactInputSingle with the plan's min-out, and the holder receives at least the
 * min-out and at least the quote the plan expected (the ladder's chord never over-promises).
 * Both backends: the keeper's account, and the RestakingVault whose allowlist must let the V3
 * router, its pool and the recipient guard through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { parseEther } from 'ethers';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionObservation } from '../../../src/domain/snapshot.ts';
import { weiToNumber } from '../../../src/domain/units.ts';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { positionSpecs } from '../../../src/keeper/universe.ts';
import { sellLiquid } from '../../../src/plan/sells.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import { createWithdrawalStore } from '../../../src/state/withdrawals.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { depositWeEth } from './actions.ts';
import { planOf, startExecHarness, type ExecHarness } from './harness.ts';
import { observeHolder, positionOf } from './observe-holder.ts';

let h: ExecHarness;
let config: KeeperConfig;
const rows: string[] = [];

beforeAll(async () => {
  h = await startExecHarness();
  const strategies = await loadStrategyRegistry();
  config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: h.world.deployment, strategies, prefix: `${h.prefix}cfg` });
  const weeth = h.world.deployment.lrts.weETH;
  await h.keeperSends(encodeLrtDepositEth({ protocol: 'etherfi', token: weeth.token, contracts: weeth.contracts } as never, parseEther('300'), h.keeper.address, 0n));
}, 300_000);

afterAll(async () => {
  for (const row of rows) console.info(row);
  await h?.stop();
});

/** The weETH position as the keeper observes it for `vaultName` (one multicall, V3 ladder included). */
async function observeWeEth(vaultName: string): Promise<PositionObservation> {
  return positionOf(await observeHolder(h, config, vaultName), 'weETH');
}

/** The DEX sale of the whole weETH balance (instant and queued routes set aside: this test is about venues). */
function v3Sale(obs: PositionObservation): WithdrawAction {
  const configured = positionSpecs(config).find((s) => s.id === 'weETH')!;
  const spec = { ...configured, exits: { ...(configured.exits.dex ? { dex: configured.exits.dex } : {}) } };
  const sale = sellLiquid(spec, obs, 0n, true, { maxSlippageBpsPerSwap: 50, opportunityApy: 0.03 });
  if (sale === undefined) throw new Error('no sale planned');
  return sale;
}

describe('Uniswap V3 exit on the devnet', () => {
  it('the observer reads a V3 quote ladder and the sell side prefers V3 over the V2 pair', async () => {
    const obs = await observeWeEth('devnet-eoa');
    const v3 = obs.venues?.find((v) => v.kind === 'uniswap-v3');
    // 3,000 and 10,000 weETH are more than the pool holds above the quote floor: left out, not mispriced.
    expect(v3?.ladder.map((p) => p.amountIn)).toEqual([1n, 3n, 10n, 30n, 100n, 300n, 1_000n].map((n) => n * 10n ** 18n));
    expect(v3!.wethDepth).toBeGreaterThan(obs.dex!.weth);
    const sale = v3Sale(obs);
    expect([sale.route, sale.venue]).toEqual(['dex', 'uniswap-v3']);
  });

  it('pays at least its min-out and its expected out, keeper account', async () => {
    const obs = await observeWeEth('devnet-eoa');
    const sale = v3Sale(obs);
    const weth = h.world.deployment.weth;
    const before = await h.balance(weth);
    const executor = await h.executor({ backend: eoaBackend(h.keeper.address), specs: positionSpecs(config) });
    const result = await h.mining(executor.execute(planOf([sale], await h.provider.getBlockNumber())));
    expect(result.status, result.reason).toBe('included');
    const paid = (await h.balance(weth)) - before;
    rows.push(`V3 EXIT eoa: ${weiToNumber(sale.amountLrt).toFixed(4)} weETH, fair ${weiToNumber(sale.fairValueWei).toFixed(4)} ETH, expected ${weiToNumber(sale.expectedOutWei).toFixed(4)}, min ${weiToNumber(sale.minOutWei).toFixed(4)}, paid ${weiToNumber(paid).toFixed(4)}`);
    expect(paid).toBeGreaterThanOrEqual(sale.minOutWei);
    expect(paid).toBeGreaterThanOrEqual(sale.expectedOutWei);
    expect(await h.balance(h.world.deployment.lrts.weETH.token)).toBe(0n);
  });

  it('pays at least its min-out through the RestakingVault allowlist', async () => {
    const d = h.world.deployment;
    const vault = d.vaults.main.address;
    const name = 'devnet-main';
    const executor = await h.executor({
      backend: vaultBackend(vault), specs: positionSpecs(config),
      intents: createIntentStore(h.redis, `${h.prefix}${name}-${randomUUID()}:`), withdrawals: createWithdrawalStore(h.redis, `${h.prefix}${name}:`), settings: { vault: name },
    });
    // The vault refuses a plan whose simulated valuation falls by more than its totals allow: give the moves their size.
    const mintPlan = planOf([await depositWeEth(h, parseEther('100'))], await h.provider.getBlockNumber());
    const mint = await h.mining(executor.execute({ ...mintPlan, totals: { ...mintPlan.totals, movedWei: parseEther('100') } }));
    expect(mint.status, mint.reason).toBe('included');
    const sale = v3Sale(await observeWeEth(name));
    expect(sale.venue).toBe('uniswap-v3');
    const before = await h.balance(d.weth, vault);
    const salePlan = planOf([sale], await h.provider.getBlockNumber());
    const result = await h.mining(executor.execute({ ...salePlan, totals: { ...salePlan.totals, movedWei: sale.fairValueWei, slippageWei: sale.costWei } }));
    expect(result.status, result.reason).toBe('included');
    const paid = (await h.balance(d.weth, vault)) - before;
    rows.push(`V3 EXIT vault: ${weiToNumber(sale.amountLrt).toFixed(4)} weETH, expected ${weiToNumber(sale.expectedOutWei).toFixed(4)} ETH, min ${weiToNumber(sale.minOutWei).toFixed(4)}, paid ${weiToNumber(paid).toFixed(4)}`);
    expect(paid).toBeGreaterThanOrEqual(sale.minOutWei);
    expect(paid).toBeGreaterThanOrEqual(sale.expectedOutWei);
  });
});
