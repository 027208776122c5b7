/**
 * Gas per action, in one table so costs are comparable and easy to review. Figures are
 * conservative upper estimates of mainnet usage including the ERC-20 approval each action
 * needs; the executor's simulation gives the real number before anything is sent.
 */
import type { Action } from '../domain/plan.ts';

export const GAS: Readonly<Record<Action['kind'] | 'bundleOverhead', number>> = {
  'complete-withdrawal': 250_000,
  'claim-rewards': 300_000,
  /**
   * One cumulative merkle distributor claim: the proof check, one storage write, one ERC-20
   * transfer (83,750 gas for a first claim with a 2-level proof on Anvil), with room for a
   * 17-level mainnet proof (about 10,000 more in calldata and hashing).
   */
  'claim-stream': 120_000,
  'swap-reward': 180_000,
  withdraw: 220_000,
  'eigen-queue-withdrawal': 250_000,
  'deposit-lrt': 200_000,
  'eigen-deposit': 200_000,
  delegate: 150_000,
  /** One transaction's intrinsic cost on top of the actions. */
  bundleOverhead: 21_000,
};

/**
 * One RestakingVault.totalAssets(): execute() runs it before and after the calls, so a vault
 * bundle costs two on top of its actions. An upper estimate for a handful of positions and
 * queued withdrawals; the executor measures the real figure for the gas limit (backend.ts).
 */
export const VAULT_VALUATION_GAS = 150_000;

/** Gas units × (base fee + tip), wei. */
export function gasCostWei(gasUnits: number, baseFeeWei: bigint, priorityFeeWei: bigint): bigint {
  return BigInt(gasUnits) * (baseFeeWei + priorityFeeWei);
}
