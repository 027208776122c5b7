/**
 * Writes the issue-10 scenarios (scenarios/<name>-50.json and <name>-50k.json, with a CSV
 * series where a series has many keyframes): one market per behaviour, replayed at two vault
 * sizes, 50 ETH (gas dominates) and 50,000 ETH (slippage and caps dominate).
 *
 * The numbers and where they come from are in scenarios/SOURCES.md; noise comes from a seeded
 * generator so `node scenarios/generate.mjs [out-dir]` rewrites the same files byte for byte.
 * Nothing here reads a backtest result: a market is written from public facts, never tuned.
 */
import { fileURLToPath } from 'node:url';
import { DAY, DEPTH, INSTANT, POSITIONS, marketWriter, normal, parseArgs, restaked, rng, round, vaultSizes } from './market-kit.mjs';

const args = parseArgs(
  process.argv.slice(2),
  'generate.mjs',
  'usage: node scenarios/generate.mjs [out-dir] [--sizes 50,50000] [--seed 0]',
  'Writes the shipped scenarios (one market per behaviour of issue 10) into out-dir, default scenarios/ itself.',
);
// The shipped pair; `--sizes 500,5000 --seed 7` writes the same markets at other sizes and with
// other noise draws, to check the strategy on markets it was not developed on (docs/backtest.md).
// The output directory: scenarios/ itself, or the one given (the tests compare the two; a
// holdout directory is usually new, and is made rather than failing on the first write).
const write = marketWriter(args.dir ?? fileURLToPath(new URL('.', import.meta.url)), vaultSizes(args.sizes), 'scenarios/generate.mjs');
const SEED = args.seed ?? 0;

const RATE = { weETH: 1.045, ezETH: 1.018, rsETH: 1.02, pufETH: 1.025, rswETH: 1.03 };

/** Step-0 columns for these symbols: rate, DEX depth, instant liquidity. */
function lrtColumns(symbols, extra = {}) {
  const row = {};
  for (const s of symbols) {
    row[`${s}.rate`] = extra[`${s}.rate`] ?? RATE[s];
    row[`${s}.dexLiquidityEth`] = DEPTH[s];
    if (INSTANT[s] !== undefined) row[`${s}.instantLiquidityEth`] = INSTANT[s];
  }
  return { ...row, ...extra };
}

const EIGEN_AVS = { operators: [{ name: 'op-a', avs: ['eigenda'] }], avs: [{ name: 'eigenda', rewardToken: 'EIGEN' }], rewardTokens: [{ symbol: 'EIGEN', decimals: 18 }] };

// Sources used by several scenarios; the per-scenario ones are next to each market below.
const S = {
  staking: 'Ethereum consensus-layer staking yield about 2.8-3.5% a year in 2024-2025 (beaconcha.in ETH.STORE daily index); LRT rates grow at about that net of protocol fees',
  rates: 'LRT protocol rates in 2024: weETH about 1.04-1.05 ETH (ether.fi weETH getRate()), ezETH 1.01-1.02, rsETH 1.01-1.03, pufETH 1.02-1.03, rswETH 1.02-1.04 (each protocol\'s rate provider contract on Etherscan)',
  exits: 'Exit routes (protocol docs): ether.fi withdrawal requests finalised in days plus an instant redemption with a fee under a rate limit; Renzo ezETH withdrawals with a 7-day cooldown since May 2024; Kelp rsETH withdrawals of about 7-10 days; Puffer 1-step pufETH withdrawals with a 1% fee under a daily limit; Swell rswETH withdrawals of 12 days or more',
  dex: 'LRT/WETH pools trade in Uniswap V3\'s 0.01-0.05% fee tiers and Curve/Balancer stable pools; modelled as Uniswap V2 pools of 5,000-40,000 ETH a side, whose price impact is larger than the real stable pools\' (conservative for large trades)',
  eigenDelay: 'EigenLayer withdrawal delay: 7 days (50400 blocks) before the slashing upgrade of 17 April 2025, 14 days (100800 blocks) after it (EigenLayer docs, DelegationManager)',
  gas2024: 'Base fee after the Dencun upgrade (13 March 2024): mostly 2-15 gwei through 2024 and 0.5-5 gwei in 2025 (Etherscan average gas price chart)',
  eigen: 'EIGEN traded about 0.001-0.0015 ETH in Q4 2024 and 0.0003-0.0006 ETH in mid 2025 (CoinGecko EIGEN/ETH); EIGEN/WETH DEX depth of a few million dollars, about 500-2,000 ETH a side',
  avsApr: 'Restaker AVS rewards of roughly 1-3% APR paid in EIGEN and AVS tokens through RewardsCoordinator (EigenLayer programmatic incentives, AVS rewards dashboards)',
};

// 1. Idle cash after a forced queued exit (issue 10, item 1).
write('forced-exit-idle', {
  description: 'ezETH trades 4.5% under its rate on day 5 and takes 15 days to recover: the depeg breaker forces an exit the DEX cannot take at the slippage limit, so it goes through Renzo\'s 7-day queue, and the cash comes back while ezETH is still frozen.',
  sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'stETH traded 3-6% under ETH for about three weeks in June 2022 while its protocol was sound (Curve stETH/ETH pool, Dune stETH peg dashboards); ezETH fell far below its rate on 24 April 2024 and traded under it for days on Curve and Balancer (Renzo post-mortem, press of the day)'],
  notes: ['The discount shape (days under the breaker threshold, a slow recovery) is stETH June 2022\'s at an LRT\'s scale; the pool keeps half its depth while the discount lasts (LPs withdraw).'],
  start: 1716163200, stepSeconds: 14_400, steps: 300, warmupSteps: 60,
  weights: { weETH: 3500, ezETH: 3000, rsETH: 2000, pufETH: 1300 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.pufETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 6, ...lrtColumns(['weETH', 'ezETH', 'rsETH', 'pufETH']), 'weETH.apyBps': 300, 'ezETH.apyBps': 330, 'rsETH.apyBps': 310, 'pufETH.apyBps': 320, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 20, 'rsETH.dexDiscountBps': 30, 'pufETH.dexDiscountBps': 40 },
    { step: 299, baseFeeGwei: 8 },
  ] },
  events: [{ step: 90, kind: 'depeg', symbol: 'ezETH', discountBps: 450, recoverySteps: 90, liquidityFactor: 0.5, note: 'ezETH 4.5% under its rate, recovering over 15 days' }],
});

// 2. A DEX discount on a sound LRT when cash is to be deployed (item 2).
write('dex-discount-entry', {
  description: 'A fresh deposit leaves 30% of the vault idle while rsETH, sound and growing at its usual rate, trades 1.5% under its rate on the DEX (no withdrawals yet); the discount closes from day 20 to day 30 as withdrawals open.',
  sources: [S.staking, S.rates, S.exits, S.dex, 'Before their withdrawals opened (spring 2024), rsETH and ezETH traded about 0.5-2% under their protocol rates on DEX pools while their rates kept growing (Dune LRT peg dashboards, DefiLlama LRT pages); the gap closed once withdrawals were enabled', 'Base fee of 20-60 gwei in February-March 2024, before Dencun (Etherscan average gas price chart)'],
  notes: [
    'The 1.5% discount stays under the 2% depeg threshold of config/backtest.yaml, so no breaker freezes rsETH: it is a price, not a risk signal.',
    'Withdrawals are closed as they were then (withdrawalsPaused): rsETH\'s open on day 20, when its discount starts to close; ezETH\'s stay closed (Renzo opened them in May 2024). With the queues open from the start, buying at the discount and queuing at par would be an arbitrage the market of the time did not offer.',
  ],
  start: 1709251200, stepSeconds: 14_400, steps: 300, warmupSteps: 60,
  weights: { weETH: 3000, ezETH: 2000, rsETH: 2000 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 40, ...lrtColumns(['weETH', 'ezETH', 'rsETH']), 'weETH.apyBps': 300, 'ezETH.apyBps': 320, 'rsETH.apyBps': 310, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 80, 'rsETH.dexDiscountBps': 150, 'ezETH.withdrawalsPaused': 1, 'rsETH.withdrawalsPaused': 1 },
    { step: 180, 'rsETH.dexDiscountBps': 150, 'rsETH.withdrawalsPaused': 0 },
    { step: 240, 'rsETH.dexDiscountBps': 15 },
    { step: 299, baseFeeGwei: 18 },
  ] },
});

// 3. A depeg exit during a gas spike (item 3).
write('depeg-high-gas', {
  description: 'rsETH falls 6% under its rate on day 2 and recovers over 10 days, while the base fee jumps to 300 gwei for 8 hours and 180 gwei for 6 more; the depeg breaker asks for an exit the DEX can only take in small slices.',
  sources: [S.rates, S.exits, S.dex, 'stETH traded up to 6% under ETH in mid-June 2022 and recovered over weeks (Curve stETH/ETH pool, Dune stETH peg dashboards)', 'Base fees of 30-60 gwei in June 2022 with spikes of several hundred gwei during the Celsius and 3AC liquidations (Etherscan gas tracker history, news of 12-18 June 2022)'],
  notes: ['The depeg shape and gas are June 2022\'s (stETH), laid on an LRT of 2024; the pool keeps half its depth during the depeg. Hourly steps.'],
  start: 1717200000, stepSeconds: 3600, steps: 456, warmupSteps: 168,
  weights: { weETH: 3800, ezETH: 3000, rsETH: 3000 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 35, ...lrtColumns(['weETH', 'ezETH', 'rsETH']), 'weETH.apyBps': 300, 'ezETH.apyBps': 320, 'rsETH.apyBps': 310, 'weETH.dexDiscountBps': 5, 'ezETH.dexDiscountBps': 30, 'rsETH.dexDiscountBps': 30 },
    { step: 300, baseFeeGwei: 55 },
    { step: 455, baseFeeGwei: 40 },
  ] },
  events: [
    { step: 216, kind: 'depeg', symbol: 'rsETH', discountBps: 600, recoverySteps: 240, liquidityFactor: 0.5, note: 'rsETH 6% under its rate' },
    { step: 216, kind: 'gas-spike', baseFeeGwei: 300, durationSteps: 8, note: 'liquidations' },
    { step: 240, kind: 'gas-spike', baseFeeGwei: 180, durationSteps: 6 },
  ],
});

// 4a. Equal yields with daily noise (item 4).
{
  const next = rng(4 + SEED);
  const syms = ['weETH', 'ezETH', 'rsETH', 'rswETH'];
  const rows = [];
  for (let step = 0; step < 200; step += 4) {
    const row = { step, baseFeeGwei: round(6 * Math.exp(0.4 * normal(next)), 1) };
    for (const s of syms) row[`${s}.apyBps`] = Math.max(50, Math.round(300 + 70 * normal(next)));
    if (step === 0) Object.assign(row, lrtColumns(syms));
    rows.push(row);
  }
  rows.push({ step: 199, baseFeeGwei: 6 });
  write('noisy-equal-yields', {
    description: 'Four LRTs of risk tiers 1 to 3 with the same 3% mean yield whose daily yields scatter by about 0.7 points (consensus rewards, lumpy MEV and oracle timing); nothing really changes for 40 days.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'Daily LRT and LST APRs scatter by roughly 0.5-1 point around their mean from day to day (beaconcha.in ETH.STORE daily values; Dune LST/LRT APR dashboards)'],
    notes: ['Daily APYs: 300 bps + 70 bps x N(0,1) per LRT per day, independent, seeded (scenarios/generate.mjs); base fee log-normal around 6 gwei.'],
    start: 1725148800, stepSeconds: 21_600, steps: 200, warmupSteps: 40,
    weights: { weETH: 3500, ezETH: 3200, rsETH: 3100 },
    positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.rswETH],
  }, rows);
}

// 4b. A real yield crossover that completes within days (item 4).
{
  const next = rng(5 + SEED);
  const syms = ['weETH', 'ezETH', 'rsETH', 'pufETH'];
  const ramp = (step, from, to) => (step <= 100 ? from : step >= 112 ? to : from + ((to - from) * (step - 100)) / 12);
  const rows = [];
  for (let step = 0; step < 180; step += 4) {
    const mean = { weETH: 300, ezETH: ramp(step, 340, 190), rsETH: ramp(step, 290, 380), pufETH: 310 };
    const row = { step, baseFeeGwei: round(8 * Math.exp(0.3 * normal(next)), 1) };
    for (const s of syms) row[`${s}.apyBps`] = Math.max(50, Math.round(mean[s] + 30 * normal(next)));
    if (step === 0) Object.assign(row, lrtColumns(syms));
    rows.push(row);
  }
  rows.push({ step: 179, baseFeeGwei: 8 });
  write('fast-crossover', {
    description: 'ezETH\'s yield falls from 3.4% to 1.9% and rsETH\'s rises from 2.9% to 3.8% over three days (day 15 to 18), with 0.3 points of daily noise; the new order lasts the remaining 17 days.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'LRT yields moved by 1-1.5 points within days when a protocol changed its fee or restaking rewards started or stopped, e.g. when EigenLayer rewards went live in 2024 (DefiLlama LRT yield history, protocol announcements)'],
    notes: ['The crossover is a 12-step (3-day) linear ramp of the mean APYs; daily noise 30 bps x N(0,1), seeded.'],
    start: 1730419200, stepSeconds: 21_600, steps: 180, warmupSteps: 40,
    weights: { weETH: 3000, ezETH: 3400, rsETH: 1800, pufETH: 1600 },
    positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.pufETH],
  }, rows);
}

// 5. Rates that update in steps: Kelp's daily stored price, a weekly oracle (item 5).
{
  const steps = 294;
  const perDay = 6;
  const apy = { weETH: 300, ezETH: 310, rsETH: 320, pufETH: 330 };
  const grow = (sym, step) => RATE[sym] * Math.pow(1 + apy[sym] / 10_000, (step * 4 * 3600) / (365 * DAY));
  const rows = [];
  for (let step = 0; step < steps; step++) {
    const row = { step };
    if (step === 0) Object.assign(row, { baseFeeGwei: 7 }, lrtColumns(['weETH', 'ezETH', 'rsETH', 'pufETH']));
    row['weETH.rate'] = round(grow('weETH', step), 9);
    row['ezETH.rate'] = round(grow('ezETH', step), 9);
    row['rsETH.rate'] = round(grow('rsETH', step - (step % perDay)), 9);
    row['pufETH.rate'] = round(grow('pufETH', step - (step % (7 * perDay))), 9);
    rows.push(row);
  }
  rows[steps - 1].baseFeeGwei = 9;
  write('stepped-rates', {
    description: 'rsETH\'s rate is a stored price updated once a day and pufETH\'s an oracle updated once a week, so their rates stand still between updates while weETH and ezETH grow every block; pufETH (3.3%) and rsETH (3.2%) are really the better yields.',
    sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'Kelp\'s rsETH price is stored by LRTOracle.updateRSETHPrice, called about once a day (Etherscan transactions to the Kelp LRTOracle)', 'Exchange-rate oracles for LRTs (Chainlink/RedStone exchange-rate feeds, cross-chain rate providers) publish on a deviation threshold or a 1-7 day heartbeat, so at 3% a year a 0.05% threshold moves about weekly (feed parameters on data.chain.link)'],
    notes: ['The weekly step stands for an oracle-fed rate read by the keeper; in 2024 pufETH\'s own rate moved with its vault\'s accounting, so this is a simplification of what such a feed looks like.'],
    start: 1719792000, stepSeconds: 14_400, steps, warmupSteps: 84,
    weights: { weETH: 3000, ezETH: 2000, rsETH: 2400, pufETH: 2400 },
    positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.pufETH],
  }, rows);
}

// 6. One bad DEX print (item 6).
write('bad-print', {
  description: 'weETH prints 15% under its rate on the DEX for one hour on day 3 (one large swap into a thin pool, arbitraged back the next block) while its rate and every other source stay sound; most of the vault\'s weETH is restaked with a 14-day exit.',
  sources: [S.rates, S.exits, S.dex, S.eigenDelay, S.eigen, S.avsApr, S.gas2024, 'Single-block DEX wicks of 10-80% on LRT pools happen when one large swap lands in a thin pool, e.g. ezETH printing about 0.22 ETH on Uniswap for minutes on 24 April 2024 (Uniswap pool history, Renzo post-mortem), and are arbitraged within blocks'],
  notes: ['A one-step depeg event (recoverySteps 1); hourly steps, so the keeper sees the print at exactly one tick.'],
  start: 1748736000, stepSeconds: 3600, steps: 408, warmupSteps: 168,
  weights: { weETH: 1000, 'weETH-eigen': 3000, ezETH: 3000, rsETH: 2800 },
  positions: [POSITIONS.weETH, restaked('weETH-eigen', 'op-a', 14), POSITIONS.ezETH, POSITIONS.rsETH],
  ...EIGEN_AVS,
  series: { rows: [
    { step: 0, baseFeeGwei: 3, ...lrtColumns(['weETH', 'ezETH', 'rsETH'], { 'weETH.rate': 1.068, 'ezETH.rate': 1.05, 'rsETH.rate': 1.05 }), 'weETH.apyBps': 290, 'ezETH.apyBps': 300, 'rsETH.apyBps': 290, 'eigenda.aprBps': 200, 'EIGEN.priceEth': 0.0005, 'EIGEN.liquidityEth': 800 },
    { step: 407, baseFeeGwei: 2 },
  ] },
  events: [{ step: 240, kind: 'depeg', symbol: 'weETH', discountBps: 1500, recoverySteps: 1, note: 'one-block print 15% low' }],
});

// 7. One operator slashed three times (item 7).
write('repeated-slashing', {
  description: 'The operator the vault is delegated to is slashed 1% of its restaked weETH on day 8, again on day 20 and again on day 32; another operator running the same AVS is never slashed.',
  sources: [S.rates, S.exits, S.dex, S.eigenDelay, S.eigen, S.avsApr, S.gas2024, 'EigenLayer slashing went live on mainnet on 17 April 2025 (EigenLayer blog); beacon-chain slashings cluster by operator, one infrastructure fault slashing a batch of one operator\'s validators and often again later (Lido Launchnodes 20 validators, October 2023; RockLogic 11 validators, April 2023; rated.network slashing history)'],
  notes: ['Each slashing takes 1% of the operator\'s restaked value, about what one batch of slashed validators costs a pool of its size; op-b runs the same AVS and is never slashed.'],
  start: 1748736000, stepSeconds: 21_600, steps: 220, warmupSteps: 40,
  weights: { weETH: 800, 'weETH-opa': 3200, ezETH: 3000, rsETH: 2800 },
  positions: [POSITIONS.weETH, restaked('weETH-opa', 'op-a', 14), restaked('weETH-opb', 'op-b', 14), POSITIONS.ezETH, POSITIONS.rsETH],
  operators: [{ name: 'op-a', avs: ['eigenda'] }, { name: 'op-b', avs: ['eigenda'] }],
  avs: EIGEN_AVS.avs,
  rewardTokens: EIGEN_AVS.rewardTokens,
  series: { rows: [
    { step: 0, baseFeeGwei: 3, ...lrtColumns(['weETH', 'ezETH', 'rsETH'], { 'weETH.rate': 1.068, 'ezETH.rate': 1.05, 'rsETH.rate': 1.05 }), 'weETH.apyBps': 290, 'ezETH.apyBps': 300, 'rsETH.apyBps': 290, 'eigenda.aprBps': 200, 'EIGEN.priceEth': 0.0005, 'EIGEN.liquidityEth': 800 },
    { step: 219, baseFeeGwei: 2 },
  ] },
  events: [
    { step: 72, kind: 'slashing', operator: 'op-a', avs: 'eigenda', fractionBps: 100, note: 'first slashing' },
    { step: 120, kind: 'slashing', operator: 'op-a', avs: 'eigenda', fractionBps: 100, note: 'second slashing' },
    { step: 168, kind: 'slashing', operator: 'op-a', avs: 'eigenda', fractionBps: 100, note: 'third slashing' },
  ],
});

// 8. The reward token falls 90% (item 8).
{
  const p0 = 0.0015;
  const path = [[0, 1], [40, 1], [75, 0.8], [110, 0.55], [145, 0.45], [180, 0.3], [210, 0.2], [239, 0.1]];
  const rows = path.map(([step, f], i) => ({
    step,
    ...(i === 0 ? { baseFeeGwei: 14, ...lrtColumns(['weETH', 'ezETH', 'rsETH']), 'weETH.apyBps': 300, 'ezETH.apyBps': 310, 'rsETH.apyBps': 300 } : {}),
    ...(step === 239 ? { baseFeeGwei: 4 } : {}),
    'EIGEN.priceEth': round(p0 * f, 8),
    // The AVS pays a fixed number of tokens per restaked ETH, so its APR in ETH falls with the price.
    'eigenda.aprBps': Math.round(250 * f),
    'EIGEN.liquidityEth': Math.round(1500 * (0.2 + 0.8 * f)),
  }));
  write('reward-token-crash', {
    description: 'The restaked position\'s rewards are paid in a token that falls 90% in ETH over 50 days (EIGEN-like, Dec 2024 to Feb 2025 and beyond); the AVS pays a fixed number of tokens, so its APR in ETH falls from 2.5% with the price and the pool thins.',
    sources: [S.rates, S.exits, S.dex, S.eigenDelay, S.eigen, S.avsApr, S.gas2024, 'EIGEN fell from about $5.5 (December 2024) to about $0.7 (April 2025), about 70% in ETH terms; smaller AVS reward tokens fell 80-95% from their listing highs over 2024-2025 (CoinGecko)'],
    notes: ['The 90% fall over 50 days is faster than EIGEN\'s in ETH terms and in line with smaller AVS tokens; the token pool keeps 20% of its depth plus 80% scaled with the price.'],
    start: 1733788800, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
    weights: { 'weETH-eigen': 3800, ezETH: 3000, rsETH: 3000 },
    positions: [POSITIONS.weETH, restaked('weETH-eigen', 'op-a', 7), POSITIONS.ezETH, POSITIONS.rsETH],
    ...EIGEN_AVS,
    series: { rows },
  });
}

// 9. A vault that starts on the edge of its limits (item 9).
write('cap-edge-start', {
  description: 'The vault starts exactly at its limits: weETH at the 40% protocol cap and 2% idle, the minimum; weETH, the fastest grower, drifts over the cap and the growing positions push idle under its minimum.',
  sources: [S.staking, S.rates, S.exits, S.dex, S.gas2024, 'Position caps of 30-40% per protocol and an idle buffer of 1-2% are common settings of ERC-4626 allocator vaults (Yearn V3 debt allocator, Morpho/Euler vault curators\' public allocations)'],
  notes: ['The limits are config/backtest.yaml\'s (4000 bps per position and protocol, 200 bps idle); the market is a calm 2024 autumn.'],
  start: 1727740800, stepSeconds: 14_400, steps: 270, warmupSteps: 60,
  weights: { weETH: 4000, ezETH: 3000, rsETH: 2800 },
  positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH, POSITIONS.pufETH],
  series: { rows: [
    { step: 0, baseFeeGwei: 10, ...lrtColumns(['weETH', 'ezETH', 'rsETH', 'pufETH']), 'weETH.apyBps': 340, 'ezETH.apyBps': 310, 'rsETH.apyBps': 300, 'pufETH.apyBps': 320 },
    { step: 269, baseFeeGwei: 8 },
  ] },
});

// 10. Exit queues that stretch, a withdrawal pause, an instant buffer drained (item 12).
{
  const rows = [
    { step: 0, baseFeeGwei: 2, ...lrtColumns(['weETH', 'ezETH', 'rsETH'], { 'weETH.rate': 1.07, 'ezETH.rate': 1.055, 'rsETH.rate': 1.055 }), 'weETH.apyBps': 290, 'ezETH.apyBps': 300, 'rsETH.apyBps': 320, 'weETH.queueDelayDays': 5, 'rsETH.queueDelayDays': 8, 'ezETH.queueDelayDays': 7, 'weETH.dexDiscountBps': 5, 'rsETH.dexDiscountBps': 15, 'ezETH.dexDiscountBps': 15, 'weETH.instantLiquidityEth': 3000 },
    { step: 80, 'rsETH.apyBps': 320, 'weETH.queueDelayDays': 5, 'rsETH.queueDelayDays': 8, 'ezETH.queueDelayDays': 7, 'weETH.instantLiquidityEth': 3000, 'rsETH.dexDiscountBps': 15 },
    { step: 92, 'rsETH.apyBps': 200 },
    { step: 120, 'rsETH.withdrawalsPaused': 1 },
    { step: 128, 'rsETH.withdrawalsPaused': 0 },
    { step: 160, 'weETH.queueDelayDays': 25, 'rsETH.queueDelayDays': 30, 'ezETH.queueDelayDays': 21, 'weETH.instantLiquidityEth': 0, 'rsETH.dexDiscountBps': 60 },
    { step: 200, 'weETH.instantLiquidityEth': 0 },
    { step: 212, 'weETH.instantLiquidityEth': 3000 },
    { step: 239, baseFeeGwei: 3, 'weETH.queueDelayDays': 30, 'rsETH.queueDelayDays': 35, 'ezETH.queueDelayDays': 25, 'rsETH.dexDiscountBps': 40 },
  ];
  write('queue-stretch', {
    description: 'Ethereum\'s validator exit queue stretches from days to weeks: LRT withdrawal delays grow from 5-8 days to 25-35 days over 40 days, ether.fi\'s instant buffer drains and refills, Kelp pauses withdrawals for two days, and rsETH\'s yield falls from 3.2% to 2.0% just as the queue starts to grow.',
    sources: [S.rates, S.exits, S.dex, S.gas2024, 'Ethereum\'s validator exit queue grew from under a day in June 2025 to over 40 days in September 2025 (about 2.5 million ETH waiting; validatorqueue.com, news of the day); LRT and LST withdrawals wait for validator exits, so their delays stretched with it', 'LST/LRT discounts widened to about 0.3-1% while exit queues were long (Curve and Uniswap pool prices, August-September 2025)', 'LRT withdrawal managers (Kelp, Renzo, ether.fi) are pausable by their admins (their contracts on Etherscan); ether.fi\'s instant redemption draws on a liquidity buffer that empties under heavy exits and refills from validator exits'],
    notes: ['The queue delays are interpolated between keyframes; a request waits the delay of the step it is made at. The two-day pause and the drained buffer are stress events built on the pausable contracts, not a replay of a specific pause.'],
    start: 1751328000, stepSeconds: 21_600, steps: 240, warmupSteps: 40,
    weights: { weETH: 3500, ezETH: 3000, rsETH: 3300 },
    positions: [POSITIONS.weETH, POSITIONS.ezETH, POSITIONS.rsETH],
  }, rows);
}
