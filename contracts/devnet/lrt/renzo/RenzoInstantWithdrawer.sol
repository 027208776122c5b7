// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {RenzoRestakeManager} from "./RenzoRestakeManager.sol";
import {RenzoEzETH} from "./RenzoEzETH.sol";

/// @notice Devnet stand-in for Renzo's instant exit: ezETH -> ETH now, at TVL / supply minus a
/// fee in bps, bounded by a liquidity budget the devnet can drain or restore. The fee stays in
/// the TVL, so it accrues to the remaining holders. The caller approves this contract on ezETH.
contract RenzoInstantWithdrawer is Ownable, ReentrancyGuard {
    address public constant IS_NATIVE = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    uint256 private constant BASIS_POINT_SCALE = 1e4;

    RenzoRestakeManager public immutable restakeManager;
    RenzoEzETH public immutable ezETH;
    uint256 public feeBasisPoints;
    /// @notice ETH still available to instant exits.
    uint256 public availableLiquidity;

    error InvalidZeroInput();
    error UnsupportedWithdrawAsset();
    error InsufficientLiquidity();
    error SlippageExceeded(uint256 amountOut, uint256 minOut);

    event InstantWithdraw(address indexed user, uint256 ezETHAmount, uint256 amountOut, uint256 fee);

    constructor(address restakeManager_, address ezETH_, uint256 feeBasisPoints_, uint256 liquidity_) Ownable(msg.sender) {
        restakeManager = RenzoRestakeManager(payable(restakeManager_));
        ezETH = RenzoEzETH(ezETH_);
        feeBasisPoints = feeBasisPoints_;
        availableLiquidity = liquidity_;
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
        if (amountOut > availableLiquidity) revert InsufficientLiquidity();
        availableLiquidity -= amountOut;
        ezETH.transferFrom(msg.sender, address(this), amount);
        ezETH.burn(address(this), amount);
        restakeManager.payOut(msg.sender, amountOut);
        emit InstantWithdraw(msg.sender, amount, amountOut, fee);
    }

    function devnetSetInstantLiquidity(uint256 amount) external onlyOwner {
        availableLiquidity = amount;
    }

    function devnetSetFeeBasisPoints(uint256 feeBasisPoints_) external onlyOwner {
        feeBasisPoints = feeBasisPoints_;
    }
}
