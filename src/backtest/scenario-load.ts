/**
 * Reads and validates a scenario: the JSON against the zod schema, the CSV it may reference,
 * and the rules that span fields (names that refer to each other, columns that exist, steps
 * in range). Every problem is reported at once as `path: message`, where the path is the
 * JSON path (`events.2.symbol`) or the CSV position (`depeg.csv:14:3 (ezETH.rate)`).
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../domain/errors.ts';
import { problemsFromError } from '../config/issues.ts';
import { parseSeriesCsv, type CsvProblem } from './scenario-csv.ts';
import { MAX_BASE_FEE_GWEI, MAX_DISCOUNT_BPS, MAX_ETH, scenarioSchema, type ScenarioDoc, type SeriesRow } from './scenario-schema.ts';

/** A keyframe row with where it came from, for error messages. */
export interface Keyframe {
  readonly row: SeriesRow;
  /** `series.rows.3` or `file.csv:14`. */
  readonly origin: string;
}

export interface Scenario {
  readonly doc: ScenarioDoc;
  readonly keyframes: readonly Keyframe[];
  /** Where the scenario came from (file path or `(inline)`). */
  readonly source: string;
}

/** The scenario is invalid; `problems` are the lines of `details`. */
export class ScenarioInvalidError extends InputError {
  override name = 'ScenarioInvalidError';
  readonly problems: readonly CsvProblem[];
  constructor(source: string, problems: readonly CsvProblem[]) {
    super(`Invalid scenario ${source}: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}`, {
      details: problems.map((p) => `${p.path}: ${p.message}`),
      code: 'SCENARIO_INVALID',
    });
    this.problems = problems;
  }
}

export interface ParseScenarioOptions {
  readonly source?: string;
  /** Base for a relative `series.csv`. */
  readonly baseDir?: string;
  readonly readFile?: (path: string) => Promise<string>;
}

/** Reads a scenario JSON file (and its CSV). @throws InputError / ScenarioInvalidError */
export async function loadScenario(path: string, readFile: (p: string) => Promise<string> = (p) => fsReadFile(p, 'utf8')): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (cause) {
    throw new InputError(`Scenario file not readable: ${path}`, { details: [`file: ${path}`], cause, code: 'SCENARIO_FILE' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new InputError(`Scenario file ${path} is not valid JSON`, { details: [`file: ${path}`], cause, code: 'SCENARIO_INVALID' });
  }
  return parseScenario(raw, { source: path, baseDir: dirname(path), readFile });
}

/** Validates an already parsed scenario object. */
export async function parseScenario(raw: unknown, opts: ParseScenarioOptions = {}): Promise<Scenario> {
  const source = opts.source ?? '(inline)';
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioInvalidError(source, problemsFromError(parsed.error));
  const doc = parsed.data;
  const problems: CsvProblem[] = [];
  let keyframes: Keyframe[];
  if ('csv' in doc.series) {
    const file = resolve(opts.baseDir ?? '.', doc.series.csv);
    let text: string;
    try {
      text = await (opts.readFile ?? ((p: string) => fsReadFile(p, 'utf8')))(file);
    } catch (cause) {
      throw new InputError(`Scenario series file not readable: ${file}`, { details: ['field: series.csv', `file: ${file}`], cause, code: 'SCENARIO_FILE' });
    }
    const csv = parseSeriesCsv(text, basename(file));
    problems.push(...csv.problems);
    keyframes = csv.rows.map((r) => ({ row: r.row, origin: `${basename(file)}:${r.line}` }));
  } else {
    keyframes = doc.series.rows.map((row, i) => ({ row, origin: `series.rows.${i}` }));
  }
  problems.push(...crossCheck(doc, keyframes));
  if (problems.length > 0) throw new ScenarioInvalidError(source, problems);
  return { doc, keyframes, source };
}

/** Columns a scenario may use, with whether step 0 must give them. */
export function knownColumns(doc: ScenarioDoc): Map<string, boolean> {
  const cols = new Map<string, boolean>([['baseFeeGwei', true]]);
  for (const p of doc.positions) {
    const anyDex = doc.positions.some((q) => q.symbol === p.symbol && q.exits.dex !== undefined);
    cols.set(`${p.symbol}.rate`, true);
    cols.set(`${p.symbol}.apyBps`, false);
    cols.set(`${p.symbol}.dexDiscountBps`, false);
    cols.set(`${p.symbol}.dexLiquidityEth`, anyDex);
    cols.set(`${p.symbol}.instantLiquidityEth`, false);
    const sameSymbol = doc.positions.filter((q) => q.symbol === p.symbol);
    if (sameSymbol.some((q) => q.exits.queued !== undefined)) cols.set(`${p.symbol}.queueDelayDays`, false);
    if (sameSymbol.some((q) => q.exits.queued !== undefined || q.exits.instant !== undefined)) cols.set(`${p.symbol}.withdrawalsPaused`, false);
  }
  for (const a of doc.avs) cols.set(`${a.name}.aprBps`, true);
  for (const t of doc.rewardTokens) {
    cols.set(`${t.symbol}.priceEth`, true);
    cols.set(`${t.symbol}.liquidityEth`, true);
  }
  return cols;
}

/**
 * The largest value a column can take in any market, so that a typo (a rate in wei, a depth in
 * gwei) is named instead of replayed into figures that mean nothing.
 */
const COLUMN_CEILINGS: readonly { readonly suffix: string; readonly max: number; readonly why: string }[] = [
  // dexLiquidityEth, instantLiquidityEth and a reward token's liquidityEth.
  { suffix: 'liquidityeth', max: MAX_ETH, why: 'more than all the ether there is' },
  { suffix: '.rate', max: 100, why: 'ETH per LRT; a rate grows a few % a year from about 1' },
  { suffix: '.dexDiscountBps', max: MAX_DISCOUNT_BPS, why: 'a pool at a tenth of the rate, the deepest a depeg event takes' },
  { suffix: '.apyBps', max: 100_000, why: '1,000 % a year' },
  { suffix: '.aprBps', max: 100_000, why: '1,000 % a year' },
  { suffix: '.queueDelayDays', max: 3_650, why: 'ten years' },
  { suffix: 'baseFeeGwei', max: MAX_BASE_FEE_GWEI, why: 'far past any base fee mainnet has seen' },
];

function ceilingOf(col: string): { max: number; why: string } {
  const name = col.toLowerCase();
  return COLUMN_CEILINGS.find((c) => name.endsWith(c.suffix.toLowerCase())) ?? { max: Number.MAX_VALUE, why: 'a finite number' };
}

function crossCheck(doc: ScenarioDoc, keyframes: readonly Keyframe[]): CsvProblem[] {
  const out: CsvProblem[] = [];
  const add = (path: string, message: string): number => out.push({ path, message });
  const ids = new Set<string>();
  doc.positions.forEach((p, i) => {
    if (ids.has(p.id)) add(`positions.${i}.id`, `duplicate position id "${p.id}"`);
    ids.add(p.id);
    if (p.restaked && !doc.operators.some((o) => o.name === p.restaked?.operator)) add(`positions.${i}.restaked.operator`, `no operator "${p.restaked.operator}" under operators`);
  });
  doc.operators.forEach((o, i) => o.avs.forEach((a, j) => doc.avs.some((x) => x.name === a) || add(`operators.${i}.avs.${j}`, `no AVS "${a}" under avs`)));
  doc.avs.forEach((a, i) => doc.rewardTokens.some((t) => t.symbol === a.rewardToken) || add(`avs.${i}.rewardToken`, `no reward token "${a.rewardToken}" under rewardTokens`));
  let sum = 0;
  for (const [id, w] of Object.entries(doc.initial.weights)) {
    if (!ids.has(id)) add(`initial.weights.${id}`, 'not a position id');
    sum += w;
  }
  if (sum > 10_000) add('initial.weights', `weights sum to ${sum} bps > 10000`);
  // A staker delegates to one operator at a time (EigenLayer's DelegationManager): a book that
  // starts restaked with two could not exist, and the replay and the bound would each pay it
  // differently.
  const operatorsHeld = [...new Set(doc.positions.filter((p) => p.restaked !== undefined && (doc.initial.weights[p.id] ?? 0) > 0).map((p) => p.restaked?.operator as string))];
  if (operatorsHeld.length > 1) add('initial.weights', `restaked with ${operatorsHeld.length} operators (${operatorsHeld.join(', ')}): a vault delegates to one operator at a time`);
  if (doc.warmupSteps > doc.steps - 2) add('warmupSteps', `must leave at least 2 steps after the warm-up (steps ${doc.steps})`);
  const symbols = new Set(doc.positions.map((p) => p.symbol));
  doc.events.forEach((e, i) => {
    if (e.step >= doc.steps) add(`events.${i}.step`, `step ${e.step} is past the last step ${doc.steps - 1}`);
    if ((e.kind === 'depeg' || e.kind === 'withdrawal-pause') && !symbols.has(e.symbol)) add(`events.${i}.symbol`, `no position holds ${e.symbol}`);
    if (e.kind === 'withdrawal-pause' && !doc.positions.some((p) => p.symbol === e.symbol && (p.exits.queued !== undefined || p.exits.instant !== undefined))) {
      add(`events.${i}.symbol`, `no ${e.symbol} position has an instant or queued exit to pause`);
    }
    if (e.kind === 'slashing' && !doc.operators.some((o) => o.name === e.operator)) add(`events.${i}.operator`, `no operator "${e.operator}"`);
    if ((e.kind === 'slashing' || e.kind === 'reward-stop') && !doc.avs.some((a) => a.name === e.avs)) add(`events.${i}.avs`, `no AVS "${e.avs}"`);
  });
  const cols = knownColumns(doc);
  let last = -1;
  const ratesAfterZero = new Set<string>();
  const apys = new Set<string>();
  for (const k of keyframes) {
    const step = k.row.step;
    if (typeof step !== 'number' || !Number.isInteger(step)) {
      add(`${k.origin}.step`, 'missing: an integer step');
      continue;
    }
    if (step <= last) add(`${k.origin}.step`, `step ${step} is not after the previous keyframe's ${last}`);
    if (step >= doc.steps) add(`${k.origin}.step`, `step ${step} is past the last step ${doc.steps - 1}`);
    last = Math.max(last, step);
    for (const [col, v] of Object.entries(k.row)) {
      if (col === 'step') continue;
      const ceiling = ceilingOf(col);
      if (!cols.has(col)) add(`${k.origin}.${col}`, `unknown column (known: ${[...cols.keys()].join(', ')})`);
      else if (v !== null && v < 0) add(`${k.origin}.${col}`, `must be >= 0, got ${v}`);
      else if (v !== null && v > ceiling.max) add(`${k.origin}.${col}`, `must be <= ${ceiling.max} (${ceiling.why}), got ${v}`);
      else if (v !== null && col.endsWith('.rate') && v <= 0) add(`${k.origin}.${col}`, 'a rate must be > 0');
      else if (v !== null && col.endsWith('.queueDelayDays') && v <= 0) add(`${k.origin}.${col}`, `a queue delay must be > 0 days, got ${v}`);
      else if (v !== null && col.endsWith('.withdrawalsPaused') && v !== 0 && v !== 1) add(`${k.origin}.${col}`, `give 1 (paused) or 0 (open), got ${v}`);
      if (v !== null && col.endsWith('.rate') && step > 0) ratesAfterZero.add(col.slice(0, -5));
      if (v !== null && col.endsWith('.apyBps')) apys.add(col.slice(0, -7));
    }
  }
  const first = keyframes[0];
  if (first === undefined || first.row.step !== 0) add('series', 'the first keyframe must be step 0');
  else {
    for (const [col, required] of cols) {
      if (required && (first.row[col] === undefined || first.row[col] === null)) add(`${first.origin}.${col}`, 'missing: step 0 must give this column');
    }
  }
  for (const s of ratesAfterZero) if (apys.has(s)) add('series', `${s}: give later rates either as ${s}.rate keyframes or as ${s}.apyBps, not both`);
  return out;
}
