// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {GuardedExecution} from "../vault/GuardedExecution.sol";
import {VaultConfig} from "../vault/VaultConfig.sol";
import {Call, VaultParams} from "../vault/VaultTypes.sol";

/// @notice The part of a Safe (1.3/1.4.1 ModuleManager) a module uses.
interface ISafeModuleManager {
    function execTransactionFromModuleReturnData(address to, uint256 value, bytes memory data, uint8 operation)
        external
        returns (bool success, bytes memory returnData);
}

/// @title SafeKeeperModule
/// @notice Bounded autonomy for a DAO's Safe: the keeper runs allowlisted calls FROM the Safe, with
/// exactly the RestakingVault's guards (GuardedExecution.sol: allowlist, argument guards, swap
/// paths, per-run and rolling 24-hour loss limits on the Safe's valued holdings). The funds never
/// leave the Safe; the module holds nothing.
///
/// Owner: the Safe itself, so every configuration change is a Safe transaction its owners sign
/// (enableModule and the set-up calls in one MultiSendCallOnly batch). The owners stop the keeper
/// at once with `pause()` (also the guardian) or by disabling the module on the Safe
/// (`disableModule`), and can rotate the keeper key with `setKeeper`. While the set-up phase is
/// open (the default) the allowlist changes apply at once: the owners can move the Safe's funds
/// themselves, so a delay on their own changes protects nobody; `sealSetup()` puts later widening
/// changes behind the timelock for a DAO whose Safe owners are a subset it wants to watch.
///
/// Every call is a CALL (never DELEGATECALL) from the Safe; calls to the Safe itself (owners,
/// modules, guards, fallback handler) and to this module are refused, whatever the allowlist says.
contract SafeKeeperModule is GuardedExecution, ReentrancyGuard {
    /// @notice The Safe whose funds the keeper moves.
    address public immutable safe;

    uint8 internal constant OPERATION_CALL = 0;

    error OwnerNotSafe(address owner, address safe);

    /// @param asset_ the unit of value (WETH9): idle asset + native ETH + positions + EigenLayer shares
    /// @param params owner must be `safe_`; delegationManager may be zero (no restaking)
    constructor(address safe_, address asset_, VaultParams memory params) VaultConfig(asset_, params) {
        if (safe_ == address(0) || safe_.code.length == 0) revert ZeroAddress();
        if (params.owner != safe_) revert OwnerNotSafe(params.owner, safe_);
        safe = safe_;
    }

    /// @notice Runs `calls` in order from the Safe; all-or-nothing. Returns each call's return data.
    /// Reverts once the owners paused this module or disabled it on the Safe (GS104).
    function execute(Call[] calldata calls) external nonReentrant whenNotPaused returns (bytes[] memory results) {
        return _runGuarded(calls);
    }

    /// @notice The Safe's holdings the loss limits bound, in the asset: idle asset + native ETH +
    /// positions at their protocol rates + EigenLayer shares of registered strategies.
    function totalAssets() external view returns (uint256) {
        (uint256 assets,) = _valuation(new uint256[](_positions.length), new uint256[](0));
        return assets;
    }

    /// @notice The unit of value (the vault's `asset()`).
    function asset() external view returns (address) {
        return _vaultAsset;
    }

    function _holder() internal view override returns (address) {
        return safe;
    }

    function _callAsHolder(Call calldata c) internal override returns (bool ok, bytes memory ret) {
        return ISafeModuleManager(safe).execTransactionFromModuleReturnData(c.target, c.value, c.data, OPERATION_CALL);
    }
}
