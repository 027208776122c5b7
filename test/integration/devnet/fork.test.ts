/**
 * The fork rehearsal with no internet: a devnet world on one Anvil stands in for the live
 * chain (a deployment at fixed addresses), `startFork` forks it with the relay emulator on
 * top and deploys nothing, and a config with literal addresses (as a mainnet config has)
 * passes the chain check and gets a plan from `keeper plan` against the fork's state. A
 * bundle sent to the fork's relay lands on the fork, never upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { JsonRpcProvider, Wallet, parseEther } from 'ethers';
import { Command } from 'commander';
import { runPlan } from '../../../src/cli/commands/plan.ts';
import { registerConfigCommands } from '../../../src/cli/commands/config.ts';
import { resolveDeploymentRef } from '../../../src/config/resolve.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { startFork, redactUrl, type ForkWorld } from '../../../src/devnet/fork.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { connectRedis } from '../../../src/keeper/redis.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let upstream: DevnetWorld;
let fork: ForkWorld;
const dir = mkdtempSync(join(tmpdir(), 'rk-fork-'));
const prefix = `test-fork-${randomUUID()}`;
const logger = createLogger({ level: 'silent' });
let configFile: string;

beforeAll(async () => {
  upstream = await startWorld({ projectRoot: PROJECT_ROOT, logger, stateDir: join(dir, 'upstream') });
  await upstream.mine(2);
  fork = await startFork({ forkUrl: upstream.deployment.anvilUrl, logger });
  configFile = join(dir, 'rehearsal.yaml');
  writeFileSync(configFile, literalConfig(upstream, fork, prefix));
}, 240_000);

afterAll(async () => {
  await fork?.stop();
  await upstream?.stop();
  const redis = await connectRedis('redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}*`).catch(() => [] as string[]);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('keeper devnet up --fork-url', () => {
  it('forks the upstream chain at its head, keeps its chain id and deploys nothing', async () => {
    const upstreamProvider = new JsonRpcProvider(upstream.deployment.anvilUrl, undefined, { staticNetwork: true });
    const forkProvider = new JsonRpcProvider(fork.info.rpcUrl, undefined, { staticNetwork: true });
    try {
      const head = await upstreamProvider.getBlockNumber();
      expect(fork.info).toMatchObject({ mode: 'fork', chainId: 31337, forkBlock: head });
      expect(await forkProvider.getBlockNumber()).toBe(head);
      const weeth = upstream.deployment.lrts.weETH.token;
      expect(await forkProvider.getCode(weeth)).toBe(await upstreamProvider.getCode(weeth));
      // Nothing deployed on the fork: the deployer's nonce is upstream's.
      const deployer = new Wallet(DEV_KEYS.deployer).address;
      expect(await forkProvider.getTransactionCount(deployer)).toBe(await upstreamProvider.getTransactionCount(deployer));

      // A transaction sent to the fork lands there on the next block, not upstream.
      const user = new Wallet(DEV_KEYS.user, forkProvider);
      const to = Wallet.createRandom().address;
      await user.sendTransaction({ to, value: parseEther('1') });
      await fork.mine(1);
      expect(await forkProvider.getBalance(to)).toBe(parseEther('1'));
      expect(await upstreamProvider.getBalance(to)).toBe(0n);
    } finally {
      upstreamProvider.destroy();
      forkProvider.destroy();
    }
  });

  it('a config with literal addresses passes the chain check on the fork and keeper plan decides against it', async () => {
    const strategies = await loadStrategyRegistry();
    const out: string[] = [];
    const err: string[] = [];
    const program = new Command('keeper').exitOverride();
    registerConfigCommands(program, { loadStrategies: async () => ({ names: strategies.names(), paramsSchema: (n: string) => strategies.paramsSchema(n) }), env: {}, stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    process.exitCode = undefined;
    await program.parseAsync(['config', 'validate', configFile, '--rpc'], { from: 'user' });
    expect(err.join('')).toBe('');
    expect(process.exitCode).toBeUndefined();
    expect(out.join('')).toMatch(/^ok: /);

    const planOut: string[] = [];
    await runPlan({ config: configFile, json: true, logLevel: 'silent', vault: 'devnet-main' }, { stdout: (s) => planOut.push(s), stderr: () => undefined, version: 'test', env: {} });
    const exitCode = process.exitCode;
    process.exitCode = undefined;
    const report = JSON.parse(planOut.join('')) as { ok: boolean; vaults: { ok: boolean; vault: { name: string }; block?: string | number }[] };
    expect(exitCode).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.vaults[0]?.vault.name).toBe('devnet-main');
  });

  it('redacts credentials of the fork URL', () => {
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/SECRET')).toBe('https://eth-mainnet.g.alchemy.com/…');
    expect(redactUrl('https://user:pw@rpc.example:8545')).toBe('https://rpc.example:8545');
  });
});

/**
 * config/devnet.yaml with every `deployment:` reference replaced by its literal value from the
 * upstream deployment (as a mainnet config names real addresses), and the fork's RPC and relay.
 */
function literalConfig(world: DevnetWorld, f: ForkWorld, queuePrefix: string): string {
  const deployment = { file: '(upstream)', data: { ...world.deployment, rpcUrl: f.info.rpcUrl, relayUrl: f.info.relayUrl } };
  return readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace(/^deployment: .*$/m, '')
    .replace(/deployment:[A-Za-z0-9_.-]+/g, (ref) => {
      const r = resolveDeploymentRef(ref, deployment);
      if (!r.ok) throw new Error(r.message);
      return `"${r.value}"`;
    })
    .replace(/prefix: rk-devnet/, `prefix: ${queuePrefix}`);
}
