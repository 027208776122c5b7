/**
 * The devnet Sidecar's state: it follows the RewardsCoordinator's submission and split events
 * and the DelegationManager's delegations, computes cumulative earnings from them and the
 * stake, and remembers the tree of every root it prepared (by root hash) for the HTTP API.
 * The market simulator asks it for the submitRoot transaction every root interval, signed by
 * the rewards updater, exactly as the real rewards updater posts what the Sidecar computed.
 */
import { Contract, Interface, type JsonRpcProvider } from 'ethers';
import type { Logger } from '../../telemetry/logger.ts';
import { decodeRewardsLog, REWARDS_EVENT_TOPICS, type RewardSubmissionEvent, type SplitEvent } from '../../protocols/eigenlayer/rewards-events.ts';
import { buildRewardsTree, type PublishedRewardsTree } from '../../protocols/eigenlayer/rewards-merkle.ts';
import { EMPTY_SPLITS, withSplits, type SplitBook } from '../../rewards/splits.ts';
import type { EigenLayerDeployment } from '../deploy-eigenlayer.ts';
import { encodeSubmitRoot, type UnsignedTx } from '../eigenlayer-controls.ts';
import { distribute, type Earnings, type StakeSnapshot } from './distribute.ts';

const DELEGATION = new Interface([
  'event StakerDelegated(address indexed staker, address indexed operator)',
  'function delegatedTo(address staker) view returns (address)',
  'function operatorShares(address operator, address strategy) view returns (uint256)',
  'function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)',
]);
const ALLOCATION = new Interface(['function getMembers((address avs, uint32 id) operatorSet) view returns (address[])']);

export interface PreparedTree {
  readonly root: string;
  readonly calculatedUntil: number;
  readonly tree: PublishedRewardsTree;
}

export interface SidecarLedger {
  /** Computes earnings up to `until` (a mined block's timestamp) and returns the submitRoot transaction, or undefined when nobody earned anything yet. */
  prepareRoot(until: number): Promise<UnsignedTx | undefined>;
  treeByRoot(root: string): PreparedTree | undefined;
}

export function createSidecarLedger(provider: JsonRpcProvider, eigenlayer: EigenLayerDeployment, logger: Logger): SidecarLedger {
  const submissions: RewardSubmissionEvent[] = [];
  let splits: SplitBook = EMPTY_SPLITS;
  const stakers = new Set<string>();
  let scannedTo = -1;
  let lastEnd = 0;
  const cumulative: Earnings = new Map();
  const trees = new Map<string, PreparedTree>();
  const delegation = new Contract(eigenlayer.delegationManager, DELEGATION, provider);
  const allocation = new Contract(eigenlayer.allocationManager, ALLOCATION, provider);
  const strategies = Object.values(eigenlayer.strategies).map((s) => s.toLowerCase());
  const stakerDelegated = DELEGATION.getEvent('StakerDelegated')?.topicHash ?? '';

  async function sync(): Promise<void> {
    const head = await provider.getBlockNumber();
    if (head <= scannedTo) return;
    const range = { fromBlock: scannedTo + 1, toBlock: head };
    const [rewardLogs, delegationLogs] = await Promise.all([
      provider.getLogs({ ...range, address: eigenlayer.rewardsCoordinator, topics: [[...REWARDS_EVENT_TOPICS]] }),
      provider.getLogs({ ...range, address: eigenlayer.delegationManager, topics: [stakerDelegated] }),
    ]);
    const newSplits: SplitEvent[] = [];
    for (const log of rewardLogs) {
      const event = decodeRewardsLog({ topics: log.topics, data: log.data, blockNumber: log.blockNumber, logIndex: log.index });
      if (event?.type === 'submission') submissions.push(event);
      else if (event?.type === 'split') newSplits.push(event);
    }
    splits = withSplits(splits, newSplits);
    for (const log of delegationLogs) stakers.add(`0x${(log.topics[1] ?? '').slice(26)}`.toLowerCase());
    scannedTo = head;
  }

  async function snapshot(): Promise<StakeSnapshot> {
    const sets = eigenlayer.avs.flatMap((avs) => avs.operatorSets.map((set) => ({ avs: avs.address, id: set.id })));
    const operators = eigenlayer.operators.map((o) => o.address.toLowerCase());
    const [memberLists, shareList, stakerList] = await Promise.all([
      Promise.all(sets.map(async (s) => [`${s.avs.toLowerCase()}:${s.id}`, ((await allocation.getFunction('getMembers')(s)) as string[]).map((m) => m.toLowerCase())] as const)),
      Promise.all(operators.flatMap((o) => strategies.map(async (s) => [`${o}:${s}`, (await delegation.getFunction('operatorShares')(o, s)) as bigint] as const))),
      Promise.all([...stakers].map(async (staker) => {
        const [operator, [withdrawable]] = await Promise.all([
          delegation.getFunction('delegatedTo')(staker) as Promise<string>,
          delegation.getFunction('getWithdrawableShares')(staker, strategies) as Promise<[bigint[]]>,
        ]);
        return { staker, operator: operator.toLowerCase(), shares: new Map(strategies.map((s, i) => [s, withdrawable[i] ?? 0n])) };
      })),
    ]);
    const members = new Map<string, string[]>(memberLists.map(([k, v]) => [k, [...v]]));
    const opShares = new Map(shareList);
    const byOperator = new Map<string, { staker: string; shares: (strategy: string) => bigint }[]>();
    for (const { staker, operator, shares } of stakerList) {
      if (!operators.includes(operator)) continue;
      byOperator.set(operator, [...(byOperator.get(operator) ?? []), { staker, shares: (s) => shares.get(s.toLowerCase()) ?? 0n }]);
    }
    const avsOperators = (avs: string): string[] => [...new Set([...members].filter(([k]) => k.startsWith(`${avs.toLowerCase()}:`)).flatMap(([, m]) => m))];
    return {
      members: (avs, id) => members.get(`${avs.toLowerCase()}:${id}`) ?? [],
      avsOperators,
      allOperators: () => operators,
      operatorShares: (o, s) => opShares.get(`${o.toLowerCase()}:${s.toLowerCase()}`) ?? 0n,
      stakers: (o) => byOperator.get(o.toLowerCase()) ?? [],
    };
  }

  return {
    async prepareRoot(until) {
      await sync();
      if (until <= lastEnd) return undefined;
      distribute(submissions, splits, await snapshot(), lastEnd, until, cumulative);
      lastEnd = until;
      // Fully paid submissions never add anything again.
      for (let i = submissions.length - 1; i >= 0; i--) {
        const s = submissions[i] as RewardSubmissionEvent;
        if (s.startTimestamp + s.duration <= until) submissions.splice(i, 1);
      }
      if (cumulative.size === 0) return undefined;
      const earnings = Object.fromEntries([...cumulative].map(([earner, tokens]) => [earner, Object.fromEntries(tokens)]));
      const tree = buildRewardsTree(earnings, { keepZero: true });
      trees.set(tree.root.toLowerCase(), { root: tree.root, calculatedUntil: until, tree });
      logger.info({ root: tree.root, until, earners: tree.earners.length, submissions: submissions.length }, 'sidecar computed a rewards root');
      return encodeSubmitRoot(eigenlayer.rewardsCoordinator, tree.root, until);
    },
    treeByRoot: (root) => trees.get(root.toLowerCase()),
  };
}
