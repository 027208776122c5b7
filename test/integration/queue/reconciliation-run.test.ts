/**
 * The standing reconciliation over a daemon run: `keeper run` (a real child process) on the
 * devnet with the seeded keeper book, through an ezETH depeg and a 20% slashing of op-alpha
 * and the recovery. Every tick of both vaults reconciles the keeper's records with the chain;
 * the run must end with plans landed and not one tick with anything unexplained.
 * Prints a RECONCILIATION line: ticks reconciled, ticks with anything unexplained, plans landed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonHarness, type DaemonHarness } from './daemon-harness.ts';

let h: DaemonHarness;

beforeAll(async () => {
  h = await startDaemonHarness({ world: { blockIntervalMs: 1_000, seedKeeper: true } });
}, 300_000);

afterAll(async () => {
  await h?.stop();
});

const blocksFrom = async (start: number, n: number): Promise<void> => {
  while ((await h.provider.getBlockNumber()) < start + n) await new Promise((r) => setTimeout(r, 500));
};

describe('reconciliation over a daemon run with the depeg and slashing scenarios', () => {
  it('reconciles every tick of both vaults with 0 unexplained', async () => {
    const keeper = h.start('keeper-a', ['--log-level', 'debug']);
    await keeper.waitFor((l) => l.msg === 'book reconciled', 120_000);
    const start = await h.provider.getBlockNumber();
    h.world.market.inject({ kind: 'depeg', lrt: 'ezETH', bps: 800 });
    await blocksFrom(start, 5);
    h.world.market.inject({ kind: 'slash', avs: 'avs-a', operatorSetId: 1, operator: 'op-alpha', fraction: 0.2 });
    await blocksFrom(start, 50);
    h.world.market.inject({ kind: 'recover', lrt: 'ezETH' });
    await blocksFrom(start, 70);
    const end = await h.provider.getBlockNumber();
    keeper.child.kill('SIGTERM');
    await keeper.exited;

    const clean = keeper.lines.filter((l) => l.msg === 'book reconciled');
    const unexplained = keeper.lines.filter((l) => l.msg === 'book does not match the chain');
    const landed = [...(await h.intents('devnet-eoa')), ...(await h.intents('devnet-main'))].filter((i) => i.status === 'included');
    console.info(`RECONCILIATION blocks ${start}-${end}: ${clean.length} tick(s) reconciled clean, ${unexplained.length} with anything unexplained, ${landed.length} plan(s) landed`);
    for (const u of unexplained.slice(0, 5)) console.info(`UNEXPLAINED ${JSON.stringify(u)}`);
    expect(clean.length).toBeGreaterThan(20);
    expect(unexplained).toEqual([]);
  }, 600_000);
});
