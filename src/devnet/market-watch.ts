/**
 * Logs the devnet market every few blocks (LRT rates, DEX prices, base fee), so a person
 * watching `npm start` sees the world move.
 */
import { formatUnits } from 'ethers';
import type { Logger } from '../telemetry/logger.ts';
import type { DevnetWorld } from './world.ts';
import { LRT_SYMBOLS } from './market/events.ts';
import { readPoolPrice } from './market/dex-arb.ts';

export function watchMarket(world: DevnetWorld, logger: Logger, everyBlocks = 5): () => void {
  const provider = world.anvilProvider;
  const d = world.deployment;
  let lastLogged = 0;
  const timer = setInterval(() => {
    void (async () => {
      const block = await provider.getBlock('latest');
      if (!block || block.number - lastLogged < everyBlocks) return;
      lastLogged = block.number;
      const parts: Record<string, string> = {};
      for (const symbol of LRT_SYMBOLS) {
        const pair = d.uniswap.pairs[symbol];
        if (!pair) continue;
        const pool = await readPoolPrice(provider, pair, d.weth);
        parts[symbol] = formatUnits(pool.priceWad, 18).slice(0, 8);
      }
      logger.info({ block: block.number, baseFeeGwei: formatUnits(block.baseFeePerGas ?? 0n, 9).slice(0, 6), dexPrice: parts }, 'market');
    })().catch((err: unknown) => logger.warn({ err }, 'market watch read failed'));
  }, 500);
  return () => clearInterval(timer);
}
