/**
 * The idle-cash clock (src/risk/idle-wait.ts): cash waiting above the idle buffer, beyond the
 * room a strategy keeps on purpose, starts a clock that runs until none waits.
 */
import { describe, expect, it } from 'vitest';
import { idleCashWaiting, keptRoomBps, trackIdleWait } from '../../../src/risk/idle-wait.ts';
import { LIMITS, observation, snapshot } from '../domain/fixtures.ts';

describe('keptRoomBps', () => {
  it('is the rounding plus 14 days of drift at 20 % of the buffer and the queued value, or the cap margin when more', () => {
    // 2 + ceil(500 × 0.2 × 14 / 365) = 2 + ceil(3.84) = 6
    expect(keptRoomBps(0, 500, 0)).toBe(6);
    // 2 + ceil(3500 × 0.2 × 14 / 365) = 2 + ceil(26.85) = 29
    expect(keptRoomBps(3000, 500, 0)).toBe(29);
    expect(keptRoomBps(0, 200, 25)).toBe(25);
  });
});

describe('idleCashWaiting', () => {
  it('is false on the buffer and its kept room (506 bps of a 500 bps minimum), true one bp beyond', () => {
    expect(idleCashWaiting(snapshot(506n, [observation('weETH', 9_494n)]), LIMITS)).toBe(false);
    expect(idleCashWaiting(snapshot(507n, [observation('weETH', 9_493n)]), LIMITS)).toBe(true);
  });

  it('counts a cap margin as kept room: 525 bps with a 25 bps margin over 500 is not waiting, 526 is', () => {
    expect(idleCashWaiting(snapshot(525n, [observation('weETH', 9_475n)]), { ...LIMITS, capMarginBps: 25 })).toBe(false);
    expect(idleCashWaiting(snapshot(526n, [observation('weETH', 9_474n)]), { ...LIMITS, capMarginBps: 25 })).toBe(true);
  });

  it('is false for an empty vault', () => {
    expect(idleCashWaiting(snapshot(0n, []), LIMITS)).toBe(false);
  });
});

describe('trackIdleWait', () => {
  it('keeps the first time cash was seen waiting, and stops when none waits', () => {
    expect(trackIdleWait(undefined, true, 1_000)).toBe(1_000);
    expect(trackIdleWait(1_000, true, 1_060)).toBe(1_000);
    expect(trackIdleWait(1_000, false, 1_060)).toBeUndefined();
    expect(trackIdleWait(undefined, false, 1_060)).toBeUndefined();
  });
});
