import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { alertFor, formatAlert, startAlerts } from '../../../src/ops/alerts.ts';
import type { WebhookSender } from '../../../src/ops/webhook.ts';

function fakeWebhook(): WebhookSender & { messages: string[] } {
  const messages: string[] = [];
  return { messages, send: (m) => void messages.push(m), drain: async () => undefined, stats: () => ({ sent: messages.length, failed: 0, dropped: 0, queued: 0 }) };
}

function setup(windowMs = 60_000) {
  let now = 0;
  const bus = createKeeperEventBus();
  const hook = fakeWebhook();
  const alerter = startAlerts(bus, hook, createLogger({ level: 'silent' }), { windowMs, missedBlocks: 3, source: 'keeper-a' }, () => now);
  return { bus, hook, alerter, tick: (ms: number) => (now += ms) };
}

describe('alertFor', () => {
  it('ignores retried job attempts and the first missed blocks', () => {
    expect(alertFor('job.failed', { queue: 'execute', jobId: 'j', reason: 'x', attemptsMade: 1, final: false }, { missedBlocks: 3 })).toBeUndefined();
    expect(alertFor('bundle.missed', { vault: 'main', planId: 'p', targetBlock: 11, blocksMissed: 2, final: false }, { missedBlocks: 3 })).toBeUndefined();
    expect(alertFor('bundle.missed', { vault: 'main', planId: 'p', targetBlock: 12, blocksMissed: 3, final: false }, { missedBlocks: 3 })).toMatchObject({ key: 'bundle-missed:main', severity: 'warning' });
    expect(alertFor('bundle.missed', { vault: 'main', planId: 'p', targetBlock: 11, blocksMissed: 1, final: true }, { missedBlocks: 3 })).toMatchObject({ severity: 'critical' });
    expect(alertFor('vault.observed', { vault: 'main', block: 1, weightsBps: {}, netApy: {}, pendingRewardsWei: 0n, idleAssetsWei: 0n, totalAssetsWei: 0n }, { missedBlocks: 3 })).toBeUndefined();
  });

  it('builds keys from bounded parts only (no plan ids or messages)', () => {
    const a = alertFor('job.failed', { queue: 'execute', vault: 'main', jobId: 'main-123', reason: 'boom at https://x', attemptsMade: 5, final: true }, { missedBlocks: 3 });
    expect(a?.key).toBe('job-failed:execute:main');
  });
});

describe('formatAlert', () => {
  it('tags severity or resolution and names the source', () => {
    expect(formatAlert({ key: 'k', kind: 'fired', severity: 'critical', title: 't', text: 'x', suppressed: 0 }, 'keeper-a')).toBe('[CRITICAL] keeper-a: t\nx');
    expect(formatAlert({ key: 'k', kind: 'resolved', severity: 'info', title: 'resolved: t', text: 'x', suppressed: 0 }, 'k')).toMatch(/^\[RESOLVED\]/);
  });
});

describe('startAlerts', () => {
  it('pages once for a breaker that flaps, then sends the resolution with the count', async () => {
    const { bus, hook, alerter, tick } = setup();
    for (let i = 0; i < 5; i++) {
      bus.emit('breaker.tripped', { vault: 'main', breaker: 'DEPEG', reason: 'ezETH 3 % below rate' });
      tick(12_000);
    }
    expect(hook.messages).toHaveLength(1);
    expect(hook.messages[0]).toBe('[CRITICAL] keeper-a: breaker DEPEG tripped on main\nezETH 3 % below rate');
    bus.emit('breaker.reset', { vault: 'main', breaker: 'DEPEG' });
    expect(hook.messages).toHaveLength(2);
    expect(hook.messages[1]).toContain('[RESOLVED]');
    expect(hook.messages[1]).toContain('repeated 4 more times');
    await alerter.stop();
  });

  it('a bundle missing beyond N blocks alerts once; its inclusion resolves it', async () => {
    const { bus, hook, alerter } = setup();
    for (let b = 1; b <= 5; b++) bus.emit('bundle.missed', { vault: 'main', planId: 'p1', targetBlock: 100 + b, blocksMissed: b, final: false });
    expect(hook.messages).toHaveLength(1);
    expect(hook.messages[0]).toContain('3 target block(s) missed');
    bus.emit('bundle.included', { vault: 'main', planId: 'p1', block: 106, gasUsed: 1n, gasCostWei: 1n, blocksWaited: 6 });
    expect(hook.messages[1]).toMatch(/^\[RESOLVED\].*\nplan p1 included in block 106 \(repeated 2 more times/);
    await alerter.stop();
  });

  it('a refusal is not resolved by the hold the pipeline emits for the same block, but by a later plan', async () => {
    const { bus, hook, alerter } = setup();
    bus.emit('plan.refused', { vault: 'main', block: 10, reasonCode: 'STALE_DATA', reason: 'node behind' });
    bus.emit('plan.made', { vault: 'main', block: 10, kind: 'hold', reason: 'refused' });
    expect(hook.messages).toHaveLength(1);
    bus.emit('plan.refused', { vault: 'main', block: 11, reasonCode: 'STALE_DATA', reason: 'node behind' });
    bus.emit('plan.made', { vault: 'main', block: 11, kind: 'hold', reason: 'refused' });
    expect(hook.messages).toHaveLength(1);
    bus.emit('plan.made', { vault: 'main', block: 12, kind: 'rebalance', reason: 'weETH yields more' });
    expect(hook.messages).toHaveLength(2);
    expect(hook.messages[1]).toMatch(/^\[RESOLVED\] keeper-a: resolved: plan refused on main: STALE_DATA\nmain planned again at block 12/);
    await alerter.stop();
  });

  it('final job failures alert per queue and vault; a later success resolves', async () => {
    const { bus, hook, alerter } = setup();
    bus.emit('job.failed', { queue: 'execute', vault: 'main', jobId: 'p1', reason: 'nonce too low', attemptsMade: 5, final: true });
    bus.emit('job.failed', { queue: 'execute', vault: 'other', jobId: 'p2', reason: 'nonce too low', attemptsMade: 5, final: true });
    expect(hook.messages).toHaveLength(2);
    bus.emit('job.completed', { queue: 'execute', vault: 'main', jobId: 'p3', durationMs: 10 });
    bus.emit('job.completed', { queue: 'execute', vault: 'main', jobId: 'p4', durationMs: 10 });
    expect(hook.messages).toHaveLength(3);
    expect(hook.messages[2]).toContain('a later execute job succeeded');
    await alerter.stop();
  });

  it('stops listening after stop()', async () => {
    const { bus, hook, alerter } = setup();
    await alerter.stop();
    bus.emit('breaker.tripped', { vault: 'main', breaker: 'LOSS', reason: 'x' });
    expect(hook.messages).toHaveLength(0);
  });
});
