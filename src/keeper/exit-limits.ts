/**
 * Reads the protocols' exit limits a plan's withdraw actions depend on (one Multicall3 batch,
 * only when the plan sells through a protocol's instant or queued exit) and lists the
 * actions that break one. planVault refuses such a plan with the protocol's name and the
 * numbers instead of letting the executor find out from a revert.
 *
 * Read on chain: Kelp's minimum per asset, Swell's request minimum and maximum, Renzo's
 * buffer above its draw-down limit, ether.fi's canRedeem for the instant amount. Configured:
 * ether.fi's queued minimum and maximum (exits.queued.minAmount / maxAmount).
 */
import { Interface } from 'ethers';
import type { KeeperConfig, LrtConfig } from '../config/schema.ts';
import { decodeAggregate3, encodeAggregate3 } from '../chain/multicall.ts';
import { ReadAnswers, ReadBatch, type Slot } from '../chain/read-batch.ts';
import { read } from '../chain/read.ts';
import type { Action } from '../domain/plan.ts';
import { numberToWei } from '../domain/units.ts';
import { exitLimitBreaches, type ExitLimitBreach, type ExitLimits } from '../protocols/exit-limits.ts';
import { kelpMinWithdrawalRsEth } from '../protocols/kelp/reads.ts';
import { renzoInstantCapacityEth } from '../protocols/renzo/reads.ts';
import { swellRequestMaximum, swellRequestMinimum } from '../protocols/swell/reads.ts';
import type { RpcTransport } from '../observe/transport.ts';

const PROTOCOL_NAMES: Record<LrtConfig['protocol'], string> = { etherfi: 'ether.fi', renzo: 'Renzo', kelp: 'Kelp', puffer: 'Puffer', swell: 'Swell' };
const ETH_OUTPUT = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
const redemption = new Interface(['function canRedeem(uint256 amount, address token) view returns (bool)']);

type LimitSlots = { min?: Slot<bigint>; max?: Slot<bigint>; capacity?: Slot<bigint>; canRedeem?: Slot<boolean> };

/**
 * @example const breaches = await exitLimitBreachesOnChain(rpc, config, plan.actions, snapshot.block);
 */
export async function exitLimitBreachesOnChain(rpc: RpcTransport, config: KeeperConfig, actions: readonly Action[], block: number): Promise<ExitLimitBreach[]> {
  const sells = actions.flatMap((a) => (a.kind === 'withdraw' && (a.route === 'queued' || a.route === 'instant') ? [a] : []));
  if (sells.length === 0) return [];
  const batch = new ReadBatch();
  const slots = new Map<string, LimitSlots>();
  for (const action of sells) {
    const lrt = config.lrts.find((l) => l.symbol === action.positionId);
    if (lrt === undefined || slots.has(lrt.symbol)) continue;
    const s: LimitSlots = {};
    if (lrt.protocol === 'kelp') s.min = batch.add(kelpMinWithdrawalRsEth(lrt.contracts.withdrawalManager));
    if (lrt.protocol === 'swell') {
      s.min = batch.add(swellRequestMinimum(lrt.contracts.withdrawalNft));
      s.max = batch.add(swellRequestMaximum(lrt.contracts.withdrawalNft));
    }
    if (lrt.protocol === 'renzo') s.capacity = batch.add(renzoInstantCapacityEth(lrt.contracts.instantWithdrawer));
    if (lrt.protocol === 'etherfi' && action.route === 'instant') {
      s.canRedeem = batch.add(read(lrt.contracts.redemptionManager, redemption, 'canRedeem', [action.amountLrt, ETH_OUTPUT], 'etherfi.canRedeem', (v) => v[0] === true));
    }
    slots.set(lrt.symbol, s);
  }
  const raw = batch.calls.length === 0 ? undefined : await rpc.call('eth_call', [{ to: config.universe.multicall3, data: encodeAggregate3(batch.calls) }, `0x${block.toString(16)}`]);
  if (raw !== undefined && typeof raw !== 'string') throw new TypeError('eth_call answered a non-string');
  const answers = new ReadAnswers(batch.calls, raw === undefined ? [] : decodeAggregate3(batch.calls, raw));
  const limits = new Map<string, ExitLimits>();
  for (const [symbol, s] of slots) {
    const lrt = config.lrts.find((l) => l.symbol === symbol)!;
    // Configured bounds (exits.queued.minAmount / maxAmount) where the chain exposes none.
    const configuredMin = lrt.exits.queued?.minAmount === undefined ? undefined : numberToWei(lrt.exits.queued.minAmount);
    const configuredMax = lrt.exits.queued?.maxAmount === undefined ? undefined : numberToWei(lrt.exits.queued.maxAmount);
    const min = s.min ? answers.get(s.min) : configuredMin;
    const max = s.max ? answers.get(s.max) : configuredMax;
    limits.set(symbol, {
      protocol: PROTOCOL_NAMES[lrt.protocol],
      symbol,
      ...(min !== undefined ? { minQueuedLrt: min } : {}),
      ...(max !== undefined ? { maxQueuedLrt: max } : {}),
      ...(s.capacity ? { instantCapacityWei: answers.get(s.capacity) } : {}),
      ...(s.canRedeem ? { instantAllowed: answers.get(s.canRedeem) } : {}),
    });
  }
  return exitLimitBreaches(sells, (id) => limits.get(id));
}
