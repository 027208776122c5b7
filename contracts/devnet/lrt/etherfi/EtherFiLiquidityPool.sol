// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {EtherFiEETH} from "./EtherFiEETH.sol";
import {EtherFiWithdrawRequestNFT} from "./EtherFiWithdrawRequestNFT.sol";

/// @notice Devnet stand-in for ether.fi's LiquidityPool: holds the ETH behind eETH and is the
/// only minter/burner of eETH shares. Pooled ether = ETH in the pool ("in LP", the instant
/// liquidity) + ETH accounted as staked in validators ("out of LP"); both are held here as
/// real ETH, the split is bookkeeping that the devnet knobs move.
contract EtherFiLiquidityPool is Ownable {
    EtherFiEETH public eETH;
    EtherFiWithdrawRequestNFT public withdrawRequestNFT;
    address public redemptionManager;

    uint128 public totalValueOutOfLp;
    uint128 public totalValueInLp;
    /// @notice ETH reserved for finalised withdraw requests, not available to instant exits.
    uint128 public ethAmountLockedForWithdrawal;

    error InvalidAmount();
    error IncorrectCaller();
    error InsufficientLiquidity();
    error AlreadyWired();
    error Blacklisted();

    /// @notice Size limits of one withdraw request, in eETH, and the blacklist, as mainnet's
    /// requestWithdraw enforces (the mainnet values are not exposed under a stable view: the
    /// keeper takes them from its config, exits.queued.minAmount / maxAmount).
    uint256 public devnetMinWithdrawAmount = 0.01 ether;
    uint256 public devnetMaxWithdrawAmount = 1_000 ether;
    mapping(address => bool) public devnetBlacklisted;

    event Deposit(address indexed sender, uint256 amount, uint256 shares, address referral);
    event Withdraw(address indexed sender, address recipient, uint256 amount);

    constructor() Ownable(msg.sender) {}

    /// @notice One-time wiring, done by the deployer right after deploying the family.
    function initialize(address eETH_, address withdrawRequestNFT_, address redemptionManager_) external onlyOwner {
        if (address(eETH) != address(0)) revert AlreadyWired();
        eETH = EtherFiEETH(eETH_);
        withdrawRequestNFT = EtherFiWithdrawRequestNFT(withdrawRequestNFT_);
        redemptionManager = redemptionManager_;
    }

    receive() external payable {
        revert IncorrectCaller();
    }

    function devnetSetWithdrawLimits(uint256 minAmount, uint256 maxAmount) external onlyOwner {
        devnetMinWithdrawAmount = minAmount;
        devnetMaxWithdrawAmount = maxAmount;
    }

    function devnetSetBlacklisted(address account, bool blacklisted) external onlyOwner {
        devnetBlacklisted[account] = blacklisted;
    }

    /// @notice Mints eETH 1:1 in value for msg.value; returns the shares minted.
    function deposit(address referral) external payable returns (uint256) {
        if (msg.value == 0) revert InvalidAmount();
        uint256 share = _sharesForDepositAmount(msg.value);
        if (share == 0) revert InvalidAmount();
        totalValueInLp += uint128(msg.value);
        eETH.mintShares(msg.sender, share);
        emit Deposit(msg.sender, msg.value, share, referral);
        return share;
    }

    /// @notice Queues a withdrawal: takes `amount` eETH (the pool must be approved on eETH) and
    /// mints a WithdrawRequestNFT to `recipient`, claimable only after the admin finalises it.
    function requestWithdraw(address recipient, uint256 amount) external returns (uint256) {
        uint256 share = sharesForAmount(amount);
        if (amount > type(uint96).max || amount == 0 || share == 0) revert InvalidAmount();
        if (amount < devnetMinWithdrawAmount || amount > devnetMaxWithdrawAmount) revert InvalidAmount();
        if (devnetBlacklisted[msg.sender] || devnetBlacklisted[recipient]) revert Blacklisted();
        eETH.transferFrom(msg.sender, address(withdrawRequestNFT), amount);
        uint256 requestId = withdrawRequestNFT.requestWithdraw(uint96(amount), uint96(share), recipient, 0);
        emit Withdraw(msg.sender, recipient, amount);
        return requestId;
    }

    /// @notice Pays `amount` ETH out of the pool, burning the caller's matching eETH shares.
    /// Only the withdraw-request NFT (finalised claims) and the redemption manager may call.
    function withdraw(address recipient, uint256 amount) external returns (uint256) {
        if (msg.sender != address(withdrawRequestNFT) && msg.sender != redemptionManager) revert IncorrectCaller();
        uint256 share = sharesForWithdrawalAmount(amount);
        if (amount > totalValueInLp) revert InsufficientLiquidity();
        if (amount == 0 || share == 0) revert InvalidAmount();
        totalValueInLp -= uint128(amount);
        eETH.burnShares(msg.sender, share);
        (bool ok,) = payable(recipient).call{value: amount}("");
        require(ok, "EtherFiLiquidityPool: transfer failed");
        return share;
    }

    /// @notice Burns the caller's shares without paying out: an exit fee left to the stakers.
    function burnEEthShares(uint256 shares) external {
        if (msg.sender != address(withdrawRequestNFT) && msg.sender != redemptionManager) revert IncorrectCaller();
        eETH.burnShares(msg.sender, shares);
    }

    /// @notice Finalisation reserves ETH for the finalised requests (moved in from validators if needed).
    function addEthAmountLockedForWithdrawal(uint128 amount) external {
        if (msg.sender != address(withdrawRequestNFT)) revert IncorrectCaller();
        uint128 free = totalValueInLp - ethAmountLockedForWithdrawal;
        if (free < amount) {
            uint128 missing = amount - free;
            if (missing > totalValueOutOfLp) revert InsufficientLiquidity();
            totalValueOutOfLp -= missing;
            totalValueInLp += missing;
        }
        ethAmountLockedForWithdrawal += amount;
    }

    function reduceEthAmountLockedForWithdrawal(uint128 amount) external {
        if (msg.sender != address(withdrawRequestNFT)) revert IncorrectCaller();
        ethAmountLockedForWithdrawal -= amount;
    }

    function getTotalPooledEther() public view returns (uint256) {
        return uint256(totalValueOutOfLp) + uint256(totalValueInLp);
    }

    function sharesForAmount(uint256 amount) public view returns (uint256) {
        uint256 totalPooledEther = getTotalPooledEther();
        if (totalPooledEther == 0) return 0;
        return (amount * eETH.totalShares()) / totalPooledEther;
    }

    /// @notice Shares to burn for paying out `amount`, rounded up so a payout never over-draws.
    function sharesForWithdrawalAmount(uint256 amount) public view returns (uint256) {
        uint256 totalPooledEther = getTotalPooledEther();
        if (totalPooledEther == 0) return 0;
        return Math.mulDiv(amount, eETH.totalShares(), totalPooledEther, Math.Rounding.Ceil);
    }

    function amountForShare(uint256 share) public view returns (uint256) {
        uint256 totalShares = eETH.totalShares();
        if (totalShares == 0) return 0;
        return (share * getTotalPooledEther()) / totalShares;
    }

    // ---- devnet knobs (owner = the market simulator's account) ----

    /// @notice Staking rewards arrive: msg.value joins the ETH staked in validators, raising the rate.
    function devnetAccrue() external payable onlyOwner {
        totalValueOutOfLp += uint128(msg.value);
    }

    /// @notice Moves ETH between the pool's free liquidity and validators so that exactly
    /// `amount` is free for instant exits (the redemption manager forwards its knob here).
    function devnetSetFreeLiquidity(uint256 amount) external {
        if (msg.sender != owner() && msg.sender != redemptionManager) revert IncorrectCaller();
        uint256 total = getTotalPooledEther();
        uint256 targetInLp = amount + ethAmountLockedForWithdrawal;
        if (targetInLp > total) revert InsufficientLiquidity();
        totalValueInLp = uint128(targetInLp);
        totalValueOutOfLp = uint128(total - targetInLp);
    }

    function _sharesForDepositAmount(uint256 amount) internal view returns (uint256) {
        uint256 totalPooledEther = getTotalPooledEther();
        if (totalPooledEther == 0) return amount;
        return (amount * eETH.totalShares()) / totalPooledEther;
    }
}
