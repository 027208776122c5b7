/**
 * Simulates a Safe transaction before any owner signed it, on the real Safe: in one
 * eth_simulateV1 block, `threshold` owners approve the safeTxHash on chain (approveHash), the
 * keeper sends execTransaction with their pre-validated signatures, and the post-state probe
 * reads the Safe's balances. Only signatures differ from the real execution (ECDSA instead of
 * approved hashes), so the batch, MultiSendCallOnly, the Safe's nonce and every inner call run
 * exactly as they will.
 */
import type { JsonRpcProvider } from 'ethers';
import { redactSecrets } from '../domain/errors.ts';
import { approvedHashSignature, encodeApproveHash, encodeExecTransaction, packSignatures, type SafeTx } from './safe-tx.ts';

export interface SafeTxSimulationInput {
  readonly provider: JsonRpcProvider;
  readonly safe: string;
  readonly safeTx: SafeTx;
  readonly safeTxHash: string;
  /** Owners whose approval stands in for their signatures (at least the threshold). */
  readonly approvers: readonly string[];
  readonly executor: string;
  readonly probe: { readonly to: string; readonly data: string };
  readonly gasLimit: number;
}

export interface SafeTxSimulation {
  readonly ok: boolean;
  readonly gasUsed: number;
  readonly error?: string;
  readonly probeReturn: string;
  readonly probeError?: string;
}

interface SimulatedCall {
  status: string;
  gasUsed: string;
  returnData: string;
  error?: { message?: string };
}

export async function simulateSafeTx(input: SafeTxSimulationInput): Promise<SafeTxSimulation> {
  const hex = (n: bigint | number): string => `0x${n.toString(16)}`;
  const signatures = packSignatures(new Map(input.approvers.map((o) => [o, approvedHashSignature(o)])));
  const calls = [
    ...input.approvers.map((owner) => ({ from: owner, to: input.safe, data: encodeApproveHash(input.safeTxHash), value: '0x0', gas: hex(100_000) })),
    { from: input.executor, to: input.safe, data: encodeExecTransaction(input.safeTx, signatures), value: '0x0', gas: hex(input.gasLimit) },
    { from: input.executor, to: input.probe.to, data: input.probe.data, value: '0x0', gas: hex(5_000_000) },
  ];
  const blocks = (await input.provider.send('eth_simulateV1', [{ blockStateCalls: [{ calls }], validation: false }, 'latest'])) as { calls: SimulatedCall[] }[];
  const rows = blocks[0]?.calls ?? [];
  const failed = (r: SimulatedCall | undefined): string | undefined => (r === undefined ? 'missing from the simulation answer' : r.status === '0x1' ? undefined : redactSecrets(r.error?.message ?? 'reverted'));
  const approvalError = rows.slice(0, input.approvers.length).map(failed).find((e) => e !== undefined);
  const exec = rows[input.approvers.length];
  const probe = rows[input.approvers.length + 1];
  const error = approvalError !== undefined ? `approveHash: ${approvalError}` : failed(exec);
  const probeError = failed(probe);
  return {
    ok: error === undefined,
    gasUsed: exec ? Number(BigInt(exec.gasUsed)) : 0,
    ...(error !== undefined ? { error } : {}),
    probeReturn: probe?.returnData ?? '0x',
    ...(probeError !== undefined ? { probeError } : {}),
  };
}
