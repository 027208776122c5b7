/**
 * A broken cap group holding one LRT both restaked and liquid (ether.fi: weETH and restaked
 * weETH) is repaired by selling the liquid side first: an EigenLayer exit of the restaked side
 * would return the LRT into the liquid twin, inside the same group.
 */
import { describe, expect, it } from 'vitest';
import { allocationFromSnapshot } from '../../../src/domain/allocation.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { assessTargets } from '../../../src/risk/engine.ts';
import { liquidFirst } from '../../../src/risk/liquid-first.ts';
import { E, EZETH, LIMITS, NOW, OPERATOR, WEETH, WEETH_RESTAKED, estimate, observation, snapshot } from '../domain/fixtures.ts';

const SPECS: PositionSpec[] = [WEETH, WEETH_RESTAKED, EZETH];
const ETHERFI = { code: 'CAP_PROTOCOL' as const, key: 'etherfi', members: ['weETH', 'weETH-restaked'], capBps: 4000 };
const OPERATOR_GROUP = { code: 'CAP_OPERATOR' as const, key: OPERATOR, members: ['weETH-restaked'], capBps: 3000 };

describe('liquidFirst', () => {
  it('takes an ether.fi excess of 500 bps from liquid weETH: 700 → 200, restaked weETH stays at 3800', () => {
    expect(liquidFirst({ weETH: 700, 'weETH-restaked': 3800, ezETH: 4000 }, [ETHERFI], SPECS, new Set())).toEqual({ weETH: 200, 'weETH-restaked': 3800, ezETH: 4000 });
  });

  it('takes all of a 300 bps liquid side when the excess is 900 bps and leaves the other 600 bps to the proportional clamp', () => {
    expect(liquidFirst({ weETH: 300, 'weETH-restaked': 4600 }, [ETHERFI], SPECS, new Set())).toEqual({ weETH: 0, 'weETH-restaked': 4600 });
  });

  it('leaves groups whose restaked exits leave the group (an operator cap) and unsellable liquid positions to the proportional clamp', () => {
    expect(liquidFirst({ weETH: 700, 'weETH-restaked': 3800 }, [OPERATOR_GROUP], SPECS, new Set())).toEqual({ weETH: 700, 'weETH-restaked': 3800 });
    expect(liquidFirst({ weETH: 700, 'weETH-restaked': 3800 }, [ETHERFI], SPECS, new Set(['weETH']))).toEqual({ weETH: 700, 'weETH-restaked': 3800 });
  });
});

describe('risk engine: a protocol cap broken with both twins held', () => {
  it('repairs ether.fi at 4500 bps (cap 4000) by selling 500 bps of liquid weETH, not by queueing restaked weETH out of EigenLayer', () => {
    // 100 ETH: 15 idle, 7 weETH, 38 weETH restaked, 40 ezETH.
    const snap = snapshot(15n, [observation('weETH', 7n), observation('weETH-restaked', 38n, { liquidBalance: 0n, eigen: { depositShares: 38n * E, withdrawableShares: 38n * E, withdrawableUnderlying: 38n * E } }), observation('ezETH', 40n)], { delegatedTo: OPERATOR });
    const current = allocationFromSnapshot(snap);
    const verdict = assessTargets({
      targets: current.weights,
      current,
      snapshot: snap,
      estimates: [estimate('weETH', 0.03), estimate('weETH-restaked', 0.03), estimate('ezETH', 0.03)],
      specs: SPECS,
      limits: { ...LIMITS, maxWeightPerProtocolBps: 4000 },
      context: { now: NOW, turnoverUsedTodayBps: 0 },
    });
    expect(verdict.floor).toEqual({ weETH: 200, 'weETH-restaked': 3800, ezETH: 4000 });
    expect(verdict.mandatory).toBe(true);
    expect(verdict.forcedBy.map((f) => f.code)).toEqual(['CAP_PROTOCOL']);
    expect(verdict.forcedBy[0]?.observed).toBe(4500);
  });
});
