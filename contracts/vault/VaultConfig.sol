// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {
    CallRule,
    RateSource,
    Position,
    ChangeKind,
    PendingChange,
    IVaultDelegationManager,
    IVaultStrategy,
    VaultParams
} from "./VaultTypes.sol";
import {RateSources} from "./RateSources.sol";
import {VaultGuards} from "./VaultGuards.sol";

/// @notice Roles and the timelocked configuration of the RestakingVault.
///
/// Whatever widens what the keeper may do, or moves the share price (call rules, spenders,
/// counterparties, valued positions and strategies, higher loss limits), is queued and applies
/// only after `timelockDelay`, so depositors see it coming and can leave first. What narrows the
/// keeper (removing a rule, a spender or a counterparty, lowering the loss limits, pausing) is
/// immediate. Before `sealSetup()` deposits are closed and queued changes apply at once: nobody's
/// money is in the vault yet, and the seal is one-way.
abstract contract VaultConfig is Ownable2Step, Pausable {
    uint256 public constant MIN_TIMELOCK = 1 hours;
    uint256 public constant MAX_TIMELOCK = 30 days;
    uint16 public constant MAX_LOSS_BPS_CAP = 500;
    uint16 public constant MAX_WINDOW_LOSS_BPS_CAP = 1_000;
    uint256 public constant MAX_POSITIONS = 16;
    uint256 public constant MAX_STRATEGIES = 16;
    uint256 internal constant WAD = 1e18;
    bytes4 internal constant APPROVE = IERC20.approve.selector;

    /// @notice Stateless guard code (rule and position validation, swap paths, the loss log's
    /// arithmetic) in a contract of its own, deployed here: it keeps the vault under 24 KiB.
    VaultGuards public immutable guards;

    IVaultDelegationManager public immutable delegationManager;
    uint256 public immutable timelockDelay;
    address internal immutable _vaultAsset;

    address public keeper;
    address public guardian;
    bool public setupOpen = true;
    uint16 public maxLossBps;
    uint16 public maxWindowLossBps;
    uint256 public changeNonce;

    mapping(address target => mapping(bytes4 selector => CallRule)) internal _callRules;
    mapping(address token => mapping(address spender => bool)) public isApprovedSpender;
    /// @dev Spenders that were ever approved for a token: approve(spender, 0) to them stays
    /// possible after removal (revoking), without opening approve(x, 0) to anyone (ERC-721's
    /// approve(to, tokenId 0) shares the selector and would hand over token 0).
    mapping(address token => mapping(address spender => bool)) internal _wasApprovedSpender;
    mapping(address account => bool) public isCounterparty;
    Position[] internal _positions;
    mapping(address token => uint256) internal _positionSlot; // index + 1; 0 = none
    address[] internal _strategies;
    mapping(address strategy => uint256) internal _strategySlot; // index + 1; 0 = none
    mapping(address strategy => address) public strategyUnderlying;
    mapping(bytes32 id => PendingChange) internal _pending;

    error CallerNotGuardianOrOwner(address caller);
    error RenounceDisabled();
    error SetupAlreadySealed();
    error TimelockOutOfRange(uint256 delay);
    error ZeroAddress();
    error ChangeNotQueued(bytes32 id);
    error ChangeNotReady(bytes32 id, uint64 readyAt);
    error InvalidTarget(address target);
    error SelectorDenied(bytes4 selector);
    error InvalidRule();
    error LossLimitsOutOfRange(uint16 maxLossBps, uint16 maxWindowLossBps);
    error LossLimitsNotLower(uint16 maxLossBps, uint16 maxWindowLossBps);
    error InvalidPositionToken(address token);
    error RateSourceFailed(address token);
    error TooManyPositions();
    error UnknownPosition(address token);
    error PositionInUse(address token, address strategy);
    error NoDelegationManager();
    error InvalidStrategy(address strategy);
    error StrategyUnderlyingNotValued(address strategy, address underlying);
    error TooManyStrategies();
    error UnknownStrategy(address strategy);

    event KeeperSet(address indexed previous, address indexed keeper);
    event GuardianSet(address indexed previous, address indexed guardian);
    event SetupSealed();
    event ChangeQueued(bytes32 indexed id, ChangeKind kind, bytes payload, uint64 readyAt);
    event ChangeApplied(bytes32 indexed id, ChangeKind kind);
    event ChangeCancelled(bytes32 indexed id, address indexed by);
    event CallRuleSet(address indexed target, bytes4 indexed selector, bool allowValue, uint32 selfWords, uint32 counterpartyWords);
    event CallRuleRemoved(address indexed target, bytes4 indexed selector);
    event SpenderSet(address indexed token, address indexed spender, bool allowed);
    event CounterpartySet(address indexed account, bool allowed);
    event PositionSet(address indexed token, address rateTarget, bytes rateData);
    event PositionRemoved(address indexed token);
    event StrategyAdded(address indexed strategy, address indexed underlying);
    event StrategyRemoved(address indexed strategy);
    event LossLimitsSet(uint16 maxLossBps, uint16 maxWindowLossBps);

    modifier onlyGuardianOrOwner() {
        if (msg.sender != guardian && msg.sender != owner()) revert CallerNotGuardianOrOwner(msg.sender);
        _;
    }

    constructor(address asset_, VaultParams memory params) Ownable(params.owner) {
        guards = new VaultGuards();
        if (params.timelockDelay < MIN_TIMELOCK || params.timelockDelay > MAX_TIMELOCK) revert TimelockOutOfRange(params.timelockDelay);
        if (params.keeper == address(0) || params.guardian == address(0)) revert ZeroAddress();
        _vaultAsset = asset_;
        delegationManager = IVaultDelegationManager(params.delegationManager);
        timelockDelay = params.timelockDelay;
        _checkLossLimits(params.maxLossBps, params.maxWindowLossBps);
        _setKeeper(params.keeper);
        _setGuardian(params.guardian);
        _setLossLimits(params.maxLossBps, params.maxWindowLossBps);
    }

    // ---------------------------------------------------------------- roles (immediate)

    /// @notice Rotating a (possibly compromised) keeper key must not wait for a timelock.
    function setKeeper(address keeper_) external onlyOwner {
        if (keeper_ == address(0)) revert ZeroAddress();
        _setKeeper(keeper_);
    }

    function setGuardian(address guardian_) external onlyOwner {
        if (guardian_ == address(0)) revert ZeroAddress();
        _setGuardian(guardian_);
    }

    /// @notice Stops execute and deposits; withdrawals of idle WETH stay open.
    function pause() external onlyGuardianOrOwner {
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    /// @notice Without an owner nobody could unpause or rotate the keeper: refused.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    /// @notice Ends the set-up phase: from now on changes wait for the timelock and deposits open.
    function sealSetup() external onlyOwner {
        if (!setupOpen) revert SetupAlreadySealed();
        setupOpen = false;
        emit SetupSealed();
    }

    // ---------------------------------------------------------------- narrowing (immediate)

    function removeCallRule(address target, bytes4 selector) external onlyOwner {
        delete _callRules[target][selector];
        emit CallRuleRemoved(target, selector);
    }

    function removeSpender(address token, address spender) external onlyOwner {
        isApprovedSpender[token][spender] = false;
        emit SpenderSet(token, spender, false);
    }

    function removeCounterparty(address account) external onlyOwner {
        isCounterparty[account] = false;
        emit CounterpartySet(account, false);
    }

    /// @notice Lowers (never raises) the loss limits at once; raising goes through queueLossLimits.
    function lowerLossLimits(uint16 maxLossBps_, uint16 maxWindowLossBps_) external onlyOwner {
        if (maxLossBps_ > maxLossBps || maxWindowLossBps_ > maxWindowLossBps) revert LossLimitsNotLower(maxLossBps_, maxWindowLossBps_);
        _checkLossLimits(maxLossBps_, maxWindowLossBps_);
        _setLossLimits(maxLossBps_, maxWindowLossBps_);
    }

    // ---------------------------------------------------------------- widening (timelocked)

    function queueCallRule(address target, bytes4 selector, CallRule calldata rule) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.CallRule, abi.encode(target, selector, rule));
    }

    function queueSpender(address token, address spender) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.Spender, abi.encode(token, spender));
    }

    function queueCounterparty(address account) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.Counterparty, abi.encode(account));
    }

    function queueSetPosition(address token, RateSource calldata rate) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.SetPosition, abi.encode(token, rate));
    }

    function queueRemovePosition(address token) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.RemovePosition, abi.encode(token));
    }

    function queueAddStrategy(address strategy) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.AddStrategy, abi.encode(strategy));
    }

    function queueRemoveStrategy(address strategy) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.RemoveStrategy, abi.encode(strategy));
    }

    function queueLossLimits(uint16 maxLossBps_, uint16 maxWindowLossBps_) external onlyOwner returns (bytes32) {
        return _queue(ChangeKind.LossLimits, abi.encode(maxLossBps_, maxWindowLossBps_));
    }

    /// @notice Applies a queued change once its delay has passed (re-checked against current state).
    function applyChange(bytes32 id) external onlyOwner {
        PendingChange memory change = _pending[id];
        if (change.readyAt == 0) revert ChangeNotQueued(id);
        if (block.timestamp < change.readyAt) revert ChangeNotReady(id, change.readyAt);
        delete _pending[id];
        _dispatch(change.kind, change.payload, true);
        emit ChangeApplied(id, change.kind);
    }

    /// @notice The guardian may cancel too: a second key can stop a change queued by a stolen owner key.
    function cancelChange(bytes32 id) external onlyGuardianOrOwner {
        if (_pending[id].readyAt == 0) revert ChangeNotQueued(id);
        delete _pending[id];
        emit ChangeCancelled(id, msg.sender);
    }

    // ---------------------------------------------------------------- views

    function pendingChange(bytes32 id) external view returns (PendingChange memory) {
        return _pending[id];
    }

    function callRule(address target, bytes4 selector) external view returns (CallRule memory) {
        return _callRules[target][selector];
    }

    function positions() external view returns (Position[] memory) {
        return _positions;
    }

    function strategies() external view returns (address[] memory) {
        return _strategies;
    }

    // ---------------------------------------------------------------- internals

    function _queue(ChangeKind kind, bytes memory payload) internal returns (bytes32 id) {
        _dispatch(kind, payload, false); // refuse a bad change now, not after the delay
        id = keccak256(abi.encode(block.chainid, address(this), ++changeNonce, kind, payload));
        if (setupOpen) {
            emit ChangeQueued(id, kind, payload, uint64(block.timestamp));
            _dispatch(kind, payload, true);
            emit ChangeApplied(id, kind);
            return id;
        }
        uint64 readyAt = uint64(block.timestamp + timelockDelay);
        _pending[id] = PendingChange({readyAt: readyAt, kind: kind, payload: payload});
        emit ChangeQueued(id, kind, payload, readyAt);
    }

    /// @dev Validates a change and, when `commit`, applies it. One function for both, so what is
    /// checked at queue time is exactly what is checked again at apply time.
    function _dispatch(ChangeKind kind, bytes memory payload, bool commit) internal {
        if (kind == ChangeKind.CallRule) {
            (address target, bytes4 selector, CallRule memory rule) = abi.decode(payload, (address, bytes4, CallRule));
            guards.checkCallRule(address(this), target, selector, rule);
            if (commit) {
                _callRules[target][selector] = rule;
                emit CallRuleSet(target, selector, rule.allowValue, rule.selfWords, rule.counterpartyWords);
            }
        } else if (kind == ChangeKind.Spender) {
            (address token, address spender) = abi.decode(payload, (address, address));
            if (token.code.length == 0 || token == address(this)) revert InvalidTarget(token);
            if (spender == address(0) || spender == address(this)) revert InvalidTarget(spender);
            if (commit) {
                isApprovedSpender[token][spender] = true;
                _wasApprovedSpender[token][spender] = true;
                emit SpenderSet(token, spender, true);
            }
        } else if (kind == ChangeKind.Counterparty) {
            address account = abi.decode(payload, (address));
            if (account == address(0) || account == address(this)) revert InvalidTarget(account);
            if (commit) {
                isCounterparty[account] = true;
                emit CounterpartySet(account, true);
            }
        } else if (kind == ChangeKind.SetPosition) {
            (address token, RateSource memory rate) = abi.decode(payload, (address, RateSource));
            _checkPosition(token, rate);
            if (commit) _setPosition(token, rate);
        } else if (kind == ChangeKind.RemovePosition) {
            address token = abi.decode(payload, (address));
            _checkRemovePosition(token);
            if (commit) _removePosition(token);
        } else if (kind == ChangeKind.AddStrategy) {
            address strategy = abi.decode(payload, (address));
            address underlying = _checkAddStrategy(strategy);
            if (commit) _addStrategy(strategy, underlying);
        } else if (kind == ChangeKind.RemoveStrategy) {
            address strategy = abi.decode(payload, (address));
            if (_strategySlot[strategy] == 0) revert UnknownStrategy(strategy);
            if (commit) _removeStrategy(strategy);
        } else {
            (uint16 perCall, uint16 perWindow) = abi.decode(payload, (uint16, uint16));
            _checkLossLimits(perCall, perWindow);
            if (commit) _setLossLimits(perCall, perWindow);
        }
    }

    function _checkPosition(address token, RateSource memory rate) internal view {
        guards.checkPositionSource(address(this), _vaultAsset, token, rate);
        if (_positionSlot[token] == 0 && _positions.length >= MAX_POSITIONS) revert TooManyPositions();
    }

    function _setPosition(address token, RateSource memory rate) internal {
        uint256 slot = _positionSlot[token];
        if (slot == 0) {
            _positions.push(Position({token: token, rate: rate}));
            _positionSlot[token] = _positions.length;
        } else {
            _positions[slot - 1].rate = rate;
        }
        emit PositionSet(token, rate.target, rate.data);
    }

    function _checkRemovePosition(address token) internal view {
        if (_positionSlot[token] == 0) revert UnknownPosition(token);
        for (uint256 i = 0; i < _strategies.length; ++i) {
            if (strategyUnderlying[_strategies[i]] == token) revert PositionInUse(token, _strategies[i]);
        }
    }

    function _removePosition(address token) internal {
        uint256 index = _positionSlot[token] - 1;
        uint256 last = _positions.length - 1;
        if (index != last) {
            _positions[index] = _positions[last];
            _positionSlot[_positions[index].token] = index + 1;
        }
        _positions.pop();
        delete _positionSlot[token];
        emit PositionRemoved(token);
    }

    function _checkAddStrategy(address strategy) internal view returns (address underlying) {
        if (address(delegationManager) == address(0)) revert NoDelegationManager();
        if (strategy.code.length == 0 || _strategySlot[strategy] != 0) revert InvalidStrategy(strategy);
        if (_strategies.length >= MAX_STRATEGIES) revert TooManyStrategies();
        underlying = IVaultStrategy(strategy).underlyingToken();
        if (_positionSlot[underlying] == 0) revert StrategyUnderlyingNotValued(strategy, underlying);
    }

    function _addStrategy(address strategy, address underlying) internal {
        _strategies.push(strategy);
        _strategySlot[strategy] = _strategies.length;
        strategyUnderlying[strategy] = underlying;
        emit StrategyAdded(strategy, underlying);
    }

    function _removeStrategy(address strategy) internal {
        uint256 index = _strategySlot[strategy] - 1;
        uint256 last = _strategies.length - 1;
        if (index != last) {
            _strategies[index] = _strategies[last];
            _strategySlot[_strategies[index]] = index + 1;
        }
        _strategies.pop();
        delete _strategySlot[strategy];
        delete strategyUnderlying[strategy];
        emit StrategyRemoved(strategy);
    }

    function _checkLossLimits(uint16 perCall, uint16 perWindow) internal pure {
        if (perCall > MAX_LOSS_BPS_CAP || perWindow > MAX_WINDOW_LOSS_BPS_CAP || perWindow < perCall) {
            revert LossLimitsOutOfRange(perCall, perWindow);
        }
    }

    function _setLossLimits(uint16 perCall, uint16 perWindow) internal {
        maxLossBps = perCall;
        maxWindowLossBps = perWindow;
        emit LossLimitsSet(perCall, perWindow);
    }

    function _setKeeper(address keeper_) internal {
        emit KeeperSet(keeper, keeper_);
        keeper = keeper_;
    }

    function _setGuardian(address guardian_) internal {
        emit GuardianSet(guardian, guardian_);
        guardian = guardian_;
    }

}
