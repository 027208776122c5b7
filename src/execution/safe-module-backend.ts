/**
 * `backend: safe-module`: the DAO's Safe holds the position and the keeper acts through the
 * Safe's SafeKeeperModule (contracts/safe-module): each plan is ONE `module.execute(calls)`
 * transaction from the keeper, sent as a private bundle like the vault's. The module makes each
 * call from the Safe (execTransactionFromModule, CALL only) inside the RestakingVault's guards
 * and loss limits, valued on the Safe's holdings; no owner signs anything per plan.
 */
import type { Backend } from './backend.ts';
import { guardedExecuteTransactions } from './backend.ts';

/**
 * Gas the Safe adds per call on top of the call itself: the module's CALL into the Safe,
 * execTransactionFromModule's module check and event, and copying the return data back.
 */
const SAFE_PER_CALL_GAS = 15_000;

/** @example createExecutor({ ...deps, backend: safeModuleBackend(treasurySafe, module) }) */
export function safeModuleBackend(safe: string, module: string): Backend {
  return { kind: 'safe', holder: safe, guard: module, transactions: guardedExecuteTransactions(module, 'module', undefined, SAFE_PER_CALL_GAS) };
}
