// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SwellWhitelist} from "./SwellWhitelist.sol";

/// @notice Devnet stand-in for Swell's rswETH: holds the ETH behind the token and mints at
/// the current rate with NO min-out (`deposit()`), as on mainnet. Exit requests burn rswETH
/// at once and reserve their ETH (`exitingETH`) at the request-time rate, so the rate of the
/// remaining holders is unchanged until the operator processes them. Deposits pass the
/// whitelist check when the whitelist is on.
contract SwellRswETH is ERC20, SwellWhitelist {
    address public withdrawalNFT;
    /// @notice ETH reserved for unprocessed withdraw requests (not backing rswETH any more).
    uint256 public exitingETH;

    error InvalidETHDeposit();
    error NotWithdrawalNFT();
    error TransferFailed();
    error AlreadyWired();

    event ETHDepositReceived(address indexed from, uint256 amount, uint256 mintedRswETH);

    constructor() ERC20("rswETH", "rswETH") Ownable(msg.sender) {}

    function setWithdrawalNFT(address withdrawalNFT_) external onlyOwner {
        if (withdrawalNFT != address(0)) revert AlreadyWired();
        withdrawalNFT = withdrawalNFT_;
    }

    modifier onlyWithdrawalNFT() {
        if (msg.sender != withdrawalNFT) revert NotWithdrawalNFT();
        _;
    }

    function deposit() external payable checkWhitelist(msg.sender) {
        if (msg.value == 0) revert InvalidETHDeposit();
        uint256 minted = (msg.value * _ethToRswETHRate(msg.value)) / 1 ether;
        if (minted == 0) revert InvalidETHDeposit();
        _mint(msg.sender, minted);
        emit ETHDepositReceived(msg.sender, msg.value, minted);
    }

    /// @notice ETH per 1e18 rswETH.
    function getRate() external view returns (uint256) {
        return _rswETHToETHRate(0);
    }

    function rswETHToETHRate() external view returns (uint256) {
        return _rswETHToETHRate(0);
    }

    /// @notice rswETH per 1e18 ETH.
    function ethToRswETHRate() external view returns (uint256) {
        return _ethToRswETHRate(0);
    }

    /// @notice Burns exiting rswETH and reserves `ethReserved` for its request.
    function burnForExit(address from, uint256 amount, uint256 ethReserved) external onlyWithdrawalNFT {
        _burn(from, amount);
        exitingETH += ethReserved;
    }

    /// @notice Releases a processed batch: `reserved` leaves the exit reserve, `paid` goes to the
    /// withdrawal NFT (any difference stays as backing for the remaining holders).
    function releaseForExit(uint256 reserved, uint256 paid) external onlyWithdrawalNFT {
        exitingETH -= reserved;
        (bool ok,) = payable(withdrawalNFT).call{value: paid}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Staking rewards arrive: msg.value joins the backing, raising the rate.
    function devnetAccrue() external payable onlyOwner {}

    function _backing(uint256 pending) internal view returns (uint256) {
        return address(this).balance - pending - exitingETH;
    }

    function _rswETHToETHRate(uint256 pending) internal view returns (uint256) {
        uint256 supply = totalSupply();
        if (supply == 0) return 1 ether;
        return (_backing(pending) * 1 ether) / supply;
    }

    function _ethToRswETHRate(uint256 pending) internal view returns (uint256) {
        uint256 supply = totalSupply();
        uint256 backing = _backing(pending);
        if (supply == 0 || backing == 0) return 1 ether;
        return (supply * 1 ether) / backing;
    }
}
