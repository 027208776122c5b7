/**
 * Unit math shared by every pure module.
 *
 * Amounts are bigint wei of the vault asset (WETH, 18 decimals) and rates are WAD bigints
 * (1e18 = 1.0), so money never passes through a float. Yields are plain numbers, fractions per
 * year (0.035 = 3.5 %), because decisions compare and rank them and a float is exact enough
 * for a ranking. Each helper states its rounding so a caller can always round against itself
 * (for example down for amounts we receive, up for amounts we owe).
 */

export const WAD = 10n ** 18n;
/** Basis points in one whole: weights and fees are integers of 1/10_000. */
export const BPS = 10_000;
export const BPS_BIG = 10_000n;
/** A year of 365 days: APYs in this project are quoted on it. */
export const SECONDS_PER_YEAR = 365 * 24 * 60 * 60;
export const SECONDS_PER_DAY = 24 * 60 * 60;

export type Rounding = 'down' | 'up';

/** a·b/d with an explicit rounding; the base of all wad and bps math. Inputs must be >= 0. */
export function mulDiv(a: bigint, b: bigint, d: bigint, rounding: Rounding = 'down'): bigint {
  if (d === 0n) throw new RangeError('mulDiv: division by zero');
  if (a < 0n || b < 0n || d < 0n) throw new RangeError('mulDiv: negative operand');
  const product = a * b;
  const q = product / d;
  return rounding === 'up' && q * d !== product ? q + 1n : q;
}

/** a·b / 1e18: an amount times a rate. @example mulWad(2n * WAD, 1_05n * WAD / 100n) // 2.1e18 */
export function mulWad(a: bigint, b: bigint, rounding: Rounding = 'down'): bigint {
  return mulDiv(a, b, WAD, rounding);
}

/** a·1e18 / b: an amount divided by a rate (asset wei → LRT wei at the protocol rate). */
export function divWad(a: bigint, b: bigint, rounding: Rounding = 'down'): bigint {
  return mulDiv(a, WAD, b, rounding);
}

/** amount·bps/10_000, e.g. a fee or a weight of a total. */
export function applyBps(amount: bigint, bps: number, rounding: Rounding = 'down'): bigint {
  return mulDiv(amount, BigInt(checkBps(bps)), BPS_BIG, rounding);
}

/** amount·(10_000 − bps)/10_000: what is left after a fee or a slippage allowance. */
export function subtractBps(amount: bigint, bps: number, rounding: Rounding = 'down'): bigint {
  return mulDiv(amount, BigInt(BPS - checkBps(bps)), BPS_BIG, rounding);
}

/**
 * part/whole in bps, rounded down, 0 when whole is 0. Used to turn values into weights.
 * @example bpsOf(25n, 100n) // 2500
 */
export function bpsOf(part: bigint, whole: bigint): number {
  if (whole <= 0n) return 0;
  return Number((part * BPS_BIG) / whole);
}

/** Signed deviation of `observed` from `reference` in bps (as a number, not rounded). */
export function deviationBps(observed: bigint, reference: bigint): number {
  if (reference === 0n) return observed === 0n ? 0 : Number.POSITIVE_INFINITY;
  // Scale before dividing so sub-bps precision survives the bigint division.
  const scaled = ((observed - reference) * BPS_BIG * 1_000_000n) / reference;
  return Number(scaled) / 1_000_000;
}

function checkBps(bps: number): number {
  if (!Number.isInteger(bps) || bps < 0 || bps > BPS) {
    throw new RangeError(`bps must be an integer in [0, ${BPS}], got ${bps}`);
  }
  return bps;
}

/**
 * Wei (or any 18-decimal amount) to a float of whole units, for decisions and reports only.
 * Splitting integer and fraction keeps full precision for amounts above 2^53 wei.
 * @example weiToNumber(1_500_000_000_000_000_000n) // 1.5
 */
export function weiToNumber(wei: bigint, decimals = 18): number {
  const unit = 10n ** BigInt(decimals);
  const whole = wei / unit;
  const frac = wei % unit;
  return Number(whole) + Number(frac) / Number(unit);
}

/** Whole units to wei, rounded toward zero; the inverse of weiToNumber for config values. */
export function numberToWei(value: number, decimals = 18): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  // toFixed writes 1e21 and above in exponent notation; a double that large is an integer.
  if (Math.abs(value) >= 1e21) return BigInt(value) * 10n ** BigInt(decimals);
  const [intPart, fracPart = ''] = Math.abs(value).toFixed(decimals).split('.');
  const wei = BigInt(intPart ?? '0') * 10n ** BigInt(decimals) + BigInt(fracPart.padEnd(decimals, '0').slice(0, decimals) || '0');
  return value < 0 ? -wei : wei;
}

/** A wad rate as a float (1e18 → 1). */
export function wadToNumber(wad: bigint): number {
  return weiToNumber(wad, 18);
}

/** Gwei (as configured) to wei. */
export function gweiToWei(gwei: number): bigint {
  return numberToWei(gwei, 9);
}

/**
 * Asset wei as ETH with 4 decimals, for the reasons people read.
 * @example ethText(1_250_000_000_000_000_000n) // '1.2500 ETH'
 */
export function ethText(wei: bigint): string {
  return `${weiToNumber(wei).toFixed(4)} ETH`;
}

/**
 * A gas price for people: gwei to 2 decimals.
 * @example formatGwei(160_000_000_000n) // '160.00 gwei'
 */
export function formatGwei(wei: bigint): string {
  return `${weiToNumber(wei, 9).toFixed(2)} gwei`;
}

/**
 * APY → continuously compounded per-second rate: ln(1 + apy) / year. Rates in this form add
 * over time, which is what a log-rate regression estimates.
 */
export function apyToPerSecond(apy: number): number {
  return Math.log1p(apy) / SECONDS_PER_YEAR;
}

/** Per-second continuous rate → APY: exp(r · year) − 1. */
export function perSecondToApy(ratePerSecond: number): number {
  return Math.expm1(ratePerSecond * SECONDS_PER_YEAR);
}

/**
 * Per-second growth factor as a wad (1e18 · exp(r)), the form on-chain accrual uses; useful to
 * project a rate forward in bigint math.
 */
export function apyToPerSecondWad(apy: number): bigint {
  const perSecond = apyToPerSecond(apy);
  // expm1 keeps the tiny increment precise; 1e18 + 1e18·(e^r − 1).
  return WAD + BigInt(Math.round(Math.expm1(perSecond) * 1e18));
}

/**
 * The APY implied by growing from `startWad` to `endWad` over `seconds`.
 * @example growthToApy(WAD, WAD * 105n / 100n, SECONDS_PER_YEAR) // ≈ 0.05
 */
export function growthToApy(startWad: bigint, endWad: bigint, seconds: number): number {
  if (seconds <= 0 || startWad <= 0n || endWad <= 0n) return 0;
  const ratio = Number((endWad * WAD) / startWad) / 1e18;
  return perSecondToApy(Math.log(ratio) / seconds);
}

/** Smaller of two bigints. */
export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Larger of two bigints. */
export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
