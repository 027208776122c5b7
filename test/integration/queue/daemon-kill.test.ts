/**
 * Two `keeper run` processes on one Redis against a devnet started here. The process that
 * executes the first plan is SIGKILLed right after its bundle went out (its intent is in
 * Redis, its BullMQ job and signer lock are held). The other process must take the stalled
 * job over and finish it from the intent, without sending anything again. Checked from the
 * chain (the keeper's transactions, nonce, receipts, the vault's balances) and the intent
 * store. Then the survivor's Redis connections are killed on the server (CLIENT KILL) and it
 * must go on ticking without help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import { Queue } from 'bullmq';
import type { Action } from '../../../src/domain/plan.ts';
import { bullPrefix, QUEUE_NAMES } from '../../../src/queue/names.ts';
import { startDaemonHarness, type DaemonHarness, type DaemonProcess } from './daemon-harness.ts';

const ERC20 = ['function balanceOf(address) view returns (uint256)'];
let h: DaemonHarness;

beforeAll(async () => {
  h = await startDaemonHarness({ world: { blockIntervalMs: 1_500 } });
});

afterAll(async () => {
  await h?.stop();
}, 60_000);

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('keeper run: SIGKILL mid-execution', () => {
  it('the other process finishes the plan from its intent: the transactions land once, nothing is lost or sent twice', { timeout: 150_000 }, async () => {
    const d = h.world.deployment;
    const keeper = d.accounts.keeper;
    const vault = d.vaults.main.address;
    const weth = new Contract(d.weth, ERC20, h.provider);
    const startBlock = await h.provider.getBlockNumber();
    const nonceBefore = await h.provider.getTransactionCount(keeper, 'latest');
    const wethBefore = (await weth.getFunction('balanceOf')(vault)) as bigint;
    expect(wethBefore).toBe(parseEther('1000'));

    const args = ['--job-lock-ms', '3000', '--signer-lock-ms', '3000', '--audit-holds-every', '1'];
    const procs = [h.start('a', args), h.start('b', args)];
    const sent = (l: Record<string, unknown>): boolean => l.msg === 'bundle sent' && l.vault === 'devnet-main';
    const first = await Promise.race(procs.map((p) => p.waitFor(sent, 90_000).then((line) => ({ p, line }))));
    const victim: DaemonProcess = first.p;
    victim.child.kill('SIGKILL');
    const survivor = procs.find((p) => p !== victim)!;
    const planId = String(first.line.plan);
    expect(await victim.exited).toBe(null); // killed by a signal, no clean exit

    // At the kill the intent was written and sent; the survivor now owns the rest.
    const outcome = await until('the survivor to confirm the plan', async () => {
      const records = await h.audit.list('devnet-main', { kinds: ['outcome'], limit: 20 });
      return records.find((r) => r.kind === 'outcome' && r.planId === planId);
    }, 90_000);
    expect(outcome.kind === 'outcome' && outcome.status).toBe('included');

    // The stalled execute job was taken over by the survivor and resumed from the intent.
    const queue = new Queue(QUEUE_NAMES.execute, { connection: { host: '127.0.0.1', port: 6379 }, prefix: bullPrefix({ queue: { prefix: h.prefix } } as never) });
    try {
      const job = await queue.getJob(planId);
      expect(job?.returnvalue).toBe('resumed');
    } finally {
      await queue.close();
    }
    expect(survivor.child.exitCode).toBe(null);

    // Let the survivor settle whatever else it decides (the day's turnover limit stops further rebalances).
    await new Promise((r) => setTimeout(r, 6_000));
    await until('no open intent', async () => ((await h.intents('devnet-main')).every((i) => ['included', 'expired', 'failed'].includes(i.status)) ? true : undefined), 30_000);

    // From the chain: every keeper transaction since the start is one recorded in an included intent, once.
    const intents = await h.intents('devnet-main');
    const killed = intents.find((i) => i.planId === planId)!;
    expect(killed.status).toBe('included');
    const included = intents.filter((i) => i.status === 'included');
    const recorded = included.flatMap((i) => i.inclusion!.txHashes.map((x) => x.toLowerCase()));
    const head = await h.provider.getBlockNumber();
    const onChain: string[] = [];
    for (let n = startBlock + 1; n <= head; n++) {
      const block = await h.provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) if (tx.from.toLowerCase() === keeper.toLowerCase()) onChain.push(tx.hash.toLowerCase());
    }
    expect(onChain.sort()).toEqual([...recorded].sort());
    expect(await h.provider.getTransactionCount(keeper, 'latest')).toBe(nonceBefore + recorded.length);
    for (const hash of killed.inclusion!.txHashes) expect((await h.provider.getTransactionReceipt(hash))?.status).toBe(1);
    // Exactly one intent carries the killed plan's actions.
    expect(intents.filter((i) => i.planHash === killed.planHash && i.planBlock === killed.planBlock)).toHaveLength(1);

    // The vault spent its WETH exactly once per included deposit.
    const deposited = included.flatMap((i) => i.actions as Action[]).reduce((s, a) => s + (a.kind === 'deposit-lrt' ? a.amountWei : 0n), 0n);
    expect(deposited).toBeGreaterThan(0n);
    expect((await weth.getFunction('balanceOf')(vault)) as bigint).toBe(wethBefore - deposited);
  });

  it('recovers from its Redis connections being killed on the server, without manual steps', { timeout: 90_000 }, async () => {
    const before = (await h.audit.list('devnet-main', { kinds: ['decision', 'rejected'], limit: 1 }))[0];
    // Only this test's keeper connections: ours are named after the prefix (CLIENT SETNAME).
    const list = (await h.redis.client('LIST')) as string;
    const ours = list.split('\n').filter((l) => new RegExp(`name=${h.prefix}[-:]`).test(l));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    const killedAt = Date.now();
    for (const line of ours) await h.redis.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!).catch(() => undefined);

    const after = await until('a tick decided after the kill', async () => {
      const [latest] = await h.audit.list('devnet-main', { kinds: ['decision', 'rejected'], limit: 1 });
      return latest !== undefined && latest.at > killedAt + 500 && (before === undefined || latest.at > before.at) ? latest : undefined;
    }, 60_000);
    expect(after.at).toBeGreaterThan(killedAt);
    const reconnected = ((await h.redis.client('LIST')) as string).split('\n').filter((l) => new RegExp(`name=${h.prefix}[-:]`).test(l));
    expect(reconnected.length).toBeGreaterThanOrEqual(3);
  });

  it('stops cleanly on SIGTERM: running jobs finished or handed back, connections closed, exit 0', { timeout: 60_000 }, async () => {
    const survivor = h.running()[0]!;
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(survivor.lines.some((l) => l.msg === 'keeper daemon stopped')).toBe(true);
    const left = ((await h.redis.client('LIST')) as string).split('\n').filter((l) => l.includes(`name=${h.prefix}-keeper-${survivor.child.pid}`));
    expect(left).toEqual([]);
    const queue = new Queue(QUEUE_NAMES.execute, { connection: { host: '127.0.0.1', port: 6379 }, prefix: bullPrefix({ queue: { prefix: h.prefix } } as never) });
    try {
      // Nothing is left marked active by the stopped process (finished, or back in the queue for another).
      expect(await queue.getActiveCount()).toBe(0);
    } finally {
      await queue.close();
    }
  });
});
