/**
 * EigenLayer reads for one staker: deposit AND withdrawable shares (slashing lowers only the
 * second, PROTOCOLS.md pitfall 1), the strategy exchange rate, delegation, queued
 * withdrawals, reward claims so far and the claimable root, and the operators' slashing
 * state (max magnitudes and per-set slash counts).
 */
import { Interface, type Result } from 'ethers';
import { firstAddress, firstUint, read, uintArray, type Read } from '../../chain/read.ts';

export const DELEGATION_READS_ABI = [
  'function delegatedTo(address staker) view returns (address)',
  'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
  'function getQueuedWithdrawals(address staker) view returns ((address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares)[] withdrawals, uint256[][] shares)',
  'function minWithdrawalDelayBlocks() view returns (uint32)',
] as const;
export const STRATEGY_READS_ABI = ['function sharesToUnderlyingView(uint256 amountShares) view returns (uint256)'] as const;
export const REWARDS_READS_ABI = [
  'function cumulativeClaimed(address earner, address token) view returns (uint256)',
  'function getCurrentClaimableDistributionRoot() view returns ((bytes32 root, uint32 rewardsCalculationEndTimestamp, uint32 activatedAt, bool disabled))',
  'function getDistributionRootsLength() view returns (uint256)',
] as const;
export const ALLOCATION_READS_ABI = [
  'function getMaxMagnitudes(address operator, address[] strategies) view returns (uint64[])',
  'function getSlashCount((address avs, uint32 id) operatorSet) view returns (uint256)',
] as const;

const delegation = new Interface(DELEGATION_READS_ABI);
const strategy = new Interface(STRATEGY_READS_ABI);
const rewards = new Interface(REWARDS_READS_ABI);
const allocation = new Interface(ALLOCATION_READS_ABI);

/**
 * Shares are converted to underlying through the strategy's own view at this scale, so one
 * read per strategy serves any share amount: underlying = shares · view(SCALE) / SCALE, at
 * most 1 wei below the exact view (always rounding against us).
 */
export const SHARE_PRICE_SCALE = 10n ** 36n;

export interface StakerShares {
  readonly withdrawable: readonly bigint[];
  readonly deposit: readonly bigint[];
}

export interface QueuedWithdrawal {
  readonly staker: `0x${string}`;
  readonly delegatedTo: `0x${string}`;
  readonly withdrawer: `0x${string}`;
  readonly nonce: bigint;
  readonly startBlock: number;
  readonly strategies: readonly `0x${string}`[];
  readonly scaledShares: readonly bigint[];
  /** Shares the withdrawal pays at completion, slashing so far applied. */
  readonly shares: readonly bigint[];
}

export interface DistributionRoot {
  readonly root: string;
  readonly rewardsCalculationEndTimestamp: number;
  readonly activatedAt: number;
  readonly disabled: boolean;
}

export function delegatedTo(delegationManager: string, staker: string): Read<`0x${string}`> {
  return read(delegationManager, delegation, 'delegatedTo', [staker], 'DelegationManager.delegatedTo', firstAddress);
}

/** Withdrawable and deposit shares of `staker` in each strategy, in the given order. */
export function withdrawableShares(delegationManager: string, staker: string, strategies: readonly string[]): Read<StakerShares> {
  return read(delegationManager, delegation, 'getWithdrawableShares', [staker, strategies], 'DelegationManager.getWithdrawableShares', (value) => {
    const withdrawable = uintArray(value, 0);
    const deposit = uintArray(value, 1);
    if (withdrawable.length !== strategies.length || deposit.length !== strategies.length) {
      throw new TypeError(`expected ${strategies.length} entries, got ${withdrawable.length}/${deposit.length}`);
    }
    return { withdrawable, deposit };
  });
}

export function queuedWithdrawals(delegationManager: string, staker: string): Read<QueuedWithdrawal[]> {
  return read(delegationManager, delegation, 'getQueuedWithdrawals', [staker], 'DelegationManager.getQueuedWithdrawals', decodeQueued);
}

export function minWithdrawalDelayBlocks(delegationManager: string): Read<number> {
  return read(delegationManager, delegation, 'minWithdrawalDelayBlocks', [], 'DelegationManager.minWithdrawalDelayBlocks', (v) => Number(firstUint(v)));
}

/** The strategy's underlying per SHARE_PRICE_SCALE shares (see SHARE_PRICE_SCALE). */
export function sharePrice(strategyAddress: string, label: string): Read<bigint> {
  return read(strategyAddress, strategy, 'sharesToUnderlyingView', [SHARE_PRICE_SCALE], `${label}.sharesToUnderlyingView`, firstUint);
}

/** Underlying of `shares` at a price read with sharePrice; rounds down. */
export function sharesToUnderlying(shares: bigint, price: bigint): bigint {
  return (shares * price) / SHARE_PRICE_SCALE;
}

export function cumulativeClaimed(rewardsCoordinator: string, earner: string, token: string, symbol: string): Read<bigint> {
  return read(rewardsCoordinator, rewards, 'cumulativeClaimed', [earner, token], `RewardsCoordinator.cumulativeClaimed(${symbol})`, firstUint);
}

export function currentClaimableRoot(rewardsCoordinator: string): Read<DistributionRoot> {
  return read(rewardsCoordinator, rewards, 'getCurrentClaimableDistributionRoot', [], 'RewardsCoordinator.getCurrentClaimableDistributionRoot', (value) => {
    const r = value[0] as Result;
    return {
      root: String(r[0]),
      rewardsCalculationEndTimestamp: Number(r[1] as bigint),
      activatedAt: Number(r[2] as bigint),
      disabled: Boolean(r[3]),
    };
  });
}

export function distributionRootsLength(rewardsCoordinator: string): Read<number> {
  return read(rewardsCoordinator, rewards, 'getDistributionRootsLength', [], 'RewardsCoordinator.getDistributionRootsLength', (v) => Number(firstUint(v)));
}

/** The operator's max magnitude per strategy (1e18 = never slashed). */
export function maxMagnitudes(allocationManager: string, operator: string, strategies: readonly string[], label: string): Read<bigint[]> {
  return read(allocationManager, allocation, 'getMaxMagnitudes(address,address[])', [operator, strategies], `AllocationManager.getMaxMagnitudes(${label})`, (value) => {
    const m = uintArray(value, 0);
    if (m.length !== strategies.length) throw new TypeError(`expected ${strategies.length} magnitudes, got ${m.length}`);
    return m;
  });
}

/** How many times any member of the operator set was slashed. */
export function slashCount(allocationManager: string, avs: string, operatorSetId: number): Read<bigint> {
  return read(allocationManager, allocation, 'getSlashCount', [{ avs, id: operatorSetId }], `AllocationManager.getSlashCount(${avs}/${operatorSetId})`, firstUint);
}

function decodeQueued(value: Result): QueuedWithdrawal[] {
  const withdrawals = value[0] as Result;
  const shares = value[1] as Result;
  if (withdrawals.length !== shares.length) throw new TypeError('withdrawals and shares differ in length');
  return Array.from(withdrawals, (w: Result, i) => {
    const strategies = Array.from(w[5] as Result, (s) => String(s) as `0x${string}`);
    const scaledShares = Array.from(w[6] as Result, (s) => s as bigint);
    const paid = Array.from(shares[i] as Result, (s) => s as bigint);
    if (scaledShares.length !== strategies.length || paid.length !== strategies.length) throw new TypeError('withdrawal arrays differ in length');
    return {
      staker: String(w[0]) as `0x${string}`,
      delegatedTo: String(w[1]) as `0x${string}`,
      withdrawer: String(w[2]) as `0x${string}`,
      nonce: w[3] as bigint,
      startBlock: Number(w[4] as bigint),
      strategies,
      scaledShares,
      shares: paid,
    };
  });
}
