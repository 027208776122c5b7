// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VaultFeeMath} from "./VaultFeeMath.sol";

/// @notice What the fee contract reads of its vault (RestakingVault).
interface IFeeVault {
    function owner() external view returns (address);
    function guardian() external view returns (address);
    function timelockDelay() external view returns (uint256);
    function setupOpen() external view returns (bool);
    function totalAssets() external view returns (uint256);
    function totalSupply() external view returns (uint256);
    function accrueFees() external;
}

/// @notice Management and performance fees of one RestakingVault, minted by the vault as shares
/// to a fee recipient (VaultFeeMath.sol has the arithmetic). A contract of its own, deployed by
/// the vault's constructor: the vault's runtime code stays under the 24 KiB limit, and the vault
/// itself only asks `accrue()` before every deposit, mint, withdrawal and redemption (so nobody
/// enters or leaves at a price that still owes fees) and mints what it answers.
///
/// The vault's owner sets the caps once, while the vault's set-up is open (before any deposit);
/// they never change afterwards. Every fee change (rates or recipient) waits the vault's
/// `timelockDelay`, like any widening change of the vault, and the owner or the guardian can
/// cancel it; before the seal it applies at once. With no recipient the vault pays nothing.
contract VaultFees {
    /// @notice Hard ceilings for the caps: 5 % a year of the assets, 50 % of the gains.
    uint16 public constant MAX_MANAGEMENT_FEE_BPS = 500;
    uint16 public constant MAX_PERFORMANCE_FEE_BPS = 5_000;

    /// @dev One slot: read and written once per accrual.
    struct FeeState {
        address recipient;
        uint16 managementBps;
        uint16 performanceBps;
        uint40 lastAccrual;
    }

    /// @notice A queued fee change, applicable from `readyAt` (0: none).
    struct PendingFees {
        address recipient;
        uint16 managementBps;
        uint16 performanceBps;
        uint64 readyAt;
    }

    IFeeVault public immutable vault;
    /// @notice ERC-4626 virtual shares of the vault (10**decimalsOffset) and one whole share (10**decimals).
    uint256 public immutable virtualShares;
    uint256 public immutable shareUnit;

    FeeState public fees;
    PendingFees public pending;
    uint16 public managementFeeCapBps;
    uint16 public performanceFeeCapBps;
    /// @notice Share price (assets per whole share, in asset wei) after the last performance fee.
    uint256 public highWaterMark;

    error CallerNotVault(address caller);
    error CallerNotOwner(address caller);
    error CallerNotGuardianOrOwner(address caller);
    error SetupClosed();
    error FeeAboveCap(uint16 managementBps, uint16 performanceBps);
    error FeeChangeNotQueued();
    error FeeChangeNotReady(uint64 readyAt);

    event FeeCapsSet(uint16 managementCapBps, uint16 performanceCapBps);
    event FeesQueued(address indexed recipient, uint16 managementBps, uint16 performanceBps, uint64 readyAt);
    event FeesCancelled(address indexed by);
    event FeesSet(address indexed recipient, uint16 managementBps, uint16 performanceBps);
    event FeesAccrued(address indexed recipient, uint256 managementShares, uint256 performanceShares, uint256 highWaterMark);

    constructor(address vault_, uint256 virtualShares_, uint256 shareUnit_) {
        vault = IFeeVault(vault_);
        virtualShares = virtualShares_;
        shareUnit = shareUnit_;
    }

    modifier onlyOwner() {
        if (msg.sender != vault.owner()) revert CallerNotOwner(msg.sender);
        _;
    }

    /// @notice Caps for every later fee; only while the vault's set-up is open, so never after a deposit.
    function setFeeCaps(uint16 managementCapBps, uint16 performanceCapBps) external onlyOwner {
        if (!vault.setupOpen()) revert SetupClosed();
        if (managementCapBps > MAX_MANAGEMENT_FEE_BPS || performanceCapBps > MAX_PERFORMANCE_FEE_BPS) revert FeeAboveCap(managementCapBps, performanceCapBps);
        managementFeeCapBps = managementCapBps;
        performanceFeeCapBps = performanceCapBps;
        emit FeeCapsSet(managementCapBps, performanceCapBps);
    }

    /// @notice Queues new fees (recipient zero turns them off), replacing any queued change.
    /// Applies at once while the vault's set-up is open, else after the vault's timelock.
    function queueFees(address recipient, uint16 managementBps, uint16 performanceBps) external onlyOwner {
        if (managementBps > managementFeeCapBps || performanceBps > performanceFeeCapBps) revert FeeAboveCap(managementBps, performanceBps);
        if (vault.setupOpen()) {
            delete pending;
            _setFees(recipient, managementBps, performanceBps);
            return;
        }
        uint64 readyAt = uint64(block.timestamp + vault.timelockDelay());
        pending = PendingFees({recipient: recipient, managementBps: managementBps, performanceBps: performanceBps, readyAt: readyAt});
        emit FeesQueued(recipient, managementBps, performanceBps, readyAt);
    }

    /// @notice Applies the queued change once the timelock has passed; fees owed so far are minted first, at the old rates.
    function applyFees() external onlyOwner {
        PendingFees memory p = pending;
        if (p.readyAt == 0) revert FeeChangeNotQueued();
        if (block.timestamp < p.readyAt) revert FeeChangeNotReady(p.readyAt);
        delete pending;
        _setFees(p.recipient, p.managementBps, p.performanceBps);
    }

    /// @notice The guardian may cancel too: a second key can stop a change queued by a stolen owner key.
    function cancelFees() external {
        if (msg.sender != vault.guardian() && msg.sender != vault.owner()) revert CallerNotGuardianOrOwner(msg.sender);
        if (pending.readyAt == 0) revert FeeChangeNotQueued();
        delete pending;
        emit FeesCancelled(msg.sender);
    }

    /// @notice Called by the vault before every share conversion: the shares it must mint to `recipient`.
    function accrue() external returns (address recipient, uint256 shares) {
        if (msg.sender != address(vault)) revert CallerNotVault(msg.sender);
        FeeState memory f = fees;
        if (f.recipient == address(0)) return (address(0), 0);
        fees.lastAccrual = uint40(block.timestamp);
        uint256 supply = vault.totalSupply();
        if (supply == 0) return (address(0), 0); // nobody to charge; the mark stays where the last holder left it
        (uint256 managementShares, uint256 performanceShares, uint256 mark) = VaultFeeMath.accrue(
            vault.totalAssets() + 1, supply + virtualShares, shareUnit, highWaterMark, f.managementBps, f.performanceBps, block.timestamp - f.lastAccrual
        );
        if (mark != highWaterMark) highWaterMark = mark;
        shares = managementShares + performanceShares;
        if (shares != 0) emit FeesAccrued(f.recipient, managementShares, performanceShares, mark);
        return (f.recipient, shares);
    }

    /// @notice Shares the vault would mint if fees accrued now (for views and previews).
    function pendingShares() external view returns (uint256) {
        FeeState memory f = fees;
        uint256 supply = vault.totalSupply();
        if (f.recipient == address(0) || supply == 0) return 0;
        (uint256 managementShares, uint256 performanceShares,) = VaultFeeMath.accrue(
            vault.totalAssets() + 1, supply + virtualShares, shareUnit, highWaterMark, f.managementBps, f.performanceBps, block.timestamp - f.lastAccrual
        );
        return managementShares + performanceShares;
    }

    function _setFees(address recipient, uint16 managementBps, uint16 performanceBps) internal {
        vault.accrueFees(); // what accrued so far is owed at the old rates (calls back accrue())
        // Gains made before a performance fee existed are not charged: the mark starts at today's price.
        uint256 price = (vault.totalAssets() + 1) * shareUnit / (vault.totalSupply() + virtualShares);
        if (price > highWaterMark) highWaterMark = price;
        fees = FeeState({recipient: recipient, managementBps: managementBps, performanceBps: performanceBps, lastAccrual: uint40(block.timestamp)});
        emit FeesSet(recipient, managementBps, performanceBps);
    }
}
