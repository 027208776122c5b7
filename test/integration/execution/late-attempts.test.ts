/**
 * Late sends: a bundle that reaches the relays after its target block was mined can never land,
 * so it must not use up one of `blocksToTarget`. A relay wrapper mines the target block before
 * forwarding the bundle (the devnet relay then refuses it: target not after the head), which is
 * what a slow keeper, RPC or Redis does under load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Wallet, parseEther } from 'ethers';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { vaultBackend } from '../../../src/execution/backend.ts';
import { createFlashbotsRelay, type BundleRelay } from '../../../src/execution/relay-client.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { depositWeEth, dexSell } from './actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('5')) });
});

afterAll(async () => {
  await h?.stop();
});

/** The devnet relay, made late for the first `lateSends` sends: it mines the target block first. */
async function lateRelay(lateSends: number): Promise<BundleRelay> {
  const d = h.world.deployment;
  const relay = await createFlashbotsRelay('devnet-relay', d.relayUrl, h.provider, new Wallet(DEV_KEYS.relayAuth), d.chainId);
  let sends = 0;
  return {
    name: relay.name,
    simulate: (txs, target) => relay.simulate(txs, target),
    async send(txs, target) {
      sends += 1;
      if (sends <= lateSends) while ((await h.provider.getBlockNumber()) < target) await h.world.mine(1);
      return relay.send(txs, target);
    },
  };
}

function capturedLogger(): { logger: ReturnType<typeof createLogger>; messages: string[] } {
  const messages: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void messages.push((JSON.parse(line) as { msg: string }).msg) } });
  return { logger, messages };
}

describe('executor with late sends', () => {
  it('does not count sends that reached the relays after their block: lands on the next on-time attempt', async () => {
    const { logger, messages } = capturedLogger();
    const executor = await h.executor({ relays: [await lateRelay(3)], logger });
    const head = await h.provider.getBlockNumber();
    const result = await h.mining(executor.execute(planOf([await dexSell(h, 'ezETH', parseEther('1'))], head)));

    // The old loop spent its 3 attempts on the 3 late sends and expired.
    expect(result.status, result.reason).toBe('included');
    expect(result.targetBlocks).toHaveLength(4);
    expect(result.inclusionBlock).toBe(result.targetBlocks[3]);
    const intent = await h.intents.get(result.planId);
    // Every attempt stays in the intent with its hashes (recovery needs them), the late ones marked.
    expect(intent!.attempts.map((a) => a.targetBlock)).toEqual(result.targetBlocks);
    expect(intent!.attempts.map((a) => a.late ?? false)).toEqual([true, true, true, false]);
    expect(intent!.attempts.every((a) => a.txHashes.length === 2)).toBe(true);
    expect(intent!.inclusion?.txHashes).toEqual(intent!.attempts[3]?.txHashes);
    const late = result.targetBlocks.slice(0, 3).map((b) => `late: block ${b} was mined before the bundle reached the relays`);
    expect(messages.filter((m) => m.startsWith('late: '))).toEqual(late);
  });

  it('a relay that is always late ends after blocksToTarget extra attempts, expired, without the public mempool', async () => {
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const publicBefore = h.world.relay.stats().publicTxs.received;
    // The vault backend: one transaction, the kind of plan the public mempool would take after on-time misses.
    const executor = await h.executor({
      relays: [await lateRelay(Number.MAX_SAFE_INTEGER)], backend: vaultBackend(h.world.deployment.vaults.main.address),
      settings: { vault: 'test-vault', blocksToTarget: 2, allowPublicMempool: true },
    });
    const head = await h.provider.getBlockNumber();
    const result = await h.mining(executor.execute(planOf([await depositWeEth(h, parseEther('1'))], head)));

    expect(result.status).toBe('expired');
    expect(result.txCount).toBe(1);
    // 2 counted attempts + at most 2 late ones that did not count.
    expect(result.targetBlocks).toHaveLength(4);
    const blocks = result.targetBlocks.join(', ');
    expect(result.reason).toBe(
      `not included in blocks ${blocks} (late for ${blocks}: mined before the bundle reached the relays); no public mempool fallback: every bundle (4) reached the relays after its target block was mined, so the relays never had their chance`,
    );
    const intent = await h.intents.get(result.planId);
    expect(intent?.status).toBe('expired');
    expect(intent?.attempts.map((a) => a.late)).toEqual([true, true, true, true]);
    expect(h.world.relay.stats().publicTxs.received).toBe(publicBefore);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
  });
});
