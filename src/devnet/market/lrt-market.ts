/**
 * The market simulator's view of the LRT stand-ins, over src/devnet/lrt-controls.ts.
 *
 * Rates accrue on the protocols' own accounting (ETH arrives as staking rewards); the rate
 * the simulator compounds from is read through each protocol's own rate function, except
 * Kelp's, whose stored price lags on purpose: its true rate is tracked here so that Kelp
 * accrues like the others and the stored price catches up whenever it is refreshed.
 */
import type { JsonRpcProvider } from 'ethers';
import type { LrtControls } from '../lrt-controls.ts';
import type { LrtDeployments } from '../deploy-lrts.ts';
import type { LrtMarketPort } from './simulator.ts';
import type { LrtSymbol } from './events.ts';

const WAD = 10n ** 18n;

export function createLrtMarket(provider: JsonRpcProvider, lrts: LrtDeployments, controls: LrtControls): LrtMarketPort {
  const trueRate = new Map<LrtSymbol, bigint>();
  return {
    readRate: (symbol) => controls.readRate(provider, lrts, symbol),
    async accrue(symbol, growth) {
      // Compound from the protocol's own rate: it also moves for reasons of its own (an
      // instant-exit fee left in the pool raises it), and a target computed from a private
      // copy would fall behind it, which accrual cannot do. Kelp's stored price lags on
      // purpose, so Kelp compounds from the tracked true rate.
      const tracked = symbol === 'rsETH' ? trueRate.get(symbol) : undefined;
      const current = tracked ?? (await controls.readRate(provider, lrts, symbol));
      // growth is ~1e-8 per block; scale to wad with 1e-18 resolution before rounding.
      const target = current + (current * BigInt(Math.round(growth * 1e18))) / WAD;
      if (target <= current) return undefined;
      trueRate.set(symbol, target);
      return controls.accrueTo(provider, lrts, symbol, target);
    },
    refreshKelpPrice: () => controls.refreshKelpPrice(lrts),
    setInstantLiquidity(symbol, amountWei) {
      // Only ether.fi, Renzo and Puffer have an instant exit to drain.
      if (symbol === 'rsETH' || symbol === 'rswETH') return undefined;
      return controls.setInstantLiquidity(lrts, symbol, amountWei);
    },
    token: (symbol) => lrts[symbol].token,
  };
}
