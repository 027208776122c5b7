/**
 * What a queued protocol withdrawal that is not yet claimable is worth now.
 *
 * It pays par (the protocol rate at the request) once its wait is over; until then it is an
 * LRT with a wait attached, and the market prices that wait: the DEX discount of the LRT is
 * what a holder pays to skip the protocol queue of the moment. A claim with a fraction of that
 * queue still to wait is worth the LRT's mark on that fraction of the discount, narrowing to
 * par as the wait runs out.
 *
 * Marking it at par from the request on would let any run (the perfect-foresight bound most
 * of all) book the DEX discount as a gain by queuing a discounted LRT just before the end of
 * a scenario, a gain no one could realise by then. Both the replay's book and the bound value
 * pending exits with this one function.
 */

/**
 * Value of a pending claim as a fraction of its par value.
 * @param markRatio the LRT's mark over its protocol rate now (≤ 1; 1 when it trades at par)
 * @param remainingSeconds wait until the claim can be completed (≤ 0: claimable now)
 * @param queueDelaySeconds the protocol queue's delay for a request made now (what the discount prices)
 * @param paused the protocol pays no claim now: the wait is unknown, so the claim is marked like the LRT
 * @example pendingClaimFactor(0.994, 3.5 * 86_400, 7 * 86_400, false) // 0.997: half the 60 bps discount
 */
export function pendingClaimFactor(markRatio: number, remainingSeconds: number, queueDelaySeconds: number, paused: boolean): number {
  const ratio = Math.min(1, Math.max(0, markRatio));
  if (paused) return ratio;
  if (remainingSeconds <= 0) return 1;
  const left = queueDelaySeconds > 0 ? Math.min(1, remainingSeconds / queueDelaySeconds) : 1;
  return 1 - (1 - ratio) * left;
}
