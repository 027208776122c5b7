// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {RenzoRestakeManager} from "./RenzoRestakeManager.sol";
import {RenzoEzETH} from "./RenzoEzETH.sol";

/// @notice Devnet stand-in for Renzo's WithdrawQueue (ETH only). `withdraw` locks ezETH and
/// records the ETH value at request time; `claim` after the cooldown pays the LOWER of that and
/// the claim-time value, burns the ezETH and removes the entry by swap-and-pop, so the last
/// request of the user moves into the claimed index.
contract RenzoWithdrawQueue is Ownable, ReentrancyGuard {
    struct WithdrawRequest {
        address collateralToken;
        uint256 withdrawRequestID;
        uint256 amountToRedeem;
        uint256 ezETHLocked;
        uint256 createdAt;
    }

    address public constant IS_NATIVE = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    RenzoRestakeManager public immutable restakeManager;
    RenzoEzETH public immutable ezETH;
    uint256 public coolDownPeriod;
    uint256 public withdrawRequestNonce;
    mapping(address => WithdrawRequest[]) public withdrawRequests;
    mapping(address => uint256) public claimReserve;

    error InvalidZeroInput();
    error UnsupportedWithdrawAsset();
    error InvalidWithdrawIndex();
    error EarlyClaim();
    error TransferFailed();

    event WithdrawRequestCreated(
        uint256 indexed withdrawRequestID,
        address user,
        address claimToken,
        uint256 amountToRedeem,
        uint256 ezETHAmountLocked,
        uint256 withdrawRequestIndex,
        bool queued,
        uint256 queueFilled
    );
    event WithdrawRequestClaimed(WithdrawRequest withdrawRequest);
    event CoolDownPeriodUpdated(uint256 oldCoolDownPeriod, uint256 newCoolDownPeriod);

    constructor(address restakeManager_, address ezETH_, uint256 coolDownPeriod_) Ownable(msg.sender) {
        restakeManager = RenzoRestakeManager(payable(restakeManager_));
        ezETH = RenzoEzETH(ezETH_);
        coolDownPeriod = coolDownPeriod_;
    }

    receive() external payable {}

    function updateCoolDownPeriod(uint256 newCoolDownPeriod) external onlyOwner {
        emit CoolDownPeriodUpdated(coolDownPeriod, newCoolDownPeriod);
        coolDownPeriod = newCoolDownPeriod;
    }

    /// @notice Locks `amount` ezETH (approve this contract) for a later ETH claim.
    function withdraw(uint256 amount, address assetOut) external nonReentrant {
        if (amount == 0 || assetOut == address(0)) revert InvalidZeroInput();
        if (assetOut != IS_NATIVE) revert UnsupportedWithdrawAsset();
        ezETH.transferFrom(msg.sender, address(this), amount);
        uint256 amountToRedeem = _currentValue(amount);
        withdrawRequestNonce++;
        withdrawRequests[msg.sender].push(
            WithdrawRequest(IS_NATIVE, withdrawRequestNonce, amountToRedeem, amount, block.timestamp)
        );
        claimReserve[IS_NATIVE] += amountToRedeem;
        emit WithdrawRequestCreated(
            withdrawRequestNonce, msg.sender, IS_NATIVE, amountToRedeem, amount, withdrawRequests[msg.sender].length - 1, false, 0
        );
    }

    function getOutstandingWithdrawRequests(address user) external view returns (uint256) {
        return withdrawRequests[user].length;
    }

    /// @notice Claims `user`'s request at `withdrawRequestIndex` (anyone may call; ETH goes to user).
    function claim(uint256 withdrawRequestIndex, address user) external nonReentrant {
        WithdrawRequest[] storage requests = withdrawRequests[user];
        if (withdrawRequestIndex >= requests.length) revert InvalidWithdrawIndex();
        WithdrawRequest memory request = requests[withdrawRequestIndex];
        if (block.timestamp - request.createdAt < coolDownPeriod) revert EarlyClaim();

        uint256 valueNow = _currentValue(request.ezETHLocked);
        claimReserve[IS_NATIVE] -= request.amountToRedeem;
        if (valueNow < request.amountToRedeem) request.amountToRedeem = valueNow;

        requests[withdrawRequestIndex] = requests[requests.length - 1];
        requests.pop();

        ezETH.burn(address(this), request.ezETHLocked);
        restakeManager.payOut(user, request.amountToRedeem);
        emit WithdrawRequestClaimed(request);
    }

    function _currentValue(uint256 ezETHAmount) internal view returns (uint256) {
        (,, uint256 totalTVL) = restakeManager.calculateTVLs();
        uint256 supply = ezETH.totalSupply();
        return supply == 0 ? 0 : (ezETHAmount * totalTVL) / supply;
    }
}
