// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {StrategyBase as IStrategy} from "./StrategyBase.sol";
import {DelegationManager} from "./DelegationManager.sol";

/// @notice Devnet stand-in for EigenLayer's StrategyManager (v1.x): deposits into whitelisted
/// strategies, per-staker deposit shares (at most 32 strategies per staker) and the hooks the
/// DelegationManager uses for withdrawals and slashing. No pausing, no signatures, no proxy;
/// the deployer wires the DelegationManager once and manages the whitelist.
contract StrategyManager is ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint8 internal constant MAX_STAKER_STRATEGY_LIST_LENGTH = 32;
    /// @dev Where burned slashed shares' tokens go on mainnet ("E16E4").
    address internal constant DEFAULT_BURN_ADDRESS = 0x00000000000000000000000000000000000E16E4;

    address public immutable owner;
    DelegationManager public delegation;

    mapping(address staker => mapping(IStrategy strategy => uint256)) public stakerDepositShares;
    mapping(address staker => IStrategy[]) public stakerStrategyList;
    mapping(IStrategy strategy => bool) public strategyIsWhitelistedForDeposit;
    mapping(IStrategy strategy => uint256) internal _burnableShares;

    error OnlyOwner();
    error AlreadyInitialized();
    error OnlyDelegationManager();
    error StrategyNotWhitelisted();
    error StakerAddressZero();
    error SharesAmountZero();
    error SharesAmountTooHigh();
    error MaxStrategiesExceeded();
    error StrategyNotFound();

    event Deposit(address staker, IStrategy strategy, uint256 shares);
    event StrategyAddedToDepositWhitelist(IStrategy strategy);
    event StrategyRemovedFromDepositWhitelist(IStrategy strategy);
    event BurnableSharesIncreased(IStrategy strategy, uint256 shares);
    event BurnableSharesDecreased(IStrategy strategy, uint256 shares);

    modifier onlyDelegationManager() {
        if (msg.sender != address(delegation)) revert OnlyDelegationManager();
        _;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert OnlyOwner();
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    /// @notice One-time wiring (mainnet does this through proxies and initializers).
    function initialize(DelegationManager delegation_) external onlyOwner {
        if (address(delegation) != address(0)) revert AlreadyInitialized();
        delegation = delegation_;
    }

    function addStrategiesToDepositWhitelist(IStrategy[] calldata strategies) external onlyOwner {
        for (uint256 i = 0; i < strategies.length; ++i) {
            if (!strategyIsWhitelistedForDeposit[strategies[i]]) {
                strategyIsWhitelistedForDeposit[strategies[i]] = true;
                emit StrategyAddedToDepositWhitelist(strategies[i]);
            }
        }
    }

    function removeStrategiesFromDepositWhitelist(IStrategy[] calldata strategies) external onlyOwner {
        for (uint256 i = 0; i < strategies.length; ++i) {
            if (strategyIsWhitelistedForDeposit[strategies[i]]) {
                strategyIsWhitelistedForDeposit[strategies[i]] = false;
                emit StrategyRemovedFromDepositWhitelist(strategies[i]);
            }
        }
    }

    /// @notice Pulls `amount` of `token` from the caller (approve THIS contract), deposits it in
    /// `strategy` and credits the caller with the new deposit shares.
    function depositIntoStrategy(IStrategy strategy, IERC20 token, uint256 amount)
        external
        nonReentrant
        returns (uint256 depositShares)
    {
        if (!strategyIsWhitelistedForDeposit[strategy]) revert StrategyNotWhitelisted();
        token.safeTransferFrom(msg.sender, address(strategy), amount);
        depositShares = strategy.deposit(token, amount);
        (uint256 prevDepositShares, uint256 addedShares) = _addShares(msg.sender, strategy, depositShares);
        delegation.increaseDelegatedShares(msg.sender, strategy, prevDepositShares, addedShares);
    }

    // ---------------------------------------------------------------- DelegationManager hooks

    function removeDepositShares(address staker, IStrategy strategy, uint256 depositSharesToRemove)
        external
        onlyDelegationManager
        returns (uint256)
    {
        if (depositSharesToRemove == 0) revert SharesAmountZero();
        uint256 current = stakerDepositShares[staker][strategy];
        if (depositSharesToRemove > current) revert SharesAmountTooHigh();
        uint256 remaining = current - depositSharesToRemove;
        stakerDepositShares[staker][strategy] = remaining;
        if (remaining == 0) _removeStrategyFromList(staker, strategy);
        return remaining;
    }

    function addShares(address staker, IStrategy strategy, uint256 shares)
        external
        onlyDelegationManager
        returns (uint256, uint256)
    {
        return _addShares(staker, strategy, shares);
    }

    function withdrawSharesAsTokens(address staker, IStrategy strategy, IERC20 token, uint256 shares)
        external
        onlyDelegationManager
    {
        strategy.withdraw(staker, token, shares);
    }

    function increaseBurnableShares(IStrategy strategy, uint256 addedSharesToBurn) external onlyDelegationManager {
        _burnableShares[strategy] += addedSharesToBurn;
        emit BurnableSharesIncreased(strategy, addedSharesToBurn);
    }

    /// @notice Permissionless: sends the tokens behind slashed shares to the burn address.
    function burnShares(IStrategy strategy) external nonReentrant {
        uint256 sharesToBurn = _burnableShares[strategy];
        _burnableShares[strategy] = 0;
        emit BurnableSharesDecreased(strategy, sharesToBurn);
        if (sharesToBurn != 0) strategy.withdraw(DEFAULT_BURN_ADDRESS, strategy.underlyingToken(), sharesToBurn);
    }

    // ---------------------------------------------------------------- views

    function getDeposits(address staker) external view returns (IStrategy[] memory, uint256[] memory) {
        IStrategy[] memory strategies = stakerStrategyList[staker];
        uint256[] memory depositedShares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) {
            depositedShares[i] = stakerDepositShares[staker][strategies[i]];
        }
        return (strategies, depositedShares);
    }

    function getStakerStrategyList(address staker) external view returns (IStrategy[] memory) {
        return stakerStrategyList[staker];
    }

    function stakerStrategyListLength(address staker) external view returns (uint256) {
        return stakerStrategyList[staker].length;
    }

    function getBurnableShares(IStrategy strategy) external view returns (uint256) {
        return _burnableShares[strategy];
    }

    // ---------------------------------------------------------------- internals

    function _addShares(address staker, IStrategy strategy, uint256 shares) internal returns (uint256, uint256) {
        if (staker == address(0)) revert StakerAddressZero();
        if (shares == 0) revert SharesAmountZero();
        uint256 prevDepositShares = stakerDepositShares[staker][strategy];
        if (prevDepositShares == 0) {
            if (stakerStrategyList[staker].length >= MAX_STAKER_STRATEGY_LIST_LENGTH) revert MaxStrategiesExceeded();
            stakerStrategyList[staker].push(strategy);
        }
        stakerDepositShares[staker][strategy] = prevDepositShares + shares;
        emit Deposit(staker, strategy, shares);
        return (prevDepositShares, shares);
    }

    function _removeStrategyFromList(address staker, IStrategy strategy) internal {
        IStrategy[] storage list = stakerStrategyList[staker];
        uint256 length = list.length;
        for (uint256 i = 0; i < length; ++i) {
            if (list[i] == strategy) {
                list[i] = list[length - 1];
                list.pop();
                return;
            }
        }
        revert StrategyNotFound();
    }
}
