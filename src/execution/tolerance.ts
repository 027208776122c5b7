/**
 * Whether an observed amount is close enough to the expected one. One-sided: only a result
 * WORSE than planned (less received, more spent) is measured against the tolerance; a better
 * fill, or a claim that pays more because a newer cumulative root landed, always passes.
 * `exact` tokens (the plan only spends them, in amounts written into the calldata) are held
 * on both sides: spending less than planned there means a call did not do what it said.
 *
 * The tolerance is `toleranceBps` of `scale` (the size of the flows behind the expectation),
 * plus an absolute slack for wei-level rounding in share math.
 *
 * @example shortfallWithin(999n, 1000n, 1000n, 10, 0n) // true (10 bps of 1000 is 1)
 * @example shortfallWithin(5000n, 1000n, 1000n, 10, 0n) // true (better than planned)
 */
export function shortfallWithin(actual: bigint, expected: bigint, scale: bigint, toleranceBps: number, slackWei: bigint): boolean {
  if (actual >= expected) return true;
  return (expected - actual) * 10_000n <= allowance(scale, toleranceBps, slackWei);
}

/** Both sides, for amounts the plan fixes exactly. @example deviationWithin(1001n, 1000n, 1000n, 10, 0n) // true */
export function deviationWithin(actual: bigint, expected: bigint, scale: bigint, toleranceBps: number, slackWei: bigint): boolean {
  const diff = actual > expected ? actual - expected : expected - actual;
  return diff * 10_000n <= allowance(scale, toleranceBps, slackWei);
}

function allowance(scale: bigint, toleranceBps: number, slackWei: bigint): bigint {
  const magnitude = scale < 0n ? -scale : scale;
  return magnitude * BigInt(Math.round(toleranceBps)) + slackWei * 10_000n;
}
