// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EtherFiLiquidityPool} from "./EtherFiLiquidityPool.sol";
import {EtherFiEETH} from "./EtherFiEETH.sol";
import {EtherFiWeETH} from "./EtherFiWeETH.sol";

/// @notice Devnet stand-in for ether.fi's DepositAdapter: ETH in, weETH out, in one call.
contract EtherFiDepositAdapter {
    EtherFiLiquidityPool public immutable liquidityPool;
    EtherFiEETH public immutable eETH;
    EtherFiWeETH public immutable weETH;

    constructor(address liquidityPool_, address eETH_, address weETH_) {
        liquidityPool = EtherFiLiquidityPool(payable(liquidityPool_));
        eETH = EtherFiEETH(eETH_);
        weETH = EtherFiWeETH(weETH_);
        eETH.approve(weETH_, type(uint256).max);
    }

    /// @notice Deposits msg.value and sends the resulting weETH to the caller; returns it.
    function depositETHForWeETH(address referral) external payable returns (uint256) {
        uint256 eEthShares = liquidityPool.deposit{value: msg.value}(referral);
        uint256 weEthAmount = weETH.wrap(liquidityPool.amountForShare(eEthShares));
        weETH.transfer(msg.sender, weEthAmount);
        return weEthAmount;
    }
}
