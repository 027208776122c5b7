/**
 * The rest of the book a plan moves besides balances: LRT-queue requests in flight and
 * EigenLayer deposit shares. Each gets a probe read (in the simulation's probe and the
 * post-state check) and an exact expectation: a queued exit adds one request to its queue, a
 * completion takes one away, queueing an EigenLayer withdrawal removes exactly the deposit
 * shares it names, and a restake adds shares (how many only the chain knows; at least one).
 */
import { Interface } from 'ethers';
import type { Action } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { TokenExpectation, CompletionKind } from './expectations.ts';
import type { ProbeRead } from './probe.ts';
import type { ExecutionTargets } from './targets.ts';

const ETH_MARKER = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
const counts = new Interface([
  'function balanceOf(address owner) view returns (uint256)',
  'function getOutstandingWithdrawRequests(address user) view returns (uint256)',
  'function getUserWithdrawalRequestCount(address asset, address user) view returns (uint256)',
]);
const strategyManager = new Interface(['function stakerDepositShares(address staker, address strategy) view returns (uint256)']);

type QueueKind = Exclude<CompletionKind, 'eigen'>;

/** Probe reads and expectations for the requests and shares `actions` move. */
export function bookProbe(actions: readonly Action[], specs: readonly PositionSpec[], targets: ExecutionTargets, holder: string, completions: ReadonlyMap<string, CompletionKind>): { reads: ProbeRead[]; expectations: TokenExpectation[] } {
  const requests = new Map<QueueKind, bigint>();
  const shares = new Map<string, { delta: bigint; restaked: boolean }>();
  const bump = (kind: QueueKind, by: bigint): void => void requests.set(kind, (requests.get(kind) ?? 0n) + by);
  for (const a of actions) {
    if (a.kind === 'withdraw' && a.route === 'queued') {
      const protocol = specs.find((s) => s.id === a.positionId)?.protocol;
      if (protocol === 'etherfi' || protocol === 'renzo' || protocol === 'kelp' || protocol === 'swell') bump(protocol, 1n);
    } else if (a.kind === 'complete-withdrawal') {
      const kind = completions.get(a.withdrawalId);
      if (kind !== undefined && kind !== 'eigen') bump(kind, -1n);
    } else if (a.kind === 'eigen-queue-withdrawal') {
      const cur = shares.get(a.strategy.toLowerCase()) ?? { delta: 0n, restaked: false };
      shares.set(a.strategy.toLowerCase(), { ...cur, delta: cur.delta - a.depositShares });
    } else if (a.kind === 'eigen-deposit') {
      const cur = shares.get(a.strategy.toLowerCase()) ?? { delta: 0n, restaked: false };
      shares.set(a.strategy.toLowerCase(), { ...cur, restaked: true });
    }
  }
  const reads: ProbeRead[] = [];
  const expectations: TokenExpectation[] = [];
  for (const [kind, delta] of requests) {
    const read = requestCountRead(kind, targets, holder);
    if (read === undefined) continue;
    reads.push(read);
    expectations.push({ token: read.key, label: `${kind} requests`, expected: delta, floor: delta, scale: 0n, exact: true, unknown: 0n, slackWei: 0n });
  }
  const sm = targets.eigen?.strategyManager;
  for (const [strategy, s] of shares) {
    if (sm === undefined) continue;
    const key = `shares:${strategy}`;
    reads.push({ key, call: { target: sm, iface: strategyManager, fn: 'stakerDepositShares', args: [holder, strategy], label: `stakerDepositShares(${strategy})` } });
    // A restake adds shares at the strategy's price: only "more than the queue took" is certain.
    const exact = { token: key, label: 'EigenLayer shares', scale: 0n, unknown: 0n, slackWei: 0n };
    expectations.push(s.restaked ? { ...exact, expected: s.delta + 1n, floor: s.delta + 1n, exact: false } : { ...exact, expected: s.delta, floor: s.delta, exact: true });
  }
  return { reads, expectations };
}

function requestCountRead(kind: QueueKind, targets: ExecutionTargets, holder: string): ProbeRead | undefined {
  const key = `requests:${kind}`;
  const t = targets.lrts;
  switch (kind) {
    case 'etherfi':
      return t.weETH?.protocol === 'etherfi' ? { key, call: { target: t.weETH.withdrawRequestNft, iface: counts, fn: 'balanceOf', args: [holder], label: 'etherfi NFTs' } } : undefined;
    case 'renzo':
      return t.ezETH?.protocol === 'renzo' ? { key, call: { target: t.ezETH.withdrawQueue, iface: counts, fn: 'getOutstandingWithdrawRequests', args: [holder], label: 'renzo requests' } } : undefined;
    case 'kelp':
      return t.rsETH?.protocol === 'kelp' ? { key, call: { target: t.rsETH.withdrawalManager, iface: counts, fn: 'getUserWithdrawalRequestCount', args: [ETH_MARKER, holder], label: 'kelp requests' } } : undefined;
    case 'swell':
      return t.rswETH?.protocol === 'swell' ? { key, call: { target: t.rswETH.withdrawalNft, iface: counts, fn: 'balanceOf', args: [holder], label: 'swell NFTs' } } : undefined;
  }
}
