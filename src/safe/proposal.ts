/**
 * A Safe proposal: one plan as one Safe transaction (a MultiSendCallOnly batch), with what an
 * owner needs to decide and sign: the safeTxHash, the EIP-712 data, the simulation and the
 * expected balance changes in plain units. Stored in Redis (proposal-store.ts) until it is
 * executed, refused, replaced by a newer plan, or expires.
 *
 * Status: pending → executed | refused | superseded | expired (terminal states never change).
 */
import type { Plan } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { SafeTx } from './safe-tx.ts';

export type ProposalStatus = 'pending' | 'executed' | 'refused' | 'superseded' | 'expired';
export const TERMINAL_PROPOSAL_STATUSES: readonly ProposalStatus[] = ['executed', 'refused', 'superseded', 'expired'];

export interface ProposalCall {
  readonly to: string;
  readonly value: bigint;
  readonly data: string;
  readonly label: string;
}

/** Expected change of one token balance of the Safe, wei, and as read by a person. */
export interface ProposalOutcome {
  readonly token: string;
  readonly label: string;
  readonly expectedWei: bigint;
  readonly floorWei: bigint;
  readonly simulatedWei?: bigint;
  /** e.g. "-12.5000 weETH-side (floor -12.5000)" */
  readonly text: string;
}

export interface ProposalSignature {
  readonly owner: string;
  readonly signature: string;
  /** How it was made: EIP-712 typed data, or eth_sign over the safeTxHash (v + 4). */
  readonly kind: 'eip712' | 'eth_sign';
  readonly addedAt: number;
}

export interface SafeProposal {
  /** The safeTxHash (also the Safe Transaction Service's contractTransactionHash). */
  readonly id: string;
  readonly vault: string;
  readonly chainId: number;
  readonly safe: string;
  readonly multiSendCallOnly: string;
  readonly planId: string;
  readonly plan: Plan;
  /** The positions as planned (operator included): execution builds the calls from the same. */
  readonly specs: readonly PositionSpec[];
  /** Slashing events the plan's snapshot already knew: only newer ones refuse it. */
  readonly slashingSeenAtPlan: number;
  readonly safeTx: SafeTx;
  readonly calls: readonly ProposalCall[];
  readonly typedData: object;
  readonly simulation: { readonly via: string; readonly gasUsed: number; readonly block: number };
  readonly outcomes: readonly ProposalOutcome[];
  /** The keeper account that proposed it and will send execTransaction. */
  readonly proposer: string;
  readonly owners: readonly string[];
  readonly threshold: number;
  readonly signatures: readonly ProposalSignature[];
  /** Chain time (unix seconds): created, and after which it is never executed; swap deadlines equal it. */
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: ProposalStatus;
  readonly reason?: string;
  readonly execution?: { readonly planId: string; readonly block?: number; readonly gasUsed?: bigint; readonly txHash?: string };
}
