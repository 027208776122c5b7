// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {RenzoRestakeManager} from "./RenzoRestakeManager.sol";
import {RenzoEzETH} from "./RenzoEzETH.sol";

/// @notice Devnet stand-in for Renzo's instant exit: ezETH -> ETH now, at TVL / supply minus a
/// fee in bps, bounded by a withdrawal buffer the devnet can drain or restore. As on mainnet the
/// buffer is read through `getBufferDetails(redeemToken)` (capacity, available, draw-down
/// limit; there is no `availableLiquidity()`), and a withdrawal may not take the buffer below
/// its draw-down limit. The fee stays in the TVL, so it accrues to the remaining holders. The
/// caller approves this contract on ezETH.
contract RenzoInstantWithdrawer is Ownable, ReentrancyGuard {
    address public constant IS_NATIVE = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    uint256 private constant BASIS_POINT_SCALE = 1e4;

    RenzoRestakeManager public immutable restakeManager;
    RenzoEzETH public immutable ezETH;
    uint256 public feeBasisPoints;
    /// @dev ETH still in the buffer, its target size, and the share of it that must stay.
    uint256 private _bufferAvailable;
    uint256 private _bufferCapacity;
    uint256 public allowedBufferDrawdownBps = 9_000;

    error InvalidZeroInput();
    error UnsupportedWithdrawAsset();
    error InsufficientLiquidity();
    error SlippageExceeded(uint256 amountOut, uint256 minOut);

    event InstantWithdraw(address indexed user, uint256 ezETHAmount, uint256 amountOut, uint256 fee);

    constructor(address restakeManager_, address ezETH_, uint256 feeBasisPoints_, uint256 liquidity_) Ownable(msg.sender) {
        restakeManager = RenzoRestakeManager(payable(restakeManager_));
        ezETH = RenzoEzETH(ezETH_);
        feeBasisPoints = feeBasisPoints_;
        _bufferAvailable = liquidity_;
        _bufferCapacity = liquidity_;
    }

    /// @notice Buffer target, ETH available now, and the level it may not be drawn below.
    function getBufferDetails(address redeemToken) public view returns (uint256 bufferCapacity, uint256 bufferAvailable, uint256 drawDownLimit) {
        if (redeemToken != IS_NATIVE) return (0, 0, 0);
        bufferCapacity = _bufferCapacity;
        bufferAvailable = _bufferAvailable;
        drawDownLimit = (_bufferCapacity * (BASIS_POINT_SCALE - allowedBufferDrawdownBps)) / BASIS_POINT_SCALE;
    }

    /// @notice ETH that `amount` ezETH pays now, after the fee.
    function previewWithdraw(uint256 amount) public view returns (uint256 amountOut, uint256 fee) {
        (,, uint256 totalTVL) = restakeManager.calculateTVLs();
        uint256 supply = ezETH.totalSupply();
        uint256 value = supply == 0 ? 0 : (amount * totalTVL) / supply;
        fee = (value * feeBasisPoints + BASIS_POINT_SCALE - 1) / BASIS_POINT_SCALE;
        amountOut = value - fee;
    }

    function withdraw(uint256 amount, address redeemToken, uint256 minOut) external nonReentrant {
        if (amount == 0) revert InvalidZeroInput();
        if (redeemToken != IS_NATIVE) revert UnsupportedWithdrawAsset();
        (uint256 amountOut, uint256 fee) = previewWithdraw(amount);
        if (amountOut < minOut) revert SlippageExceeded(amountOut, minOut);
        (, uint256 available, uint256 floor) = getBufferDetails(redeemToken);
        if (amountOut > available || available - amountOut < floor) revert InsufficientLiquidity();
        _bufferAvailable = available - amountOut;
        ezETH.transferFrom(msg.sender, address(this), amount);
        ezETH.burn(address(this), amount);
        restakeManager.payOut(msg.sender, amountOut);
        emit InstantWithdraw(msg.sender, amount, amountOut, fee);
    }

    /// @notice Sets the buffer: `amount` available; the target grows to it when larger.
    function devnetSetInstantLiquidity(uint256 amount) external onlyOwner {
        _bufferAvailable = amount;
        if (amount > _bufferCapacity) _bufferCapacity = amount;
    }

    function devnetSetFeeBasisPoints(uint256 feeBasisPoints_) external onlyOwner {
        feeBasisPoints = feeBasisPoints_;
    }
}
