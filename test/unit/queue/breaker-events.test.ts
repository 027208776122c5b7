import { describe, expect, it } from 'vitest';
import type { RiskFinding } from '../../../src/domain/verdict.ts';
import { openBreakers } from '../../../src/queue/breaker-events.ts';
import { BREAKER_CODES } from '../../../src/risk/breakers.ts';

const f = (code: RiskFinding['code'], positionId: string | undefined, message: string, action: RiskFinding['action'] = 'clamped'): RiskFinding => ({ code, ...(positionId === undefined ? {} : { positionId }), observed: 1, limit: 0, action, message });

describe('openBreakers', () => {
  it('names each per-position breaker code:position and leaves caps, turnover and base fee out', () => {
    const open = openBreakers([
      f('CAP_POSITION', 'weETH', 'weETH: capped at 3000 bps'),
      f('DEPEG', 'weETH', 'weETH: DEX price -310 bps from the protocol rate', 'exit'),
      f('STALE_DATA', 'ezETH', 'ezETH: rate estimate missing or stale'),
      f('RATE_JUMP', 'rsETH', 'rsETH: newest rate 80 bps off its trend'),
      f('SLASHED_OPERATOR', 'ezETH-restaked', 'ezETH-restaked: operator slashed 1 time(s)', 'exit'),
      f('DELEGATION_CONFLICT', 'pufETH-restaked', 'pufETH-restaked: vault is delegated elsewhere'),
      f('TURNOVER', undefined, 'move of 12000 bps'),
      f('BASE_FEE', undefined, 'base fee 90 gwei', 'refused'),
      f('UNKNOWN_POSITION', 'XYZ', 'XYZ: not a configured position'),
    ]);
    expect(open).toEqual([
      { breaker: 'DEPEG:weETH', reason: 'weETH: DEX price -310 bps from the protocol rate' },
      { breaker: 'STALE_DATA:ezETH', reason: 'ezETH: rate estimate missing or stale' },
      { breaker: 'RATE_JUMP:rsETH', reason: 'rsETH: newest rate 80 bps off its trend' },
      { breaker: 'SLASHED_OPERATOR:ezETH-restaked', reason: 'ezETH-restaked: operator slashed 1 time(s)' },
      { breaker: 'DELEGATION_CONFLICT:pufETH-restaked', reason: 'pufETH-restaked: vault is delegated elsewhere' },
    ]);
    expect([...BREAKER_CODES].sort()).toEqual(['DELEGATION_CONFLICT', 'DEPEG', 'RATE_JUMP', 'SLASHED_OPERATOR', 'STALE_DATA']);
  });

  it('is one breaker per name, with the messages joined, and empty when nothing is open', () => {
    expect(openBreakers([f('STALE_DATA', 'weETH', 'a'), f('STALE_DATA', 'weETH', 'b')])).toEqual([{ breaker: 'STALE_DATA:weETH', reason: 'a; b' }]);
    expect(openBreakers([f('CAP_PROTOCOL', 'weETH', 'capped')])).toEqual([]);
  });

  it('says nothing when the engine refused before running the position breakers (stale snapshot)', () => {
    expect(openBreakers([f('STALE_DATA', undefined, 'snapshot is 900s old (limit 600s)', 'refused')])).toBeUndefined();
  });
});
