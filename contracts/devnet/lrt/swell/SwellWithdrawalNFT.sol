// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SwellRswETH} from "./SwellRswETH.sol";
import {SwellWhitelist} from "./SwellWhitelist.sol";

/// @notice Devnet stand-in for Swell's withdrawal NFT (rswEXIT). `createWithdrawRequest` takes
/// rswETH (approve this contract), burns it and mints an NFT; the operator (owner) processes
/// requests in id order with `processWithdrawals`; only then can the holder
/// `finalizeWithdrawal`, paid at the LOWER of the request-time and processing-time rate.
/// Requests pass the whitelist check when the whitelist is on.
contract SwellWithdrawalNFT is ERC721, SwellWhitelist {
    struct WithdrawRequest {
        uint256 amount;
        uint256 lastTokenIdProcessed;
        uint256 rateWhenCreated;
    }

    SwellRswETH public immutable rswETH;
    mapping(uint256 => WithdrawRequest) public withdrawalRequests;
    mapping(uint256 => uint256) private _processedRate;
    uint256 private _lastTokenIdCreated;
    uint256 private _lastTokenIdProcessed;
    /// @notice Request size limits in rswETH (mainnet swEXIT/rswEXIT enforce both).
    uint256 public withdrawRequestMinimum;
    uint256 public withdrawRequestMaximum;

    error CannotWithdrawZero();
    error WithdrawRequestTooSmall(uint256 amount, uint256 minimum);
    error WithdrawRequestTooLarge(uint256 amount, uint256 maximum);
    error WithdrawalRequestDoesNotExist();
    error WithdrawalRequestFinalizationOnlyAllowedForNFTOwner();
    error WithdrawalRequestNotProcessed();
    error LastTokenIdToProcessMustBeGreaterOrEqualThanPrevious();
    error CannotProcessWithdrawalsForNonExistentToken();
    error TransferFailed();

    event WithdrawRequestCreated(
        uint256 tokenId, uint256 amount, uint256 timestamp, uint256 indexed lastTokenIdProcessed, uint256 rateWhenCreated, address indexed owner
    );
    event WithdrawalsProcessed(uint256 fromTokenId, uint256 toTokenId, uint256 processedRate, uint256 processedExitingETH, uint256 processedExitedETH);
    event WithdrawalClaimed(address indexed owner, uint256 indexed tokenId, uint256 exitClaimedETH);

    constructor(address rswETH_) ERC721("rswETH Exit", "rswEXIT") Ownable(msg.sender) {
        rswETH = SwellRswETH(payable(rswETH_));
        withdrawRequestMinimum = 0.005 ether;
        withdrawRequestMaximum = 500 ether;
    }

    function setWithdrawRequestLimits(uint256 minimum, uint256 maximum) external onlyOwner {
        withdrawRequestMinimum = minimum;
        withdrawRequestMaximum = maximum;
    }

    receive() external payable {
        if (msg.sender != address(rswETH)) revert TransferFailed();
    }

    function createWithdrawRequest(uint256 amount) external checkWhitelist(msg.sender) {
        if (amount == 0) revert CannotWithdrawZero();
        if (amount < withdrawRequestMinimum) revert WithdrawRequestTooSmall(amount, withdrawRequestMinimum);
        if (amount > withdrawRequestMaximum) revert WithdrawRequestTooLarge(amount, withdrawRequestMaximum);
        rswETH.transferFrom(msg.sender, address(this), amount);
        uint256 rateWhenCreated = rswETH.rswETHToETHRate();
        rswETH.burnForExit(address(this), amount, (amount * rateWhenCreated) / 1 ether);
        uint256 tokenId = ++_lastTokenIdCreated;
        withdrawalRequests[tokenId] = WithdrawRequest(amount, _lastTokenIdProcessed, rateWhenCreated);
        _safeMint(msg.sender, tokenId);
        emit WithdrawRequestCreated(tokenId, amount, block.timestamp, _lastTokenIdProcessed, rateWhenCreated, msg.sender);
    }

    /// @notice Operator step: processes every request up to `lastTokenIdToProcess` at the
    /// current rate, moving their ETH here.
    function processWithdrawals(uint256 lastTokenIdToProcess) external onlyOwner {
        if (lastTokenIdToProcess <= _lastTokenIdProcessed) revert LastTokenIdToProcessMustBeGreaterOrEqualThanPrevious();
        if (lastTokenIdToProcess > _lastTokenIdCreated) revert CannotProcessWithdrawalsForNonExistentToken();
        uint256 rateNow = rswETH.rswETHToETHRate();
        uint256 reserved;
        uint256 paid;
        uint256 from = _lastTokenIdProcessed + 1;
        for (uint256 id = from; id <= lastTokenIdToProcess; id++) {
            WithdrawRequest memory request = withdrawalRequests[id];
            uint256 rate = rateNow < request.rateWhenCreated ? rateNow : request.rateWhenCreated;
            _processedRate[id] = rateNow;
            reserved += (request.amount * request.rateWhenCreated) / 1 ether;
            paid += (request.amount * rate) / 1 ether;
        }
        _lastTokenIdProcessed = lastTokenIdToProcess;
        rswETH.releaseForExit(reserved, paid);
        emit WithdrawalsProcessed(from, lastTokenIdToProcess, rateNow, reserved, paid);
    }

    /// @notice Pays a processed request to its NFT holder and burns the NFT.
    function finalizeWithdrawal(uint256 tokenId) external {
        address owner_ = _ownerOf(tokenId);
        if (owner_ == address(0)) revert WithdrawalRequestDoesNotExist();
        if (owner_ != msg.sender) revert WithdrawalRequestFinalizationOnlyAllowedForNFTOwner();
        (bool isProcessed, uint256 processedRate) = getProcessedRateForTokenId(tokenId);
        if (!isProcessed) revert WithdrawalRequestNotProcessed();
        WithdrawRequest memory request = withdrawalRequests[tokenId];
        uint256 finalRate = processedRate > request.rateWhenCreated ? request.rateWhenCreated : processedRate;
        uint256 ethClaim = (request.amount * finalRate) / 1 ether;
        _burn(tokenId);
        delete withdrawalRequests[tokenId];
        (bool ok,) = payable(owner_).call{value: ethClaim}("");
        if (!ok) revert TransferFailed();
        emit WithdrawalClaimed(owner_, tokenId, ethClaim);
    }

    function getProcessedRateForTokenId(uint256 tokenId) public view returns (bool isProcessed, uint256 processedRate) {
        if (tokenId == 0 || tokenId > _lastTokenIdProcessed) return (false, 0);
        return (true, _processedRate[tokenId]);
    }

    function getLastTokenIdCreated() external view returns (uint256) {
        return _lastTokenIdCreated;
    }

    function getLastTokenIdProcessed() external view returns (uint256) {
        return _lastTokenIdProcessed;
    }
}
