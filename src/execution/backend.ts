/**
 * How the calls of a plan become transactions. Same plan, different encoding:
 * - `eoa`: the keeper's own address holds the position; every call is its own transaction
 *   from the keeper (all of them in one all-or-nothing bundle);
 * - `vault`: the RestakingVault holds the position; all calls go in ONE
 *   `execute(calls)` transaction from the keeper, and the vault checks its own loss limit;
 * - `safe`: a DAO's Safe holds the position; the calls are one Safe transaction the owners
 *   signed, sent by the keeper as `execTransaction` (src/execution/safe-exec-backend.ts), or one
 *   `execute(calls)` of the Safe's SafeKeeperModule, inside the vault's guards
 *   (src/execution/safe-module-backend.ts).
 */
import { Interface } from 'ethers';
import type { Action } from '../domain/plan.ts';
import { VAULT_KEEPER_ABI } from '../protocols/vault/abi.ts';
import type { Call, UnsignedTx } from './call.ts';

export interface Backend {
  readonly kind: 'eoa' | 'vault' | 'safe';
  /** The address whose balances the plan moves. */
  readonly holder: string;
  /**
   * The contract that runs the calls inside the on-chain guards and answers `totalAssets()` for
   * the holder: the vault itself, or the Safe's module. Absent when nothing on chain bounds losses.
   */
  readonly guard?: string;
  transactions(calls: readonly Call[], actions: readonly Action[], costs?: BackendCosts): UnsignedTx[];
}

export interface BackendCosts {
  /**
   * Gas of one `totalAssets()` of the vault, as measured on chain now. `execute` values the
   * vault before and after the calls, and that cost grows with positions and queued
   * withdrawals (a forced exit of two restaked positions ran out of a budget without it).
   */
  readonly valuationGas?: number;
}

/** Gas budget of an approve or a wrap: generous, only used as the first simulation's limit. */
const SMALL_CALL_GAS = 120_000;

/** @example eoaBackend(keeper.address).transactions(calls, plan.actions) */
export function eoaBackend(keeper: string): Backend {
  return {
    kind: 'eoa',
    holder: keeper,
    transactions: (calls, actions) =>
      calls.map((c) => ({ to: c.to, data: c.data, value: c.value, label: c.label, gasBudget: Math.max(SMALL_CALL_GAS, 2 * (actions[c.action]?.gas ?? 0)) })),
  };
}

const vaultInterface = new Interface(VAULT_KEEPER_ABI);

/** RestakingVault.execute(calls) calldata. */
export function encodeVaultExecute(calls: readonly { target: string; value: bigint; data: string }[]): string {
  return vaultInterface.encodeFunctionData('execute', [calls.map((c) => ({ target: c.target, value: c.value, data: c.data }))]);
}

/**
 * The vault backend: one execute(calls) transaction from the keeper to the vault.
 * Never put a Puffer deposit and a Puffer redeem in one plan here: Puffer refuses a redeem
 * after a deposit in the same transaction.
 */
export function vaultBackend(vault: string, encodeExecute: (calls: readonly { target: string; value: bigint; data: string }[]) => string = encodeVaultExecute): Backend {
  return { kind: 'vault', holder: vault, guard: vault, transactions: guardedExecuteTransactions(vault, 'vault', encodeExecute) };
}

/**
 * One `execute(calls)` transaction from the keeper to a guard contract (the vault, or a Safe's
 * module, whose execute has the same ABI), with its gas budget: the calls (planner estimates,
 * doubled), the execute overhead, and two valuations with a quarter on top (the one after the
 * calls can cost more: a new queued withdrawal).
 */
export function guardedExecuteTransactions(
  guard: string,
  label: string,
  encodeExecute: (calls: readonly { target: string; value: bigint; data: string }[]) => string = encodeVaultExecute,
  perCallOverhead = 0,
): Backend['transactions'] {
  return (calls, actions, costs = {}) => {
    if (calls.length === 0) return [];
    const valuations = Math.ceil(2 * (costs.valuationGas ?? 0) * 1.25);
    const gas = actions.reduce((s, a) => s + a.gas, 0) * 2 + 100_000 + valuations + perCallOverhead * calls.length;
    return [{ to: guard, data: encodeExecute(calls.map((c) => ({ target: c.to, value: c.value, data: c.data }))), value: 0n, label: `${label}.execute(${calls.length} calls)`, gasBudget: gas }];
  };
}
