// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {KelpRsETH} from "./KelpRsETH.sol";
import {KelpOracle} from "./KelpOracle.sol";

/// @notice Devnet stand-in for Kelp's LRTDepositPool: holds the ETH behind rsETH and mints at
/// the oracle's STORED price (a stale price mints too much or too little), reverting below the
/// caller's minimum.
contract KelpDepositPool is Ownable, ReentrancyGuard {
    address public constant ETH_TOKEN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    KelpRsETH public immutable rsETH;
    KelpOracle public oracle;
    address public withdrawalManager;

    error InvalidAmountToDeposit();
    error MinimumAmountToReceiveNotMet();
    error NotWithdrawalManager();
    error AssetNotSupported();
    error TransferFailed();
    error AlreadyWired();

    event ETHDeposit(address indexed depositor, uint256 depositAmount, uint256 rsethMintAmount, string referralId);

    constructor(address rsETH_) Ownable(msg.sender) {
        rsETH = KelpRsETH(rsETH_);
    }

    function initialize(address oracle_, address withdrawalManager_) external onlyOwner {
        if (address(oracle) != address(0)) revert AlreadyWired();
        oracle = KelpOracle(oracle_);
        withdrawalManager = withdrawalManager_;
    }

    function depositETH(uint256 minRSETHAmountExpected, string calldata referralId) external payable nonReentrant {
        if (msg.value == 0) revert InvalidAmountToDeposit();
        uint256 rsethAmountToMint = getRsETHAmountToMint(ETH_TOKEN, msg.value);
        if (rsethAmountToMint < minRSETHAmountExpected) revert MinimumAmountToReceiveNotMet();
        rsETH.mint(msg.sender, rsethAmountToMint);
        emit ETHDeposit(msg.sender, msg.value, rsethAmountToMint, referralId);
    }

    /// @notice rsETH minted for `amount` of `asset`, at the stored oracle price.
    function getRsETHAmountToMint(address asset, uint256 amount) public view returns (uint256) {
        return (amount * oracle.getAssetPrice(asset)) / oracle.rsETHPrice();
    }

    /// @notice ETH backing rsETH (what the oracle's update reads).
    function getTotalAssetDeposits(address asset) external view returns (uint256) {
        if (asset != ETH_TOKEN) revert AssetNotSupported();
        return address(this).balance;
    }

    /// @notice Moves ETH to the withdrawal manager when it unlocks requests.
    function transferAssetToWithdrawalManager(uint256 amount) external {
        if (msg.sender != withdrawalManager) revert NotWithdrawalManager();
        (bool ok,) = payable(withdrawalManager).call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Staking rewards arrive: the backing grows, but rsETHPrice only follows after
    /// someone calls the oracle's updateRSETHPrice().
    function devnetAccrue() external payable onlyOwner {}
}
