/**
 * The devnet's weETH reward stream end to end: the market simulator pays the keeper's weETH
 * 1 % a year in KING as cumulative roots, the proof server serves a tree only once its root
 * is on chain, and a claim built from it, checked against the distributor, pays what the
 * stream owed; config/devnet.yaml loads the stream and the points beside it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet, parseEther } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { seedKeeperPosition } from '../../../src/devnet/seed-keeper.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';
import { createStreamProofClient } from '../../../src/rewards/streams/proof-client.ts';
import { encodeStreamClaim, verifiedStreamClaim } from '../../../src/rewards/streams/cumulative-merkle.ts';
import { DEVNET_STREAM } from '../../../src/devnet/streams/devnet-stream.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { runPlan } from '../../../src/cli/commands/plan.ts';

const ERC20 = ['function balanceOf(address) view returns (uint256)'];
const RATE = ['function getRate() view returns (uint256)'];
let world: DevnetWorld;
const stateDir = mkdtempSync(join(tmpdir(), 'rk-stream-'));

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
}, 240_000);

afterAll(async () => {
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the devnet weETH reward stream', () => {
  it('config/devnet.yaml declares it with the devnet addresses, and the points at 0', async () => {
    const config = await devnetConfig({ projectRoot: PROJECT_ROOT, deployment: world.deployment, strategies: await loadStrategyRegistry(), prefix: 'test-stream' });
    const streams = config.lrts.find((l) => l.symbol === 'weETH')?.rewardStreams ?? [];
    expect(streams.map((s) => s.kind)).toEqual(['token', 'points']);
    const token = streams[0];
    if (token?.kind !== 'token') throw new Error('expected a token stream first');
    expect(token.claim.cumulativeMerkle.distributor.toLowerCase()).toBe(world.deployment.streams?.weETH?.distributor.toLowerCase());
    expect(token.rate).toEqual({ source: 'announced', apr: DEVNET_STREAM.apr });
  });

  it('pays the keeper its weETH value × 1 % a year, claimable with a checked proof', async () => {
    const d = world.deployment;
    const record = d.streams?.weETH;
    if (record === undefined) throw new Error('the devnet deployment has no weETH stream');
    const keeper = new Wallet(DEV_KEYS.keeper);
    const weEth = (await new Contract(d.lrts.weETH.token, ERC20, world.anvilProvider).getFunction('balanceOf')(keeper.address)) as bigint;
    expect(weEth).toBeGreaterThan(0n);
    // Two distributions: the second covers 25 blocks of 12 s; then one block for the proof server to see the root.
    await world.mine(2 * DEVNET_STREAM.intervalBlocks + 1);
    const client = createStreamProofClient({ proofUrl: record.proofUrl, timeoutMs: 5_000, retries: 0 });
    const claim = await verifiedStreamClaim(world.anvilProvider, record.distributor, client, keeper.address);
    const rate = (await new Contract(d.lrts.weETH.token, RATE, world.anvilProvider).getFunction('getRate')()) as bigint;
    // Per 25-block interval (300 s): value × 0.01 × 300 / 31,536,000 / 0.01 ETH per KING.
    const perInterval = Number((weEth * rate) / 10n ** 18n) * 0.01 * 300 / 31_536_000 / 0.01;
    const paid = Number(claim.payout);
    expect(paid / perInterval).toBeGreaterThan(0.9);
    expect(paid / perInterval).toBeLessThan(2.1); // one or two intervals, depending on where the first started

    const publicRpc = new JsonRpcProvider(d.rpcUrl, d.chainId, { staticNetwork: true, cacheTimeout: -1 });
    try {
      const signer = keeper.connect(publicRpc);
      const nonce = await world.anvilProvider.getTransactionCount(keeper.address, 'latest');
      const tx = await signer.sendTransaction({ ...encodeStreamClaim(claim), nonce, gasLimit: 200_000n, maxFeePerGas: parseEther('0.000001'), maxPriorityFeePerGas: 1n });
      await world.mine(1);
      expect((await world.anvilProvider.getTransactionReceipt(tx.hash))?.status).toBe(1);
      const king = (await new Contract(record.token, ERC20, world.anvilProvider).getFunction('balanceOf')(keeper.address)) as bigint;
      expect(king).toBe(claim.payout);
    } finally {
      publicRpc.destroy();
    }
    // Claimed: the same cumulative amount is refused before sending.
    await expect(verifiedStreamClaim(world.anvilProvider, record.distributor, client, keeper.address)).rejects.toMatchObject({ code: 'STREAM_NOTHING_TO_CLAIM' });
  });

  it('keeper plan shows the stream in net APY, the points at 0 and the policy\'s claim decision', async () => {
    await world.mine(DEVNET_STREAM.intervalBlocks + 1);
    const deploymentFile = join(stateDir, 'deployment.json');
    writeDeployment(deploymentFile, world.deployment);
    const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
      .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
      .replaceAll('file: .devnet/', `file: ${stateDir}/`)
      .replace('prefix: rk-devnet', `prefix: test-stream-${world.deployment.instanceId ?? 'x'}`);
    const configFile = join(stateDir, 'keeper.yaml');
    writeFileSync(configFile, yaml);
    let out = '';
    await runPlan({ config: configFile, vault: 'devnet-eoa', logLevel: 'silent' }, { stdout: (t) => (out += t), stderr: () => undefined, version: 'test', env: {} });
    expect(out).toContain('reward streams (paid outside the LRT rate):');
    expect(out).toMatch(/weETH\s+etherfi-avs\s+KING\s+1\.00% APR\s+announced, in net APY/);
    expect(out).toMatch(/weETH\s+etherfi-loyalty\s+loyalty points ×2\s+0 ETH\s+points: shown only, never counted/);
    // About 40 ETH of weETH earns ~4e-6 ETH of KING per 5 minutes: far below a claim's gas, so it waits.
    expect(out).toMatch(/wait {2}etherfi-avs: KING worth 0\.0000 ETH waits/);
  }, 120_000);
});
