/**
 * Every address the executor may send to, per protocol. Kept apart from the config and the
 * devnet deployment so the calldata builders see one shape: the devnet fills it from its
 * deployment record, a mainnet keeper from its config (plus two reads for ether.fi contracts
 * the config does not list).
 */
import type { DevnetDeployment } from '../devnet/deployment.ts';
import type { LrtSymbol } from '../domain/types.ts';
import type { VenueTarget } from '../protocols/exit-venues.ts';
import { LRT_WETH_POOL_FEE } from '../protocols/uniswap/v3-venue.ts';
import { LRT_SYMBOLS } from '../domain/types.ts';

export interface EtherFiTargets {
  readonly protocol: 'etherfi';
  readonly token: string;
  readonly liquidityPool: string;
  readonly redemptionManager: string;
  readonly eETH: string;
  readonly withdrawRequestNft: string;
  /** DepositAdapter (ETH → weETH in one call); absent: LiquidityPool.deposit then weETH.wrap. */
  readonly depositAdapter?: string;
}

export interface RenzoTargets {
  readonly protocol: 'renzo';
  readonly token: string;
  readonly restakeManager: string;
  readonly withdrawQueue: string;
  readonly instantWithdrawer: string;
}

export interface KelpTargets {
  readonly protocol: 'kelp';
  readonly token: string;
  readonly depositPool: string;
  readonly withdrawalManager: string;
}

export interface PufferTargets {
  readonly protocol: 'puffer';
  /** The ERC-4626 vault is the pufETH token. */
  readonly token: string;
}

export interface SwellTargets {
  readonly protocol: 'swell';
  readonly token: string;
  readonly withdrawalNft: string;
}

export type LrtTargets = EtherFiTargets | RenzoTargets | KelpTargets | PufferTargets | SwellTargets;

export interface EigenExecutionTargets {
  readonly strategyManager: string;
  readonly delegationManager: string;
  readonly rewardsCoordinator: string;
}

export interface ExecutionTargets {
  readonly chainId: number;
  readonly weth: string;
  readonly multicall3: string;
  /** The Uniswap V2 router (swaps on pairs, reward sales, DEX buys). */
  readonly router: string;
  readonly lrts: Partial<Record<LrtSymbol, LrtTargets>>;
  /** Quoted DEX venues per LRT (Uniswap V3 pools): a withdraw naming one sells there. */
  readonly venues?: Partial<Record<LrtSymbol, readonly VenueTarget[]>>;
  readonly eigen?: EigenExecutionTargets;
}

/** @example const targets = targetsFromDeployment(world.deployment); */
export function targetsFromDeployment(d: DevnetDeployment): ExecutionTargets {
  const { weETH, ezETH, rsETH, pufETH, rswETH } = d.lrts;
  return {
    chainId: d.chainId,
    weth: d.weth,
    multicall3: d.multicall3,
    router: d.uniswap.router,
    venues: Object.fromEntries(
      LRT_SYMBOLS.flatMap((symbol) => {
        const pool = d.uniswapV3?.pools[symbol];
        return pool ? [[symbol, [{ kind: 'uniswap-v3', pool, fee: LRT_WETH_POOL_FEE, quoter: d.uniswapV3.quoter, router: d.uniswapV3.router }]]] : [];
      }),
    ),
    lrts: {
      weETH: {
        protocol: 'etherfi',
        token: weETH.token,
        liquidityPool: weETH.contracts.liquidityPool,
        redemptionManager: weETH.contracts.redemptionManager,
        eETH: weETH.contracts.eETH,
        withdrawRequestNft: weETH.contracts.withdrawRequestNft,
        depositAdapter: weETH.contracts.depositAdapter,
      },
      ezETH: { protocol: 'renzo', token: ezETH.token, ...ezETH.contracts },
      rsETH: { protocol: 'kelp', token: rsETH.token, depositPool: rsETH.contracts.depositPool, withdrawalManager: rsETH.contracts.withdrawalManager },
      pufETH: { protocol: 'puffer', token: pufETH.token },
      rswETH: { protocol: 'swell', token: rswETH.token, withdrawalNft: rswETH.contracts.withdrawalNft },
    },
    eigen: {
      strategyManager: d.eigenlayer.strategyManager,
      delegationManager: d.eigenlayer.delegationManager,
      rewardsCoordinator: d.eigenlayer.rewardsCoordinator,
    },
  };
}
