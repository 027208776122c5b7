/**
 * Whether an observed amount is close enough to the expected one: within `toleranceBps` of
 * `scale` (the size of the flows behind the expectation), plus an absolute slack for
 * wei-level rounding in share math.
 *
 * @example deviationWithin(999n, 1000n, 1000n, 10, 0n) // true (10 bps of 1000 is 1)
 */
export function deviationWithin(actual: bigint, expected: bigint, scale: bigint, toleranceBps: number, slackWei: bigint): boolean {
  const diff = actual > expected ? actual - expected : expected - actual;
  const magnitude = scale < 0n ? -scale : scale;
  return diff * 10_000n <= magnitude * BigInt(Math.round(toleranceBps)) + slackWei * 10_000n;
}
