// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {RenzoEzETH} from "./RenzoEzETH.sol";

/// @notice Devnet stand-in for Renzo's RestakeManager. Holds the ETH behind ezETH (standing in
/// for the operator delegators and deposit queue) and mints ezETH at TVL / supply with NO
/// min-out, as on mainnet. `calculateTVLs()` keeps the mainnet shape: one operator delegator
/// with one token (ETH).
contract RenzoRestakeManager is Ownable {
    RenzoEzETH public immutable ezETH;
    /// @notice Contracts allowed to take ETH out for exits (withdraw queue, instant withdrawer).
    mapping(address => bool) public isExitContract;

    error InvalidZeroInput();
    error NotExitContract();
    error TransferFailed();

    event Deposit(address depositor, address token, uint256 amount, uint256 ezETHMinted, uint256 referralId);

    constructor(address ezETH_) Ownable(msg.sender) {
        ezETH = RenzoEzETH(ezETH_);
    }

    function setExitContract(address account, bool allowed) external onlyOwner {
        isExitContract[account] = allowed;
    }

    function depositETH() external payable {
        _depositETH(0);
    }

    function depositETH(uint256 referralId) external payable {
        _depositETH(referralId);
    }

    /// @notice (operatorDelegatorTokenTVLs, operatorDelegatorTVLs, totalTVL) in ETH.
    function calculateTVLs() public view returns (uint256[][] memory, uint256[] memory, uint256) {
        uint256 tvl = _tvlExcluding(0);
        uint256[][] memory tokenTVLs = new uint256[][](1);
        tokenTVLs[0] = new uint256[](1);
        tokenTVLs[0][0] = tvl;
        uint256[] memory odTVLs = new uint256[](1);
        odTVLs[0] = tvl;
        return (tokenTVLs, odTVLs, tvl);
    }

    /// @notice Pays ETH out for an exit; the caller burns or holds the matching ezETH.
    function payOut(address to, uint256 amount) external {
        if (!isExitContract[msg.sender]) revert NotExitContract();
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice Staking rewards arrive: msg.value joins the TVL, raising the rate.
    function devnetAccrue() external payable onlyOwner {}

    function _depositETH(uint256 referralId) internal {
        if (msg.value == 0) revert InvalidZeroInput();
        // Mainnet computes the TVL before the deposit is counted.
        uint256 tvl = _tvlExcluding(msg.value);
        uint256 supply = ezETH.totalSupply();
        uint256 minted = (supply == 0 || tvl == 0) ? msg.value : (msg.value * supply) / tvl;
        if (minted == 0) revert InvalidZeroInput();
        ezETH.mint(msg.sender, minted);
        emit Deposit(msg.sender, address(0), msg.value, minted, referralId);
    }

    function _tvlExcluding(uint256 pending) internal view returns (uint256) {
        return address(this).balance - pending;
    }
}
