/**
 * `keeper execute` and the operator's brakes on the devnet: a vault paused with
 * `keeper pause` is refused (error naming the vault and the reason; nothing sent, nothing
 * written) unless --ignore-pause is given; and --dry-run leaves the keeper's Redis exactly as
 * it was, even with an open intent it has to resolve and no rate history yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'ethers';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { runExecute } from '../../../src/cli/commands/execute.ts';
import { pauseVault, resumeVault } from '../../../src/ops/pause.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, type ExecHarness } from './harness.ts';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';

let h: ExecHarness;
let configFile: string;
let prefix: string;

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-exec-pause-'));
  h = await startExecHarness({ stateDir });
  const root = h.prefix.slice(0, -1);
  const d = h.world.deployment;
  // The keeper's state lives under the chain's scope (src/state/chain-scope.ts).
  prefix = chainScopedPrefix(root, d.chainId, d.instanceId);
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('30'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('10')) });
  const deploymentFile = join(stateDir, 'deployment.json');
  writeDeployment(deploymentFile, d);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('file: .devnet/keeper.key', `file: ${join(stateDir, 'keeper.key')}`)
    .replace('file: .devnet/relay-auth.key', `file: ${join(stateDir, 'relay-auth.key')}`)
    .replace('prefix: rk-devnet', `prefix: ${root}`);
  configFile = join(stateDir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
});

afterAll(async () => {
  await h?.stop();
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let text = '';
  let errText = '';
  return { io: { stdout: (t) => (text += t), stderr: (t) => (errText += t), version: 'test', env: {} }, out: () => text, err: () => errText };
}

/** Every key of the keeper's prefix with its serialised value. */
async function keyspace(): Promise<Map<string, string>> {
  const keys = (await h.redis.keys(`${prefix}:*`)).sort();
  const out = new Map<string, string>();
  for (const key of keys) out.set(key, (await h.redis.dumpBuffer(key))?.toString('hex') ?? '');
  return out;
}

describe('keeper execute --dry-run', () => {
  it('resolves an open intent and builds rate history in memory only: Redis is unchanged', async () => {
    const intents = createIntentStore(h.redis, `${prefix}:devnet-eoa:`);
    // Planned and never signed: recovery resolves it as abandoned (failed) before planning.
    await intents.create({
      planId: 'devnet-eoa-5-0xdead', vault: 'devnet-eoa', chainId: 31337, from: h.keeper.address, holder: h.keeper.address, backend: 'eoa',
      planBlock: 5, planHash: '0xdead', planKind: 'rebalance', actions: [], status: 'planned', attempts: [], createdAt: 1_700_000_000, updatedAt: 1_700_000_000,
    });
    const before = await keyspace();
    expect(before.size).toBe(2); // the intent and the open-intents index
    const received = h.world.relay.stats().bundles.received;

    const { io, out } = capture();
    await runExecute({ config: configFile, vault: 'devnet-eoa', dryRun: true, json: true, logLevel: 'silent' }, io);
    const result = JSON.parse(out()) as { status: string; calls?: string[] };
    // The abandoned intent did not block the dry run (it was resolved in memory), and the plan acts.
    expect(result.status).toBe('simulated');
    expect(result.calls?.length).toBeGreaterThan(0);
    expect(h.world.relay.stats().bundles.received).toBe(received);
    expect(await keyspace()).toEqual(before);
    expect((await intents.get('devnet-eoa-5-0xdead'))?.status).toBe('planned');
    process.exitCode = 0;
  });
});

describe('keeper execute on a paused vault', () => {
  it('refuses with the vault and the pause reason, sending and writing nothing', async () => {
    await pauseVault(h.redis, prefix, { vault: 'devnet-eoa', since: 1_763_880_000_000, reason: 'investigating a depeg', by: 'ops@test' });
    const before = await keyspace();
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const received = h.world.relay.stats().bundles.received;
    const { io, out } = capture();
    const failure = await runExecute({ config: configFile, vault: 'devnet-eoa', logLevel: 'silent' }, io).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/^Vault devnet-eoa is paused: investigating a depeg/);
    expect(message).toContain('paused since 2025-11-23T06:40:00.000Z by ops@test');
    expect(message).toContain('--ignore-pause');
    expect((failure as { code?: string }).code).toBe('VAULT_PAUSED');
    expect(out()).toBe('');
    expect(h.world.relay.stats().bundles.received).toBe(received);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
    expect(await keyspace()).toEqual(before);
  });

  it('a dry run of the paused vault still simulates, notes the pause and writes nothing', async () => {
    const before = await keyspace();
    const { io, out, err } = capture();
    await runExecute({ config: configFile, vault: 'devnet-eoa', dryRun: true, json: true, logLevel: 'silent' }, io);
    expect((JSON.parse(out()) as { status: string }).status).toBe('simulated');
    expect(err()).toContain('vault devnet-eoa is paused (investigating a depeg)');
    expect(await keyspace()).toEqual(before);
    process.exitCode = 0;
  });

  it('--ignore-pause executes anyway', async () => {
    const { io, out } = capture();
    await h.mining(runExecute({ config: configFile, vault: 'devnet-eoa', ignorePause: true, logLevel: 'silent' }, io), 200);
    expect(out()).toMatch(/^vault devnet-eoa: included/);
    expect(await resumeVault(h.redis, prefix, 'devnet-eoa')).toBe(true);
    process.exitCode = 0;
  });
});
