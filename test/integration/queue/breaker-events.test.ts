/**
 * The observe path's breaker events, through the real breaker state on a real Redis and the
 * real operations subscribers: two keeper processes (two Redis connections, two buses) that
 * decide the same block announce each transition once between them; a late tick of an older
 * block changes nothing; a stale-snapshot refusal does not reset what is open; a trip
 * pages once and its reset resolves the page; a trip is a WARN log line and a reset an INFO
 * line in plain words; a fresh start's short rate history trips nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RiskFinding } from '../../../src/domain/verdict.ts';
import type { VaultPlan } from '../../../src/keeper/tick.ts';
import { startAlerts } from '../../../src/ops/alerts.ts';
import type { WebhookSender } from '../../../src/ops/webhook.ts';
import { emitBreakerTransitions } from '../../../src/queue/breaker-events.ts';
import type { DaemonContext } from '../../../src/queue/context.ts';
import { createKeeperEventBus, type KeeperEventBus, type KeeperEventMap } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import type { YieldEstimate } from '../../../src/domain/estimate.ts';

const prefix = `rk-test-breaker-events-${randomUUID()}`;
const VAULT = 'devnet-main';
let redisA: Redis;
let redisB: Redis;

beforeAll(() => {
  redisA = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  redisB = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redisA.keys(`${prefix}*`);
  if (keys.length > 0) await redisA.del(...keys);
  redisA.disconnect();
  redisB.disconnect();
});

type Seen = { event: 'breaker.tripped'; payload: KeeperEventMap['breaker.tripped'] } | { event: 'breaker.reset'; payload: KeeperEventMap['breaker.reset'] };

/** One keeper process: its own Redis connection and bus, recording the breaker events in `seen` (shared, in time order). */
function processWith(redis: Redis, seen: Seen[] = [], lines: { level: number; msg: string }[] = []): { ctx: Pick<DaemonContext, 'redis' | 'config' | 'logger'> & { events: KeeperEventBus }; seen: Seen[] } {
  const events = createKeeperEventBus();
  events.on('breaker.tripped', (payload) => seen.push({ event: 'breaker.tripped', payload }));
  events.on('breaker.reset', (payload) => seen.push({ event: 'breaker.reset', payload }));
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) } });
  return { ctx: { redis, config: { queue: { prefix } } as DaemonContext['config'], events, logger }, seen };
}

/**
 * An accepted observation at `block` whose verdict carries `findings` (only what the emission
 * reads); `fresh` lists the positions whose rate estimate is fresh at that block.
 */
function decided(block: number, findings: readonly RiskFinding[], fresh: readonly string[] = []): VaultPlan {
  const estimates = fresh.map((positionId) => ({ positionId, stale: false }) as YieldEstimate);
  return { observation: { snapshot: { block } }, decision: { verdict: { findings } }, estimates } as unknown as VaultPlan;
}

const depeg: RiskFinding = { code: 'DEPEG', positionId: 'weETH', observed: -310, limit: 100, action: 'exit', message: 'weETH: DEX price -310 bps from the protocol rate (limit ±100), exiting' };
const stale: RiskFinding = { code: 'STALE_DATA', positionId: 'ezETH', observed: 0, limit: 600, action: 'clamped', message: 'ezETH: rate estimate missing or stale, left as it is' };
const cap: RiskFinding = { code: 'CAP_POSITION', positionId: 'rsETH', observed: 4000, limit: 3000, action: 'clamped', message: 'rsETH: capped' };

describe('breaker events of the observe path', () => {
  it('are emitted once across two processes, never by a late older block, and not reset by a stale snapshot', async () => {
    const seen: Seen[] = [];
    const a = processWith(redisA, seen);
    const b = processWith(redisB, seen);
    const all = (): Seen[] => seen;

    // Block 119: ezETH's rate estimate is fresh (so its stale data later is a real breaker).
    await emitBreakerTransitions(a.ctx, VAULT, decided(119, [], ['ezETH']));
    // Both processes decide block 120 (two ticks read the same head).
    await Promise.all([emitBreakerTransitions(a.ctx, VAULT, decided(120, [depeg, stale, cap])), emitBreakerTransitions(b.ctx, VAULT, decided(120, [depeg, stale, cap]))]);
    expect(all().sort((x, y) => x.payload.breaker.localeCompare(y.payload.breaker))).toEqual([
      { event: 'breaker.tripped', payload: { vault: VAULT, breaker: 'DEPEG:weETH', reason: depeg.message } },
      { event: 'breaker.tripped', payload: { vault: VAULT, breaker: 'STALE_DATA:ezETH', reason: stale.message } },
    ]);
    seen.length = 0;

    // Block 122 (process b): the rate data is fresh again.
    expect((await emitBreakerTransitions(b.ctx, VAULT, decided(122, [depeg])))?.reset).toEqual(['STALE_DATA:ezETH']);
    // Block 121 (process a) finishes late: it still saw stale data, and no depeg. Ignored.
    expect((await emitBreakerTransitions(a.ctx, VAULT, decided(121, [stale])))?.applied).toBe(false);
    expect(all()).toEqual([{ event: 'breaker.reset', payload: { vault: VAULT, breaker: 'STALE_DATA:ezETH' } }]);

    // Block 123: the snapshot itself is stale, the position breakers did not run: nothing resets.
    const refused: RiskFinding = { code: 'STALE_DATA', observed: 900, limit: 600, action: 'refused', message: 'snapshot is 900s old (limit 600s)' };
    expect(await emitBreakerTransitions(a.ctx, VAULT, decided(123, [refused]))).toBeUndefined();
    expect(all()).toHaveLength(1);

    // Block 124: the depeg is over.
    await emitBreakerTransitions(a.ctx, VAULT, decided(124, [cap]));
    expect(all()).toEqual([
      { event: 'breaker.reset', payload: { vault: VAULT, breaker: 'STALE_DATA:ezETH' } },
      { event: 'breaker.reset', payload: { vault: VAULT, breaker: 'DEPEG:weETH' } },
    ]);
  });

  it('log a trip at WARN and a reset at INFO, in plain words with the reason and how long it lasted', async () => {
    const lines: { level: number; msg: string }[] = [];
    const a = processWith(redisA, [], lines);
    await emitBreakerTransitions(a.ctx, 'vault-logs', decided(300, [depeg]));
    await emitBreakerTransitions(a.ctx, 'vault-logs', decided(301, [depeg]));
    await emitBreakerTransitions(a.ctx, 'vault-logs', decided(310, []));
    const said = lines.filter((l) => l.msg.startsWith('breaker '));
    expect(said).toEqual([
      expect.objectContaining({ level: 40, msg: `breaker DEPEG:weETH tripped on vault-logs at block 300: ${depeg.message}` }),
      expect.objectContaining({ level: 30, msg: 'breaker DEPEG:weETH reset on vault-logs at block 310: no longer seen (open since block 300, 10 blocks)' }),
    ]);
  });

  it('do not trip STALE_DATA for a position never seen with fresh rate data (a fresh start), but do once it was', async () => {
    const seen: Seen[] = [];
    const a = processWith(redisA, seen);
    const b = processWith(redisB, seen);
    const staleWeETH: RiskFinding = { ...stale, positionId: 'weETH', message: 'weETH: rate estimate missing or stale, left as it is' };
    // Fresh start: both positions' histories are too short for an estimate.
    expect((await emitBreakerTransitions(a.ctx, 'vault-fresh', decided(1, [stale, staleWeETH])))?.tripped).toEqual([]);
    // Block 2: weETH has its estimate; ezETH is still warming up.
    expect((await emitBreakerTransitions(b.ctx, 'vault-fresh', decided(2, [stale], ['weETH'])))?.tripped).toEqual([]);
    // Block 3: weETH goes stale (it was fresh before, in the other process): a real breaker. ezETH still not.
    expect((await emitBreakerTransitions(a.ctx, 'vault-fresh', decided(3, [stale, staleWeETH])))?.tripped).toEqual(['STALE_DATA:weETH']);
    // A depeg of a warming position is a breaker all the same.
    const depegEz: RiskFinding = { ...depeg, positionId: 'ezETH', message: 'ezETH: DEX price -310 bps' };
    expect((await emitBreakerTransitions(b.ctx, 'vault-fresh', decided(4, [stale, staleWeETH, depegEz])))?.tripped).toEqual(['DEPEG:ezETH']);
    expect(seen.map((x) => `${x.event} ${x.payload.breaker}`)).toEqual(['breaker.tripped STALE_DATA:weETH', 'breaker.tripped DEPEG:ezETH']);
  });

  it('publish the open set from whichever process applied a newer block, for the gauges', async () => {
    const states: KeeperEventMap['breaker.state'][] = [];
    const a = processWith(redisA);
    a.ctx.events.on('breaker.state', (e) => states.push(e));
    await emitBreakerTransitions(a.ctx, 'vault-state', decided(200, [depeg, cap]));
    await emitBreakerTransitions(a.ctx, 'vault-state', decided(199, [stale]));
    await emitBreakerTransitions(a.ctx, 'vault-state', decided(201, []));
    expect(states).toEqual([
      { vault: 'vault-state', open: ['DEPEG:weETH'] },
      { vault: 'vault-state', open: [] },
    ]);
  });

  it('page once on a trip and resolve on the reset through the alert subscriber', async () => {
    const sent: string[] = [];
    const hook: WebhookSender = { send: (m) => void sent.push(m), drain: async () => undefined, stats: () => ({ sent: 0, failed: 0, dropped: 0, queued: 0 }) };
    const a = processWith(redisA);
    const alerter = startAlerts(a.ctx.events, hook, createLogger({ level: 'silent' }), { source: 'keeper-a' }, () => 1_000);
    try {
      await emitBreakerTransitions(a.ctx, 'vault-alerts', decided(10, [depeg]));
      await emitBreakerTransitions(a.ctx, 'vault-alerts', decided(11, [depeg]));
      await emitBreakerTransitions(a.ctx, 'vault-alerts', decided(12, []));
    } finally {
      await alerter.stop();
    }
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(`[CRITICAL] keeper-a: breaker DEPEG:weETH tripped on vault-alerts\n${depeg.message}`);
    expect(sent[1]).toBe('[RESOLVED] keeper-a: resolved: breaker DEPEG:weETH tripped on vault-alerts\nbreaker DEPEG:weETH reset');
  });
});
