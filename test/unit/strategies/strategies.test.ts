import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { riskAdjustedYield } from '../../../strategies/risk-adjusted-yield.ts';
import { idleHeadroomBps } from '../../../src/risk/idle-buffer.ts';
import { equalWeight } from '../../../strategies/equal-weight.ts';
import { threshold } from '../../../strategies/threshold.ts';
import { hold } from '../../../strategies/hold.ts';
import type { StrategyInput } from '../../../strategies/types.ts';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import { brokenGroups, capGroups } from '../../../src/risk/cap-groups.ts';
import type { PositionSpec, ProtocolId } from '../../../src/domain/types.ts';
import { buyCost } from '../../../strategies/lib/switching-costs.ts';
import { EZETH, LIMITS, NOW, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

function input(idle: bigint, values: Record<string, bigint>, apys: Record<string, number>, extra: Partial<StrategyInput> = {}): StrategyInput {
  const snap = snapshot(idle, Object.entries(values).map(([id, v]) => observation(id, v)));
  return {
    snapshot: snap,
    estimates: Object.entries(apys).map(([id, a]) => estimate(id, a)),
    current: allocationFromSnapshot(snap),
    limits: LIMITS,
    specs: [WEETH, EZETH, WEETH_RESTAKED],
    ...extra,
  };
}

describe('risk-adjusted-yield', () => {
  const params = riskAdjustedYield.paramsSchema.parse({});

  it('fills the best score up to its caps, then the next', () => {
    // weETH 3.0 %, ezETH 3.6 %, restaked weETH 4.2 % − 0.1 % tier-2 penalty.
    const out = riskAdjustedYield.decide(input(100n, { weETH: 0n, ezETH: 0n, 'weETH-restaked': 0n }, { weETH: 0.03, ezETH: 0.036, 'weETH-restaked': 0.042 }), params);
    // restaked: operator/AVS cap 5000; ezETH: position cap 6000 → idle buffer (with
    // 2 + ceil(500 × 4.2 % × 14 / 365) = 3 bps headroom for drift) leaves 9497 − 5000 = 4497;
    // weETH gets nothing (budget used).
    expect(out.weights).toEqual({ 'weETH-restaked': 5000, ezETH: 4497, weETH: 0 });
    expect(out.rationale.join('\n')).toMatch(/weETH-restaked: 5000 bps \(bound by CAP_OPERATOR/);
  });

  it('gives nothing to positions at or below the idle yield and to stale ones', () => {
    const base = input(100n, { weETH: 0n, ezETH: 0n, 'weETH-restaked': 0n }, { weETH: 0.01, ezETH: 0.036, 'weETH-restaked': 0.05 });
    const stale = { ...base, estimates: base.estimates.map((e) => (e.positionId === 'weETH-restaked' ? { ...e, stale: true } : e)) };
    const out = riskAdjustedYield.decide(stale, riskAdjustedYield.paramsSchema.parse({ idleApy: 0.02 }));
    expect(out.weights).toEqual({ ezETH: 6000 });
    expect(out.rationale.join('\n')).toMatch(/weETH-restaked: no fresh estimate/);
  });

  it('makes only the switches that beat their cost × safetyMultiple over the horizon', () => {
    // 95 ETH weETH (3.0 %, idle at its 5 % buffer) could move to ezETH: selling on the DEX costs ≥ 30 bps, so +0.6 %/yr
    // over 30 days (0.05 %) does not pay 2 × the cost, while +8 %/yr (0.66 %) does.
    const roomy = { limits: { ...LIMITS, maxWeightPerPositionBps: 10_000, maxWeightPerProtocolBps: 10_000 } };
    const small = riskAdjustedYield.decide(input(5n, { weETH: 95n, ezETH: 0n }, { weETH: 0.03, ezETH: 0.036 }, roomy), params);
    expect(small.weights.weETH).toBe(9500);
    expect(small.weights.ezETH ?? 0).toBe(0);
    const large = riskAdjustedYield.decide(input(5n, { weETH: 95n, ezETH: 0n }, { weETH: 0.03, ezETH: 0.11 }, roomy), params);
    expect(large.weights.weETH).toBeLessThan(9500);
    expect(large.weights.ezETH).toBeGreaterThan(0);
  });

  it('property: respects every cap and is optimal against brute force on a 1000-bps grid', () => {
    const protocols: ProtocolId[] = ['etherfi', 'renzo', 'kelp'];
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 3 }),
      apys: fc.array(fc.double({ min: -0.02, max: 0.08, noNaN: true }), { minLength: 3, maxLength: 3 }),
      protos: fc.array(fc.constantFrom(...protocols), { minLength: 3, maxLength: 3 }),
      restaked: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      caps: fc.array(fc.integer({ min: 0, max: 10 }).map((x) => x * 1000), { minLength: 5, maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ n, apys, protos, restaked, caps }) => {
        const specs: PositionSpec[] = Array.from({ length: n }, (_, i) => ({
          ...(restaked[i] ? WEETH_RESTAKED : WEETH),
          id: `p${i}`,
          protocol: protos[i]!,
          riskTier: 1,
        }));
        const limits = {
          ...LIMITS,
          maxWeightPerPositionBps: caps[0]!,
          maxWeightPerProtocolBps: caps[1]!,
          maxWeightPerOperatorBps: caps[2]!,
          maxWeightPerAvsBps: caps[3]!,
          minIdleBps: caps[4]!,
        };
        const snap = snapshot(100n, specs.map((s) => observation(s.id, 0n)));
        const inp: StrategyInput = {
          snapshot: snap,
          estimates: specs.map((s, i) => estimate(s.id, apys[i]!)),
          current: allocationFromSnapshot(snap),
          limits,
          specs,
        };
        const out = riskAdjustedYield.decide(inp, params);
        // The strategy keeps some headroom in the idle buffer (drift and rounding).
        const h = idleHeadroomBps(0, limits.minIdleBps, Math.max(0, ...apys.slice(0, n)));
        const groups = capGroups(specs, limits, 0).map((g) => (g.code === 'IDLE_BUFFER' ? { ...g, capBps: Math.max(0, g.capBps - h) } : g));
        if (brokenGroups(groups, out.weights).length > 0) return false;
        // Caps are multiples of 1000 bps (the idle budget h bps less) and the groups form two
        // laminar families (a totally unimodular system), so the LP optimum is a vertex whose
        // coordinates are sums and differences of caps: on the 1000-bps grid, shifted by ±h.
        // From an all-idle vault only buys happen: each bps earns score × H and costs
        // safetyMultiple × the buy cost; a position scoring ≤ 0 is never bought. A buy from idle
        // cash is priced as one deposit of the cash above the buffer and its headroom, as the
        // strategy prices it (without that cash the oracle priced a smaller trade's gas, and a
        // restaked position earning 0.1 % read as not worth buying).
        const cashNowWei = (inp.current.totalWei * BigInt(Math.max(0, 10_000 - limits.minIdleBps - h))) / 10_000n;
        const ctx = { snapshot: snap, totalWei: inp.current.totalWei, opportunityApy: Math.max(0, ...apys.slice(0, n)), maxSlippageBpsPerSwap: limits.maxSlippageBpsPerSwap, maxTurnoverPerDayBps: limits.maxTurnoverPerDayBps, safetyMultiple: limits.minNetGain.safetyMultiple, cashNowWei };
        const perBps = specs.map((sp, i) => (apys[i]! > 0 ? apys[i]! * (30 / 365) - 2 * buyCost(sp, ctx) : Number.NEGATIVE_INFINITY));
        const value = (w: Record<string, number>) => specs.reduce((s, sp, i) => s + ((w[sp.id] ?? 0) === 0 ? 0 : (w[sp.id] ?? 0) * perBps[i]!), 0);
        let best = 0;
        const grid = (i: number, w: Record<string, number>): void => {
          if (i === n) {
            if (brokenGroups(groups, w).length === 0) best = Math.max(best, value(w));
            return;
          }
          for (let x = 0; x <= 10_000; x += 1000) for (const d of [-h, 0, h]) if (x + d >= 0) grid(i + 1, { ...w, [`p${i}`]: x + d });
        };
        grid(0, {});
        return Math.abs(value(out.weights) - best) < 1e-9;
      }),
      { numRuns: 100 },
    );
  });
});

describe('equal-weight', () => {
  it('splits equally and lets capped groups freeze', () => {
    const params = equalWeight.paramsSchema.parse({});
    const out = equalWeight.decide(input(100n, { weETH: 0n, ezETH: 0n, 'weETH-restaked': 0n }, { weETH: 0.03, ezETH: 0.036, 'weETH-restaked': 0.042 }), params);
    // 9500 / 3 = 3166 each: within every cap (protocol etherfi 6332 <= 8000).
    expect(out.weights).toEqual({ weETH: 3166, ezETH: 3166, 'weETH-restaked': 3166 });
    const tight = equalWeight.decide(
      { ...input(100n, { weETH: 0n, ezETH: 0n, 'weETH-restaked': 0n }, { weETH: 0.03, ezETH: 0.036, 'weETH-restaked': 0.042 }), limits: { ...LIMITS, maxWeightPerProtocolBps: 4000 } },
      params,
    );
    // etherfi pair frozen at 2000 each; ezETH continues to its position cap... 4000 by protocol cap.
    expect(tight.weights).toEqual({ weETH: 2000, ezETH: 4000, 'weETH-restaked': 2000 });
  });
});

describe('threshold', () => {
  const params = threshold.paramsSchema.parse({ targets: { weETH: 5000, ezETH: 4000 }, minChangeBps: 200, cooldownSeconds: 3600 });

  it('acts only on drift beyond minChangeBps', () => {
    const near = threshold.decide(input(10n, { weETH: 51n, ezETH: 39n }, {}), params);
    expect(near.weights).toEqual({ weETH: 5100, ezETH: 3900 });
    const far = threshold.decide(input(10n, { weETH: 55n, ezETH: 35n }, {}), params);
    expect(far.weights).toEqual({ weETH: 5000, ezETH: 4000 });
    expect(far.rationale[0]).toMatch(/drifted 500 bps/);
  });

  it('waits out the cooldown', () => {
    const out = threshold.decide(input(10n, { weETH: 55n, ezETH: 35n }, {}, { lastRebalanceAt: NOW - 600 }), params);
    expect(out.weights).toEqual({ weETH: 5500, ezETH: 3500 });
    expect(out.rationale[0]).toMatch(/cooldown/);
  });

  it('rejects targets above 100 %', () => {
    expect(threshold.paramsSchema.safeParse({ targets: { a: 6000, b: 5000 } }).success).toBe(false);
  });
});

describe('hold', () => {
  it('returns the current weights', () => {
    expect(hold.decide(input(10n, { weETH: 55n, ezETH: 35n }, {}), {}).weights).toEqual({ weETH: 5500, ezETH: 3500 });
  });
});
