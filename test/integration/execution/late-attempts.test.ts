/**
 * Late attempts: a bundle whose target block is mined before it can be sent can never land, so
 * it is not sent and must not use up one of `blocksToTarget`. An intent store wrapper mines the
 * target block when an attempt is recorded as signed, which is what a slow keeper, RPC or Redis
 * does under load (the signing and the intent write happen between reading the head and sending).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther } from 'ethers';
import { vaultBackend } from '../../../src/execution/backend.ts';
import type { IntentStore } from '../../../src/state/intents.ts';
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

/** The harness's intent store, slow for the first `lateAttempts` signed attempts: the target block is mined while it writes. */
function slowIntents(lateAttempts: number): IntentStore {
  let signed = 0;
  return {
    ...h.intents,
    async update(planId, change) {
      const next = await h.intents.update(planId, change);
      const attempt = next.attempts[next.attempts.length - 1];
      // The write that records a freshly signed attempt (not the one that marks it late).
      if (next.status === 'signed' && attempt !== undefined && attempt.late !== true && ++signed <= lateAttempts) {
        while ((await h.provider.getBlockNumber()) < attempt.targetBlock) await h.world.mine(1);
      }
      return next;
    },
  };
}

function capturedLogger(): { logger: ReturnType<typeof createLogger>; messages: string[] } {
  const messages: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void messages.push((JSON.parse(line) as { msg: string }).msg) } });
  return { logger, messages };
}

describe('executor with late sends', () => {
  it('does not send or count attempts whose block was mined before they could be sent: lands on the next on-time attempt', async () => {
    const { logger, messages } = capturedLogger();
    const relayedBefore = h.world.relay.stats().bundles.received;
    const sentFor: number[] = [];
    const executor = await h.executor({ intents: slowIntents(3), logger, hooks: { afterSend: (a) => void sentFor.push(a.targetBlock) } });
    const head = await h.provider.getBlockNumber();
    // Blocks two seconds apart outside the slow writes: the on-time attempt has time to be sent.
    // (A machine slow enough to miss that too makes it one more late attempt, which must follow
    // the same rule: not sent, not counted, so the count of late ones is at least 3, not 3.)
    const result = await h.mining(executor.execute(planOf([await dexSell(h, 'ezETH', parseEther('1'))], head)), 2_000);

    // The old loop spent its 3 attempts on the 3 late sends and expired.
    expect(result.status, result.reason).toBe('included');
    const n = result.targetBlocks.length;
    expect(n).toBeGreaterThanOrEqual(4);
    expect(result.inclusionBlock).toBe(result.targetBlocks[n - 1]);
    const intent = await h.intents.get(result.planId);
    // Every attempt stays in the intent with its hashes (recovery needs them), the late ones marked.
    expect(intent!.attempts.map((a) => a.targetBlock)).toEqual(result.targetBlocks);
    expect(intent!.attempts.map((a) => a.late ?? false)).toEqual([...Array<boolean>(n - 1).fill(true), false]);
    expect(intent!.attempts.every((a) => a.txHashes.length === 2)).toBe(true);
    expect(intent!.inclusion?.txHashes).toEqual(intent!.attempts[n - 1]?.txHashes);
    expect(intent!.attempts.map((a) => a.sentTo.length)).toEqual([...Array<number>(n - 1).fill(0), 1]);
    // The daemon's "sent" progress and bundle.sent event follow the hook: only the bundle that went out.
    expect(sentFor).toEqual([result.targetBlocks[n - 1]]);
    const late = result.targetBlocks.slice(0, n - 1).map((b) => `late: block ${b} was mined before the bundle could be sent; not sent`);
    expect(messages.filter((m) => m.startsWith('late: '))).toEqual(late);
    // Only the on-time bundle reached the relay.
    expect(h.world.relay.stats().bundles.received - relayedBefore).toBe(1);
  });

  it('a keeper that is always late ends after blocksToTarget extra attempts, expired, without the public mempool', async () => {
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const publicBefore = h.world.relay.stats().publicTxs.received;
    // The vault backend: one transaction, the kind of plan the public mempool would take after on-time misses.
    const executor = await h.executor({
      intents: slowIntents(Number.MAX_SAFE_INTEGER), backend: vaultBackend(h.world.deployment.vaults.main.address),
      settings: { vault: 'test-vault', blocksToTarget: 2, allowPublicMempool: true },
    });
    const head = await h.provider.getBlockNumber();
    const result = await h.mining(executor.execute(planOf([await depositWeEth(h, parseEther('1'))], head)), 1_000);

    expect(result.status).toBe('expired');
    expect(result.txCount).toBe(1);
    // 2 counted attempts + at most 2 late ones that did not count.
    expect(result.targetBlocks).toHaveLength(4);
    const blocks = result.targetBlocks.join(', ');
    expect(result.reason).toBe(
      `not included in blocks ${blocks} (late for ${blocks}: mined before the bundle could be sent); no public mempool fallback: every bundle (4) was signed after its target block was mined and not sent, so the relays never had their chance`,
    );
    const intent = await h.intents.get(result.planId);
    expect(intent?.status).toBe('expired');
    expect(intent?.attempts.every((a) => a.sentTo.length === 0)).toBe(true);
    expect(intent?.attempts.map((a) => a.late)).toEqual([true, true, true, true]);
    expect(h.world.relay.stats().publicTxs.received).toBe(publicBefore);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
  });
});
