/**
 * Exact rationals on bigint, for the simplex: no epsilon, no cycling caused by rounding, and
 * the same answer on every machine.
 */
export interface Rational {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n/d in lowest terms with a positive denominator. */
export function rat(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('rational with zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const add = (a: Rational, b: Rational): Rational => (a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d));
export const sub = (a: Rational, b: Rational): Rational => (a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d));
export const mul = (a: Rational, b: Rational): Rational => (a.n === 0n || b.n === 0n ? ZERO : rat(a.n * b.n, a.d * b.d));
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const sign = (a: Rational): number => (a.n > 0n ? 1 : a.n < 0n ? -1 : 0);
/** a < b */
export const lt = (a: Rational, b: Rational): boolean => a.n * b.d < b.n * a.d;
/** Largest integer <= a. */
export function floorRat(a: Rational): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}
export const toNumber = (a: Rational): number => Number(a.n) / Number(a.d);
