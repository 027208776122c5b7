/**
 * A seeded pseudo-random generator (mulberry32), so that a run with inclusion probability
 * below 1 picks the same bundles every time it is replayed with the same seed.
 *
 * @example
 *   const next = seededRandom(42);
 *   next(); // 0 <= x < 1, the same sequence for seed 42 on every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
