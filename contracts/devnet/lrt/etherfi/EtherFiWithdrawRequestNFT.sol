// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EtherFiLiquidityPool} from "./EtherFiLiquidityPool.sol";

/// @notice Devnet stand-in for ether.fi's WithdrawRequestNFT: one NFT per queued withdrawal,
/// holding the eETH it locked. The admin (owner) finalises requests in id order; only then can
/// the holder claim, and the claim pays the lower of the request-time amount and the current
/// value of the locked shares (no rewards while queued).
contract EtherFiWithdrawRequestNFT is ERC721, Ownable {
    struct WithdrawRequest {
        uint96 amountOfEEth;
        uint96 shareOfEEth;
        bool isValid;
        uint32 feeGwei;
    }

    EtherFiLiquidityPool public immutable liquidityPool;
    mapping(uint256 => WithdrawRequest) private _requests;
    /// @dev ETH reserved at finalisation for each request; the claim can never pay more.
    mapping(uint256 => uint256) private _lockedAtFinalization;
    uint32 public nextRequestId = 1;
    uint32 public lastFinalizedRequestId;

    error IncorrectCaller();
    error NotOwner();
    error RequestNotFinalized();
    error RequestNotValid();
    error InvalidRequestId();

    /// @dev The mainnet form since June 2026 (the `fee` argument was dropped); the keeper reads both forms.
    event WithdrawRequestCreated(uint32 indexed requestId, uint256 amountOfEEth, uint256 shareOfEEth, address owner);
    event WithdrawRequestClaimed(uint32 indexed requestId, uint256 amountOfEEth, uint256 burntShareOfEEth, address owner, uint256 fee);

    constructor(address liquidityPool_) ERC721("Withdraw Request NFT", "WithdrawRequestNFT") Ownable(msg.sender) {
        liquidityPool = EtherFiLiquidityPool(payable(liquidityPool_));
    }

    function requestWithdraw(uint96 amountOfEEth, uint96 shareOfEEth, address recipient, uint256 fee)
        external
        returns (uint256)
    {
        if (msg.sender != address(liquidityPool)) revert IncorrectCaller();
        uint32 requestId = nextRequestId++;
        _requests[requestId] = WithdrawRequest(amountOfEEth, shareOfEEth, true, uint32(fee / 1 gwei));
        _safeMint(recipient, requestId);
        emit WithdrawRequestCreated(requestId, amountOfEEth, shareOfEEth, recipient);
        return requestId;
    }

    /// @notice Admin step: finalises every request up to `requestId`, reserving their ETH.
    function finalizeRequests(uint256 requestId) external onlyOwner {
        if (requestId >= nextRequestId || requestId <= lastFinalizedRequestId) revert InvalidRequestId();
        uint256 total;
        for (uint256 id = uint256(lastFinalizedRequestId) + 1; id <= requestId; id++) {
            if (!_requests[id].isValid) continue;
            uint256 amount = getClaimableAmount(id);
            _lockedAtFinalization[id] = amount;
            total += amount;
        }
        lastFinalizedRequestId = uint32(requestId);
        liquidityPool.addEthAmountLockedForWithdrawal(uint128(total));
    }

    /// @notice Pays the request's ETH to its NFT holder and burns the NFT.
    function claimWithdraw(uint256 tokenId) external {
        if (ownerOf(tokenId) != msg.sender) revert NotOwner();
        if (!isFinalized(tokenId)) revert RequestNotFinalized();
        WithdrawRequest memory request = _requests[tokenId];
        if (!request.isValid) revert RequestNotValid();

        uint256 locked = _lockedAtFinalization[tokenId];
        uint256 claimable = getClaimableAmount(tokenId);
        uint256 amountToWithdraw = claimable < locked ? claimable : locked;

        _burn(tokenId);
        delete _requests[tokenId];
        delete _lockedAtFinalization[tokenId];
        liquidityPool.reduceEthAmountLockedForWithdrawal(uint128(locked));
        uint256 burnt = liquidityPool.withdraw(msg.sender, amountToWithdraw);
        emit WithdrawRequestClaimed(uint32(tokenId), amountToWithdraw, burnt, msg.sender, 0);
    }

    function getRequest(uint256 requestId) external view returns (WithdrawRequest memory) {
        return _requests[requestId];
    }

    function isFinalized(uint256 requestId) public view returns (bool) {
        return requestId <= lastFinalizedRequestId;
    }

    function isValid(uint256 requestId) external view returns (bool) {
        return _requests[requestId].isValid;
    }

    /// @notice min(eETH amount at request, current value of the locked shares) minus the fee.
    function getClaimableAmount(uint256 requestId) public view returns (uint256) {
        WithdrawRequest memory request = _requests[requestId];
        uint256 valueNow = liquidityPool.amountForShare(request.shareOfEEth);
        uint256 amount = request.amountOfEEth < valueNow ? request.amountOfEEth : valueNow;
        uint256 fee = uint256(request.feeGwei) * 1 gwei;
        return amount > fee ? amount - fee : 0;
    }
}
