/**
 * Reads the protocols' limits a plan's LRT actions depend on (one Multicall3 batch, only when
 * the plan mints an LRT or sells through a protocol's instant or queued exit; a second one when
 * Puffer's AccessManager must be asked) and lists the actions that break one. planVault refuses
 * such a plan with the protocol's name and the numbers instead of letting the executor find
 * out from a revert.
 *
 * Read on chain: Kelp's minimum per asset, Swell's request minimum and maximum and its
 * whitelist (rswETH for mints, the exit NFT for requests), Renzo's buffer above its draw-down
 * limit, ether.fi's canRedeem for the instant amount, Puffer's AccessManager for depositETH
 * and redeem (through the vault's authority()). Configured: ether.fi's queued minimum and
 * maximum (exits.queued.minAmount / maxAmount).
 *
 * Access reads that fail (a protocol without a whitelist, a vault without an authority) refuse
 * nothing: they only add a refusal when the protocol positively says no; the bundle's
 * simulation still stands behind them.
 */
import { Interface } from 'ethers';
import type { KeeperConfig, LrtConfig } from '../config/schema.ts';
import { callBatch, ReadBatch, type ReadAnswers, type Slot } from '../chain/read-batch.ts';
import { read } from '../chain/read.ts';
import type { Action, DepositLrtAction, WithdrawAction } from '../domain/plan.ts';
import type { PositionId } from '../domain/types.ts';
import { numberToWei } from '../domain/units.ts';
import { exitLimitBreaches, type ExitLimitBreach, type ExitLimits } from '../protocols/exit-limits.ts';
import { kelpMinWithdrawalRsEth } from '../protocols/kelp/reads.ts';
import { PUFFER_VAULT_ABI } from '../protocols/puffer/abi.ts';
import { accessManagerCanCallNow, pufferAuthority } from '../protocols/puffer/reads.ts';
import { renzoInstantCapacityEth } from '../protocols/renzo/reads.ts';
import { swellRequestMaximum, swellRequestMinimum, swellWhitelistEnabled, swellWhitelisted } from '../protocols/swell/reads.ts';
import type { RpcTransport } from '../observe/transport.ts';

const PROTOCOL_NAMES: Record<LrtConfig['protocol'], string> = { etherfi: 'ether.fi', renzo: 'Renzo', kelp: 'Kelp', puffer: 'Puffer', swell: 'Swell' };
const ETH_OUTPUT = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
const redemption = new Interface(['function canRedeem(uint256 amount, address token) view returns (bool)']);
const pufferVault = new Interface(PUFFER_VAULT_ABI);
/** The vault's restricted functions the keeper calls: its mint and its instant exit. */
const PUFFER_SELECTORS = { mint: pufferVault.getFunction('depositETH')!.selector, instant: pufferVault.getFunction('redeem')!.selector };

type WhitelistSlots = { enabled: Slot<boolean>; listed: Slot<boolean> };
type LimitSlots = {
  min?: Slot<bigint>;
  max?: Slot<bigint>;
  capacity?: Slot<bigint>;
  canRedeem?: Slot<boolean>;
  authority?: Slot<`0x${string}`>;
  mintWhitelist?: WhitelistSlots;
  queuedWhitelist?: WhitelistSlots;
};

export interface ProtocolLimitInputs {
  /** The account the protocols see as the caller: the vault contract, the Safe or the EOA. */
  readonly caller: string;
  /** The LRT symbol behind a position id (a restaked position mints its LRT first). */
  readonly symbolOf: (positionId: PositionId) => string | undefined;
}

/**
 * @example const breaches = await exitLimitBreachesOnChain(rpc, config, plan.actions, snapshot.block, { caller: vault.address, symbolOf });
 */
export async function exitLimitBreachesOnChain(rpc: RpcTransport, config: KeeperConfig, actions: readonly Action[], block: number, inputs: ProtocolLimitInputs): Promise<ExitLimitBreach[]> {
  const checked = actions.filter((a): a is WithdrawAction | DepositLrtAction => (a.kind === 'withdraw' && (a.route === 'queued' || a.route === 'instant')) || (a.kind === 'deposit-lrt' && a.route !== 'dex'));
  if (checked.length === 0) return [];
  const blockTag = `0x${block.toString(16)}`;
  const batch = new ReadBatch();
  const slots = new Map<string, LimitSlots>();
  const symbolOfAction = (a: WithdrawAction | DepositLrtAction): string | undefined => (a.kind === 'withdraw' ? a.positionId : inputs.symbolOf(a.positionId));
  for (const action of checked) {
    const symbol = symbolOfAction(action);
    const lrt = config.lrts.find((l) => l.symbol === symbol);
    if (lrt === undefined) continue;
    const s: LimitSlots = slots.get(lrt.symbol) ?? {};
    if (action.kind === 'deposit-lrt') {
      if (lrt.protocol === 'puffer') s.authority ??= batch.add(pufferAuthority(lrt.contracts.vault));
      if (lrt.protocol === 'swell') s.mintWhitelist ??= whitelistSlots(batch, lrt.token, inputs.caller);
    } else {
      if (lrt.protocol === 'kelp') s.min ??= batch.add(kelpMinWithdrawalRsEth(lrt.contracts.withdrawalManager));
      if (lrt.protocol === 'swell') {
        s.min ??= batch.add(swellRequestMinimum(lrt.contracts.withdrawalNft));
        s.max ??= batch.add(swellRequestMaximum(lrt.contracts.withdrawalNft));
        s.queuedWhitelist ??= whitelistSlots(batch, lrt.contracts.withdrawalNft, inputs.caller);
      }
      if (lrt.protocol === 'renzo') s.capacity ??= batch.add(renzoInstantCapacityEth(lrt.contracts.instantWithdrawer));
      if (lrt.protocol === 'puffer') s.authority ??= batch.add(pufferAuthority(lrt.contracts.vault));
      if (lrt.protocol === 'etherfi' && action.route === 'instant') {
        s.canRedeem ??= batch.add(read(lrt.contracts.redemptionManager, redemption, 'canRedeem', [action.amountLrt, ETH_OUTPUT], 'etherfi.canRedeem', (v) => v[0] === true));
      }
    }
    slots.set(lrt.symbol, s);
  }
  const answers = await callBatch(rpc, config.universe.multicall3, batch, blockTag);
  const pufferAccess = await pufferRefusals(rpc, config, slots, answers, inputs.caller, blockTag);
  const limits = new Map<string, ExitLimits>();
  for (const [symbol, s] of slots) {
    const lrt = config.lrts.find((l) => l.symbol === symbol)!;
    // Configured bounds (exits.queued.minAmount / maxAmount) where the chain exposes none.
    const configuredMin = lrt.exits.queued?.minAmount === undefined ? undefined : numberToWei(lrt.exits.queued.minAmount);
    const configuredMax = lrt.exits.queued?.maxAmount === undefined ? undefined : numberToWei(lrt.exits.queued.maxAmount);
    const min = s.min ? answers.get(s.min) : configuredMin;
    const max = s.max ? answers.get(s.max) : configuredMax;
    const mintRefusal = (s.mintWhitelist && whitelistRefusal(answers, s.mintWhitelist, inputs.caller)) ?? pufferAccess.get(`${symbol}:mint`);
    const queuedRefusal = s.queuedWhitelist && whitelistRefusal(answers, s.queuedWhitelist, inputs.caller);
    const instantRefusal = pufferAccess.get(`${symbol}:instant`);
    limits.set(symbol, {
      protocol: PROTOCOL_NAMES[lrt.protocol],
      symbol,
      ...(min !== undefined ? { minQueuedLrt: min } : {}),
      ...(max !== undefined ? { maxQueuedLrt: max } : {}),
      ...(s.capacity ? { instantCapacityWei: answers.get(s.capacity) } : {}),
      ...(s.canRedeem ? { instantAllowed: answers.get(s.canRedeem) } : {}),
      ...(mintRefusal !== undefined ? { mintRefusal } : {}),
      ...(instantRefusal !== undefined ? { instantRefusal } : {}),
      ...(queuedRefusal !== undefined ? { queuedRefusal } : {}),
    });
  }
  return exitLimitBreaches(checked, (id) => {
    const symbol = inputs.symbolOf(id) ?? id;
    return limits.get(symbol);
  });
}

function whitelistSlots(batch: ReadBatch, contract: string, caller: string): WhitelistSlots {
  return { enabled: batch.add(swellWhitelistEnabled(contract)), listed: batch.add(swellWhitelisted(contract, caller)) };
}

// An access read that failed says nothing (the protocol may not have that check at all): tryGet.
function whitelistRefusal(answers: ReadAnswers, slots: WhitelistSlots, caller: string): string | undefined {
  const enabled = answers.tryGet(slots.enabled);
  const listed = answers.tryGet(slots.listed);
  return enabled === true && listed === false ? `the whitelist is on and ${caller} is not on it` : undefined;
}

/** Puffer's AccessManager, asked once the vault's authority() is known: refusals by `${symbol}:mint|instant`. */
async function pufferRefusals(rpc: RpcTransport, config: KeeperConfig, slots: ReadonlyMap<string, LimitSlots>, answers: ReadAnswers, caller: string, blockTag: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const batch = new ReadBatch();
  const asked: { key: string; fn: string; manager: string; slot: Slot<boolean> }[] = [];
  for (const [symbol, s] of slots) {
    const manager = s.authority && answers.tryGet(s.authority);
    const lrt = config.lrts.find((l) => l.symbol === symbol);
    if (manager === undefined || lrt?.protocol !== 'puffer') continue;
    for (const [route, selector] of Object.entries(PUFFER_SELECTORS)) {
      const fn = route === 'mint' ? 'depositETH' : 'redeem';
      asked.push({ key: `${symbol}:${route}`, fn, manager, slot: batch.add(accessManagerCanCallNow(manager, caller, lrt.contracts.vault, selector)) });
    }
  }
  if (asked.length === 0) return out;
  const canCall = await callBatch(rpc, config.universe.multicall3, batch, blockTag);
  for (const q of asked) {
    if (canCall.tryGet(q.slot) === false) out.set(q.key, `its AccessManager (${q.manager}) does not let ${caller} call ${q.fn} now`);
  }
  return out;
}
