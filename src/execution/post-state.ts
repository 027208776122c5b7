/**
 * The post-state check once a plan landed: the same probe the simulation ran, read at the
 * inclusion block, against the plan's expectations (every token it touched and native ETH).
 * On the eoa backend the holder paid the bundle's gas from its native balance: what the
 * receipts say it paid is added back, exactly, so the native check sees only the plan.
 */
import type { JsonRpcProvider } from 'ethers';
import type { FoundInclusion } from './confirm.ts';
import type { ExecutorDeps } from './executor-types.ts';
import { checkDeltas, type DeltaCheck } from './expectations.ts';
import type { Prepared } from './prepare.ts';
import { decodeProbe, diff, encodeProbe } from './probe.ts';

export interface PostStateInput {
  readonly provider: JsonRpcProvider;
  readonly multicall3: string;
  readonly backend: 'eoa' | 'vault' | 'safe';
  readonly holder: string;
  readonly toleranceBps: number;
}

/** @example const checks = await postStateChecks({ provider, multicall3, backend: 'eoa', holder, toleranceBps: 10 }, prepared, found) */
export async function postStateChecks(input: PostStateInput, prepared: Pick<Prepared, 'probeReads' | 'before' | 'expectations'>, found: FoundInclusion): Promise<DeltaCheck[]> {
  const after = decodeProbe(prepared.probeReads, await input.provider.call({ to: input.multicall3, data: encodeProbe(prepared.probeReads), blockTag: found.block }));
  const holder = input.holder.toLowerCase();
  const gasPaid = input.backend === 'eoa' ? found.receipts.filter((r) => r.from.toLowerCase() === holder).reduce((s, r) => s + r.gasUsed * r.gasPrice, 0n) : 0n;
  return checkDeltas(prepared.expectations, diff(prepared.before, after), input.toleranceBps, undefined, { nativeGasWei: gasPaid });
}

export function postStateInput(deps: Pick<ExecutorDeps, 'provider' | 'targets' | 'backend' | 'settings'>): PostStateInput {
  return { provider: deps.provider, multicall3: deps.targets.multicall3, backend: deps.backend.kind, holder: deps.backend.holder, toleranceBps: deps.settings.simulationToleranceBps };
}
