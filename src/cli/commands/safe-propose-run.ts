/**
 * `keeper execute` on a `safe-propose` vault: the plan becomes a Safe proposal instead of a
 * bundle (src/safe/propose.ts), stored for the owners to sign. Nothing is sent; with --dry-run
 * the proposal is simulated and printed but not stored.
 */
import type { JsonRpcProvider } from 'ethers';
import type { Redis } from 'ioredis';
import type { KeeperConfig, VaultConfig } from '../../config/schema.ts';
import { CANONICAL_MULTI_SEND_CALL_ONLY } from '../../config/schema.ts';
import type { Plan } from '../../domain/plan.ts';
import type { PositionSpec } from '../../domain/types.ts';
import type { ExecutionTargets } from '../../execution/targets.ts';
import type { RewardsSource } from '../../observe/rewards-source.ts';
import { createProposalStore, type ProposalStore } from '../../safe/proposal-store.ts';
import { proposalText } from '../../safe/proposal-text.ts';
import { proposePlan, type ProposeResult } from '../../safe/propose.ts';
import type { WithdrawalStore } from '../../state/withdrawals.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';
import { proposalPrefix } from './safe-context.ts';

export interface ProposeFromExecuteInput {
  readonly config: KeeperConfig;
  readonly vault: VaultConfig;
  readonly plan: Plan;
  readonly specs: readonly PositionSpec[];
  readonly slashingSeenAtPlan: number;
  readonly provider: JsonRpcProvider;
  readonly redis: Redis;
  readonly targets: ExecutionTargets;
  readonly withdrawals: WithdrawalStore;
  readonly rewards: RewardsSource;
  readonly proposer: string;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export async function proposeFromExecute(input: ProposeFromExecuteInput, io: CliIo): Promise<ProposeResult> {
  const real = createProposalStore(input.redis, proposalPrefix(input.config));
  // A dry run simulates and prints, and stores nothing.
  const store: ProposalStore = input.dryRun ? { ...real, create: async () => true, update: async (_id, change) => change(await real.resolve(_id)), list: async () => [] } : real;
  const result = await proposePlan(
    {
      provider: input.provider, targets: input.targets, specs: input.specs, withdrawals: input.withdrawals, rewards: input.rewards, store, vault: input.vault.name,
      safe: input.vault.address, multiSendCallOnly: input.vault.safe?.multiSendCallOnly ?? CANONICAL_MULTI_SEND_CALL_ONLY, proposer: input.proposer,
      ttlSeconds: input.vault.safe?.proposalTtlSeconds ?? 21_600, simulationToleranceBps: input.config.execution.simulationToleranceBps, slashingSeenAtPlan: input.slashingSeenAtPlan,
    },
    input.plan,
  );
  if (input.json) io.stdout(`${toJson({ vault: input.vault.name, dryRun: input.dryRun, ...result }, 2)}\n`);
  else if (result.status === 'proposed' || result.status === 'duplicate') {
    const note = result.status === 'proposed' && result.superseded.length > 0 ? `\nsuperseded: ${result.superseded.join(', ')}` : '';
    io.stdout(`vault ${input.vault.name}: ${input.dryRun ? 'simulated (dry run, not stored)' : result.status}\n${proposalText(result.proposal)}${note}\n`);
  } else io.stdout(`vault ${input.vault.name}: ${result.status} (${result.reason})\n`);
  if (result.status === 'refused') process.exitCode = 2;
  return result;
}
