/**
 * Writes holdout markets: shapes the shipped scenarios (scenarios/generate.mjs) do not have,
 * built to break the strategy, each at two vault sizes. They are never written into
 * scenarios/, so they stay out of the shipped acceptance table and nobody tunes against them:
 *
 *   node scenarios/holdout.mjs /tmp/holdout [--sizes 50,50000] [--seed 0]
 *   node bin/keeper.mjs backtest --scenario /tmp/holdout --config config/backtest.yaml
 *
 * The facts each market uses are in scenarios/SOURCES.md ("Holdout markets, not shipped");
 * noise comes from a seeded generator, so the same arguments write the same bytes. Nothing
 * here reads a backtest result: a market is written from public facts, never tuned.
 */
import { DAY, DEPTH, INSTANT, POSITIONS, marketWriter, normal, outsideShipped, parseArgs, restaked, rng, round, vaultSizes } from './market-kit.mjs';

const args = parseArgs(
  process.argv.slice(2),
  'holdout.mjs',
  'usage: node scenarios/holdout.mjs <out-dir> [--sizes 50,50000] [--seed 0]',
  'Writes the holdout markets (shapes the shipped scenarios do not have) into out-dir, never into scenarios/.',
);
const SEED = args.seed ?? 0;
const write = marketWriter(outsideShipped(args, 'holdout markets'), vaultSizes(args.sizes), `scenarios/holdout.mjs (seed ${SEED})`);

/** Linear ramp of a value from `from` (at or before step a) to `to` (at or after step b). */
const ramp = (step, a, b, from, to) => (step <= a ? from : step >= b ? to : from + ((to - from) * (step - a)) / (b - a));

const RATE_2024 = { weETH: 1.045, ezETH: 1.018, rsETH: 1.02, pufETH: 1.025, rswETH: 1.03 };
const RATE_2025 = { weETH: 1.068, ezETH: 1.05, rsETH: 1.05, pufETH: 1.055, rswETH: 1.06 };

/** Step-0 columns for these symbols: rate, DEX depth, instant liquidity. */
function lrtColumns(symbols, rates = RATE_2024) {
  const row = {};
  for (const s of symbols) {
    row[`${s}.rate`] = rates[s];
    row[`${s}.dexLiquidityEth`] = DEPTH[s];
    if (INSTANT[s] !== undefined) row[`${s}.instantLiquidityEth`] = INSTANT[s];
  }
  return row;
}

/** Noisy daily APY keyframes: `mean(step)` per symbol plus `sd` bps of N(0,1), every `every` steps. */
function noisyApyRows(next, { steps, every, mean, sd, gas, first }) {
  const rows = [];
  for (let step = 0; step < steps; step += every) {
    const row = { step, baseFeeGwei: round(gas(step), 1) };
    for (const [s, m] of Object.entries(mean)) row[`${s}.apyBps`] = Math.max(50, Math.round(m(step) + sd * normal(next)));
    if (step === 0) Object.assign(row, first);
    rows.push(row);
  }
  return rows;
}

const S = {
  staking: 'Ethereum consensus-layer staking yield about 2.8-3.5% a year in 2024-2025 (beaconcha.in ETH.STORE daily index); LRT rates grow at about that net of protocol fees',
  rates: 'LRT protocol rates in 2024: weETH about 1.04-1.05 ETH, ezETH 1.01-1.02, rsETH 1.01-1.03, pufETH 1.02-1.03, rswETH 1.02-1.04; about 1.05-1.07 in mid 2025 (each protocol\'s rate provider on Etherscan)',
  exits: 'Exit routes (protocol docs): ether.fi withdrawal requests finalised in days plus an instant redemption with a fee under a rate limit; Renzo ezETH 7-day withdrawals since May 2024; Kelp rsETH 7-10 days; Puffer 1-step pufETH withdrawals with a 1% fee under a daily limit; Swell rswETH 12 days or more',
  dex: 'LRT/WETH pools in Uniswap V3 0.01-0.05% fee tiers and Curve/Balancer stable pools; modelled as Uniswap V2 pools of 5,000-40,000 ETH a side (more price impact than the real stable pools)',
  eigenDelay: 'EigenLayer withdrawal delay: 7 days before the slashing upgrade of 17 April 2025, 14 days after it (EigenLayer docs, DelegationManager)',
  gas2024: 'Base fee after Dencun (13 March 2024): mostly 2-15 gwei through 2024 and 0.5-5 gwei in 2025 (Etherscan average gas price chart)',
  noise: 'Daily LRT APRs scatter by roughly 0.3-1 point around their mean (beaconcha.in ETH.STORE daily values; Dune LST/LRT APR dashboards)',
  eigen: 'EIGEN traded about 0.001-0.0015 ETH in Q4 2024 and 0.0003-0.0006 ETH in mid 2025 (CoinGecko EIGEN/ETH); EIGEN/WETH DEX depth of about 500-2,000 ETH a side',
  avsApr: 'Restaker AVS rewards of roughly 1-3% APR paid in EIGEN and AVS tokens through RewardsCoordinator (EigenLayer programmatic incentives, AVS reward dashboards)',
  steth2022: 'stETH traded 3-6% under ETH from about 10 June to early July 2022 with no withdrawal possible (before Shapella, April 2023) while Lido was sound, and the discount closed as withdrawals came in sight (Curve stETH/ETH pool, Dune stETH peg dashboards)',
  caps: 'Position and protocol caps of 30-40% and idle buffers of 1-2% in ERC-4626 allocator vaults (Yearn V3 debt allocator, Morpho/Euler curators\' allocations); config/backtest.yaml uses 4,000 bps and 200 bps',
};
const FOUR = ['weETH', 'ezETH', 'rsETH', 'pufETH'];

// 1. Withdrawals paused for four weeks while the DEX price sits 3-6% under the rate.
{
  const next = rng(101 + SEED);
  const rows = [{ step: 0, baseFeeGwei: 12, ...lrtColumns(FOUR), 'weETH.apyBps': 300, 'ezETH.apyBps': 320, 'rsETH.apyBps': 310, 'pufETH.apyBps': 310, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 20, 'rsETH.dexDiscountBps': 20, 'pufETH.dexDiscountBps': 30 }];
  rows.push({ step: 56, 'rsETH.dexDiscountBps': 20, 'rsETH.dexLiquidityEth': DEPTH.rsETH, 'rsETH.withdrawalsPaused': 1 });
  // Four weeks (112 six-hour steps) of a discount wandering between 3% and 6%, the pool at half depth.
  for (let step = 60; step <= 172; step += 4) rows.push({ step, 'rsETH.dexDiscountBps': Math.round(Math.min(600, Math.max(300, 450 + 90 * normal(next)))), 'rsETH.dexLiquidityEth': DEPTH.rsETH / 2, baseFeeGwei: round(25 * Math.exp(0.3 * normal(next)), 1) });
  rows.push({ step: 176, 'rsETH.withdrawalsPaused': 0, baseFeeGwei: 15 });
  rows.push({ step: 196, 'rsETH.dexDiscountBps': 30, 'rsETH.dexLiquidityEth': DEPTH.rsETH });
  rows.push({ step: 279, baseFeeGwei: 10 });
  write('long-paused-discount', {
    description: 'rsETH\'s withdrawals are paused for four weeks while its DEX price wanders 3-6% under its rate (stETH June 2022 at an LRT\'s scale); the protocol stays sound, withdrawals reopen on day 29 and the discount closes over five days.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.steth2022, 'Base fee of 20-40 gwei in June 2022 (Etherscan average gas price chart)', 'LRT withdrawal managers are pausable by their admins (Kelp, Renzo, ether.fi contracts on Etherscan)'],
    notes: ['The discount is 450 bps + 90 bps x N(0,1) per day, clamped to 300-600 bps, seeded; the pool keeps half its depth while withdrawals are paused. Six-hour steps.'],
    start: 1654041600, stepSeconds: 21_600, steps: 280, warmupSteps: 40,
    weights: { weETH: 3000, ezETH: 2500, rsETH: 2500, pufETH: 1800 },
    positions: FOUR.map((s) => POSITIONS[s]),
  }, rows);
}

// 2. One LRT's yield slides from 4% to 2% over two months; the others stay near 3%.
{
  const next = rng(102 + SEED);
  const rows = noisyApyRows(next, {
    steps: 360, every: 4, sd: 30, gas: () => 6 * Math.exp(0.3 * normal(next)), first: lrtColumns(FOUR),
    mean: { weETH: () => 300, ezETH: (s) => ramp(s, 60, 300, 400, 200), rsETH: () => 310, pufETH: () => 295 },
  });
  rows.push({ step: 359, baseFeeGwei: 6 });
  write('slow-yield-decline', {
    description: 'ezETH\'s yield slides from 4% to 2% over sixty days (a restaking reward programme winding down) while weETH, rsETH and pufETH stay near 3%, with 0.3 points of daily noise.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, S.noise, 'LRT yields above plain staking came from restaking rewards and points programmes that tapered over months in 2024-2025 (DefiLlama LRT yield history, protocol announcements of season ends)'],
    notes: ['ezETH\'s mean APY is a linear ramp from 400 to 200 bps between day 15 and day 75; daily noise 30 bps x N(0,1), seeded. Six-hour steps.'],
    start: 1727740800, stepSeconds: 21_600, steps: 360, warmupSteps: 40,
    weights: { weETH: 2600, ezETH: 3000, rsETH: 2400, pufETH: 1800 },
    positions: FOUR.map((s) => POSITIONS[s]),
  }, rows);
}

// 3. Two yields cross, then cross back, within 60 days.
{
  const next = rng(103 + SEED);
  const rows = noisyApyRows(next, {
    steps: 300, every: 4, sd: 30, gas: () => 8 * Math.exp(0.3 * normal(next)), first: lrtColumns(FOUR),
    mean: {
      weETH: () => 300,
      ezETH: (s) => (s < 140 ? ramp(s, 80, 92, 350, 230) : ramp(s, 180, 192, 230, 350)),
      rsETH: (s) => (s < 140 ? ramp(s, 80, 92, 260, 380) : ramp(s, 180, 192, 380, 260)),
      pufETH: () => 300,
    },
  });
  rows.push({ step: 299, baseFeeGwei: 8 });
  write('double-crossover', {
    description: 'ezETH (3.5%) and rsETH (2.6%) swap places over three days on day 10 and swap back 25 days later, each move about 1.2 points, with 0.3 points of daily noise; the market ends in its starting order.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, S.noise, 'LRT yields moved by 1-1.5 points within days when a protocol changed its fee or a restaking reward programme started or ended, and reward campaigns of a few weeks were common in 2024 (DefiLlama LRT yield history, protocol announcements)'],
    notes: ['Each crossing is a 12-step (3-day) linear ramp of the mean APYs; the two crossings are 25 days apart; noise 30 bps x N(0,1), seeded.'],
    start: 1730419200, stepSeconds: 21_600, steps: 300, warmupSteps: 40,
    weights: { weETH: 2800, ezETH: 3400, rsETH: 1800, pufETH: 1800 },
    positions: FOUR.map((s) => POSITIONS[s]),
  }, rows);
}

// 4. A new AVS's reward APR ramps up while its token falls; restaked and liquid weETH side by side.
{
  const next = rng(104 + SEED);
  const rows = [];
  for (let step = 0; step < 320; step += 4) {
    const row = { step, baseFeeGwei: round(4 * Math.exp(0.3 * normal(next)), 1) };
    const price = 0.0015 * ramp(step, 60, 280, 1, 0.4) * Math.exp(0.05 * normal(next));
    // The APR in ETH the AVS targets ramps up over four weeks and then holds (it pays more tokens as the price falls).
    row['altavs.aprBps'] = Math.round(ramp(step, 60, 172, 0, 300));
    row['ALT.priceEth'] = round(price, 8);
    row['ALT.liquidityEth'] = Math.round(1500 * (0.3 + 0.7 * (price / 0.0015)));
    if (step === 0) Object.assign(row, lrtColumns(['weETH', 'ezETH', 'rsETH']), { 'weETH.apyBps': 300, 'ezETH.apyBps': 310, 'rsETH.apyBps': 300 });
    rows.push(row);
  }
  rows.push({ step: 319, baseFeeGwei: 4 });
  write('avs-launch-ramp', {
    description: 'A new AVS starts paying restakers on day 5: its reward APR ramps from 0 to about 3% over four weeks while its token falls about 60% in ETH over two months; the vault holds weETH both liquid and restaked, 39% in ether.fi, next to the 40% protocol cap.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.eigenDelay, S.avsApr, S.gas2024, 'EigenLayer rewards went live on mainnet on 6 August 2024 and AVS reward submissions ramped up over the following weeks (EigenLayer blog, RewardsCoordinator submissions on Etherscan)', 'AVS and restaking tokens lost 50-80% in ETH in the months after their listing in 2024 (EIGEN from about 0.0015 ETH in October 2024; ALT, OMNI, REZ on CoinGecko)', S.caps],
    notes: ['The AVS\'s APR in ETH ramps linearly from 0 to 300 bps between day 5 and day 33 and holds there (the AVS pays more tokens as their price falls); the price falls linearly to 40% of its start between day 15 and day 70, with 5% daily noise, seeded; the token pool keeps 30% of its depth plus 70% scaled with the price. ether.fi is at 3,900 bps of the 4,000 bps protocol cap from the start.'],
    start: 1722470400, stepSeconds: 21_600, steps: 320, warmupSteps: 40,
    weights: { weETH: 1900, 'weETH-eigen': 2000, ezETH: 3000, rsETH: 2900 },
    positions: [POSITIONS.weETH, restaked('weETH-eigen', 'op-a', 7), POSITIONS.ezETH, POSITIONS.rsETH],
    operators: [{ name: 'op-a', avs: ['altavs'] }],
    avs: [{ name: 'altavs', rewardToken: 'ALT' }],
    rewardTokens: [{ symbol: 'ALT', decimals: 18 }],
  }, rows);
}

// 5. A 2021-like gas regime: base fee 30-80 gwei for weeks, ordinary yield differences.
{
  const next = rng(105 + SEED);
  const syms = ['weETH', 'ezETH', 'rsETH', 'rswETH'];
  const rows = noisyApyRows(next, {
    steps: 240, every: 2, sd: 40, first: lrtColumns(syms),
    gas: () => Math.min(80, Math.max(30, 50 * Math.exp(0.3 * normal(next)))),
    mean: { weETH: () => 290, ezETH: () => 340, rsETH: () => 300, rswETH: () => 330 },
  });
  rows.push({ step: 239, baseFeeGwei: 45 });
  write('gas-regime', {
    description: 'Sixty days of base fees between 30 and 80 gwei (2021\'s regime) with ordinary yield differences: ezETH 3.4%, rswETH 3.3%, rsETH 3.0%, weETH 2.9%, 0.4 points of daily noise.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.noise, 'Base fee mostly 30-80 gwei from the London upgrade (August 2021) to early 2022, with spikes far above (Etherscan average gas price chart, ultrasound.money)'],
    notes: ['Base fee 50 gwei x exp(0.3 N(0,1)) clamped to 30-80 gwei, every 12 hours, seeded: above config/backtest.yaml\'s 50 gwei deposit limit about half the time.'],
    start: 1633046400, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
    weights: { weETH: 3000, ezETH: 2400, rsETH: 2400, rswETH: 2000 },
    positions: syms.map((s) => POSITIONS[s]),
  }, rows);
}

// 6. An instant-exit buffer that drains during a depeg and refills later.
write('instant-buffer-drain', {
  description: 'weETH trades 3.5% under its rate on day 10 and recovers over six days; ether.fi\'s instant-redemption buffer drains from 3,000 ETH to nothing within a day and refills over four days from day 20; its queue stretches to 12 days meanwhile.',
  sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'During the 5 August 2024 sell-off LRTs traded 1-4% under their rates on DEX pools and instant-exit buffers and liquid-staking redemption limits were used up within hours (Dune LRT peg dashboards, ether.fi and Puffer dashboards of the day)', 'ether.fi\'s instant redemption (EtherFiRedemptionManager) draws on a liquidity buffer under a rate limit that refills from validator exits (ether.fi docs)'],
  notes: ['The pool keeps 60% of its depth while the depeg lasts; the buffer is keyframes 3,000 -> 0 -> 0 -> 3,000 ETH. Six-hour steps.'],
  start: 1722556800, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
  weights: { weETH: 3800, ezETH: 2600, rsETH: 2200, pufETH: 1200 },
  positions: FOUR.map((s) => POSITIONS[s]),
  series: { rows: [
    { step: 0, baseFeeGwei: 5, ...lrtColumns(FOUR), 'weETH.apyBps': 300, 'ezETH.apyBps': 310, 'rsETH.apyBps': 305, 'pufETH.apyBps': 300, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 20, 'rsETH.dexDiscountBps': 20, 'pufETH.dexDiscountBps': 30, 'weETH.queueDelayDays': 5 },
    { step: 80, 'weETH.instantLiquidityEth': 3000, 'weETH.queueDelayDays': 5, baseFeeGwei: 6 },
    { step: 84, 'weETH.instantLiquidityEth': 0, 'weETH.queueDelayDays': 12, baseFeeGwei: 40 },
    { step: 92, baseFeeGwei: 8 },
    { step: 120, 'weETH.instantLiquidityEth': 0 },
    { step: 136, 'weETH.instantLiquidityEth': 3000, 'weETH.queueDelayDays': 5 },
    { step: 239, baseFeeGwei: 4 },
  ] },
  events: [{ step: 80, kind: 'depeg', symbol: 'weETH', discountBps: 350, recoverySteps: 24, liquidityFactor: 0.6, note: 'weETH 3.5% under its rate in a market sell-off' }],
});

// 7. Losses written into rsETH's rate (`cuts`: step and factor kept), then its usual growth;
// its DEX price follows the rate, nothing else changes.
function rateCutMarket(name, cuts, doc) {
  const steps = 240;
  const apy = 310;
  const rows = [];
  for (let step = 0; step < steps; step++) {
    const grown = RATE_2025.rsETH * Math.pow(1 + apy / 10_000, (step * 6 * 3600) / (365 * DAY));
    const row = { step, 'rsETH.rate': round(cuts.reduce((r, [at, f]) => (step >= at ? r * f : r), grown), 9) };
    if (step === 0) Object.assign(row, { baseFeeGwei: 3 }, lrtColumns(['weETH', 'ezETH', 'rsETH', 'pufETH'], RATE_2025), { 'weETH.apyBps': 290, 'ezETH.apyBps': 300, 'pufETH.apyBps': 295, 'rsETH.rate': row['rsETH.rate'] });
    rows.push(row);
  }
  rows[steps - 1].baseFeeGwei = 2;
  write(name, {
    ...doc,
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, ...doc.sources],
    start: 1748736000, stepSeconds: 21_600, steps, warmupSteps: 40,
    weights: { weETH: 3000, ezETH: 2600, rsETH: 2600, pufETH: 1600 },
    positions: FOUR.map((s) => POSITIONS[s]),
  }, rows);
}

// 7a. A one-off 2% drop (a loss written off at once).
rateCutMarket('rate-drop', [[120, 0.98]], {
  description: 'rsETH\'s rate drops 2% at one step on day 20 (a loss the protocol writes off at once) and then grows at its usual 3.1%; its DEX price follows the rate; nothing else changes.',
  sources: ['LST/LRT rates fell in one step when a protocol booked a loss: e.g. Swell and other pools socialising validator penalties, Lido\'s oracle reporting slashing penalties in one report, and LRT rate providers designed to write down losses at once (protocol docs and post-mortems); EigenLayer slashing since April 2025 writes losses into the LRT rate'],
  notes: ['rsETH\'s rate is given at every step: 3.1% a year of growth and a 2% cut from step 120 on.'],
});

// 7b. A write-down booked in parts: 1% on two consecutive reads, and 1% again a week later
// (a loss, then its true-up).
rateCutMarket('rate-drop-in-parts', [[120, 0.99], [121, 0.99], [148, 0.99]], {
  description: 'rsETH\'s rate loses 1% on two consecutive reads on day 20 and 1% more a week later (a loss written down in parts), then grows at its usual 3.1%; its DEX price follows the rate.',
  sources: ['Losses reach LST/LRT rates in more than one report when an oracle books an estimate and then its true-up, or penalties over several reports (Lido oracle reports during the 2023 slashing incidents; LRT rate providers updated per report)'],
  notes: ['rsETH\'s rate is given at every step: 3.1% a year of growth, −1% at steps 120 and 121 and −1% at step 148.'],
});

// 8. A vault that starts far over its position cap while gas is above 100 gwei.
write('concentrated-high-gas', {
  description: 'The vault starts with 75% in weETH (a 40% cap: a mandate change or a large withdrawal from the rest) while the base fee sits at 100-140 gwei for four days, then falls to 15 gwei.',
  sources: [S.staking, S.rates, S.exits, S.dex, S.caps, 'Base fees above 100 gwei for days in May 2021, May 2022 (Terra) and during NFT mints of 2021-2022 (Etherscan average gas price chart)'],
  notes: ['7,500 bps in weETH against config/backtest.yaml\'s 4,000 bps cap; the high-gas days are keyframes of 120, 140 and 100 gwei.'],
  start: 1651363200, stepSeconds: 14_400, steps: 240, warmupSteps: 60,
  weights: { weETH: 7500, ezETH: 1300, rsETH: 1000 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.pufETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 120, ...lrtColumns(['weETH', 'ezETH', 'rsETH', 'pufETH']), 'weETH.apyBps': 300, 'ezETH.apyBps': 310, 'rsETH.apyBps': 305, 'pufETH.apyBps': 310 },
    { step: 72, baseFeeGwei: 140 },
    { step: 84, baseFeeGwei: 100 },
    { step: 90, baseFeeGwei: 15 },
    { step: 239, baseFeeGwei: 12 },
  ] },
});

// 9. One operator serving two AVSs, one of which stops paying.
write('avs-stop-two-avs', {
  description: 'The vault\'s operator runs two AVSs, one paying 1.5% in EIGEN and one paying 1.2% in its own token; the second stops paying on day 15. Another operator runs only the first AVS.',
  sources: [S.rates, S.exits, S.dex, S.eigenDelay, S.eigen, S.avsApr, S.gas2024, 'Operators run several AVSs each (EigenLayer operator pages list 5-20 AVSs per large operator); AVS reward submissions are per AVS and some ended or paused in 2024-2025 (RewardsCoordinator submissions on Etherscan)'],
  notes: ['op-a runs eigenda and second-avs; op-b runs eigenda only; second-avs pays nothing from step 100.'],
  start: 1748736000, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
  weights: { weETH: 800, 'weETH-opa': 3200, ezETH: 3000, rsETH: 2800 },
  positions: [POSITIONS.weETH, restaked('weETH-opa', 'op-a', 14), restaked('weETH-opb', 'op-b', 14), POSITIONS.ezETH, POSITIONS.rsETH],
  operators: [{ name: 'op-a', avs: ['eigenda', 'second-avs'] }, { name: 'op-b', avs: ['eigenda'] }],
  avs: [{ name: 'eigenda', rewardToken: 'EIGEN' }, { name: 'second-avs', rewardToken: 'AVT' }],
  rewardTokens: [{ symbol: 'EIGEN', decimals: 18 }, { symbol: 'AVT', decimals: 18 }],
  series: { rows: [
    { step: 0, baseFeeGwei: 3, ...lrtColumns(['weETH', 'ezETH', 'rsETH'], RATE_2025), 'weETH.apyBps': 290, 'ezETH.apyBps': 300, 'rsETH.apyBps': 300, 'eigenda.aprBps': 150, 'second-avs.aprBps': 120, 'EIGEN.priceEth': 0.0005, 'EIGEN.liquidityEth': 800, 'AVT.priceEth': 0.0002, 'AVT.liquidityEth': 300 },
    { step: 239, baseFeeGwei: 2 },
  ] },
  events: [{ step: 100, kind: 'reward-stop', avs: 'second-avs', note: 'the second AVS ends its reward submissions' }],
});

// 10. A protocol's queue stretches while its pool thins and its yield falls.
write('queue-thin-pool', {
  description: 'ezETH\'s withdrawal queue stretches from 7 to 28 days over a month while its DEX pool thins from 20,000 to 4,000 ETH a side and trades 0.8% under its rate; its yield falls from 3.3% to 2.4% as its restaking rewards end.',
  sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'Renzo\'s TVL fell from about $3.3 billion to about $1 billion in the months after its airdrop (May-August 2024) and ezETH pool liquidity fell with it (DefiLlama Renzo TVL and pool pages)', 'Ethereum\'s validator exit queue grew from under a day in June 2025 to over 40 days in September 2025, stretching LST/LRT withdrawal times with it (validatorqueue.com, news of the day)', 'LST/LRT discounts widened to about 0.3-1% while exit queues were long (Curve and Uniswap pool prices, August-September 2025)'],
  notes: ['Queue, depth, discount and yield are keyframes interpolated linearly from day 10 to day 40; rsETH and weETH stay as they were.'],
  start: 1751328000, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
  weights: { weETH: 3200, ezETH: 3400, rsETH: 3200 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 3, ...lrtColumns(['weETH', 'ezETH', 'rsETH'], RATE_2025), 'weETH.apyBps': 290, 'ezETH.apyBps': 330, 'rsETH.apyBps': 300, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 15, 'rsETH.dexDiscountBps': 15, 'ezETH.queueDelayDays': 7 },
    { step: 80, 'ezETH.apyBps': 330, 'ezETH.queueDelayDays': 7, 'ezETH.dexLiquidityEth': DEPTH.ezETH, 'ezETH.dexDiscountBps': 15 },
    { step: 200, 'ezETH.apyBps': 240, 'ezETH.queueDelayDays': 28, 'ezETH.dexLiquidityEth': 4000, 'ezETH.dexDiscountBps': 80 },
    { step: 239, baseFeeGwei: 3 },
  ] },
});
