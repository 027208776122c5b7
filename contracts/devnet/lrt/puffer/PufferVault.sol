// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

interface IPufferDevnetWETH {
    function deposit() external payable;
    function withdraw(uint256 amount) external;
    function balanceOf(address account) external view returns (uint256);
}

/// @notice Devnet stand-in for Puffer's PufferVault (pufETH): an OZ ERC-4626 over WETH.
/// - `depositETH(receiver)` wraps msg.value and mints at the vault rate.
/// - `redeem`/`withdraw` pay WETH minus `getExitFeeBasisPoints()` (the fee stays in the
///   vault) and are limited by `maxRedeem`/`maxWithdraw` to the vault's liquid ETH.
/// - A withdrawal in a transaction that already deposited reverts with
///   `DepositAndWithdrawalForbidden()` (a transient-storage flag, as on mainnet).
/// Part of the backing is "locked" (standing in for ETH in validators): it counts in
/// totalAssets but not in the liquidity that instant exits may use.
/// Deposits and exits are `restricted`: an OpenZeppelin AccessManager (the `authority()`)
/// decides who may call them, as on mainnet, where the functions are public until Puffer
/// closes them.
contract PufferVault is ERC4626, Ownable, AccessManaged {
    using Math for uint256;

    uint256 private constant BASIS_POINT_SCALE = 1e4;
    /// @dev A fixed transient-storage slot for the same-transaction deposit flag.
    bytes32 private constant _DEPOSIT_TRACKER_LOCATION = 0x5f0a9f6e6f4b3b8f3e3c7c8ad3a0f7f6b2a9f3c1d0e5b4a6c7d8e9f0a1b2c3d4;

    uint256 private _exitFeeBasisPoints;
    /// @notice The treasury's share of the exit fee, charged on top (stays in the vault on the devnet).
    uint256 public treasuryExitFeeBasisPoints;
    /// @notice Backing that instant exits cannot use (ETH "in validators").
    uint256 public lockedETH;

    error DepositAndWithdrawalForbidden();
    error InvalidExitFeeBasisPoints();
    error InsufficientLiquidity();

    event ExitFeeBasisPointsSet(uint256 previousFee, uint256 newFee);

    constructor(address weth, uint256 exitFeeBasisPoints_, address accessManager)
        ERC20("pufETH", "pufETH")
        ERC4626(IERC20(weth))
        Ownable(msg.sender)
        AccessManaged(accessManager)
    {
        _setExitFeeBasisPoints(exitFeeBasisPoints_);
    }

    /// @dev WETH9.withdraw pays ETH back to us while we unwrap for liquidity moves.
    receive() external payable {
        if (msg.sender != asset()) revert InsufficientLiquidity();
    }

    // ---- deposits (mark the transaction) ----

    function depositETH(address receiver) external payable restricted returns (uint256) {
        _markDeposit();
        uint256 maxAssets = maxDeposit(receiver);
        if (msg.value > maxAssets) revert ERC4626ExceededMaxDeposit(receiver, msg.value, maxAssets);
        uint256 shares = previewDeposit(msg.value);
        IPufferDevnetWETH(asset()).deposit{value: msg.value}();
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, msg.value, shares);
        return shares;
    }

    function deposit(uint256 assets, address receiver) public override restricted returns (uint256) {
        _markDeposit();
        return super.deposit(assets, receiver);
    }

    function mint(uint256 shares, address receiver) public override restricted returns (uint256) {
        _markDeposit();
        return super.mint(shares, receiver);
    }

    // ---- withdrawals (forbidden after a deposit in the same transaction) ----

    function withdraw(uint256 assets, address receiver, address owner_) public override restricted returns (uint256) {
        _revertIfDeposited();
        return super.withdraw(assets, receiver, owner_);
    }

    function redeem(uint256 shares, address receiver, address owner_) public override restricted returns (uint256) {
        _revertIfDeposited();
        return super.redeem(shares, receiver, owner_);
    }

    // ---- accounting ----

    /// @notice WETH + native ETH held, excluding the ETH of a depositETH call in progress.
    function totalAssets() public view override returns (uint256) {
        uint256 callValue;
        assembly {
            callValue := callvalue()
        }
        return IPufferDevnetWETH(asset()).balanceOf(address(this)) + address(this).balance - callValue;
    }

    /// @notice Liquid ETH instant exits may take: everything not locked.
    function getLiquidity() public view returns (uint256) {
        uint256 total = totalAssets();
        return total > lockedETH ? total - lockedETH : 0;
    }

    function maxWithdraw(address owner_) public view override returns (uint256) {
        uint256 maxUserAssets = previewRedeem(balanceOf(owner_));
        uint256 liquidity = getLiquidity();
        return liquidity < maxUserAssets ? liquidity : maxUserAssets;
    }

    function maxRedeem(address owner_) public view override returns (uint256) {
        uint256 shares = balanceOf(owner_);
        uint256 liquidity = getLiquidity();
        if (previewRedeem(shares) > liquidity) return previewWithdraw(liquidity);
        return shares;
    }

    /// @dev Exit fee on withdraw: the shares burned also cover the fee (fee on the raw amount).
    function previewWithdraw(uint256 assets) public view override returns (uint256) {
        uint256 fee = _feeOnRaw(assets);
        return super.previewWithdraw(assets + fee);
    }

    /// @dev Exit fee on redeem: the assets paid are net of the fee (fee on the total).
    function previewRedeem(uint256 shares) public view override returns (uint256) {
        uint256 assets = super.previewRedeem(shares);
        return assets - _feeOnTotal(assets);
    }

    function getExitFeeBasisPoints() external view returns (uint256) {
        return _exitFeeBasisPoints;
    }

    /// @notice The fee redeem charges: the exit fee plus the treasury's exit fee (mainnet V5).
    function getTotalExitFeeBasisPoints() public view returns (uint256) {
        return _exitFeeBasisPoints + treasuryExitFeeBasisPoints;
    }

    function setTreasuryExitFeeBasisPoints(uint256 bps) external onlyOwner {
        if (_exitFeeBasisPoints + bps > 200) revert InvalidExitFeeBasisPoints();
        treasuryExitFeeBasisPoints = bps;
    }

    function setExitFeeBasisPoints(uint256 newExitFeeBasisPoints) external onlyOwner {
        _setExitFeeBasisPoints(newExitFeeBasisPoints);
    }

    /// @dev Pays WETH, wrapping native ETH first if the WETH balance is short.
    function _withdraw(address caller, address receiver, address owner_, uint256 assets, uint256 shares) internal override {
        uint256 wethBalance = IPufferDevnetWETH(asset()).balanceOf(address(this));
        if (wethBalance < assets) IPufferDevnetWETH(asset()).deposit{value: assets - wethBalance}();
        super._withdraw(caller, receiver, owner_, assets, shares);
    }

    // ---- devnet knobs ----

    /// @notice Staking rewards arrive as locked ETH: the rate rises, instant liquidity does not.
    function devnetAccrue() external payable onlyOwner {
        lockedETH += msg.value;
    }

    /// @notice Drains or restores instant liquidity so exactly `amount` is liquid.
    function devnetSetInstantLiquidity(uint256 amount) external onlyOwner {
        uint256 total = totalAssets();
        if (amount > total) revert InsufficientLiquidity();
        lockedETH = total - amount;
    }

    // ---- internals ----

    function _setExitFeeBasisPoints(uint256 newExitFeeBasisPoints) internal {
        if (newExitFeeBasisPoints + treasuryExitFeeBasisPoints > 200) revert InvalidExitFeeBasisPoints();
        emit ExitFeeBasisPointsSet(_exitFeeBasisPoints, newExitFeeBasisPoints);
        _exitFeeBasisPoints = newExitFeeBasisPoints;
    }

    function _feeOnRaw(uint256 assets) private view returns (uint256) {
        return assets.mulDiv(getTotalExitFeeBasisPoints(), BASIS_POINT_SCALE, Math.Rounding.Ceil);
    }

    function _feeOnTotal(uint256 assets) private view returns (uint256) {
        uint256 fee = getTotalExitFeeBasisPoints();
        return assets.mulDiv(fee, fee + BASIS_POINT_SCALE, Math.Rounding.Ceil);
    }

    function _markDeposit() private {
        bytes32 slot = _DEPOSIT_TRACKER_LOCATION;
        assembly {
            tstore(slot, 1)
        }
    }

    function _revertIfDeposited() private view {
        bytes32 slot = _DEPOSIT_TRACKER_LOCATION;
        uint256 deposited;
        assembly {
            deposited := tload(slot)
        }
        if (deposited != 0) revert DepositAndWithdrawalForbidden();
    }
}
