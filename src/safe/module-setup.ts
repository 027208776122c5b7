/**
 * The owners' Safe transactions around the SafeKeeperModule (contracts/safe-module): enabling
 * and configuring it in one MultiSendCallOnly batch, pausing it, and removing it. Each is a
 * GovernanceTx (src/safe/governance.ts), signed by the owners like any Safe transaction; the
 * keeper never signs one. The module's configuration functions are the RestakingVault's
 * (VaultConfig.sol), so a vault's allowlist (a deployment record, or deriveVaultSpec of
 * src/vault-admin/vault-spec.ts with the Safe as holder) configures a module as it is: the
 * rules name "the holder", which is the Safe here.
 */
import { Contract, Interface, type Provider } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { wordMask, type VaultSpec } from '../vault-admin/vault-spec.ts';
import { SAFE_MODULE_MANAGER_ABI } from './abi.ts';
import { vaultAdminCall, type GovernanceCall } from './governance.ts';

/** What the module lets the keeper do, in the shape of a vault deployment record. */
export interface ModuleAllowlist {
  readonly positions: readonly { readonly token: string; readonly rateTarget: string; readonly rateData: string }[];
  readonly strategies: readonly { readonly strategy: string }[];
  readonly counterparties: readonly { readonly address: string }[];
  /** Pools the module's swaps may trade through (counterparties too). */
  readonly pools: readonly { readonly address: string }[];
  readonly spenders: readonly { readonly token: string; readonly spender: string }[];
  readonly callRules: readonly { readonly target: string; readonly selector: string; readonly label: string; readonly allowValue: boolean; readonly selfWords: readonly number[]; readonly counterpartyWords: readonly number[] }[];
}

/**
 * A config's derived allowlist (deriveVaultSpec with the Safe as holder) as the module's: the
 * spec's counterparties already hold the swap pools, so none are listed twice.
 */
export function moduleAllowlistOf(spec: VaultSpec): ModuleAllowlist {
  return {
    positions: spec.positions.map((p) => ({ token: p.token, rateTarget: p.rateTarget, rateData: p.rateData })),
    strategies: spec.strategies.map((s) => ({ strategy: s.strategy })),
    counterparties: spec.counterparties.map((c) => ({ address: c.address })),
    pools: [],
    spenders: spec.spenders.map((s) => ({ token: s.token, spender: s.spender })),
    callRules: spec.callRules.map((r) => ({ target: r.target, selector: r.selector, label: r.label, allowValue: r.allowValue, selfWords: [...r.selfWords], counterpartyWords: [...r.counterpartyWords] })),
  };
}

/** Safe's linked-list head of modules (ModuleManager.SENTINEL_MODULES). */
export const SENTINEL_MODULES = '0x0000000000000000000000000000000000000001';

const moduleManager = new Interface(SAFE_MODULE_MANAGER_ABI);

/**
 * enableModule(module) on the Safe, then the allowlist (positions before the strategies that
 * need them valued), as calls of one batch: the module is never enabled half-configured.
 * @example governanceTx(moduleSetupCalls(safe, module, deployment.vaults.main), nonce, domain, multiSendCallOnly)
 */
export function moduleSetupCalls(safe: string, module: string, allowlist: ModuleAllowlist): GovernanceCall[] {
  const calls: GovernanceCall[] = [{ to: safe, value: 0n, data: moduleManager.encodeFunctionData('enableModule', [module]), label: `safe.enableModule(${module})` }];
  // Labels name the module and read as plain words (a struct argument would print as [object Object]).
  const on = (fn: string, args: readonly unknown[], label: string): GovernanceCall => ({ ...vaultAdminCall(module, fn, args), label: `module.${fn}(${label})` });
  for (const p of allowlist.positions) calls.push(on('queueSetPosition', [p.token, { target: p.rateTarget, data: p.rateData }], `${p.token}, rate from ${p.rateTarget}`));
  for (const s of allowlist.strategies) calls.push(on('queueAddStrategy', [s.strategy], s.strategy));
  for (const c of [...allowlist.counterparties, ...allowlist.pools]) calls.push(on('queueCounterparty', [c.address], c.address));
  for (const s of allowlist.spenders) calls.push(on('queueSpender', [s.token, s.spender], `${s.token}, ${s.spender}`));
  for (const r of allowlist.callRules) {
    const rule = { allowed: true, allowValue: r.allowValue, selfWords: wordMask(r.selfWords), counterpartyWords: wordMask(r.counterpartyWords) };
    calls.push(on('queueCallRule', [r.target, r.selector, rule], r.label));
  }
  return calls;
}

/** The module's pause (owner or guardian): execute reverts until the owners unpause. */
export function modulePauseCall(module: string): GovernanceCall {
  return { ...vaultAdminCall(module, 'pause', []), label: 'module.pause()' };
}

/**
 * disableModule(prev, module) on the Safe: the keeper's next module call reverts (GS104). The
 * previous entry of Safe's module list is read now; sign and execute before another module change.
 */
export async function moduleRemovalCall(provider: Provider, safe: string, module: string): Promise<GovernanceCall> {
  const manager = new Contract(safe, SAFE_MODULE_MANAGER_ABI, provider);
  const [modules] = (await manager.getFunction('getModulesPaginated')(SENTINEL_MODULES, 100n)) as [string[], string];
  const at = modules.findIndex((m) => m.toLowerCase() === module.toLowerCase());
  if (at < 0) throw new InputError('the module is not enabled on the Safe', { details: [`safe: ${safe}`, `module: ${module}`, `enabled: ${modules.join(', ') || 'none'}`] });
  const prev = at === 0 ? SENTINEL_MODULES : (modules[at - 1] as string);
  return { to: safe, value: 0n, data: moduleManager.encodeFunctionData('disableModule', [prev, module]), label: `safe.disableModule(${module})` };
}
