/**
 * `keeper safe module-setup` on the devnet: the owners' transaction it prints for a safe-module
 * vault of the config, signed by two of the treasury's owners and executed as printed, enables
 * the SafeKeeperModule on the Safe with the allowlist the config's keeper needs; its `remove`
 * transaction disables it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Interface, Wallet, type InterfaceAbi } from 'ethers';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { SAFE_OWNER_ACCOUNTS } from '../../../src/devnet/deploy-safe.ts';
import { moduleSafeTx, runSafeModuleSetup, type ModuleSafeTx } from '../../../src/cli/commands/safe-module-setup.ts';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { SAFE_ABI, SAFE_MODULE_MANAGER_ABI } from '../../../src/safe/abi.ts';
import { SAFE_KEEPER_MODULE_ABI } from '../../../src/safe/module-abi.ts';
import { encodeExecTransaction, packSignatures } from '../../../src/safe/safe-tx.ts';
import { signSafeTx } from '../../../src/safe/signatures.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { VAULT_ADMIN_ABI } from '../../../src/protocols/vault/abi.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, type ExecHarness } from '../execution/harness.ts';
import { asOwners } from './module-fixture.ts';

const admin = new Interface(VAULT_ADMIN_ABI);

let h: ExecHarness;
let config: KeeperConfig;
let module: string;
let safeAddress: string;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  safeAddress = d.safe.treasury.address;
  // Deployed by anyone, owned by the Safe, not yet enabled: what a DAO has before the command.
  const params = { owner: safeAddress, keeper: h.keeper.address, guardian: safeAddress, delegationManager: d.eigenlayer.delegationManager, timelockDelay: 86_400n, maxLossBps: 50, maxWindowLossBps: 200 };
  module = await asOwners(h, async (sender) => (await sender.deploy('SafeKeeperModule', [safeAddress, d.weth, params])).getAddress());
  const base = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: d, strategies: await loadStrategyRegistry() });
  config = { ...base, vaults: [...base.vaults, { ...base.vaults[0]!, name: 'dao-auto', address: safeAddress, backend: 'safe-module', safe: { module, multiSendCallOnly: d.safe.multiSendCallOnly, proposalTtlSeconds: 3_600 } }] };
}, 300_000);
afterAll(async () => h?.stop());

/** Signs the printed Safe transaction with the threshold's owners and sends it as printed. */
async function executeAsPrinted(m: ModuleSafeTx): Promise<void> {
  const domain = { chainId: config.chain.chainId, verifyingContract: m.safe };
  const signatures = new Map<string, string>();
  for (const i of SAFE_OWNER_ACCOUNTS.slice(0, h.world.deployment.safe.treasury.threshold)) {
    const owner = new Wallet(devAccountKey(i));
    signatures.set(owner.address.toLowerCase(), (await signSafeTx(owner, domain, m.tx.safeTx, 0)).signature);
  }
  await asOwners(h, (sender) => sender.sendRaw({ to: m.safe, data: encodeExecTransaction(m.tx.safeTx, packSignatures(signatures)), value: 0n }));
}

describe('keeper safe module-setup on the devnet', () => {
  it('setup: one batch the owners sign enables the module with every call rule the config needs', async () => {
    const safe = new Contract(safeAddress, [...SAFE_ABI, ...SAFE_MODULE_MANAGER_ABI], h.world.anvilProvider);
    expect(await safe.getFunction('isModuleEnabled')(module)).toBe(false);
    const m = await moduleSafeTx(config, h.world.anvilProvider, 'dao-auto', 'setup');
    const nonce = (await safe.getFunction('nonce')()) as bigint;
    expect(m.nonce).toBe(nonce);
    const t = m.tx.safeTx;
    expect(await safe.getFunction('getTransactionHash')(t.to, t.value, t.data, t.operation, t.safeTxGas, t.baseGas, t.gasPrice, t.gasToken, t.refundReceiver, t.nonce)).toBe(m.tx.safeTxHash);
    expect(t.to.toLowerCase()).toBe(h.world.deployment.safe.multiSendCallOnly.toLowerCase());
    expect(m.tx.calls[0]?.label).toContain('enableModule');
    const rules = m.tx.calls.filter((c) => c.label.startsWith('module.queueCallRule'));
    expect(rules.length).toBeGreaterThan(5);

    await executeAsPrinted(m);
    expect(await safe.getFunction('isModuleEnabled')(module)).toBe(true);
    expect(await safe.getFunction('nonce')()).toBe(nonce + 1n);
    // Every entry of the batch is live on the module now (queue* applies at once before set-up is sealed).
    const moduleView = new Contract(module, SAFE_KEEPER_MODULE_ABI as unknown as InterfaceAbi, h.world.anvilProvider);
    const entries = m.tx.calls.slice(1).map((c) => admin.parseTransaction({ data: c.data })!);
    for (const e of entries.filter((x) => x.name === 'queueCallRule')) expect(await moduleView.getFunction('isAllowedCall')(e.args[0], e.args[1]), String(e.args[0])).toBe(true);
    for (const e of entries.filter((x) => x.name === 'queueSpender')) expect(await moduleView.getFunction('isApprovedSpender')(e.args[0], e.args[1])).toBe(true);
    for (const e of entries.filter((x) => x.name === 'queueCounterparty')) expect(await moduleView.getFunction('isCounterparty')(e.args[0])).toBe(true);
    expect(entries.filter((x) => x.name === 'queueCounterparty').map((x) => String(x.args[0]).toLowerCase())).toContain(config.eigenlayer.operators[0]!.address.toLowerCase());
  }, 180_000);

  it('remove: the printed disableModule transaction takes the module off the Safe', async () => {
    const safe = new Contract(safeAddress, [...SAFE_ABI, ...SAFE_MODULE_MANAGER_ABI], h.world.anvilProvider);
    const m = await moduleSafeTx(config, h.world.anvilProvider, 'dao-auto', 'remove');
    expect(m.tx.calls.map((c) => c.label)).toEqual([`safe.disableModule(${module})`]);
    await executeAsPrinted(m);
    expect(await safe.getFunction('isModuleEnabled')(module)).toBe(false);
  }, 120_000);

  it('the command itself: plain words from a config file, and --json with the same safeTxHash', async () => {
    const d = h.world.deployment;
    const dir = mkdtempSync(join(tmpdir(), 'module-setup-'));
    const deploymentFile = join(dir, 'deployment.json');
    writeDeployment(deploymentFile, d);
    const entry = [
      '  - name: dao-auto',
      `    address: "${safeAddress}"`,
      '    backend: safe-module',
      '    safe:',
      `      module: "${module}"`,
      `      multiSendCallOnly: "${d.safe.multiSendCallOnly}"`,
    ].join('\n');
    const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8').replace(/^vaults:\n/m, `vaults:\n${entry}\n`);
    const configFile = join(dir, 'devnet-dao.yaml');
    writeFileSync(configFile, yaml);
    const run = async (json: boolean): Promise<string> => {
      const out: string[] = [];
      await runSafeModuleSetup({ config: configFile, deployment: deploymentFile, vault: 'dao-auto', action: 'pause', ...(json ? { json } : {}) }, { stdout: (t) => out.push(t), stderr: () => undefined, version: 'test', env: {} });
      return out.join('');
    };
    const expected = await moduleSafeTx(config, h.world.anvilProvider, 'dao-auto', 'pause');
    const text = await run(false);
    expect(text).toContain(`Safe ${safeAddress} (vault dao-auto, chain 31337): pause the SafeKeeperModule`);
    expect(text).toContain(`safeTxHash ${expected.tx.safeTxHash}`);
    expect(text).toContain('1. module.pause()');
    const parsed = JSON.parse(await run(true)) as { safeTxHash: string; action: string; txBuilder: { transactions: { to: string }[] } };
    expect(parsed.action).toBe('pause');
    expect(parsed.safeTxHash).toBe(expected.tx.safeTxHash);
    expect(parsed.txBuilder.transactions.map((t) => t.to)).toEqual([module]);
  }, 120_000);
});
