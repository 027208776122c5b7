import { describe, expect, it } from 'vitest';
import { createKeeperEventBus, subscribeAll, type KeeperEventMap } from '../../../src/telemetry/keeper-events.ts';

const refused: KeeperEventMap['plan.refused'] = { vault: 'main', block: 7, reasonCode: 'DEPEG', reason: 'depeg' };

describe('keeper event bus', () => {
  it('delivers payloads to listeners and stops after off', () => {
    const bus = createKeeperEventBus();
    const seen: string[] = [];
    const listener = (e: KeeperEventMap['plan.refused']) => seen.push(e.reasonCode);
    bus.on('plan.refused', listener);
    bus.emit('plan.refused', refused);
    bus.off('plan.refused', listener);
    bus.emit('plan.refused', refused);
    expect(seen).toEqual(['DEPEG']);
  });

  it('keeps a throwing listener from breaking the emitter or the other listeners', () => {
    const errors: string[] = [];
    const bus = createKeeperEventBus((_err, event) => errors.push(event));
    const seen: number[] = [];
    bus.on('plan.refused', () => {
      throw new Error('metrics bug');
    });
    bus.on('plan.refused', (e) => seen.push(e.block ?? -1));
    expect(() => bus.emit('plan.refused', refused)).not.toThrow();
    expect(seen).toEqual([7]);
    expect(errors).toEqual(['plan.refused']);
  });

  it('subscribeAll returns a function that removes every listener it added', () => {
    const bus = createKeeperEventBus();
    let count = 0;
    const detach = subscribeAll(bus, { 'plan.refused': () => void (count += 1), 'plan.made': () => void (count += 10) });
    bus.emit('plan.refused', refused);
    bus.emit('plan.made', { vault: 'main', block: 8, kind: 'hold', reason: 'nothing to do' });
    detach();
    bus.emit('plan.refused', refused);
    expect(count).toBe(11);
  });
});
