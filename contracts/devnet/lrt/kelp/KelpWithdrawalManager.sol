// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {KelpRsETH} from "./KelpRsETH.sol";
import {KelpOracle} from "./KelpOracle.sol";
import {KelpDepositPool} from "./KelpDepositPool.sol";

/// @notice Devnet stand-in for Kelp's LRTWithdrawalManager (ETH only). Requests are queued
/// per asset with global nonces; an operator (the owner) unlocks them in order once
/// `withdrawalDelayBlocks` have passed since each request (mainnet counts BLOCKS, ~8 days),
/// paying the lower of the request-time amount and the stored price at unlock. Users complete
/// their own requests first-in first-out.
contract KelpWithdrawalManager is Ownable, ReentrancyGuard {
    struct WithdrawalRequest {
        uint256 rsETHUnstaked;
        uint256 expectedAssetAmount;
        uint256 withdrawalStartBlock;
    }

    address public constant ETH_TOKEN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    KelpRsETH public immutable rsETH;
    KelpOracle public immutable oracle;
    KelpDepositPool public immutable depositPool;
    uint256 public withdrawalDelayBlocks;
    /// @notice Smallest rsETH amount a withdrawal of each asset may be (mainnet: per asset, set by the admin).
    mapping(address => uint256) public minRsEthAmountToWithdraw;

    mapping(address => uint256) public nextUnusedNonce;
    mapping(address => uint256) public nextLockedNonce;
    mapping(address => uint256) public assetsCommitted;
    mapping(bytes32 => WithdrawalRequest) public withdrawalRequests;
    /// @dev Each user's nonces per asset, completed from `_userHead` onwards.
    mapping(address => mapping(address => uint256[])) private _userNonces;
    mapping(address => mapping(address => uint256)) private _userHead;

    error InvalidAmountToWithdraw();
    error ExceedAmountToWithdraw();
    error AssetNotSupported();
    error WithdrawalLocked();
    error WithdrawalDelayNotPassed();
    error NoPendingWithdrawals();
    error AmountMustBeGreaterThanZero();
    error RsETHPriceOutOfPriceRange(uint256 rsETHPrice);
    error AssetPriceOutOfPriceRange(uint256 assetPrice);
    error TransferFailed();

    event AssetWithdrawalQueued(address indexed withdrawer, address indexed asset, uint256 rsETHUnstaked, uint256 indexed userNonce);
    event AssetWithdrawalFinalized(address indexed withdrawer, address indexed asset, uint256 amountBurned, uint256 amountReceived);
    event AssetUnlocked(address indexed asset, uint256 rsEthAmount, uint256 assetAmount, uint256 rsEThPrice, uint256 assetPrice);
    event ReferralIdEmitted(string referralId);

    constructor(address rsETH_, address oracle_, address depositPool_, uint256 withdrawalDelayBlocks_) Ownable(msg.sender) {
        rsETH = KelpRsETH(rsETH_);
        oracle = KelpOracle(oracle_);
        depositPool = KelpDepositPool(payable(depositPool_));
        withdrawalDelayBlocks = withdrawalDelayBlocks_;
        minRsEthAmountToWithdraw[ETH_TOKEN] = 0.01 ether;
    }

    receive() external payable {}

    modifier onlyEth(address asset) {
        if (asset != ETH_TOKEN) revert AssetNotSupported();
        _;
    }

    /// @notice Locks `rsETHUnstaked` rsETH (approve this contract) for a later ETH withdrawal.
    function initiateWithdrawal(address asset, uint256 rsETHUnstaked, string calldata referralId)
        external
        nonReentrant
        onlyEth(asset)
    {
        if (rsETHUnstaked == 0 || rsETHUnstaked < minRsEthAmountToWithdraw[asset]) revert InvalidAmountToWithdraw();
        rsETH.transferFrom(msg.sender, address(this), rsETHUnstaked);
        uint256 expectedAssetAmount = getExpectedAssetAmount(asset, rsETHUnstaked);
        if (expectedAssetAmount > getAvailableAssetAmount(asset)) revert ExceedAmountToWithdraw();
        assetsCommitted[asset] += expectedAssetAmount;

        uint256 nonce = nextUnusedNonce[asset]++;
        withdrawalRequests[getRequestId(asset, nonce)] = WithdrawalRequest(rsETHUnstaked, expectedAssetAmount, block.number);
        _userNonces[asset][msg.sender].push(nonce);
        emit AssetWithdrawalQueued(msg.sender, asset, rsETHUnstaked, nonce);
        emit ReferralIdEmitted(referralId);
    }

    /// @notice Operator step: unlocks requests with nonce < firstExcludedIndex whose delay has
    /// passed, in order, at min(expected, rsETH * stored price / asset price); stops at the
    /// first request still inside its delay.
    function unlockQueue(
        address asset,
        uint256 firstExcludedIndex,
        uint256 minimumAssetPrice,
        uint256 minimumRsEthPrice,
        uint256 maximumAssetPrice,
        uint256 maximumRsEthPrice
    ) external nonReentrant onlyOwner onlyEth(asset) returns (uint256 rsETHBurned, uint256 assetAmountUnlocked) {
        uint256 rsETHPrice = oracle.rsETHPrice();
        uint256 assetPrice = oracle.getAssetPrice(asset);
        if (rsETHPrice < minimumRsEthPrice || rsETHPrice > maximumRsEthPrice) revert RsETHPriceOutOfPriceRange(rsETHPrice);
        if (assetPrice < minimumAssetPrice || assetPrice > maximumAssetPrice) revert AssetPriceOutOfPriceRange(assetPrice);
        (rsETHBurned, assetAmountUnlocked) = _unlockUpTo(asset, firstExcludedIndex, rsETHPrice, assetPrice);
        if (rsETHBurned > 0) {
            rsETH.burnFrom(address(this), rsETHBurned);
            depositPool.transferAssetToWithdrawalManager(assetAmountUnlocked);
        }
        emit AssetUnlocked(asset, rsETHBurned, assetAmountUnlocked, rsETHPrice, assetPrice);
    }

    function _unlockUpTo(address asset, uint256 firstExcludedIndex, uint256 rsETHPrice, uint256 assetPrice)
        internal
        returns (uint256 rsETHBurned, uint256 assetAmountUnlocked)
    {
        uint256 nonce = nextLockedNonce[asset];
        uint256 end = firstExcludedIndex < nextUnusedNonce[asset] ? firstExcludedIndex : nextUnusedNonce[asset];
        while (nonce < end) {
            WithdrawalRequest storage request = withdrawalRequests[getRequestId(asset, nonce)];
            if (block.number < request.withdrawalStartBlock + withdrawalDelayBlocks) break;
            uint256 atPrice = (request.rsETHUnstaked * rsETHPrice) / assetPrice;
            uint256 payout = atPrice < request.expectedAssetAmount ? atPrice : request.expectedAssetAmount;
            assetsCommitted[asset] -= request.expectedAssetAmount;
            request.expectedAssetAmount = payout;
            rsETHBurned += request.rsETHUnstaked;
            assetAmountUnlocked += payout;
            nonce++;
        }
        nextLockedNonce[asset] = nonce;
    }

    /// @notice Pays the caller's oldest request once it is unlocked.
    function completeWithdrawal(address asset, string calldata referralId) external nonReentrant onlyEth(asset) {
        uint256[] storage nonces = _userNonces[asset][msg.sender];
        uint256 head = _userHead[asset][msg.sender];
        if (head >= nonces.length) revert NoPendingWithdrawals();
        uint256 nonce = nonces[head];
        if (nonce >= nextLockedNonce[asset]) revert WithdrawalLocked();
        bytes32 requestId = getRequestId(asset, nonce);
        WithdrawalRequest memory request = withdrawalRequests[requestId];
        if (block.number < request.withdrawalStartBlock + withdrawalDelayBlocks) revert WithdrawalDelayNotPassed();

        _userHead[asset][msg.sender] = head + 1;
        delete withdrawalRequests[requestId];
        (bool ok,) = payable(msg.sender).call{value: request.expectedAssetAmount}("");
        if (!ok) revert TransferFailed();
        emit AssetWithdrawalFinalized(msg.sender, asset, request.rsETHUnstaked, request.expectedAssetAmount);
        emit ReferralIdEmitted(referralId);
    }

    function getRequestId(address asset, uint256 nonce) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(asset, nonce));
    }

    /// @notice Asset paid for `amount` rsETH at the STORED price.
    function getExpectedAssetAmount(address asset, uint256 amount) public view returns (uint256) {
        return (amount * oracle.rsETHPrice()) / oracle.getAssetPrice(asset);
    }

    function getAvailableAssetAmount(address asset) public view returns (uint256) {
        uint256 total = depositPool.getTotalAssetDeposits(asset);
        return total > assetsCommitted[asset] ? total - assetsCommitted[asset] : 0;
    }

    /// @notice The user's `index`-th pending request (0 = the next one to complete).
    function getUserWithdrawalRequest(address asset, address user, uint256 index)
        external
        view
        returns (uint256 rsETHAmount, uint256 expectedAssetAmount, uint256 withdrawalStartBlock, uint256 userNonce)
    {
        userNonce = _userNonces[asset][user][_userHead[asset][user] + index];
        WithdrawalRequest memory request = withdrawalRequests[getRequestId(asset, userNonce)];
        return (request.rsETHUnstaked, request.expectedAssetAmount, request.withdrawalStartBlock, userNonce);
    }

    /// @notice Number of the user's requests not yet completed.
    function getUserWithdrawalRequestCount(address asset, address user) external view returns (uint256) {
        return _userNonces[asset][user].length - _userHead[asset][user];
    }

    function setMinRsEthAmountToWithdraw(address asset, uint256 minRsEth) external onlyOwner {
        minRsEthAmountToWithdraw[asset] = minRsEth;
    }

    function setWithdrawalDelayBlocks(uint256 blocks) external onlyOwner {
        withdrawalDelayBlocks = blocks;
    }
}
