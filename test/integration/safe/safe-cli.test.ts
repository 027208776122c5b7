/**
 * DAO mode through the CLI on the devnet, config/devnet-dao.yaml against a fresh world: keeper
 * execute proposes a Safe transaction for the treasury Safe, one owner signs with a key file,
 * another's signature is imported from a different wallet (eth_sign), and keeper safe execute
 * lands it. Prints the gas of the rebalance as a GAS line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Wallet, getBytes } from 'ethers';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { runExecute } from '../../../src/cli/commands/execute.ts';
import { runPlan } from '../../../src/cli/commands/plan.ts';
import { runStatus } from '../../../src/cli/commands/status.ts';
import { runSafeExecute } from '../../../src/cli/commands/safe-execute.ts';
import { runSafeImportSignature, runSafeSign } from '../../../src/cli/commands/safe-sign.ts';
import { registerSafeCommands } from '../../../src/cli/commands/safe.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { SAFE_ABI } from '../../../src/safe/abi.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, type ExecHarness } from '../execution/harness.ts';
import { Command } from 'commander';

let h: ExecHarness;
let configFile: string;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'rk-safe-cli-'));
  h = await startExecHarness({ stateDir });
  const deploymentFile = join(stateDir, 'deployment.json');
  writeDeployment(deploymentFile, h.world.deployment);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet-dao.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('file: .devnet/keeper.key', `file: ${join(stateDir, 'keeper.key')}`)
    .replace('file: .devnet/relay-auth.key', `file: ${join(stateDir, 'relay-auth.key')}`)
    .replace('prefix: rk-devnet-dao', `prefix: ${h.prefix.slice(0, -1)}`);
  configFile = join(stateDir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
}, 240_000);
afterAll(async () => h?.stop());

function capture(env: Record<string, string> = {}): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: () => undefined, version: 'test', env }, out: () => text };
}

async function cli(args: string[]): Promise<string> {
  const { io, out } = capture();
  const program = new Command().exitOverride();
  registerSafeCommands(program, io);
  await program.parseAsync(['node', 'keeper', 'safe', ...args]);
  return out();
}

describe('keeper safe (DAO mode)', () => {
  it('proposes, collects 2 of 3 signatures, executes once', async () => {
    const d = h.world.deployment;
    const safe = new Contract(d.safe.treasury.address, SAFE_ABI, h.provider);
    const nonce = (await safe.getFunction('nonce')()) as bigint;

    // The planner needs three rate samples per LRT before it trusts an estimate.
    for (let i = 0; i < 3; i++) {
      await runPlan({ config: configFile, logLevel: 'silent' }, capture().io);
      await h.world.mine(3);
    }
    const keeperNonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const proposed = capture();
    await runExecute({ config: configFile, json: true, logLevel: 'silent' }, proposed.io);
    const p = JSON.parse(proposed.out()) as { status: string; proposal: { id: string; calls: { label: string }[]; outcomes: { text: string }[] } };
    expect(p.status, proposed.out()).toBe('proposed');
    expect(p.proposal.calls.length).toBeGreaterThan(0);
    // Proposing sends nothing.
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(keeperNonce);
    const id = p.proposal.id;

    const listed = await cli(['proposals', '-c', configFile]);
    expect(listed).toMatch(new RegExp(`^${id.slice(0, 12)}… devnet-dao pending · rebalance · nonce ${nonce} · 0/2 signatures · expires `));
    const shown = await cli(['show', id.slice(0, 10), '-c', configFile]);
    expect(shown).toContain('expected balance changes of the Safe:');
    expect(shown).toMatch(/WETH [+-]\d+\.\d{4} \(at worst/);

    const signed = capture();
    await runSafeSign(id.slice(0, 10), { config: configFile, keyFile: join(stateDir, 'safe-owner-1.key') }, signed.io);
    expect(signed.out()).toMatch(/as 0x[0-9a-fA-F]{40} \(eip712\): 1 of 2 signatures\n$/);

    const status = capture();
    await runStatus({ config: configFile }, status.io);
    expect(status.out()).toContain('vault devnet-dao (safe-propose ');
    expect(status.out()).toContain('  Safe proposals: 1 pending');
    expect(status.out()).toMatch(new RegExp(`${id.slice(0, 6)}\\S* +rebalance +${nonce} +1/2 `));
    const statusJson = capture();
    await runStatus({ config: configFile, json: true }, statusJson.io);
    const vaultStatus = (JSON.parse(statusJson.out()) as { vaults: { pendingProposals: { id: string; signers: string[]; threshold: number }[] }[] }).vaults[0];
    expect(vaultStatus?.pendingProposals).toMatchObject([{ id, signers: [new Wallet(devAccountKey(10)).address], threshold: 2 }]);

    const early = capture();
    process.exitCode = 0;
    await runSafeExecute(id, { config: configFile, logLevel: 'silent' }, early.io);
    expect(early.out()).toBe(`proposal ${id}: not-ready (1 of 2 owner signatures)\n`);
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;

    const other = new Wallet(devAccountKey(12));
    const imported = capture();
    await runSafeImportSignature(id, await other.signMessage(getBytes(id)), { config: configFile }, imported.io);
    expect(imported.out()).toBe(`signed ${id} as ${other.address} (eth_sign): 2 of 2 signatures — ready: keeper safe execute\n`);

    const builder = JSON.parse(await cli(['export', id, '-c', configFile, '--format', 'tx-builder'])) as { version: string; chainId: string; transactions: unknown[]; meta: { createdFromSafeAddress: string } };
    expect(builder).toMatchObject({ version: '1.0', chainId: String(d.chainId), meta: { createdFromSafeAddress: d.safe.treasury.address } });
    expect(builder.transactions).toHaveLength(p.proposal.calls.length);
    const service = JSON.parse(await cli(['export', id, '-c', configFile, '--format', 'tx-service'])) as Record<string, unknown>;
    expect(service).toMatchObject({ contractTransactionHash: id, operation: 1, nonce: nonce.toString(), to: d.safe.multiSendCallOnly, safeTxGas: '0' });

    const done = capture();
    await h.mining(runSafeExecute(id, { config: configFile, json: true, logLevel: 'silent' }, done.io));
    const r = JSON.parse(done.out()) as { status: string; result: { gasUsed: string; inclusionBlock: number; calls: string[] } };
    expect(r.status, done.out()).toBe('executed');
    expect(await safe.getFunction('nonce')()).toBe(nonce + 1n);
    process.stdout.write(`GAS safe-propose rebalance: ${r.result.gasUsed} gas for ${p.proposal.calls.length} calls (${p.proposal.calls.map((c) => c.label).join('; ')})\n`);
    expect(await cli(['proposals', '-c', configFile])).toBe('no proposals\n');
  }, 180_000);

  it('vault-change prints a vault governance change as the Safe transaction the chain would hash', async () => {
    const d = h.world.deployment;
    const safe = new Contract(d.safe.treasury.address, SAFE_ABI, h.provider);
    const out = JSON.parse(await cli(['vault-change', '-c', configFile, '--safe', d.safe.treasury.address, '--vault', d.vaults.main.address, '--call', 'queueLossLimits:60,250', '--call', 'pause'])) as {
      safeTxHash: string; safeTx: Record<string, string | number>; calls: string[]; txBuilder: { transactions: unknown[] };
    };
    expect(out.calls).toEqual(['vault.queueLossLimits(60, 250)', 'vault.pause()']);
    expect(out.txBuilder.transactions).toHaveLength(2);
    const t = out.safeTx;
    const big = (v: unknown): bigint => BigInt(v as string);
    expect(t.to).toBe(d.safe.multiSendCallOnly);
    expect(out.safeTxHash).toBe(await safe.getFunction('getTransactionHash')(t.to, big(t.value), t.data, t.operation, 0n, 0n, 0n, t.gasToken, t.refundReceiver, big(t.nonce)));
  }, 60_000);
});
