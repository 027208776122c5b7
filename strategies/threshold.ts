/**
 * Threshold: fixed target ratios, rebalanced only when a weight drifts more than
 * minChangeBps from its target, and not again within cooldownSeconds of the last rebalance
 * (the shape of Yearn V3's debt allocator: targets plus a minimum change and a cooldown).
 */
import { z } from 'zod';
import { BPS } from '../src/domain/units.ts';
import { defineStrategy } from './types.ts';
import { currentAsTarget } from './lib/eligibility.ts';

const paramsSchema = z
  .strictObject({
    /** bps per position id; the rest is idle. */
    targets: z.record(z.string(), z.number().int().min(0).max(BPS)),
    minChangeBps: z.number().int().min(0).max(BPS).default(100),
    cooldownSeconds: z.number().int().min(0).default(86_400),
  })
  .refine((p) => Object.values(p.targets).reduce((s, w) => s + w, 0) <= BPS, {
    message: 'targets must sum to at most 10000 bps',
    path: ['targets'],
  });

export const threshold = defineStrategy({
  name: 'threshold',
  description: 'Configured target ratios; act when a weight drifts by more than minChangeBps, at most once per cooldown.',
  paramsSchema,
  decide(input, params) {
    const now = input.snapshot.timestamp;
    if (input.lastRebalanceAt !== undefined && now - input.lastRebalanceAt < params.cooldownSeconds) {
      return currentAsTarget(input, `threshold: cooldown, last rebalance ${now - input.lastRebalanceAt}s ago < ${params.cooldownSeconds}s`);
    }
    const ids = new Set([...Object.keys(params.targets), ...Object.keys(input.current.weights)]);
    let worst = { id: '', drift: 0 };
    for (const id of ids) {
      const drift = Math.abs((input.current.weights[id] ?? 0) - (params.targets[id] ?? 0));
      if (drift > worst.drift) worst = { id, drift };
    }
    if (worst.drift <= params.minChangeBps) {
      return currentAsTarget(input, `threshold: largest drift ${worst.drift} bps <= ${params.minChangeBps} bps`);
    }
    return {
      weights: { ...params.targets },
      rationale: [`threshold: ${worst.id} drifted ${worst.drift} bps > ${params.minChangeBps} bps, back to targets`],
    };
  },
});

export default threshold;
