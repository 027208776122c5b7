/**
 * `keeper safe module-setup`: the owners' Safe transaction around the SafeKeeperModule of a
 * `safe-module` vault of the config (src/safe/module-setup.ts). `setup` enables the module and
 * configures the allowlist the config's keeper needs, derived as `keeper vault deploy` derives a
 * vault's (deriveVaultSpec, with the Safe as holder), in one MultiSendCallOnly batch; `pause`
 * pauses the module; `remove` disables it on the Safe. Prints the safeTxHash, the EIP-712 data
 * to sign and a Transaction Builder batch at the Safe's current nonce. Signs and sends nothing.
 */
import { Contract, JsonRpcProvider, getAddress } from 'ethers';
import type { KeeperConfig } from '../../config/schema.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import { InputError } from '../../domain/errors.ts';
import { targetsFromConfig } from '../../execution/targets-config.ts';
import { SAFE_ABI } from '../../safe/abi.ts';
import { txBuilderBatchOf } from '../../safe/formats.ts';
import { governanceTx, type GovernanceCall, type GovernanceTx } from '../../safe/governance.ts';
import { moduleAllowlistOf, modulePauseCall, moduleRemovalCall, moduleSetupCalls } from '../../safe/module-setup.ts';
import { deriveVaultSpec } from '../../vault-admin/vault-spec.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';

export const MODULE_ACTIONS = ['setup', 'pause', 'remove'] as const;
export type ModuleAction = (typeof MODULE_ACTIONS)[number];

export interface ModuleSetupOptions {
  config: string;
  deployment?: string;
  vault: string;
  action?: string;
  json?: boolean;
}

export interface ModuleSafeTx {
  action: ModuleAction;
  vault: string;
  safe: string;
  module: string;
  multiSendCallOnly: string;
  nonce: bigint;
  tx: GovernanceTx;
}

/** The `safe-module` vault named `name` with its Safe and module, or an error naming the bad input. */
export function moduleVaultOf(config: KeeperConfig, name: string): { safe: string; module: string; multiSendCallOnly: string } {
  const at = config.vaults.findIndex((v) => v.name === name);
  const entry = config.vaults[at];
  if (entry === undefined) throw new InputError('no such vault in the config', { details: [`--vault: ${name}`, `vaults: ${config.vaults.map((v) => v.name).join(', ')}`] });
  if (entry.backend !== 'safe-module') throw new InputError('the vault is not a safe-module vault (backend: safe-module)', { details: [`vaults[${at}].backend: ${entry.backend}`] });
  if (entry.safe?.module === undefined) throw new InputError('the safe-module vault has no SafeKeeperModule address', { details: [`vaults[${at}].safe.module: missing`] });
  return { safe: getAddress(entry.address), module: getAddress(entry.safe.module), multiSendCallOnly: getAddress(entry.safe.multiSendCallOnly) };
}

export function parseModuleAction(action: string | undefined): ModuleAction {
  const a = action ?? 'setup';
  if (!(MODULE_ACTIONS as readonly string[]).includes(a)) throw new InputError(`--action must be ${MODULE_ACTIONS.join(', ')}`, { details: [`got: ${a}`] });
  return a as ModuleAction;
}

/**
 * The owners' Safe transaction for `action` on the module of vault `name`, at the Safe's nonce now.
 * @example const m = await moduleSafeTx(config, provider, 'treasury-safe-auto', 'setup');
 */
export async function moduleSafeTx(config: KeeperConfig, provider: JsonRpcProvider, name: string, action: ModuleAction): Promise<ModuleSafeTx> {
  const { safe, module, multiSendCallOnly } = moduleVaultOf(config, name);
  let calls: GovernanceCall[];
  if (action === 'setup') {
    const targets = await targetsFromConfig(config, provider);
    const router = new Contract(config.universe.uniswap.router, ['function factory() view returns (address)'], provider);
    const factory = new Contract((await router.getFunction('factory')()) as string, ['function getPair(address, address) view returns (address)'], provider);
    const spec = await deriveVaultSpec(config, targets, safe, async (a, b) => (await factory.getFunction('getPair')(a, b)) as string);
    calls = moduleSetupCalls(safe, module, moduleAllowlistOf(spec));
  } else {
    calls = [action === 'pause' ? modulePauseCall(module) : await moduleRemovalCall(provider, safe, module)];
  }
  const nonce = (await new Contract(safe, SAFE_ABI, provider).getFunction('nonce')()) as bigint;
  const tx = governanceTx(calls, nonce, { chainId: config.chain.chainId, verifyingContract: safe }, multiSendCallOnly);
  return { action, vault: name, safe, module, multiSendCallOnly, nonce, tx };
}

const WHAT: Record<ModuleAction, string> = {
  setup: 'enable the SafeKeeperModule and configure its allowlist (one MultiSendCallOnly batch, all or nothing)',
  pause: "pause the SafeKeeperModule: the keeper's module calls revert until the owners unpause",
  remove: "disable the SafeKeeperModule on the Safe: the keeper's next module call reverts",
};

export async function runSafeModuleSetup(o: ModuleSetupOptions, io: CliIo): Promise<void> {
  const action = parseModuleAction(o.action);
  const { config } = await loadConfigWithStrategies(o.config, io.env, o.deployment);
  const provider = new JsonRpcProvider(config.chain.rpcUrls[0], config.chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const m = await moduleSafeTx(config, provider, o.vault, action);
    const calls = m.tx.calls;
    const builder = txBuilderBatchOf({ chainId: config.chain.chainId, safe: m.safe, createdAt: Math.floor(Date.now() / 1000), calls, name: `SafeKeeperModule ${action}`, description: calls.map((c) => c.label).join('; ') });
    if (o.json) {
      io.stdout(`${toJson({ action, vault: m.vault, safe: m.safe, module: m.module, nonce: m.nonce, safeTxHash: m.tx.safeTxHash, safeTx: m.tx.safeTx, calls: calls.map((c) => c.label), typedData: m.tx.typedData, txBuilder: builder }, 2)}\n`);
      return;
    }
    const lines = [
      `Safe ${m.safe} (vault ${m.vault}, chain ${config.chain.chainId}): ${WHAT[action]}`,
      `  module ${m.module}`,
      `  Safe nonce ${m.nonce}, safeTxHash ${m.tx.safeTxHash}`,
      calls.length > 1 ? `  ${calls.length} calls through MultiSendCallOnly ${m.multiSendCallOnly}:` : '  1 call:',
      ...calls.map((c, i) => `    ${i + 1}. ${c.label}`),
      'The owners sign the safeTxHash (EIP-712 data in --json) or import the Transaction Builder batch (--json: txBuilder) in Safe{Wallet}; nothing was sent.',
    ];
    io.stdout(`${lines.join('\n')}\n`);
  } finally {
    provider.destroy();
  }
}
