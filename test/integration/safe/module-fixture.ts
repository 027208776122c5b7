/**
 * The treasury Safe's SafeKeeperModule on an execution-harness world: deployed and enabled by
 * the owners (two signatures), for the safe-module tests and the backend gas comparison.
 */
import { Wallet } from 'ethers';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { compileContracts } from '../../../src/solidity/compile.ts';
import { Deployer } from '../../../src/devnet/deployer.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { deploySafeModule, type SafeModuleDeployment } from '../../../src/devnet/deploy-safe.ts';
import type { Plan } from '../../../src/domain/plan.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import type { ExecHarness } from '../execution/harness.ts';

/**
 * The owners' own Safe transactions (set-up, pause, removal), sent straight to Anvil with
 * automining on: they are not the keeper's and need no relay; the world mines manually again
 * after. The third owner sends (anyone may execute a Safe transaction the owners signed).
 *
 * One world block follows: automined blocks carry Anvil's own base fee (8 wei after set-up,
 * measured), while the world's next block is set back to the market's 8 gwei. A keeper reading
 * such a head prices for at most 9/8 of it (EIP-1559's bound, which the jump breaks), and its
 * bundle was refused in simulation ("max fee per gas less than block base fee") whenever the
 * market's block was being prepared at that moment.
 */
export async function asOwners<T>(h: ExecHarness, act: (sender: Deployer) => Promise<T>): Promise<T> {
  const anvil = h.world.deployment.anvilUrl;
  const { artifacts } = compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts'] });
  await rawRpc(anvil, 'evm_setAutomine', [true]);
  try {
    return await act(new Deployer(h.world.anvilProvider, new Wallet(devAccountKey(12), h.world.anvilProvider), artifacts));
  } finally {
    await rawRpc(anvil, 'evm_setAutomine', [false]);
    await h.world.mine(1);
  }
}

/** Deploys the module for the harness keeper with the main vault's allowlist and limits (50 / 200 bps). */
export async function setUpModule(h: ExecHarness): Promise<SafeModuleDeployment> {
  const d = h.world.deployment;
  return asOwners(h, (sender) => deploySafeModule(sender, { safe: d.safe, weth: d.weth, delegationManager: d.eigenlayer.delegationManager, keeper: h.keeper.address, allowlist: d.vaults.main }));
}

/** The plan's DEX costs in its totals, as the planner states them: the guard's total-assets check allows them. */
export function withCosts(plan: Plan): Plan {
  const slippageWei = plan.actions.reduce((s, a) => s + (a.kind === 'withdraw' ? a.costWei : 0n), 0n);
  const movedWei = plan.actions.reduce((s, a) => s + (a.kind === 'withdraw' ? a.fairValueWei : a.kind === 'deposit-lrt' ? a.amountWei : 0n), 0n);
  return { ...plan, totals: { ...plan.totals, slippageWei, movedWei } };
}
