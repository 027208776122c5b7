// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RenzoRestakeManager} from "./RenzoRestakeManager.sol";
import {RenzoEzETH} from "./RenzoEzETH.sol";

/// @notice Devnet stand-in for Renzo's BalancerRateProvider: ETH per ezETH = TVL / supply,
/// computed live from the (heavy) calculateTVLs().
contract RenzoRateProvider {
    RenzoRestakeManager public immutable restakeManager;
    RenzoEzETH public immutable ezETH;

    constructor(address restakeManager_, address ezETH_) {
        restakeManager = RenzoRestakeManager(payable(restakeManager_));
        ezETH = RenzoEzETH(ezETH_);
    }

    function getRate() external view returns (uint256) {
        (,, uint256 totalTVL) = restakeManager.calculateTVLs();
        uint256 supply = ezETH.totalSupply();
        if (supply == 0) return 1 ether;
        return (totalTVL * 1 ether) / supply;
    }
}
