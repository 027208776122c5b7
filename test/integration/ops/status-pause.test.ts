/**
 * `keeper status`, `pause`, `resume` and `compound --now` against a devnet world and a real
 * Redis: the vault paused on chain by its guardian (the deployer key), the keeper-side flag
 * set and cleared, the audit log's last decision, open intents and withdrawals shown, and
 * a compound job queued where the daemon's compound worker takes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { VAULT_ADMIN_ABI } from '../../../src/protocols/vault/abi.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { createAuditLog } from '../../../src/state/audit.ts';
import { createIntentStore } from '../../../src/state/intents.ts';
import { createWithdrawalStore, type TrackedWithdrawal } from '../../../src/state/withdrawals.ts';
import { bullPrefix, vaultStatePrefix } from '../../../src/queue/names.ts';
import { createPausedVaults } from '../../../src/queue/paused.ts';
import { isPaused } from '../../../src/ops/pause.ts';
import type { KeeperStatus } from '../../../src/ops/status.ts';
import { runStatus } from '../../../src/cli/commands/status.ts';
import { runPause, runResume } from '../../../src/cli/commands/pause.ts';
import { runCompound } from '../../../src/cli/commands/compound.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';

const root = `rk-test-status-${randomUUID()}`;
/** The keeper's state prefix: the config's, scoped by the devnet's chain (src/state/chain-scope.ts). */
let prefix: string;
let world: DevnetWorld;
let provider: JsonRpcProvider;
let redis: Redis;
let configFile: string;

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: () => undefined, version: 'test', env: {} }, out: () => text };
}

async function status(vault?: string): Promise<KeeperStatus> {
  const { io, out } = capture();
  await runStatus({ config: configFile, json: true, ...(vault ? { vault } : {}) }, io);
  return JSON.parse(out()) as KeeperStatus;
}

/** The guardian (deployer key on the devnet) calls pause()/unpause() on the vault. */
async function guardian(fn: 'pause' | 'unpause'): Promise<void> {
  const wallet = new Wallet(DEV_KEYS.deployer, provider);
  const vault = new Contract(world.deployment.vaults.main.address, VAULT_ADMIN_ABI, wallet);
  const nonce = await provider.getTransactionCount(wallet.address, 'latest');
  const tx = (await vault.getFunction(fn)({ gasLimit: 200_000n, nonce, maxFeePerGas: 200n * 10n ** 9n, maxPriorityFeePerGas: 1n })) as { hash: string };
  await world.mine(1);
  expect((await provider.getTransactionReceipt(tx.hash))?.status).toBe(1);
}

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-ops-status-'));
  // A quiet market: the simulator signs its per-block moves with the deployer key, which is
  // also the vault's guardian here, and its nonces would collide with the guardian's pause().
  const market = { lrtApy: { weETH: 0, ezETH: 0, rsETH: 0, pufETH: 0, rswETH: 0 }, kelpRefreshBlocks: 1e9, rootIntervalBlocks: 1e9 };
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir, market });
  // The rewards market's one-time setup (reward token mints) is also signed with the deployer
  // key: let it land before the guardian's transactions pick their nonces.
  await world.mine(3);
  provider = new JsonRpcProvider(world.deployment.rpcUrl, world.deployment.chainId, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const deploymentFile = join(stateDir, 'deployment.json');
  writeDeployment(deploymentFile, world.deployment);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('file: .devnet/keeper.key', `file: ${join(stateDir, 'keeper.key')}`)
    .replace('file: .devnet/relay-auth.key', `file: ${join(stateDir, 'relay-auth.key')}`)
    .replace('prefix: rk-devnet', `prefix: ${root}`);
  prefix = chainScopedPrefix(root, world.deployment.chainId, world.deployment.instanceId);
  configFile = join(stateDir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
});

afterAll(async () => {
  const keys = redis ? await redis.keys(`${root}*`) : [];
  if (keys.length > 0) await redis.del(...keys);
  redis?.disconnect();
  provider?.destroy();
  await world?.stop();
});

describe('keeper status / pause / resume / compound', () => {
  it('status shows every vault active, with nothing recorded yet', async () => {
    const s = await status();
    expect(s.chainId).toBe(31337);
    expect(s.block).toBeGreaterThan(0);
    expect(s.vaults.map((v) => [v.name, v.onChain.state, v.keeperPause])).toEqual([
      ['devnet-main', 'active', undefined],
      ['devnet-eoa', 'n/a', undefined],
    ]);
    expect(s.vaults[0]).toMatchObject({ openIntents: [], pendingWithdrawals: [] });
    expect(s.vaults[0]?.lastDecision).toBeUndefined();
  });

  it('shows the on-chain pause set by the vault guardian, and its lifting', async () => {
    await guardian('pause');
    expect((await status('devnet-main')).vaults[0]?.onChain.state).toBe('paused');
    const { io, out } = capture();
    await runStatus({ config: configFile, vault: 'devnet-main' }, io);
    expect(out()).toContain('vault devnet-main');
    expect(out()).toContain('on-chain pause: PAUSED by the vault guardian/owner');
    await guardian('unpause');
    expect((await status('devnet-main')).vaults[0]?.onChain.state).toBe('active');
  });

  it('pause sets the keeper-side flag the daemon reads, resume clears it; both are idempotent', async () => {
    const { io, out } = capture();
    await runPause('devnet-eoa', { config: configFile, reason: 'relay looks odd', by: 'test@ci' }, io);
    expect(out()).toContain('vault devnet-eoa: paused (keeper side)');
    expect(await isPaused(redis, prefix, 'devnet-eoa')).toBe(true);
    expect(await isPaused(redis, prefix, 'devnet-main')).toBe(false);
    // The daemon's own reader (src/queue/paused.ts) sees the same flag.
    expect(await createPausedVaults(redis, prefix).get('devnet-eoa')).toMatchObject({ reason: 'relay looks odd' });

    const again = capture();
    await runPause('DEVNET-EOA', { config: configFile, reason: 'second', by: 'other@ci' }, again.io);
    expect(again.out()).toMatch(/already paused since .* by test@ci \(relay looks odd\)/);

    const s = await status();
    expect(s.vaults[1]?.keeperPause).toMatchObject({ vault: 'devnet-eoa', reason: 'relay looks odd', by: 'test@ci' });

    const resumed = capture();
    await runResume('devnet-eoa', { config: configFile }, resumed.io);
    expect(resumed.out()).toContain('vault devnet-eoa: resumed');
    expect(await isPaused(redis, prefix, 'devnet-eoa')).toBe(false);
    const twice = capture();
    await runResume('devnet-eoa', { config: configFile }, twice.io);
    expect(twice.out()).toContain('was not paused');
  });

  it('a flag set by the daemon\'s pause store counts too', async () => {
    await createPausedVaults(redis, prefix).pause('devnet-main', 'set by another tool');
    expect((await status('devnet-main')).vaults[0]?.keeperPause).toMatchObject({ reason: 'set by another tool', by: 'keeper' });
    await runResume('devnet-main', { config: configFile }, capture().io);
  });

  it('an unknown vault is an error naming the known ones', async () => {
    await expect(runPause('nope', { config: configFile }, capture().io)).rejects.toThrow(/No vault named nope/);
  });

  it('shows the last decision from the audit log, open intents and pending withdrawals', async () => {
    const audit = createAuditLog(redis, prefix);
    await audit.append({ kind: 'rejected', vault: 'devnet-main', at: Date.now() - 60_000, block: 10, reasons: ['stale node'] });
    await audit.append({
      kind: 'decision', vault: 'devnet-main', at: Date.now() - 5_000, source: 'observe', block: 12, estimates: [],
      verdict: { refused: false, mandatory: false, turnoverBps: 1200, findings: [] },
      plan: { id: '0xplan1', kind: 'rebalance', reason: 'weETH yields 0.8 % more', actions: [], totals: {}, expectedYearlyGainWei: 10n ** 18n, breakEvenDays: 12, resultingWeights: {} },
      disposition: 'queued',
    });
    const statePrefix = vaultStatePrefix(prefix, 'devnet-main');
    await createIntentStore(redis, statePrefix).create({
      planId: '0xplan1', vault: 'devnet-main', chainId: 31337, from: world.deployment.accounts.keeper, holder: world.deployment.vaults.main.address, backend: 'vault',
      planBlock: 12, planHash: '0x00', planKind: 'rebalance', actions: [], status: 'planned', attempts: [], createdAt: 1, updatedAt: 1,
    });
    const w = { id: 'etherfi:42', kind: 'etherfi', tokenId: 42n, vault: 'devnet-main', holder: world.deployment.vaults.main.address, positionId: 'weETH', queuedBlock: 11, queuedAt: 1, expectedWei: 5n * 10n ** 18n, completableAt: 2_000_000_000, status: 'queued' } as TrackedWithdrawal;
    await createWithdrawalStore(redis, statePrefix).put(w);

    const main = (await status('devnet-main')).vaults[0];
    expect(main?.lastDecision).toMatchObject({ kind: 'decision', block: 12, planKind: 'rebalance', disposition: 'queued', planId: '0xplan1', refusedCodes: [] });
    expect(main?.openIntents).toEqual([{ planId: '0xplan1', status: 'planned', planKind: 'rebalance', planBlock: 12, attempts: 0, updatedAt: 1 }]);
    expect(main?.pendingWithdrawals).toMatchObject([{ id: 'etherfi:42', kind: 'etherfi', positionId: 'weETH', expectedWei: '5000000000000000000' }]);

    const { io, out } = capture();
    await runStatus({ config: configFile, vault: 'devnet-main' }, io);
    expect(out()).toMatch(/last decision: {2}block 12, \d+s ago: rebalance \(queued\): weETH yields 0\.8 % more/);
    expect(out()).toContain('withdrawals:    1 pending, 5.0000 ETH expected');
  });

  it('compound --now queues a job on the daemon\'s compound queue, and refuses while paused', async () => {
    const { io, out } = capture();
    await runCompound('devnet-main', { config: configFile, now: true, json: true }, io);
    const queued = JSON.parse(out()) as { queued: boolean; queue: string; jobId: string };
    expect(queued).toMatchObject({ queued: true, queue: 'compound' });
    expect(queued.jobId).toMatch(/^devnet-main-now-\d+$/);
    const queue = new Queue('compound', { connection: redis, prefix: bullPrefix({ queue: { prefix } as never }) });
    try {
      const job = await queue.getJob(queued.jobId);
      expect(job?.name).toBe('compound-now');
      expect(job?.data).toEqual({ vault: 'devnet-main' });
      expect(job?.opts.attempts).toBeGreaterThan(1);
    } finally {
      await queue.close();
    }

    await runPause('devnet-main', { config: configFile, by: 'test' }, capture().io);
    const refused = capture();
    await runCompound('devnet-main', { config: configFile, now: true }, refused.io);
    expect(refused.out()).toContain('not queued: paused on the keeper side');
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
    await expect(runCompound('devnet-main', { config: configFile }, capture().io)).rejects.toThrow(/without --now/);
  });
});
