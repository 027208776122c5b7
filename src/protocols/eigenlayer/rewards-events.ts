/**
 * RewardsCoordinator (v1.12) reward submission and operator split events, decoded into plain
 * records. AVS rates are not published on chain; they follow from these events (PROTOCOLS.md,
 * "Mainnet facts"). Amounts are as emitted: the protocol fee of opted-in submitters is taken
 * before the event, so they are already net of it.
 */
import { Interface, type Result } from 'ethers';

const SUBMISSION = '((address strategy, uint96 multiplier)[] strategiesAndMultipliers, address token, uint256 amount, uint32 startTimestamp, uint32 duration)';
const OPERATOR_DIRECTED =
  '((address strategy, uint96 multiplier)[] strategiesAndMultipliers, address token, (address operator, uint256 amount)[] operatorRewards, uint32 startTimestamp, uint32 duration, string description)';
const OPERATOR_SET = '(address avs, uint32 id)';

export const REWARDS_EVENTS_ABI = [
  `event AVSRewardsSubmissionCreated(address indexed avs, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, ${SUBMISSION} rewardsSubmission)`,
  `event RewardsSubmissionForAllCreated(address indexed submitter, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, ${SUBMISSION} rewardsSubmission)`,
  `event RewardsSubmissionForAllEarnersCreated(address indexed tokenHopper, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, ${SUBMISSION} rewardsSubmission)`,
  `event OperatorDirectedAVSRewardsSubmissionCreated(address indexed caller, address indexed avs, bytes32 indexed operatorDirectedRewardsSubmissionHash, uint256 submissionNonce, ${OPERATOR_DIRECTED} operatorDirectedRewardsSubmission)`,
  `event OperatorDirectedOperatorSetRewardsSubmissionCreated(address indexed caller, bytes32 indexed operatorDirectedRewardsSubmissionHash, ${OPERATOR_SET} operatorSet, uint256 submissionNonce, ${OPERATOR_DIRECTED} operatorDirectedRewardsSubmission)`,
  `event UniqueStakeRewardsSubmissionCreated(address indexed caller, bytes32 indexed rewardsSubmissionHash, ${OPERATOR_SET} operatorSet, uint256 submissionNonce, ${SUBMISSION} rewardsSubmission)`,
  `event TotalStakeRewardsSubmissionCreated(address indexed caller, bytes32 indexed rewardsSubmissionHash, ${OPERATOR_SET} operatorSet, uint256 submissionNonce, ${SUBMISSION} rewardsSubmission)`,
  'event OperatorAVSSplitBipsSet(address indexed caller, address indexed operator, address indexed avs, uint32 activatedAt, uint16 oldOperatorAVSSplitBips, uint16 newOperatorAVSSplitBips)',
  'event OperatorPISplitBipsSet(address indexed caller, address indexed operator, uint32 activatedAt, uint16 oldOperatorPISplitBips, uint16 newOperatorPISplitBips)',
  `event OperatorSetSplitBipsSet(address indexed caller, address indexed operator, ${OPERATOR_SET} operatorSet, uint32 activatedAt, uint16 oldOperatorSetSplitBips, uint16 newOperatorSetSplitBips)`,
  'event DefaultOperatorSplitBipsSet(uint16 oldDefaultOperatorSplitBips, uint16 newDefaultOperatorSplitBips)',
] as const;

export const rewardsEvents = new Interface(REWARDS_EVENTS_ABI);

/** topic0 of every event above: the filter of the one eth_getLogs a scan needs. */
export const REWARDS_EVENT_TOPICS: readonly string[] = (() => {
  const topics: string[] = [];
  rewardsEvents.forEachEvent((event) => topics.push(event.topicHash));
  return topics;
})();

/**
 * Which submission it was. Decides whose stake earns it and which operator split applies:
 * avs (operators registered to the AVS, AVS split), operatorSet kinds (the set's members,
 * set split), forAll (every staker, no split), forAllEarners (programmatic incentives, PI split).
 */
export type SubmissionKind = 'avs' | 'forAll' | 'forAllEarners' | 'operatorDirectedAvs' | 'operatorDirectedSet' | 'uniqueStake' | 'totalStake';

export interface StrategyWeight {
  readonly strategy: string;
  readonly multiplier: bigint;
}

export interface RewardSubmissionEvent {
  readonly type: 'submission';
  readonly kind: SubmissionKind;
  /** The AVS, or the submitter for the for-all kinds. */
  readonly avs: string;
  readonly operatorSetId?: number;
  readonly token: string;
  /** Net of the protocol fee; for operator-directed ones, the sum of operatorRewards. */
  readonly amount: bigint;
  readonly operatorRewards?: readonly { readonly operator: string; readonly amount: bigint }[];
  readonly startTimestamp: number;
  readonly duration: number;
  readonly strategies: readonly StrategyWeight[];
  readonly block: number;
  readonly logIndex: number;
}

export type SplitScope = 'avs' | 'pi' | 'operatorSet' | 'default';

export interface SplitEvent {
  readonly type: 'split';
  readonly scope: SplitScope;
  /** Zero address for the default split. */
  readonly operator: string;
  readonly avs?: string;
  readonly operatorSetId?: number;
  readonly activatedAt: number;
  readonly oldBips: number;
  readonly newBips: number;
  readonly block: number;
  readonly logIndex: number;
}

export type RewardsEvent = RewardSubmissionEvent | SplitEvent;

export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: string | number;
  readonly logIndex: string | number;
}

const SUBMISSION_KINDS: Record<string, SubmissionKind> = {
  AVSRewardsSubmissionCreated: 'avs',
  RewardsSubmissionForAllCreated: 'forAll',
  RewardsSubmissionForAllEarnersCreated: 'forAllEarners',
  OperatorDirectedAVSRewardsSubmissionCreated: 'operatorDirectedAvs',
  OperatorDirectedOperatorSetRewardsSubmissionCreated: 'operatorDirectedSet',
  UniqueStakeRewardsSubmissionCreated: 'uniqueStake',
  TotalStakeRewardsSubmissionCreated: 'totalStake',
};

/**
 * Decodes one log; undefined for a log that is not one of these events (other events of the
 * coordinator share its address).
 * @example decodeRewardsLog(log)?.type === 'submission'
 */
export function decodeRewardsLog(log: RawLog): RewardsEvent | undefined {
  const parsed = rewardsEvents.parseLog({ topics: [...log.topics], data: log.data });
  if (parsed === null) return undefined;
  const block = Number(log.blockNumber);
  const logIndex = Number(log.logIndex);
  const a = parsed.args;
  const kind = SUBMISSION_KINDS[parsed.name];
  if (kind !== undefined) {
    const s = (kind === 'operatorDirectedAvs' || kind === 'operatorDirectedSet' ? a.getValue('operatorDirectedRewardsSubmission') : a.getValue('rewardsSubmission')) as Result;
    const set = kind === 'operatorDirectedSet' || kind === 'uniqueStake' || kind === 'totalStake' ? (a.getValue('operatorSet') as Result) : undefined;
    const avs = set ? String(set[0]) : String(a[kind === 'operatorDirectedAvs' ? 1 : 0]);
    const strategies = (s[0] as Result[]).map((w) => ({ strategy: String(w[0]).toLowerCase(), multiplier: BigInt(w[1] as bigint) }));
    const operatorRewards = kind.startsWith('operatorDirected')
      ? (s[2] as Result[]).map((r) => ({ operator: String(r[0]).toLowerCase(), amount: BigInt(r[1] as bigint) }))
      : undefined;
    return {
      type: 'submission',
      kind,
      avs: avs.toLowerCase(),
      ...(set ? { operatorSetId: Number(set[1]) } : {}),
      token: String(s[1]).toLowerCase(),
      amount: operatorRewards ? operatorRewards.reduce((sum, r) => sum + r.amount, 0n) : BigInt(s[2] as bigint),
      ...(operatorRewards ? { operatorRewards } : {}),
      startTimestamp: Number(s[3]),
      duration: Number(s[4]),
      strategies,
      block,
      logIndex,
    };
  }
  const split = (scope: SplitScope, operator: string, rest: { avs?: string; operatorSetId?: number }, activatedAt: unknown, oldBips: unknown, newBips: unknown): SplitEvent => ({
    type: 'split', scope, operator: operator.toLowerCase(), ...rest, activatedAt: Number(activatedAt), oldBips: Number(oldBips), newBips: Number(newBips), block, logIndex,
  });
  switch (parsed.name) {
    case 'OperatorAVSSplitBipsSet':
      return split('avs', String(a[1]), { avs: String(a[2]).toLowerCase() }, a[3], a[4], a[5]);
    case 'OperatorPISplitBipsSet':
      return split('pi', String(a[1]), {}, a[2], a[3], a[4]);
    case 'OperatorSetSplitBipsSet': {
      const set = a[2] as Result;
      return split('operatorSet', String(a[1]), { avs: String(set[0]).toLowerCase(), operatorSetId: Number(set[1]) }, a[3], a[4], a[5]);
    }
    case 'DefaultOperatorSplitBipsSet':
      return split('default', '0x0000000000000000000000000000000000000000', {}, 0, a[0], a[1]);
    default:
      return undefined;
  }
}
