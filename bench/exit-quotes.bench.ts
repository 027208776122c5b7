/**
 * Exit-quote error of the V2 and V3 routes on the devnet, for 10 / 100 / 1,000 / 2,500 ETH of
 * weETH: what the keeper's exit-cost model promises for each route (V2: the reserve formula;
 * V3: the QuoterV2 ladder read on the chord between sizes), the QuoterV2 quote for the exact
 * size, and V3 priced as a constant-product pool of its in-range depth, each against the
 * swap's own output at the same block; and what each route pays. Prints a table on stderr and
 * one figure per cell.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet, formatEther } from 'ethers';
import { DEV_KEYS } from '../src/devnet/accounts.ts';
import { measureExitQuotes, prepareWeEthHolder, quoteErrorBps } from '../src/devnet/dex/exit-quote-error.ts';
import { startWorld } from '../src/devnet/world.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import type { Figure } from './figure.ts';

const PROJECT_ROOT = new URL('..', import.meta.url).pathname;
// 2,500 ETH crosses the devnet pool's ±0.5 % band (1,500 ETH a side): the case where V3 depth is not constant.
const SIZES = [10, 100, 1000, 2500];

export async function run(): Promise<Figure[]> {
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-bench-exit-'));
  const world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  const d = world.deployment;
  const publicRpc = new JsonRpcProvider(d.rpcUrl, d.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  try {
    const holder = new Wallet(DEV_KEYS.user, publicRpc);
    await prepareWeEthHolder(d, holder, 3_000n * 10n ** 18n, () => world.mine(1));
    const rate = (await new Contract(d.lrts.weETH.token, ['function getRate() view returns (uint256)'], world.anvilProvider).getFunction('getRate')()) as bigint;
    const rows = await measureExitQuotes(world.anvilProvider, d, 'weETH', rate, SIZES, holder.address);
    const bps = (x: number | undefined): string => (x === undefined ? 'no quote' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);
    const eth = (w: bigint): string => Number(formatEther(w)).toFixed(4);
    const lines = ['size ETH | V2 out ETH | V3 out ETH | V2 model err bps | V3 model (ladder) err bps | V3 quoter exact-size err bps | V3-as-constant-product err bps'];
    const figures: Figure[] = [];
    for (const r of rows) {
      const errs = {
        v2: quoteErrorBps(r.v2ReserveQuote, r.v2Out),
        ladder: r.v3LadderQuote === undefined ? undefined : quoteErrorBps(r.v3LadderQuote, r.v3Out),
        v3: quoteErrorBps(r.v3QuoterQuote, r.v3Out),
        cp: quoteErrorBps(r.v3ConstantProductQuote, r.v3Out),
      };
      lines.push(`${r.sizeEth} | ${eth(r.v2Out)} | ${eth(r.v3Out)} | ${bps(errs.v2)} | ${bps(errs.ladder)} | ${bps(errs.v3)} | ${bps(errs.cp)}`);
      figures.push(
        { name: `exit out v2, weETH ${r.sizeEth} ETH`, value: Number(formatEther(r.v2Out)), unit: 'ETH' },
        { name: `exit out v3, weETH ${r.sizeEth} ETH`, value: Number(formatEther(r.v3Out)), unit: 'ETH' },
        { name: `exit-quote error v2 reserve formula, weETH ${r.sizeEth} ETH`, value: errs.v2, unit: 'bps' },
        ...(errs.ladder === undefined ? [] : [{ name: `exit-quote error v3 ladder (the model), weETH ${r.sizeEth} ETH`, value: errs.ladder, unit: 'bps' }]),
        { name: `exit-quote error v3 quoter exact size, weETH ${r.sizeEth} ETH`, value: errs.v3, unit: 'bps' },
        { name: `exit-quote error v3 as constant product, weETH ${r.sizeEth} ETH`, value: errs.cp, unit: 'bps' },
        { name: `exit proceeds v3 over v2, weETH ${r.sizeEth} ETH`, value: (Number(r.v3Out - r.v2Out) / Number(r.v2Out)) * 10_000, unit: 'bps' },
      );
    }
    process.stderr.write(`${lines.join('\n')}\n`);
    return figures;
  } finally {
    publicRpc.destroy();
    await world.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
