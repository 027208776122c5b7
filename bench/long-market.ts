/**
 * A long market built in code for the backtest benchmark: a year (or any number of days) of
 * daily steps, four positions (weETH liquid and restaked with EIGEN rewards, ezETH and rsETH with
 * their queues), yields and gas drifting by a seeded random walk with weekly keyframes. The
 * shipped scenarios are days to weeks long; markets a keeper is judged on can be years, where the
 * bound's search dominates the run time, so the benchmark prints one such run every time.
 * Numbers follow scenarios/steady.json (rates, pools, delays); nothing is tuned to a result.
 */
import type { ScenarioInput } from '../src/backtest/scenario-schema.ts';
import { seededRandom } from '../src/devnet/relay/rng.ts';

/** Days of rate history before the book starts (as the shipped daily markets). */
const WARMUP_DAYS = 8;

/**
 * `stepHours` below 24 gives the same market read more often (hourly rates: a 30-day fit holds
 * 720 samples, where the estimator does most of the work).
 * @example longMarket(365, 50, 1).steps // 373
 * @example longMarket(60, 50, 1, 1).steps // 1632
 */
export function longMarket(days: number, totalEth: number, seed: number, stepHours = 24): ScenarioInput {
  const next = seededRandom(seed);
  const perDay = Math.round(24 / stepHours);
  const steps = (days + WARMUP_DAYS) * perDay;
  const apy = { weETH: 300, ezETH: 320, rsETH: 300 };
  const rows: Record<string, number>[] = [
    {
      step: 0,
      baseFeeGwei: 8,
      'weETH.rate': 1.04,
      'weETH.apyBps': apy.weETH,
      'weETH.dexLiquidityEth': 40_000,
      'ezETH.rate': 1.015,
      'ezETH.apyBps': apy.ezETH,
      'ezETH.dexLiquidityEth': 30_000,
      'rsETH.rate': 1.012,
      'rsETH.apyBps': apy.rsETH,
      'rsETH.dexLiquidityEth': 25_000,
      'eigenda.aprBps': 150,
      'EIGEN.priceEth': 0.001,
      'EIGEN.liquidityEth': 500,
    },
  ];
  // Weekly keyframes: each yield walks by up to ±40 bps (kept within 1-8 %), gas between 3 and 40 gwei.
  for (let step = 7 * perDay; step < steps; step += 7 * perDay) {
    const row: Record<string, number> = { step, baseFeeGwei: Math.round(3 + next() * 37) };
    for (const symbol of ['weETH', 'ezETH', 'rsETH'] as const) {
      apy[symbol] = Math.min(800, Math.max(100, apy[symbol] + Math.round((next() - 0.5) * 80)));
      row[`${symbol}.apyBps`] = apy[symbol];
    }
    row['eigenda.aprBps'] = Math.round(100 + next() * 100);
    rows.push(row);
  }
  return {
    name: `long-${days}d-${totalEth}${perDay === 1 ? '' : `-${stepHours}h`}`,
    description: `${days} days of ${perDay === 1 ? 'daily' : `${stepHours}-hour`} steps, yields drifting weekly (benchmark market built in bench/long-market.ts)`,
    sources: ['scenarios/steady.json: rates, pools and delays of mid 2024; the yields walk from there'],
    start: 1_717_200_000,
    stepSeconds: 86_400 / perDay,
    steps,
    warmupSteps: WARMUP_DAYS * perDay,
    priorityFeeGwei: 0.5,
    initial: { totalEth, weights: { weETH: 2000, ezETH: 3000, rsETH: 2800, 'weETH-eigen': 2000 } },
    positions: [
      { id: 'weETH', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 } } },
      { id: 'ezETH', symbol: 'ezETH', riskTier: 2, exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 604_800 } } },
      { id: 'rsETH', symbol: 'rsETH', riskTier: 2, exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 691_200 } } },
      { id: 'weETH-eigen', symbol: 'weETH', riskTier: 2, exits: { dex: { feeBps: 30 } }, restaked: { operator: 'op-a' } },
    ],
    operators: [{ name: 'op-a', avs: ['eigenda'] }],
    avs: [{ name: 'eigenda', rewardToken: 'EIGEN' }],
    rewardTokens: [{ symbol: 'EIGEN', decimals: 18 }],
    series: { rows },
    events: [],
  };
}
