/**
 * The protocols' own limits on exits and mints, and the check that refuses a plan breaking one
 * with the protocol's name and the numbers. Limits are read on chain where the protocol exposes
 * them (Kelp's minimum per asset, Swell's request size limits and whitelist, Renzo's buffer
 * above its draw-down limit, Puffer's total exit fee and AccessManager, ether.fi's canRedeem)
 * and configured where it does not (ether.fi's queued minimum and maximum).
 *
 * Pure: the limits come in as numbers.
 */
import type { Action } from '../domain/plan.ts';
import type { PositionId } from '../domain/types.ts';
import { weiToNumber } from '../domain/units.ts';

export interface ExitLimits {
  /** Protocol name as people know it ("Kelp"). */
  readonly protocol: string;
  readonly symbol: string;
  /** Smallest and largest LRT amount of one queued request, in LRT wei. */
  readonly minQueuedLrt?: bigint;
  readonly maxQueuedLrt?: bigint;
  /** ETH the protocol's instant exit can pay now. */
  readonly instantCapacityWei?: bigint;
  /** The protocol's own answer to "can this instant exit go through" (ether.fi canRedeem). */
  readonly instantAllowed?: boolean;
  /**
   * Why the protocol refuses the vault's own calls now, per route (Puffer's AccessManager
   * closing `depositETH` or `redeem`, Swell's whitelist without the vault on it). A plain
   * sentence; absent when the call is open to the vault.
   */
  readonly mintRefusal?: string;
  readonly instantRefusal?: string;
  readonly queuedRefusal?: string;
}

export interface ExitLimitBreach {
  readonly positionId: PositionId;
  readonly protocol: string;
  readonly message: string;
}

const fmt = (wei: bigint): string => weiToNumber(wei).toFixed(4);

/**
 * Every withdraw action of a plan that a protocol would refuse. `limitsOf` gives the limits of
 * the position the action sells (liquid LRT positions only; restaked ones exit through
 * EigenLayer first).
 *
 * @example exitLimitBreaches(plan.actions, (id) => limits.get(id))
 *   // [{ positionId: 'rsETH', protocol: 'Kelp', message: 'Kelp: queued withdrawal of 0.0050 rsETH is below the minimum of 0.0100 rsETH' }]
 */
export function exitLimitBreaches(actions: readonly Action[], limitsOf: (positionId: PositionId) => ExitLimits | undefined): ExitLimitBreach[] {
  const out: ExitLimitBreach[] = [];
  for (const action of actions) {
    if (action.kind !== 'withdraw' && action.kind !== 'deposit-lrt') continue;
    const limits = limitsOf(action.positionId);
    if (limits === undefined) continue;
    const breach = (message: string): void => void out.push({ positionId: action.positionId, protocol: limits.protocol, message: `${limits.protocol}: ${message}` });
    const { symbol } = limits;
    if (action.kind === 'deposit-lrt') {
      // A DEX buy does not call the protocol; only a mint can be refused by it.
      if (action.route !== 'dex' && limits.mintRefusal !== undefined) breach(`minting ${fmt(action.amountWei)} ETH of ${symbol} is refused: ${limits.mintRefusal}`);
      continue;
    }
    if (action.route === 'queued' && limits.queuedRefusal !== undefined) breach(`the queued withdrawal of ${fmt(action.amountLrt)} ${symbol} is refused: ${limits.queuedRefusal}`);
    if (action.route === 'instant' && limits.instantRefusal !== undefined) breach(`the instant exit of ${fmt(action.amountLrt)} ${symbol} is refused: ${limits.instantRefusal}`);
    if (action.route === 'queued') {
      if (limits.minQueuedLrt !== undefined && action.amountLrt < limits.minQueuedLrt) {
        breach(`queued withdrawal of ${fmt(action.amountLrt)} ${symbol} is below the minimum of ${fmt(limits.minQueuedLrt)} ${symbol}`);
      }
      if (limits.maxQueuedLrt !== undefined && action.amountLrt > limits.maxQueuedLrt) {
        breach(`queued withdrawal of ${fmt(action.amountLrt)} ${symbol} is above the maximum of ${fmt(limits.maxQueuedLrt)} ${symbol} per request`);
      }
    }
    if (action.route === 'instant') {
      if (limits.instantAllowed === false) breach(`the instant exit of ${fmt(action.amountLrt)} ${symbol} is refused by the protocol now (canRedeem is false)`);
      if (limits.instantCapacityWei !== undefined && action.expectedOutWei > limits.instantCapacityWei) {
        breach(`instant exit paying ${fmt(action.expectedOutWei)} ETH exceeds what it can pay now, ${fmt(limits.instantCapacityWei)} ETH`);
      }
    }
  }
  return out;
}

/**
 * Renzo's claim wait: the larger of WithdrawQueue.coolDownPeriod() and the risk oracle's
 * cooldown (either may be the binding one).
 * @example renzoClaimCooldownSeconds(604_800, 1_209_600) // 1_209_600
 */
export function renzoClaimCooldownSeconds(coolDownPeriod: number, riskOracleCooldown = 0): number {
  return Math.max(coolDownPeriod, riskOracleCooldown);
}

/**
 * Kelp's wait in seconds: its delay counts blocks (at `secondsPerBlock`), and the operator's
 * unlock comes after it, which `unlockLagSeconds` allows for.
 * @example kelpDelaySeconds(57_600, 12, 86_400) // 777_600
 */
export function kelpDelaySeconds(delayBlocks: number, secondsPerBlock = 12, unlockLagSeconds = 0): number {
  return delayBlocks * secondsPerBlock + unlockLagSeconds;
}
