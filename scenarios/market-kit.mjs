/**
 * What the two market generators share (generate.mjs writes the shipped scenarios,
 * holdout.mjs the holdout markets): their command line, the seeded noise, the exit routes and
 * pools of SOURCES.md's "Common facts", and the writing of a market at each vault size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DAY = 86_400;

/**
 * `[out-dir] [--sizes a,b] [--seed n]`, the script's own `options` (each `{ flag, key, needs,
 * help, read }`: `read` turns the value into the option or undefined when it is invalid), or
 * `--help`/`-h` (the usage line, `about` and the options, on stdout, exit 0): anything else is a
 * usage error (exit 2), never silently ignored. `script` names the generator in the messages.
 */
export function parseArgs(argv, script, usageLine, about = '', options = []) {
  const out = {};
  const usage = (why) => {
    process.stderr.write(`${script}: ${why}\n${usageLine}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const own = options.find((o) => o.flag === a);
    if (a === '--help' || a === '-h') {
      const lines = [...options.map((o) => o.help), '--sizes a,b   vault sizes in ETH, one scenario file each (default 50,50000)', '--seed n      seed of the noise: the same arguments write the same bytes (default 0)', '-h, --help    this help'];
      process.stdout.write(`${usageLine}\n${about === '' ? '' : `\n${about}\n`}\noptions:\n${lines.map((o) => `  ${o}`).join('\n')}\n`);
      process.exit(0);
    } else if (own !== undefined) {
      const value = own.read(argv[++i] ?? '');
      if (value === undefined) usage(`${a} needs ${own.needs} (got ${argv[i]})`);
      out[own.key] = value;
    } else if (a === '--sizes') {
      const sizes = (argv[++i] ?? '').split(',').map(Number);
      if (sizes.length === 0 || sizes.some((x) => !Number.isFinite(x) || x <= 0)) usage(`--sizes needs positive ETH amounts, e.g. 500,5000 (got ${argv[i]})`);
      out.sizes = sizes;
    } else if (a === '--seed') {
      const seed = Number(argv[++i]);
      if (!Number.isInteger(seed) || seed < 0) usage(`--seed needs a non-negative integer (got ${argv[i]})`);
      out.seed = seed;
    } else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (out.dir === undefined) out.dir = a;
    else usage(`one output directory only (got ${out.dir} and ${a})`);
  }
  return { ...out, usage };
}

/**
 * The output directory of a generator whose markets stay out of the shipped table (`what`, e.g.
 * 'holdout markets'): required, and never scenarios/ or a directory in it, where they would join it.
 */
export function outsideShipped(args, what) {
  if (args.dir === undefined) args.usage(`the output directory is required (${what} are never written into scenarios/)`);
  const shipped = resolve(fileURLToPath(new URL('.', import.meta.url)));
  const target = resolve(args.dir);
  if (target === shipped || target.startsWith(`${shipped}${sep}`)) args.usage(`refusing to write into scenarios/ (${args.dir}): ${what} stay out of the shipped table`);
  return args.dir;
}

/** The vault sizes to write, each with its file suffix (50, 50k). */
export function vaultSizes(sizes = [50, 50_000]) {
  return sizes.map((totalEth) => ({ suffix: totalEth >= 1000 && totalEth % 1000 === 0 ? `${totalEth / 1000}k` : String(totalEth), totalEth }));
}

/** mulberry32: a small seeded PRNG, so the noisy series are reproducible. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box-Muller). */
export function normal(next) {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

export const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;

// Exit routes as the protocols offered them in 2024-2025 (SOURCES.md, "Common facts").
export const DEX = { feeBps: 5 };
export const POSITIONS = {
  weETH: { id: 'weETH', symbol: 'weETH', riskTier: 1, exits: { dex: DEX, instant: { feeBps: 30 }, queued: { delaySeconds: 5 * DAY } } },
  ezETH: { id: 'ezETH', symbol: 'ezETH', riskTier: 2, exits: { dex: DEX, queued: { delaySeconds: 7 * DAY } } },
  rsETH: { id: 'rsETH', symbol: 'rsETH', riskTier: 2, exits: { dex: DEX, queued: { delaySeconds: 8 * DAY } } },
  pufETH: { id: 'pufETH', symbol: 'pufETH', riskTier: 2, exits: { dex: DEX, instant: { feeBps: 100 } } },
  rswETH: { id: 'rswETH', symbol: 'rswETH', riskTier: 3, exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 12 * DAY } } },
};
/** Restaked weETH delegated to `operator`, with EigenLayer's delay of the time. */
export const restaked = (id, operator, delayDays) => ({ id, symbol: 'weETH', riskTier: 2, exits: { dex: DEX }, restaked: { operator, withdrawalDelaySeconds: delayDays * DAY } });
// WETH side of each LRT's pool (a Uniswap V2 stand-in, see SOURCES.md) and what the instant
// exits can take per step.
export const DEPTH = { weETH: 40_000, ezETH: 20_000, rsETH: 15_000, pufETH: 10_000, rswETH: 5_000 };
export const INSTANT = { weETH: 3_000, pufETH: 1_000 };

/**
 * A writer of markets into `dir` (made when missing) at each of `sizes`: `write(name, doc,
 * csvRows)` writes <name>-<suffix>.json per size, with the series inline or, given csvRows,
 * in <name>.csv shared by the sizes (its first line says which generator wrote it: `credit`).
 */
export function marketWriter(dir, sizes, credit) {
  const DIR = `${dir.replace(/\/$/, '')}/`;
  mkdirSync(DIR, { recursive: true });
  const writeCsv = (file, comment, rows) => {
    const cols = ['step', ...new Set(rows.flatMap((r) => Object.keys(r)).filter((c) => c !== 'step'))];
    const lines = [`# ${comment}`, cols.join(','), ...rows.map((r) => cols.map((c) => (r[c] === undefined || r[c] === null ? '' : String(r[c]))).join(','))];
    writeFileSync(`${DIR}${file}`, `${lines.join('\n')}\n`);
  };
  return function write(name, doc, csvRows) {
    for (const size of sizes) {
      const file = `${name}-${size.suffix}`;
      const out = {
        name: file, description: `${doc.description} Vault of ${size.totalEth.toLocaleString('en-US')} ETH.`, sources: doc.sources, notes: doc.notes ?? [],
        start: doc.start, stepSeconds: doc.stepSeconds, steps: doc.steps, warmupSteps: doc.warmupSteps, priorityFeeGwei: doc.priorityFeeGwei ?? 0.5,
        initial: { totalEth: size.totalEth, weights: doc.weights }, positions: doc.positions, operators: doc.operators ?? [], avs: doc.avs ?? [], rewardTokens: doc.rewardTokens ?? [],
        series: csvRows === undefined ? doc.series : { csv: `${name}.csv` }, events: doc.events ?? [],
      };
      writeFileSync(`${DIR}${file}.json`, `${JSON.stringify(out, null, 2)}\n`);
    }
    if (csvRows !== undefined) writeCsv(`${name}.csv`, `${name}: series shared by ${sizes.map((z) => `${name}-${z.suffix}.json`).join(' and ')}, written by ${credit}`, csvRows);
  };
}
