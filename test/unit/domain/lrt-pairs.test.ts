import { describe, expect, it } from 'vitest';
import { liquidTwin, liquidTwins, restakedTwins } from '../../../src/domain/lrt-pairs.ts';
import type { LrtSymbol, PositionSpec } from '../../../src/domain/types.ts';

const EIGEN = { strategy: '0x00000000000000000000000000000000000000c1', operator: '0x00000000000000000000000000000000000000f1', operatorSets: [] } as const;
const liquid = (id: string, symbol: LrtSymbol, token: string): PositionSpec => ({ id, symbol, protocol: 'etherfi', token: token as PositionSpec['token'], exits: {}, riskTier: 1 });
const restaked = (id: string, symbol: LrtSymbol, token: string): PositionSpec => ({ ...liquid(id, symbol, token), eigen: EIGEN });

const WEETH = liquid('weETH', 'weETH', '0x00000000000000000000000000000000000000e1');
// The same token in a checksummed spelling: addresses compare case-insensitively.
const WEETH_RESTAKED = restaked('weETH-restaked', 'weETH', '0x00000000000000000000000000000000000000E1');
const WEETH_RESTAKED_B = restaked('weETH-restaked-b', 'weETH', '0x00000000000000000000000000000000000000e1');
// Same symbol, another token: not the same LRT.
const WEETH_OTHER_TOKEN = liquid('weETH-bridged', 'weETH', '0x00000000000000000000000000000000000000e9');
// Same token, another symbol: not paired either (both must agree).
const WEETH_OTHER_SYMBOL = liquid('rsETH-lookalike', 'rsETH', '0x00000000000000000000000000000000000000e1');
const EZETH = liquid('ezETH', 'ezETH', '0x00000000000000000000000000000000000000e2');
const EZETH_RESTAKED = restaked('ezETH-restaked', 'ezETH', '0x00000000000000000000000000000000000000e2');

const SPECS = [WEETH_OTHER_TOKEN, WEETH_OTHER_SYMBOL, WEETH_RESTAKED, EZETH, WEETH, EZETH_RESTAKED, WEETH_RESTAKED_B];

describe('LRT pairs', () => {
  it('pairs a restaked position with the liquid position of the same symbol and token only', () => {
    expect(liquidTwins(SPECS, WEETH_RESTAKED).map((s) => s.id)).toEqual(['weETH']);
    expect(liquidTwin(SPECS, WEETH_RESTAKED)?.id).toBe('weETH');
    expect(liquidTwin(SPECS, EZETH_RESTAKED)?.id).toBe('ezETH');
  });

  it('gives every restaked position of a liquid one, in spec order', () => {
    expect(restakedTwins(SPECS, WEETH).map((s) => s.id)).toEqual(['weETH-restaked', 'weETH-restaked-b']);
    expect(restakedTwins(SPECS, EZETH).map((s) => s.id)).toEqual(['ezETH-restaked']);
    expect(restakedTwins(SPECS, WEETH_OTHER_TOKEN)).toEqual([]);
  });

  it('takes the first liquid position when the LRT is held liquid twice', () => {
    const second = liquid('weETH-2', 'weETH', '0x00000000000000000000000000000000000000e1');
    expect(liquidTwins([second, WEETH, WEETH_RESTAKED], WEETH_RESTAKED).map((s) => s.id)).toEqual(['weETH-2', 'weETH']);
    expect(liquidTwin([second, WEETH, WEETH_RESTAKED], WEETH_RESTAKED)?.id).toBe('weETH-2');
  });

  it('has no twin across the same kind or without a liquid position', () => {
    expect(liquidTwins(SPECS, WEETH)).toEqual([]);
    expect(restakedTwins(SPECS, WEETH_RESTAKED)).toEqual([]);
    expect(liquidTwin([WEETH_RESTAKED, EZETH], WEETH_RESTAKED)).toBeUndefined();
  });
});
