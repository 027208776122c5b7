/**
 * Execution targets from a keeper config. The config lists what the observer needs; the
 * executor also needs ether.fi's eETH and withdraw-request NFT, which the liquidity pool
 * names on chain (read once here), and the DepositAdapter (config field
 * lrts[].contracts.depositAdapter): without it ether.fi deposits are refused with a clear
 * message rather than guessed.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import type { KeeperConfig } from '../config/schema.ts';
import type { LrtTargets, ExecutionTargets } from './targets.ts';
import { lrtVenueTargets } from '../keeper/venues.ts';

const POOL_VIEWS = ['function eETH() view returns (address)', 'function withdrawRequestNFT() view returns (address)'];

/** @example const targets = await targetsFromConfig(config, provider); */
export async function targetsFromConfig(config: KeeperConfig, provider: JsonRpcProvider, extra: { etherfiDepositAdapter?: string } = {}): Promise<ExecutionTargets> {
  const lrts: Partial<Record<string, LrtTargets>> = {};
  for (const lrt of config.lrts) {
    switch (lrt.protocol) {
      case 'etherfi': {
        const pool = new Contract(lrt.contracts.liquidityPool, POOL_VIEWS, provider);
        const depositAdapter = extra.etherfiDepositAdapter ?? lrt.contracts.depositAdapter;
        lrts.weETH = {
          protocol: 'etherfi', token: lrt.token, liquidityPool: lrt.contracts.liquidityPool, redemptionManager: lrt.contracts.redemptionManager,
          eETH: (await pool.getFunction('eETH')()) as string, withdrawRequestNft: (await pool.getFunction('withdrawRequestNFT')()) as string,
          ...(depositAdapter ? { depositAdapter } : {}),
        };
        break;
      }
      case 'renzo':
        lrts.ezETH = { protocol: 'renzo', token: lrt.token, restakeManager: lrt.contracts.restakeManager, withdrawQueue: lrt.contracts.withdrawQueue, instantWithdrawer: lrt.contracts.instantWithdrawer };
        break;
      case 'kelp':
        lrts.rsETH = { protocol: 'kelp', token: lrt.token, depositPool: lrt.contracts.depositPool, withdrawalManager: lrt.contracts.withdrawalManager };
        break;
      case 'puffer':
        lrts.pufETH = { protocol: 'puffer', token: lrt.token };
        break;
      case 'swell':
        lrts.rswETH = { protocol: 'swell', token: lrt.token, withdrawalNft: lrt.contracts.withdrawalNft };
        break;
    }
  }
  const e = config.eigenlayer;
  return {
    chainId: config.chain.chainId,
    weth: config.universe.weth,
    multicall3: config.universe.multicall3,
    router: config.universe.uniswap.router,
    lrts: lrts as ExecutionTargets['lrts'],
    venues: Object.fromEntries(config.lrts.map((lrt) => [lrt.symbol, lrtVenueTargets(config, lrt).map((t) => t.venue)])),
    eigen: { strategyManager: e.strategyManager, delegationManager: e.delegationManager, rewardsCoordinator: e.rewardsCoordinator },
  };
}
