// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EtherFiEETH} from "./EtherFiEETH.sol";
import {EtherFiLiquidityPool} from "./EtherFiLiquidityPool.sol";

/// @notice Devnet stand-in for ether.fi's weETH: a non-rebasing wrapper whose balance is a
/// count of eETH shares, so its rate (eETH per weETH) rises as the pool accrues.
contract EtherFiWeETH is ERC20 {
    EtherFiEETH public immutable eETH;
    EtherFiLiquidityPool public immutable liquidityPool;

    error InvalidAmount();

    constructor(address eETH_, address liquidityPool_) ERC20("Wrapped eETH", "weETH") {
        eETH = EtherFiEETH(eETH_);
        liquidityPool = EtherFiLiquidityPool(payable(liquidityPool_));
    }

    /// @notice Takes `eETHAmount` eETH (approve this contract on eETH) and mints its shares as weETH.
    function wrap(uint256 eETHAmount) public returns (uint256) {
        if (eETHAmount == 0) revert InvalidAmount();
        uint256 weEthAmount = liquidityPool.sharesForAmount(eETHAmount);
        eETH.transferFrom(msg.sender, address(this), eETHAmount);
        _mint(msg.sender, weEthAmount);
        return weEthAmount;
    }

    function unwrap(uint256 weETHAmount) external returns (uint256) {
        if (weETHAmount == 0) revert InvalidAmount();
        uint256 eETHAmount = liquidityPool.amountForShare(weETHAmount);
        _burn(msg.sender, weETHAmount);
        eETH.transfer(msg.sender, eETHAmount);
        return eETHAmount;
    }

    function getWeETHByeETH(uint256 eETHAmount) external view returns (uint256) {
        return liquidityPool.sharesForAmount(eETHAmount);
    }

    function getEETHByWeETH(uint256 weETHAmount) public view returns (uint256) {
        return liquidityPool.amountForShare(weETHAmount);
    }

    /// @notice eETH (= ETH) per 1e18 weETH.
    function getRate() external view returns (uint256) {
        return getEETHByWeETH(1 ether);
    }
}
