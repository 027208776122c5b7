/**
 * Whole-bundle simulation with the post-state probe appended: first through the relays'
 * eth_callBundle (Flashbots semantics, as a builder would run it), and only when no relay
 * can be reached, through the node's eth_simulateV1 (state carried across the calls). A
 * bundle that cannot be simulated at all is never sent.
 */
import type { JsonRpcProvider } from 'ethers';
import { RetryableError, redactSecrets } from '../domain/errors.ts';
import type { UnsignedTx } from './call.ts';
import type { BundleRelay } from './relay-client.ts';

export interface TxSimulation {
  readonly label: string;
  readonly gasUsed: number;
  readonly error?: string;
}

export interface SimulationOutcome {
  /** `relay:<name>` or `eth_simulateV1`. */
  readonly via: string;
  readonly txs: readonly TxSimulation[];
  /** Return data of the probe (after the bundle). */
  readonly probeReturn: string;
  readonly probeError?: string;
}

export interface SimulationInput {
  readonly relays: readonly BundleRelay[];
  readonly provider: JsonRpcProvider;
  readonly from: string;
  readonly txs: readonly UnsignedTx[];
  /** The bundle, signed, followed by the signed probe. */
  readonly signedWithProbe: readonly string[];
  readonly probe: { readonly to: string; readonly data: string };
  readonly target: number;
}

/** @throws RetryableError when neither a relay nor the node could simulate. */
export async function simulateBundle(input: SimulationInput): Promise<SimulationOutcome> {
  const problems: string[] = [];
  for (const relay of input.relays) {
    const answer = await relay.simulate(input.signedWithProbe, input.target);
    if (answer.kind === 'unreachable') {
      problems.push(`${relay.name}: ${answer.message}`);
      continue;
    }
    if (answer.kind === 'error') {
      // The relay ran the bundle and refused it (e.g. insufficient funds): a real failure.
      return { via: `relay:${relay.name}`, txs: input.txs.map((t) => ({ label: t.label, gasUsed: 0, error: answer.message })), probeReturn: '0x', probeError: answer.message };
    }
    const rows = answer.sim.results;
    const probe = rows[input.txs.length];
    return {
      via: `relay:${relay.name}`,
      txs: input.txs.map((t, i) => {
        const r = rows[i];
        if (r === undefined) return { label: t.label, gasUsed: 0, error: 'missing from the simulation answer' };
        return { label: t.label, gasUsed: r.gasUsed, ...(r.error !== undefined ? { error: r.error } : {}) };
      }),
      probeReturn: probe?.returnData ?? '0x',
      ...(probe?.error !== undefined ? { probeError: probe.error } : probe === undefined ? { probeError: 'probe missing' } : {}),
    };
  }
  try {
    return await simulateOnNode(input);
  } catch (cause) {
    throw new RetryableError('bundle could not be simulated (no relay reachable, eth_simulateV1 failed)', { details: problems, cause });
  }
}

interface SimulatedCall {
  status: string;
  gasUsed: string;
  returnData: string;
  error?: { message?: string };
}

async function simulateOnNode(input: SimulationInput): Promise<SimulationOutcome> {
  const hex = (n: bigint | number): string => `0x${n.toString(16)}`;
  const calls = input.txs.map((t) => ({ from: input.from, to: t.to, data: t.data, value: hex(t.value), gas: hex(t.gasBudget) }));
  calls.push({ from: input.from, to: input.probe.to, data: input.probe.data, value: '0x0', gas: hex(5_000_000) });
  const blocks = (await input.provider.send('eth_simulateV1', [{ blockStateCalls: [{ calls }], validation: false }, 'latest'])) as { calls: SimulatedCall[] }[];
  const rows = blocks[0]?.calls ?? [];
  const failed = (r: SimulatedCall | undefined): string | undefined =>
    r === undefined ? 'missing from the simulation answer' : r.status === '0x1' ? undefined : redactSecrets(r.error?.message ?? 'reverted');
  const probe = rows[input.txs.length];
  const probeError = failed(probe);
  return {
    via: 'eth_simulateV1',
    txs: input.txs.map((t, i) => {
      const r = rows[i];
      const error = failed(r);
      return { label: t.label, gasUsed: r ? Number(BigInt(r.gasUsed)) : 0, ...(error !== undefined ? { error } : {}) };
    }),
    probeReturn: probe?.returnData ?? '0x',
    ...(probeError !== undefined ? { probeError } : {}),
  };
}
