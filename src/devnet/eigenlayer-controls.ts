/**
 * Unsigned transactions with which the devnet market simulator moves the EigenLayer world:
 * an AVS slashes an operator, the rewards updater posts a root, reward tokens are minted to
 * the RewardsCoordinator (which pays claims from its own balance). Plus the helper that turns
 * cumulative earnings into a root and a published tree that claims are later built from.
 *
 * The builders only encode; who signs matters and is the caller's job: `slash` by the AVS
 * account, `submitRoot` by the rewards updater, `mintRewards` by the reward token's owner.
 */
import { Interface, getAddress } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { buildRewardsTree, type CumulativeEarnings, type PublishedRewardsTree } from '../protocols/eigenlayer/rewards-merkle.ts';

/** Same shape as the other devnet/protocol encoders' requests. */
export interface UnsignedTx {
  to: string;
  data: string;
  value: bigint;
}

const WAD = 10n ** 18n;

const ALLOCATION_MANAGER = new Interface([
  'function slashOperator(address avs, (address operator, uint32 operatorSetId, address[] strategies, uint256[] wadsToSlash, string description) params) returns (uint256 slashId, uint256[] shares)',
]);
const REWARDS_COORDINATOR = new Interface(['function submitRoot(bytes32 root, uint32 rewardsCalculationEndTimestamp)']);
const MOCK_ERC20 = new Interface(['function mint(address to, uint256 amount)']);

export interface SlashRequest {
  allocationManager: string;
  avs: string;
  operator: string;
  operatorSetId: number;
  strategies: readonly string[];
  /** Fraction of the operator's current magnitude to slash, in WAD: (0, 1e18]. */
  wad: bigint;
  description?: string;
}

/**
 * Encodes AllocationManager.slashOperator for one AVS operator set, the same fraction for
 * every strategy. Strategies are sorted ascending and de-duplicated, as the contract requires.
 * Sign with the AVS account.
 */
export function encodeSlash(request: SlashRequest): UnsignedTx {
  if (request.wad <= 0n || request.wad > WAD) {
    throw new InputError('Slash fraction out of range', { details: [`wad: ${request.wad}`, 'expected: 0 < wad <= 1e18'] });
  }
  if (request.strategies.length === 0) throw new InputError('Slash needs at least one strategy');
  const strategies = [...new Set(request.strategies.map((s) => getAddress(s.toLowerCase())))].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const params = {
    operator: request.operator,
    operatorSetId: request.operatorSetId,
    strategies,
    wadsToSlash: strategies.map(() => request.wad),
    description: request.description ?? 'devnet slashing event',
  };
  return { to: request.allocationManager, data: ALLOCATION_MANAGER.encodeFunctionData('slashOperator', [request.avs, params]), value: 0n };
}

/** A float fraction (0.1 = 10%) as a WAD, to 1e-9 precision. */
export function wadFromFraction(fraction: number): bigint {
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new InputError('Slash fraction out of range', { details: [`fraction: ${fraction}`, 'expected: 0 < fraction <= 1'] });
  }
  return BigInt(Math.round(fraction * 1e9)) * 10n ** 9n;
}

/**
 * Encodes RewardsCoordinator.submitRoot. The end timestamp must be strictly before the block
 * that includes the transaction and later than the previous root's. Sign with the rewards updater.
 */
export function encodeSubmitRoot(rewardsCoordinator: string, root: string, rewardsCalculationEndTimestamp: number): UnsignedTx {
  if (!Number.isInteger(rewardsCalculationEndTimestamp) || rewardsCalculationEndTimestamp <= 0 || rewardsCalculationEndTimestamp >= 2 ** 32) {
    throw new InputError('Invalid rewards calculation end timestamp', { details: [`value: ${rewardsCalculationEndTimestamp}`] });
  }
  return { to: rewardsCoordinator, data: REWARDS_COORDINATOR.encodeFunctionData('submitRoot', [root, rewardsCalculationEndTimestamp]), value: 0n };
}

/** Encodes MockERC20.mint of reward tokens to the coordinator. Sign with the token's owner. */
export function encodeMintRewards(token: string, rewardsCoordinator: string, amount: bigint): UnsignedTx {
  if (amount <= 0n) throw new InputError('Reward mint amount must be positive', { details: [`amount: ${amount}`] });
  return { to: token, data: MOCK_ERC20.encodeFunctionData('mint', [rewardsCoordinator, amount]), value: 0n };
}

export interface PublishedRewards {
  root: string;
  /** JSON-serialisable; `buildClaim(tree, rootIndex, earner)` makes claims from it. */
  tree: PublishedRewardsTree;
}

/**
 * Builds the merkle tree for CUMULATIVE earnings (all-time totals per earner and token, not
 * this period's increment) and returns the root to submit and the tree to claim from.
 *
 * @example
 *   const { root, tree } = publishRewards({ [vault]: { [eigenToken]: total } });
 *   signer.add(updater, encodeSubmitRoot(coordinator, root, endTs), gas);
 *   const claim = buildClaim(tree, rootIndex, vault);
 */
export function publishRewards(earnings: CumulativeEarnings): PublishedRewards {
  const tree = buildRewardsTree(earnings);
  return { root: tree.root, tree };
}
