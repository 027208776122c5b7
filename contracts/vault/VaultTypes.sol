// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Roles and limits a vault starts with (a struct keeps the constructor's stack small).
struct VaultParams {
    address owner;
    address keeper;
    address guardian;
    /// EigenLayer's DelegationManager, or zero for a vault without restaking.
    address delegationManager;
    /// Seconds between queueing and applying a widening change (1 hour .. 30 days).
    uint256 timelockDelay;
    uint16 maxLossBps;
    uint16 maxWindowLossBps;
}

/// @notice One call the keeper asks the vault to make.
struct Call {
    address target;
    uint256 value;
    bytes data;
}

/// @notice What the vault allows for one (target, selector).
/// Argument guards read 32-byte words of the ABI head (word i starts at calldata byte 4 + 32 * i),
/// which is where every static argument, and the offset of every dynamic one, sits.
/// @param allowed the pair may be called at all
/// @param allowValue the call may carry native ETH
/// @param selfWords bit i set: head word i must be exactly address(this) (receiver, recipient, to, owner)
/// @param counterpartyWords bit i set: head word i must be an allowlisted counterparty (e.g. an operator)
struct CallRule {
    bool allowed;
    bool allowValue;
    uint32 selfWords;
    uint32 counterpartyWords;
}

/// @notice A staticcall that returns a uint256 wad rate (asset per token). target == 0 means 1e18.
struct RateSource {
    address target;
    bytes data;
}

/// @notice A token the vault holds and values as balance x rate.
struct Position {
    address token;
    RateSource rate;
}

/// @notice The kinds of timelocked configuration change.
enum ChangeKind {
    CallRule, // (address target, bytes4 selector, CallRule rule)
    Spender, // (address token, address spender)
    Counterparty, // (address account)
    SetPosition, // (address token, RateSource rate): add, or replace the rate source
    RemovePosition, // (address token)
    AddStrategy, // (address strategy)
    RemoveStrategy, // (address strategy)
    LossLimits // (uint16 maxLossBps, uint16 maxWindowLossBps)
}

/// @notice A queued configuration change: applicable once block.timestamp >= readyAt.
struct PendingChange {
    uint64 readyAt;
    ChangeKind kind;
    bytes payload;
}

/// @notice EigenLayer's queued withdrawal (v1.x field order; strategies as plain addresses).
struct EigenWithdrawal {
    address staker;
    address delegatedTo;
    address withdrawer;
    uint256 nonce;
    uint32 startBlock;
    address[] strategies;
    uint256[] scaledShares;
}

/// @notice The DelegationManager views the vault values its restaked position with.
interface IVaultDelegationManager {
    function getWithdrawableShares(address staker, address[] memory strategies)
        external
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares);

    function getQueuedWithdrawals(address staker)
        external
        view
        returns (EigenWithdrawal[] memory withdrawals, uint256[][] memory shares);
}

/// @notice The StrategyBase views the vault needs.
interface IVaultStrategy {
    function sharesToUnderlyingView(uint256 amountShares) external view returns (uint256);
    function underlyingToken() external view returns (address);
}

/// @notice The router view the swap guard needs (Uniswap V2 Router02, V3 SwapRouter/SwapRouter02).
interface IVaultSwapRouter {
    function factory() external view returns (address);
}

/// @notice Pool lookups of Uniswap V2 (getPair) and V3 (getPool) factories.
interface IVaultSwapFactory {
    function getPair(address tokenA, address tokenB) external view returns (address);
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address);
}
