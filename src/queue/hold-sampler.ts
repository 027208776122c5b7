/**
 * Which "hold" decisions go to the audit log. Every tick of every vault decides, and most
 * decide to hold for the same reason as the tick before; writing each (a few KB with the
 * snapshot and estimates) would cost 1,000 vaults × 7,200 blocks a day of Redis memory for
 * nothing new. A hold is recorded when its reason changed since the last recorded hold of
 * the vault, and otherwise once every `everyBlocks` blocks as a heartbeat. Every decision
 * that acts (or is refused, busy, stale, paused, over a limit) is always recorded.
 *
 * The memory is per process: with several processes a vault's heartbeat can appear a little
 * more often, never less.
 */

export interface HoldSampler {
  /** True when this hold should be written to the audit log (and remembers it). */
  record(vault: string, reason: string, block: number): boolean;
}

/** @example const sampler = createHoldSampler(50); sampler.record('main', 'no gain', 100) // true; (…, 101) // false */
export function createHoldSampler(everyBlocks: number): HoldSampler {
  const last = new Map<string, { reason: string; block: number }>();
  return {
    record(vault, reason, block) {
      const prev = last.get(vault);
      if (everyBlocks > 1 && prev !== undefined && prev.reason === reason && block - prev.block < everyBlocks && block >= prev.block) return false;
      last.set(vault, { reason, block });
      return true;
    },
  };
}
