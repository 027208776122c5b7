/**
 * Which read gives each LRT's rate and instant-exit capacity: always the protocol's own
 * function (PROTOCOLS.md), never a DEX price or a shortcut through another contract.
 */
import type { LrtConfig } from '../config/schema.ts';
import type { Read } from '../chain/read.ts';
import { etherFiInstantCapacityEth, weEthRate } from '../protocols/etherfi/reads.ts';
import { ezEthRate, renzoInstantCapacityEth } from '../protocols/renzo/reads.ts';
import { rsEthPrice } from '../protocols/kelp/reads.ts';
import { pufEthRate, pufferMaxRedeem } from '../protocols/puffer/reads.ts';
import { rswEthRate } from '../protocols/swell/reads.ts';
import type { InstantCapacityRead } from './targets.ts';

export interface LrtReads {
  readonly rate: Read<bigint>;
  readonly instant?: InstantCapacityRead;
}

/**
 * @example lrtReads(config.lrts[0], vault).rate.call.label // 'weETH.getRate'
 */
export function lrtReads(lrt: LrtConfig, holder: string): LrtReads {
  const withInstant = lrt.exits.instant !== undefined;
  switch (lrt.protocol) {
    case 'etherfi':
      return {
        rate: weEthRate(lrt.token),
        ...(withInstant ? { instant: { read: etherFiInstantCapacityEth(lrt.contracts.redemptionManager), unit: 'asset' as const } } : {}),
      };
    case 'renzo':
      return {
        rate: ezEthRate(lrt.contracts.rateProvider),
        ...(withInstant ? { instant: { read: renzoInstantCapacityEth(lrt.contracts.instantWithdrawer), unit: 'asset' as const } } : {}),
      };
    case 'kelp':
      return { rate: rsEthPrice(lrt.contracts.oracle) };
    case 'puffer':
      return {
        rate: pufEthRate(lrt.contracts.vault),
        ...(withInstant ? { instant: { read: pufferMaxRedeem(lrt.contracts.vault, holder), unit: 'lrt' as const } } : {}),
      };
    case 'swell':
      return { rate: rswEthRate(lrt.token) };
  }
}
