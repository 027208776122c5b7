/**
 * RestakingVault (contracts/vault): the fragments the keeper, depositors and the owner use.
 * The errors are listed so that a failed simulation or a revert decodes to a named guard
 * (e.g. `LossLimitExceeded`, `RecipientNotVault`) instead of raw bytes.
 */

/** One call the vault makes for the keeper: `execute` takes an array of these. */
export const VAULT_CALL_TUPLE = '(address target, uint256 value, bytes data)';

/** What the keeper sends and reads every tick. */
export const VAULT_KEEPER_ABI = [
  `function execute(${VAULT_CALL_TUPLE}[] calls) returns (bytes[] results)`,
  'function totalAssets() view returns (uint256)',
  'function idleAssets() view returns (uint256)',
  'function asset() view returns (address)',
  'function totalSupply() view returns (uint256)',
  'function convertToAssets(uint256 shares) view returns (uint256)',
  'function keeper() view returns (address)',
  'function paused() view returns (bool)',
  'function maxLossBps() view returns (uint16)',
  'function maxWindowLossBps() view returns (uint16)',
  // Losses of the last 24 hours in parts per billion of the share price (1 bps = 100,000).
  'function recentLossPpb() view returns (uint256)',
  'function LOSS_WINDOW() view returns (uint256)',
  'function MAX_CALLS() view returns (uint256)',
  'function MAX_QUEUED_WITHDRAWALS() view returns (uint256)',
] as const;

/** The allowlist and valuation views: what `execute` will accept and how assets are counted. */
export const VAULT_ALLOWLIST_ABI = [
  'function isAllowedCall(address target, bytes4 selector) view returns (bool)',
  'function callRule(address target, bytes4 selector) view returns ((bool allowed, bool allowValue, uint32 selfWords, uint32 counterpartyWords))',
  'function isApprovedSpender(address token, address spender) view returns (bool)',
  'function isCounterparty(address account) view returns (bool)',
  'function positions() view returns ((address token, (address target, bytes data) rate)[])',
  'function strategies() view returns (address[])',
  'function strategyUnderlying(address strategy) view returns (address)',
  'function delegationManager() view returns (address)',
  'function guards() view returns (address)',
  'function timelockDelay() view returns (uint256)',
  'function setupOpen() view returns (bool)',
  'function pendingChange(bytes32 id) view returns ((uint64 readyAt, uint8 kind, bytes payload))',
] as const;

/** ERC-4626 for depositors (withdrawals are limited to idle WETH: see maxWithdraw/maxRedeem). */
export const VAULT_DEPOSITOR_ABI = [
  'function deposit(uint256 assets, address receiver) returns (uint256)',
  'function mint(uint256 shares, address receiver) returns (uint256)',
  'function withdraw(uint256 assets, address receiver, address owner) returns (uint256)',
  'function redeem(uint256 shares, address receiver, address owner) returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function convertToShares(uint256 assets) view returns (uint256)',
  'function previewDeposit(uint256 assets) view returns (uint256)',
  'function previewRedeem(uint256 shares) view returns (uint256)',
  'function maxDeposit(address receiver) view returns (uint256)',
  'function maxWithdraw(address owner) view returns (uint256)',
  'function maxRedeem(address owner) view returns (uint256)',
] as const;

/** Owner and guardian: roles, pause, and the timelocked configuration. */
export const VAULT_ADMIN_ABI = [
  'function owner() view returns (address)',
  'function pendingOwner() view returns (address)',
  'function guardian() view returns (address)',
  'function transferOwnership(address newOwner)',
  'function acceptOwnership()',
  // Always reverts (RenounceDisabled): without an owner nobody could unpause or rotate the keeper.
  'function renounceOwnership() view',
  'function setKeeper(address keeper)',
  'function setGuardian(address guardian)',
  'function pause()',
  'function unpause()',
  'function sealSetup()',
  'function queueCallRule(address target, bytes4 selector, (bool allowed, bool allowValue, uint32 selfWords, uint32 counterpartyWords) rule) returns (bytes32)',
  'function queueSpender(address token, address spender) returns (bytes32)',
  'function queueCounterparty(address account) returns (bytes32)',
  'function queueSetPosition(address token, (address target, bytes data) rate) returns (bytes32)',
  'function queueRemovePosition(address token) returns (bytes32)',
  'function queueAddStrategy(address strategy) returns (bytes32)',
  'function queueRemoveStrategy(address strategy) returns (bytes32)',
  'function queueLossLimits(uint16 maxLossBps, uint16 maxWindowLossBps) returns (bytes32)',
  'function applyChange(bytes32 id)',
  'function cancelChange(bytes32 id)',
  'function removeCallRule(address target, bytes4 selector)',
  'function removeSpender(address token, address spender)',
  'function removeCounterparty(address account)',
  'function lowerLossLimits(uint16 maxLossBps, uint16 maxWindowLossBps)',
] as const;

/** Every custom error the vault (and OpenZeppelin underneath) can revert with. */
export const VAULT_ERRORS_ABI = [
  'error CallerNotKeeper(address caller)',
  'error CallerNotGuardianOrOwner(address caller)',
  'error DepositsClosed()',
  'error BadCallCount(uint256 count)',
  'error CallToSelf(uint256 index)',
  'error MissingSelector(uint256 index)',
  'error CallNotAllowed(uint256 index, address target, bytes4 selector)',
  'error ValueNotAllowed(uint256 index, address target, bytes4 selector)',
  'error ArgumentMissing(uint256 index, uint256 word)',
  'error RecipientNotVault(uint256 index, uint256 word, bytes32 found)',
  'error CounterpartyNotAllowed(uint256 index, uint256 word, bytes32 found)',
  'error SpenderNotAllowed(uint256 index, address token, bytes32 spender)',
  'error CallFailed(uint256 index, bytes reason)',
  'error LossLimitExceeded(uint256 assetsBefore, uint256 assetsAfter, uint16 maxLossBps)',
  'error WindowLossLimitExceeded(uint256 lossPpb, uint256 limitPpb, uint16 maxWindowLossBps)',
  'error SwapPathUnchecked(uint256 index, bytes4 selector)',
  'error BadSwapPath(uint256 index)',
  'error SwapTokenNotValued(uint256 index, address token)',
  'error SwapPoolNotAllowed(uint256 index, address pool)',
  'error TooManyQueuedWithdrawals(uint256 count)',
  'error RateSourceFailed(address token)',
  'error RenounceDisabled()',
  'error SetupAlreadySealed()',
  'error TimelockOutOfRange(uint256 delay)',
  'error ZeroAddress()',
  'error ChangeNotQueued(bytes32 id)',
  'error ChangeNotReady(bytes32 id, uint64 readyAt)',
  'error InvalidTarget(address target)',
  'error SelectorDenied(bytes4 selector)',
  'error InvalidRule()',
  'error LossLimitsOutOfRange(uint16 maxLossBps, uint16 maxWindowLossBps)',
  'error LossLimitsNotLower(uint16 maxLossBps, uint16 maxWindowLossBps)',
  'error InvalidPositionToken(address token)',
  'error TooManyPositions()',
  'error UnknownPosition(address token)',
  'error PositionInUse(address token, address strategy)',
  'error NoDelegationManager()',
  'error InvalidStrategy(address strategy)',
  'error StrategyUnderlyingNotValued(address strategy, address underlying)',
  'error TooManyStrategies()',
  'error UnknownStrategy(address strategy)',
  'error EnforcedPause()',
  'error ExpectedPause()',
  'error OwnableUnauthorizedAccount(address account)',
  'error ReentrancyGuardReentrantCall()',
  'error ERC4626ExceededMaxDeposit(address receiver, uint256 assets, uint256 max)',
  'error ERC4626ExceededMaxMint(address receiver, uint256 shares, uint256 max)',
  'error ERC4626ExceededMaxWithdraw(address owner, uint256 assets, uint256 max)',
  'error ERC4626ExceededMaxRedeem(address owner, uint256 shares, uint256 max)',
] as const;

/** The events the keeper's confirm step and the audit log read. */
export const VAULT_EVENTS_ABI = [
  'event Executed(address indexed keeper, uint256 calls, uint256 assetsBefore, uint256 assetsAfter)',
  'event CallExecuted(uint256 indexed index, address indexed target, bytes4 indexed selector, uint256 value)',
  'event Paused(address account)',
  'event Unpaused(address account)',
  'event KeeperSet(address indexed previous, address indexed keeper)',
  'event GuardianSet(address indexed previous, address indexed guardian)',
  'event SetupSealed()',
  'event ChangeQueued(bytes32 indexed id, uint8 kind, bytes payload, uint64 readyAt)',
  'event ChangeApplied(bytes32 indexed id, uint8 kind)',
  'event ChangeCancelled(bytes32 indexed id, address indexed by)',
  'event CallRuleSet(address indexed target, bytes4 indexed selector, bool allowValue, uint32 selfWords, uint32 counterpartyWords)',
  'event CallRuleRemoved(address indexed target, bytes4 indexed selector)',
  'event SpenderSet(address indexed token, address indexed spender, bool allowed)',
  'event CounterpartySet(address indexed account, bool allowed)',
  'event PositionSet(address indexed token, address rateTarget, bytes rateData)',
  'event PositionRemoved(address indexed token)',
  'event StrategyAdded(address indexed strategy, address indexed underlying)',
  'event StrategyRemoved(address indexed strategy)',
  'event LossLimitsSet(uint16 maxLossBps, uint16 maxWindowLossBps)',
  'event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
  'event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)',
  'event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)',
] as const;

/** Everything above, for a full `Interface` (decoding any revert or event of the vault). */
export const RESTAKING_VAULT_ABI = [
  ...VAULT_KEEPER_ABI,
  ...VAULT_ALLOWLIST_ABI,
  ...VAULT_DEPOSITOR_ABI,
  ...VAULT_ADMIN_ABI,
  ...VAULT_ERRORS_ABI,
  ...VAULT_EVENTS_ABI,
] as const;

/** ChangeKind as the contract numbers it (queue events and pendingChange carry the number). */
export const VAULT_CHANGE_KINDS = ['CallRule', 'Spender', 'Counterparty', 'SetPosition', 'RemovePosition', 'AddStrategy', 'RemoveStrategy', 'LossLimits'] as const;
