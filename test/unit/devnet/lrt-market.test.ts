/**
 * The market's LRT accrual compounds from the protocol's own rate, so a rate the protocol
 * raised by itself (an instant-exit fee left in ether.fi's pool) never leaves the market's
 * target below it: that once made every block's market step fail and the devnet chain stall.
 */
import { describe, expect, it } from 'vitest';
import type { JsonRpcProvider } from 'ethers';
import { createLrtMarket } from '../../../src/devnet/market/lrt-market.ts';
import type { LrtControls } from '../../../src/devnet/lrt-controls.ts';
import type { LrtDeployments } from '../../../src/devnet/deploy-lrts.ts';

const E = 10n ** 18n;

function controlsWith(rates: Record<string, bigint[]>): { controls: LrtControls; targets: bigint[] } {
  const targets: bigint[] = [];
  const controls: LrtControls = {
    readRate: async (_p, _l, symbol) => {
      const queue = rates[symbol]!;
      return queue.length > 1 ? queue.shift()! : queue[0]!;
    },
    accrueTo: async (_p, _l, _s, target) => {
      targets.push(target);
      return { to: '0x0000000000000000000000000000000000000001', data: '0x', value: 1n };
    },
    setInstantLiquidity: () => ({ to: '0x', data: '0x', value: 0n }),
    refreshKelpPrice: () => ({ to: '0x', data: '0x', value: 0n }),
  };
  return { controls, targets };
}

const provider = {} as JsonRpcProvider;
const lrts = {} as LrtDeployments;

describe('LRT market accrual', () => {
  it('compounds weETH from the rate on chain, also after the protocol raised it itself', async () => {
    // 1.07 at the first block; then an exit fee left in the pool lifts it to 1.08.
    const { controls, targets } = controlsWith({ weETH: [1_070_000_000_000_000_000n, 1_080_000_000_000_000_000n] });
    const market = createLrtMarket(provider, lrts, controls);
    await market.accrue('weETH', 0.001);
    await market.accrue('weETH', 0.001);
    expect(targets).toEqual([1_071_070_000_000_000_000n, 1_081_080_000_000_000_000n]);
  });

  it("compounds Kelp from its tracked true rate, because Kelp's stored price lags on purpose", async () => {
    // The stored price stays at 1.02 until refreshed; the true rate keeps compounding.
    const { controls, targets } = controlsWith({ rsETH: [1_020_000_000_000_000_000n] });
    const market = createLrtMarket(provider, lrts, controls);
    await market.accrue('rsETH', 0.01);
    await market.accrue('rsETH', 0.01);
    expect(targets).toEqual([1_030_200_000_000_000_000n, 1_040_502_000_000_000_000n]);
  });

  it('adds nothing when the growth rounds to zero', async () => {
    const { controls, targets } = controlsWith({ ezETH: [E] });
    const market = createLrtMarket(provider, lrts, controls);
    expect(await market.accrue('ezETH', 1e-19)).toBeUndefined();
    expect(targets).toEqual([]);
  });
});
