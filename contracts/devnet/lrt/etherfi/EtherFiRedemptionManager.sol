// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EtherFiLiquidityPool} from "./EtherFiLiquidityPool.sol";
import {EtherFiEETH} from "./EtherFiEETH.sol";
import {EtherFiWeETH} from "./EtherFiWeETH.sol";

/// @notice Devnet stand-in for ether.fi's EtherFiRedemptionManager (the outputToken version):
/// instant weETH/eETH -> ETH with an exit fee, a refilling rate-limit bucket and a low
/// watermark on the pool's free ETH. Only native ETH (0xEeee…EEeE) is supported as output.
/// Mainnet signatures: `redeemWeEth(uint256,address,address)`, `canRedeem(uint256,address)`.
contract EtherFiRedemptionManager is Ownable, ReentrancyGuard {
    using Math for uint256;

    /// @dev Bucket amounts are stored in units of 1e12 wei, as on mainnet.
    struct BucketLimit {
        uint64 capacity;
        uint64 remaining;
        uint64 lastRefill;
        uint64 refillRate;
    }

    struct RedemptionInfo {
        BucketLimit limit;
        uint16 exitFeeSplitToTreasuryInBps;
        uint16 exitFeeInBps;
        uint16 lowWatermarkInBpsOfTvl;
    }

    address public constant ETH_ADDRESS = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;
    uint256 private constant BUCKET_UNIT_SCALE = 1e12;
    uint256 private constant BASIS_POINT_SCALE = 1e4;

    EtherFiLiquidityPool public immutable liquidityPool;
    EtherFiEETH public immutable eEth;
    EtherFiWeETH public immutable weEth;
    address public immutable treasury;
    mapping(address => RedemptionInfo) public tokenToRedemptionInfo;

    error InvalidAmount();
    error InvalidOutputToken();
    error InsufficientBalance();
    error ExceededRedeemable();
    error RateLimitExceeded();
    error AmountTooLarge();
    error TransferFailed();

    event Redeemed(address indexed receiver, uint256 redemptionAmount, uint256 feeAmountToTreasury, uint256 feeAmountToStakers, address token);

    constructor(
        address liquidityPool_,
        address eEth_,
        address weEth_,
        address treasury_,
        uint16 exitFeeSplitToTreasuryInBps,
        uint16 exitFeeInBps,
        uint16 lowWatermarkInBpsOfTvl,
        uint256 bucketCapacity,
        uint256 bucketRefillRatePerSecond
    ) Ownable(msg.sender) {
        if (exitFeeInBps > BASIS_POINT_SCALE || exitFeeSplitToTreasuryInBps > BASIS_POINT_SCALE || lowWatermarkInBpsOfTvl > BASIS_POINT_SCALE) {
            revert InvalidAmount();
        }
        liquidityPool = EtherFiLiquidityPool(payable(liquidityPool_));
        eEth = EtherFiEETH(eEth_);
        weEth = EtherFiWeETH(weEth_);
        treasury = treasury_;
        uint64 capacity = _toBucketUnit(bucketCapacity, Math.Rounding.Floor);
        tokenToRedemptionInfo[ETH_ADDRESS] = RedemptionInfo({
            limit: BucketLimit(capacity, capacity, uint64(block.timestamp), _toBucketUnit(bucketRefillRatePerSecond, Math.Rounding.Floor)),
            exitFeeSplitToTreasuryInBps: exitFeeSplitToTreasuryInBps,
            exitFeeInBps: exitFeeInBps,
            lowWatermarkInBpsOfTvl: lowWatermarkInBpsOfTvl
        });
    }

    receive() external payable {}

    function redeemWeEth(uint256 weEthAmount, address receiver, address outputToken) external nonReentrant {
        if (outputToken != ETH_ADDRESS) revert InvalidOutputToken();
        uint256 eEthAmount = weEth.getEETHByWeETH(weEthAmount);
        if (weEthAmount > weEth.balanceOf(msg.sender)) revert InsufficientBalance();
        if (!canRedeem(eEthAmount, outputToken)) revert ExceededRedeemable();
        weEth.transferFrom(msg.sender, address(this), weEthAmount);
        weEth.unwrap(weEthAmount);
        _redeem(eEthAmount, receiver, outputToken);
    }

    function redeemEEth(uint256 eEthAmount, address receiver, address outputToken) external nonReentrant {
        if (outputToken != ETH_ADDRESS) revert InvalidOutputToken();
        if (eEthAmount > eEth.balanceOf(msg.sender)) revert InsufficientBalance();
        if (!canRedeem(eEthAmount, outputToken)) revert ExceededRedeemable();
        eEth.transferFrom(msg.sender, address(this), eEthAmount);
        _redeem(eEthAmount, receiver, outputToken);
    }

    /// @notice Whether `amount` (ETH/eETH) can be redeemed now: free pool ETH above the low
    /// watermark and enough in the rate-limit bucket.
    function canRedeem(uint256 amount, address token) public view returns (bool) {
        if (token != ETH_ADDRESS) return false;
        uint256 liquidEthAmount = getInstantLiquidityAmount(token);
        uint256 lowWatermark = lowWatermarkInETH(token);
        if (liquidEthAmount < lowWatermark) return false;
        if (liquidEthAmount - lowWatermark < amount) return false;
        if (amount >= type(uint64).max * BUCKET_UNIT_SCALE) return false;
        return _consumable(tokenToRedemptionInfo[token].limit) >= _toBucketUnit(amount, Math.Rounding.Ceil);
    }

    function totalRedeemableAmount(address token) external view returns (uint256) {
        if (token != ETH_ADDRESS) return 0;
        uint256 liquidEthAmount = getInstantLiquidityAmount(token);
        uint256 lowWatermark = lowWatermarkInETH(token);
        if (liquidEthAmount < lowWatermark) return 0;
        uint256 bucket = uint256(_consumable(tokenToRedemptionInfo[token].limit)) * BUCKET_UNIT_SCALE;
        return Math.min(bucket, liquidEthAmount - lowWatermark);
    }

    function getInstantLiquidityAmount(address token) public view returns (uint256) {
        if (token != ETH_ADDRESS) return 0;
        return uint256(liquidityPool.totalValueInLp()) - uint256(liquidityPool.ethAmountLockedForWithdrawal());
    }

    function lowWatermarkInETH(address token) public view returns (uint256) {
        return liquidityPool.getTotalPooledEther().mulDiv(tokenToRedemptionInfo[token].lowWatermarkInBpsOfTvl, BASIS_POINT_SCALE);
    }

    /// @notice ETH received for `shares` eETH shares after the exit fee.
    function previewRedeem(uint256 shares, address token) external view returns (uint256) {
        uint256 amountInEth = liquidityPool.amountForShare(shares);
        return amountInEth - amountInEth.mulDiv(tokenToRedemptionInfo[token].exitFeeInBps, BASIS_POINT_SCALE, Math.Rounding.Ceil);
    }

    // ---- devnet knobs ----

    /// @notice Drains or restores instant liquidity: exactly `amount` of free ETH in the pool.
    function devnetSetInstantLiquidity(uint256 amount) external onlyOwner {
        liquidityPool.devnetSetFreeLiquidity(amount);
    }

    function devnetSetExitFeeBasisPoints(uint16 exitFeeInBps) external onlyOwner {
        if (exitFeeInBps > BASIS_POINT_SCALE) revert InvalidAmount();
        tokenToRedemptionInfo[ETH_ADDRESS].exitFeeInBps = exitFeeInBps;
    }

    function devnetSetBucket(uint256 capacity, uint256 refillRatePerSecond) external onlyOwner {
        uint64 units = _toBucketUnit(capacity, Math.Rounding.Floor);
        tokenToRedemptionInfo[ETH_ADDRESS].limit =
            BucketLimit(units, units, uint64(block.timestamp), _toBucketUnit(refillRatePerSecond, Math.Rounding.Floor));
    }

    // ---- internals ----

    struct Redemption {
        uint256 toReceiver;
        uint256 feeToTreasury;
        uint256 feeShareToStakers;
    }

    function _redeem(uint256 ethAmount, address receiver, address token) internal {
        _consume(tokenToRedemptionInfo[token].limit, _toBucketUnit(ethAmount, Math.Rounding.Ceil));
        Redemption memory r = _calcRedemption(ethAmount, token);

        if (r.feeToTreasury > 0) eEth.transfer(treasury, r.feeToTreasury);
        uint256 before = address(this).balance;
        liquidityPool.withdraw(address(this), r.toReceiver);
        if (r.feeShareToStakers > 0) liquidityPool.burnEEthShares(r.feeShareToStakers);
        uint256 received = address(this).balance - before;
        (bool ok,) = payable(receiver).call{value: received}("");
        if (!ok) revert TransferFailed();
        emit Redeemed(receiver, ethAmount, r.feeToTreasury, liquidityPool.amountForShare(r.feeShareToStakers), token);
    }

    /// @dev Splits the redeemed shares into the receiver's part and the exit fee, and the fee
    /// into the treasury's part (paid in eETH) and the stakers' part (burned).
    function _calcRedemption(uint256 ethAmount, address token) internal view returns (Redemption memory r) {
        RedemptionInfo memory info = tokenToRedemptionInfo[token];
        uint256 eEthShares = liquidityPool.sharesForAmount(ethAmount);
        r.toReceiver = liquidityPool.amountForShare(eEthShares.mulDiv(BASIS_POINT_SCALE - info.exitFeeInBps, BASIS_POINT_SCALE));
        uint256 feeShares = eEthShares - liquidityPool.sharesForWithdrawalAmount(r.toReceiver);
        uint256 feeShareToTreasury = feeShares.mulDiv(info.exitFeeSplitToTreasuryInBps, BASIS_POINT_SCALE);
        r.feeToTreasury = liquidityPool.amountForShare(feeShareToTreasury);
        r.feeShareToStakers = feeShares - feeShareToTreasury;
    }

    function _consumable(BucketLimit memory limit) internal view returns (uint64) {
        uint256 refilled = uint256(limit.remaining) + (block.timestamp - limit.lastRefill) * uint256(limit.refillRate);
        return refilled > limit.capacity ? limit.capacity : uint64(refilled);
    }

    function _consume(BucketLimit storage limit, uint64 units) internal {
        uint64 available = _consumable(limit);
        if (available < units) revert RateLimitExceeded();
        limit.remaining = available - units;
        limit.lastRefill = uint64(block.timestamp);
    }

    function _toBucketUnit(uint256 amount, Math.Rounding rounding) internal pure returns (uint64) {
        if (amount >= type(uint64).max * BUCKET_UNIT_SCALE) revert AmountTooLarge();
        return rounding == Math.Rounding.Ceil
            ? SafeCast.toUint64((amount + BUCKET_UNIT_SCALE - 1) / BUCKET_UNIT_SCALE)
            : SafeCast.toUint64(amount / BUCKET_UNIT_SCALE);
    }
}
