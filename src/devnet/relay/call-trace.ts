/**
 * Reading geth's `callTracer` output (which Anvil implements): how much ETH a transaction
 * paid to the block's coinbase, counting only call frames that did not revert.
 */

export interface CallFrame {
  type: string;
  from: string;
  to?: string;
  value?: string;
  output?: string;
  error?: string;
  calls?: CallFrame[];
}

/**
 * Sums the value moved to `recipient` by successful frames (a reverted frame undoes its
 * children too). Searchers pay builders this way (`block.coinbase.transfer(x)`).
 *
 * @example ethSentTo({ type: 'CALL', from: a, to: coinbase, value: '0x64' }, coinbase) // 100n
 */
export function ethSentTo(frame: CallFrame, recipient: string): bigint {
  if (frame.error !== undefined) return 0n;
  const own = frame.to !== undefined && frame.to.toLowerCase() === recipient.toLowerCase() && frame.type !== 'DELEGATECALL' ? BigInt(frame.value ?? '0x0') : 0n;
  return (frame.calls ?? []).reduce((sum, child) => sum + ethSentTo(child, recipient), own);
}
