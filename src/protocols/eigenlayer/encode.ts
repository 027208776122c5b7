/**
 * EigenLayer writes as calldata, with the mainnet v1.x signatures: StrategyManager deposits,
 * DelegationManager delegation and withdrawals, RewardsCoordinator claims.
 *
 * A queued withdrawal is completed with the WHOLE Withdrawal struct the queue emitted (nonce
 * and startBlock included): its keccak256(abi.encode(...)) is the root the contract looks up,
 * so any field rebuilt from memory instead of the event makes completion revert.
 */
import { AbiCoder, Interface, ZeroHash, keccak256 } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import type { RewardsMerkleClaim } from './rewards-merkle.ts';

const WITHDRAWAL_TUPLE = '(address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares)';
const CLAIM_TUPLE =
  '(uint32 rootIndex, uint32 earnerIndex, bytes earnerTreeProof, (address earner, bytes32 earnerTokenRoot) earnerLeaf, uint32[] tokenIndices, bytes[] tokenTreeProofs, (address token, uint256 cumulativeEarnings)[] tokenLeaves)';

export const EIGEN_WRITE_ABI = [
  'function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256 depositShares)',
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
  'function queueWithdrawals((address[] strategies, uint256[] depositShares, address __deprecated_withdrawer)[] params) returns (bytes32[])',
  'function undelegate(address staker) returns (bytes32[])',
  `function completeQueuedWithdrawal(${WITHDRAWAL_TUPLE} withdrawal, address[] tokens, bool receiveAsTokens)`,
  `function processClaim(${CLAIM_TUPLE} claim, address recipient)`,
  `event SlashingWithdrawalQueued(bytes32 withdrawalRoot, ${WITHDRAWAL_TUPLE} withdrawal, uint256[] sharesToWithdraw)`,
  'event SlashingWithdrawalCompleted(bytes32 withdrawalRoot)',
] as const;

export const eigenWriteInterface = new Interface(EIGEN_WRITE_ABI);

/** The Withdrawal struct exactly as the queue emitted it. */
export interface EigenWithdrawal {
  readonly staker: string;
  readonly delegatedTo: string;
  readonly withdrawer: string;
  readonly nonce: bigint;
  readonly startBlock: number;
  readonly strategies: readonly string[];
  readonly scaledShares: readonly bigint[];
}

/** Restakes `amount` of `token`; the StrategyManager pulls it, so approve the StrategyManager (not the strategy). */
export function encodeDepositIntoStrategy(strategyManager: string, strategy: string, token: string, amount: bigint): TxRequest {
  return { to: strategyManager, data: eigenWriteInterface.encodeFunctionData('depositIntoStrategy', [strategy, token, amount]), value: 0n };
}

/** Delegates the caller to an operator without a delegation approver (empty signature, zero salt). */
export function encodeDelegateTo(delegationManager: string, operator: string): TxRequest {
  return { to: delegationManager, data: eigenWriteInterface.encodeFunctionData('delegateTo', [operator, { signature: '0x', expiry: 0n }, ZeroHash]), value: 0n };
}

/**
 * Queues one withdrawal of deposit shares; the withdrawer is always the caller (the third
 * field is ignored by the contract and set to `staker` for readability of traces).
 */
export function encodeQueueWithdrawal(delegationManager: string, strategy: string, depositShares: bigint, staker: string): TxRequest {
  const params = [{ strategies: [strategy], depositShares: [depositShares], __deprecated_withdrawer: staker }];
  return { to: delegationManager, data: eigenWriteInterface.encodeFunctionData('queueWithdrawals', [params]), value: 0n };
}

/** Undelegates `staker` (the caller itself): queues a withdrawal of each of its strategies' deposit shares, as queueWithdrawals would, and clears its delegation. */
export function encodeUndelegate(delegationManager: string, staker: string): TxRequest {
  return { to: delegationManager, data: eigenWriteInterface.encodeFunctionData('undelegate', [staker]), value: 0n };
}

/** Completes as tokens: `tokens[i]` is the underlying token of `withdrawal.strategies[i]`. */
export function encodeCompleteQueuedWithdrawal(delegationManager: string, withdrawal: EigenWithdrawal, tokens: readonly string[]): TxRequest {
  const w = { ...withdrawal, strategies: [...withdrawal.strategies], scaledShares: [...withdrawal.scaledShares] };
  return { to: delegationManager, data: eigenWriteInterface.encodeFunctionData('completeQueuedWithdrawal', [w, [...tokens], true]), value: 0n };
}

/** Claims a cumulative rewards merkle claim (built by buildClaim) to `recipient`. */
export function encodeProcessClaim(rewardsCoordinator: string, claim: RewardsMerkleClaim, recipient: string): TxRequest {
  return { to: rewardsCoordinator, data: eigenWriteInterface.encodeFunctionData('processClaim', [claim, recipient]), value: 0n };
}

/** keccak256(abi.encode(withdrawal)): the id DelegationManager keeps queued withdrawals under. */
export function withdrawalRoot(withdrawal: EigenWithdrawal): string {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    [WITHDRAWAL_TUPLE],
    [[withdrawal.staker, withdrawal.delegatedTo, withdrawal.withdrawer, withdrawal.nonce, withdrawal.startBlock, [...withdrawal.strategies], [...withdrawal.scaledShares]]],
  );
  return keccak256(encoded);
}

/**
 * The first block in which completion is allowed: the contract wants
 * block.number > startBlock + minWithdrawalDelayBlocks, strictly (PROTOCOLS.md pitfall 2).
 */
export function firstCompletableBlock(startBlock: number, minWithdrawalDelayBlocks: number): number {
  return startBlock + minWithdrawalDelayBlocks + 1;
}
