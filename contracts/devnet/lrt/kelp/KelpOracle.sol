// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KelpRsETH} from "./KelpRsETH.sol";
import {KelpDepositPool} from "./KelpDepositPool.sol";

/// @notice Devnet stand-in for Kelp's LRTOracle. `rsETHPrice` is a STORED value: it moves only
/// when someone calls the permissionless `updateRSETHPrice()`, which recomputes it from the ETH
/// backing and the rsETH supply. Reading it as a live rate is the trap.
contract KelpOracle {
    address public constant ETH_TOKEN = 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE;

    KelpRsETH public immutable rsETH;
    KelpDepositPool public immutable depositPool;
    uint256 public rsETHPrice;
    uint256 public lastUpdatedBlock;

    error AssetNotSupported();

    event RsETHPriceUpdate(uint256 newPrice);

    constructor(address rsETH_, address depositPool_) {
        rsETH = KelpRsETH(rsETH_);
        depositPool = KelpDepositPool(payable(depositPool_));
        rsETHPrice = 1 ether;
    }

    /// @notice ETH per unit of `asset` (only ETH is supported on the devnet).
    function getAssetPrice(address asset) external pure returns (uint256) {
        if (asset != ETH_TOKEN) revert AssetNotSupported();
        return 1 ether;
    }

    function updateRSETHPrice() external {
        uint256 supply = rsETH.totalSupply();
        uint256 backing = depositPool.getTotalAssetDeposits(ETH_TOKEN);
        rsETHPrice = supply == 0 ? 1 ether : (backing * 1 ether) / supply;
        lastUpdatedBlock = block.number;
        emit RsETHPriceUpdate(rsETHPrice);
    }
}
