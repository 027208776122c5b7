/**
 * Writes seeded random markets: no shape chosen by anyone, so a strategy tuned to the shipped
 * and holdout markets meets paths nobody drew. Each market has 3-5 positions (LRTs, and half
 * the time a restaked weETH position), 60-180 days of yields that wander and sometimes jump, a
 * gas regime with spikes, and at random: depegs, withdrawal pauses, slashings and an AVS's
 * rewards stopping.
 * Like the holdout markets they are never written into scenarios/, so nothing is tuned to them:
 *
 *   node scenarios/random-markets.mjs /tmp/random [--count 10] [--sizes 50,50000] [--seed 0]
 *   node bin/keeper.mjs backtest --scenario /tmp/random --config config/backtest.yaml
 *
 * Ranges come from scenarios/SOURCES.md ("Common facts" and "Random markets"); the same
 * arguments write the same bytes.
 */
import { DAY, DEPTH, INSTANT, POSITIONS, marketWriter, normal, outsideShipped, parseArgs, restaked, rng, round, vaultSizes } from './market-kit.mjs';

const COUNT = {
  flag: '--count',
  key: 'count',
  needs: 'a whole number from 1 to 1000',
  help: '--count n     how many markets, each at every size (1-1000, default 10)',
  read: (text) => (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 1000 ? Number(text) : undefined),
};
const args = parseArgs(
  process.argv.slice(2),
  'random-markets.mjs',
  'usage: node scenarios/random-markets.mjs <out-dir> [--count 10] [--sizes 50,50000] [--seed 0]',
  'Writes seeded random markets (3-5 positions, 60-180 days, with depegs, pauses, slashings, reward stops and gas spikes) into out-dir, never into scenarios/.',
  [COUNT],
);
const count = args.count ?? 10;
const SEED = args.seed ?? 0;
const write = marketWriter(outsideShipped(args, 'random markets'), vaultSizes(args.sizes), `scenarios/random-markets.mjs (seed ${SEED})`);

const SOURCES = [
  'Ethereum staking yield about 2.8-3.5 % a year in 2024-2025 (beaconcha.in ETH.STORE); LRT yields 2-5 % with points and reward campaigns moving them by 1-1.5 points within days (DefiLlama LRT yields)',
  'LRT protocol rates, exit routes and pools as in scenarios/SOURCES.md "Common facts" (each protocol\'s rate provider and docs; Uniswap V3 and Curve pools modelled as V2 pools of 5,000-40,000 ETH a side)',
  'Base fee after Dencun (March 2024) mostly 1-15 gwei, spikes of 50-200 gwei for hours (Etherscan gas chart)',
  'LRT depegs of 1-8 % lasting hours to weeks (ezETH 24 April 2024, the 5 August 2024 sell-off, stETH June 2022; Curve and Uniswap pool prices); withdrawal managers pausable by their admins (contracts on Etherscan)',
  'EigenLayer slashing live since 17 April 2025, bounded by the operator set\'s allocated magnitude; AVS rewards of 0.5-3 % a year paid in tokens such as EIGEN (RewardsCoordinator submissions)',
];
const SYMBOLS = ['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH'];
const RATES = { weETH: 1.05, ezETH: 1.02, rsETH: 1.02, pufETH: 1.03, rswETH: 1.03 };

/** A random split of `investedBps` over `ids`, each share at most `capBps` (multiples of 100 bps). */
function randomWeights(next, ids, investedBps, capBps) {
  const weights = Object.fromEntries(ids.map((id) => [id, 0]));
  let left = investedBps / 100;
  while (left > 0) {
    const open = ids.filter((id) => weights[id] < capBps);
    if (open.length === 0) break;
    const id = open[Math.floor(next() * open.length)];
    weights[id] += 100;
    left--;
  }
  return weights;
}

function market(index) {
  const next = rng(SEED * 1_000_003 + index * 7_919 + 1);
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const between = (a, b) => a + (b - a) * next();
  const symbols = ['weETH', ...SYMBOLS.slice(1).filter(() => next() < 0.6)];
  while (symbols.length < 3) symbols.push(SYMBOLS.find((s) => !symbols.includes(s)));
  const withRestaked = next() < 0.5;
  // Five positions at most: the bound's grid of six takes minutes a market (docs/backtest.md).
  if (withRestaked && symbols.length === 5) symbols.splice(1 + Math.floor(next() * 4), 1);
  const stepSeconds = pick([4, 6, 12, 24]) * 3600;
  const stepsPerDay = DAY / stepSeconds;
  const days = Math.round(between(60, 180));
  const warmupSteps = Math.max(8, Math.round(10 * stepsPerDay));
  const steps = warmupSteps + Math.round(days * stepsPerDay);
  const positions = symbols.map((s) => POSITIONS[s]);
  if (withRestaked) positions.push(restaked('weETH-eigen', 'op-a', 14));
  const ids = positions.map((p) => p.id);

  // Yields: a mean-reverting daily walk around a level of its own, with a rare jump (a campaign
  // starting or ending) that moves the level.
  const level = Object.fromEntries(symbols.map((s) => [s, between(260, 380)]));
  const apy = { ...level };
  let apr = between(50, 300);
  const gasCentre = Math.exp(between(Math.log(1.5), Math.log(25)));
  const rows = [];
  const every = Math.max(1, Math.round(stepsPerDay));
  for (let step = 0; step < steps; step += every) {
    const row = { step, baseFeeGwei: round(Math.max(0.5, gasCentre * Math.exp(0.35 * normal(next))), 1) };
    for (const s of symbols) {
      if (next() < 0.01) level[s] = Math.min(600, Math.max(150, level[s] + (next() < 0.5 ? -1 : 1) * between(60, 150)));
      apy[s] = Math.min(700, Math.max(100, apy[s] + 0.2 * (level[s] - apy[s]) + 12 * normal(next)));
      row[`${s}.apyBps`] = Math.round(apy[s]);
      if (step === 0) {
        row[`${s}.rate`] = RATES[s];
        row[`${s}.dexLiquidityEth`] = DEPTH[s];
        row[`${s}.dexDiscountBps`] = Math.round(between(3, 30));
        if (INSTANT[s] !== undefined) row[`${s}.instantLiquidityEth`] = INSTANT[s];
      }
    }
    if (withRestaked) {
      apr = Math.min(400, Math.max(0, apr + 8 * normal(next)));
      row['eigenda.aprBps'] = Math.round(apr);
      if (step === 0) Object.assign(row, { 'EIGEN.priceEth': 0.001, 'EIGEN.liquidityEth': 500 });
    }
    rows.push(row);
  }

  const events = [];
  const when = () => warmupSteps + Math.floor(next() * (steps - warmupSteps - 1));
  for (let n = Math.floor(between(0, 3)); n > 0; n--) {
    const deep = next() < 0.3;
    events.push({ step: when(), kind: 'depeg', symbol: pick(symbols), discountBps: Math.round(deep ? between(300, 900) : between(80, 300)), recoverySteps: Math.max(1, Math.round(between(0.2, deep ? 20 : 5) * stepsPerDay)), liquidityFactor: round(between(0.4, 1), 2) });
  }
  if (next() < 0.3) events.push({ step: when(), kind: 'withdrawal-pause', symbol: pick(symbols), durationSteps: Math.max(1, Math.round(between(1, 14) * stepsPerDay)) });
  for (let n = Math.floor(between(0, 4)); n > 0; n--) events.push({ step: when(), kind: 'gas-spike', baseFeeGwei: Math.round(between(50, 250)), durationSteps: Math.max(1, Math.round(between(0.1, 1) * stepsPerDay)) });
  if (withRestaked && next() < 0.4) events.push({ step: when(), kind: 'slashing', operator: 'op-a', avs: 'eigenda', fractionBps: Math.round(between(20, 300)) });
  if (withRestaked && next() < 0.2) events.push({ step: when(), kind: 'reward-stop', avs: 'eigenda' });
  events.sort((a, b) => a.step - b.step);

  // Start invested like a manager would: every position up to the 4,000 bps caps (weETH's two
  // positions share ether.fi's protocol cap), 200 bps idle.
  const weights = randomWeights(next, ids, 9_800, 4_000);
  if (withRestaked && weights.weETH + weights['weETH-eigen'] > 4_000) {
    const over = weights.weETH + weights['weETH-eigen'] - 4_000;
    weights.weETH -= over;
    const other = ids.filter((id) => id !== 'weETH' && id !== 'weETH-eigen').sort((a, b) => weights[a] - weights[b])[0];
    weights[other] += over;
  }
  for (const id of ids) if (weights[id] === 0) delete weights[id];

  const name = `random-${SEED}-${index}`;
  write(
    name,
    {
      description: `Random market ${index} of seed ${SEED}: ${ids.join(', ')} over ${days} days of ${stepSeconds / 3600}-hour steps; ${events.length === 0 ? 'no events' : events.map((e) => e.kind).join(', ')}.`,
      sources: SOURCES,
      notes: ['Drawn by a seeded generator, not tuned: yields walk around levels that sometimes jump, gas is log-normal around a regime with spikes, events fall at random steps.'],
      start: 1735689600,
      stepSeconds,
      steps,
      warmupSteps,
      weights,
      positions,
      ...(withRestaked ? { operators: [{ name: 'op-a', avs: ['eigenda'] }], avs: [{ name: 'eigenda', rewardToken: 'EIGEN' }], rewardTokens: [{ symbol: 'EIGEN', decimals: 18 }] } : {}),
      events,
    },
    rows,
  );
}

for (let i = 0; i < count; i++) market(i);
