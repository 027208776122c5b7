/**
 * Synthetic rate histories for the estimator tests: exact, stepped (oracle or stored-price
 * updates) and noisy (a daily yield that wanders), from a seeded generator so every run sees
 * the same numbers.
 */
import type { RateSample } from '../../../src/domain/estimate.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';

export const HOUR = 3_600;
export const DAY = 86_400;

/** Deterministic uniform generator in [0, 1): the devnet relay's seeded mulberry32. */
export { seededRandom as prng } from '../../../src/devnet/relay/rng.ts';

/** Standard normal from a uniform generator (Box-Muller). */
export function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/**
 * A rate read every `sampleSeconds` from 0 to `endSeconds`, growing at apyAt(t), published only
 * every `updateSeconds` (0: continuous), each day's yield off by `dailyNoiseApy` (one standard
 * deviation, annualised) when a generator is given.
 */
export function rateSeries(opts: {
  readonly endSeconds: number;
  readonly sampleSeconds: number;
  readonly apyAt: (t: number) => number;
  readonly updateSeconds?: number;
  readonly dailyNoiseApy?: number;
  readonly rnd?: () => number;
}): RateSample[] {
  const out: RateSample[] = [];
  let logRate = Math.log(1.02);
  let dayNoise = 0;
  let published = logRate;
  for (let t = 0; t <= opts.endSeconds; t += opts.sampleSeconds) {
    if (t > 0) {
      if (opts.rnd !== undefined && t % DAY < opts.sampleSeconds) dayNoise = gaussian(opts.rnd) * (opts.dailyNoiseApy ?? 0);
      logRate += apyToPerSecond(opts.apyAt(t)) * opts.sampleSeconds + (dayNoise / 31_536_000) * opts.sampleSeconds;
    }
    const update = opts.updateSeconds ?? 0;
    if (update === 0 || t % update < opts.sampleSeconds) published = logRate;
    out.push({ timestamp: t, rateWad: BigInt(Math.round(Math.exp(published) * 1e18)) });
  }
  return out;
}
