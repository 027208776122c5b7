// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice Fee accrual arithmetic of the RestakingVault, pure, so the TypeScript mirror
/// (src/vault-admin/fee-math.ts) can be checked against it number for number.
///
/// Terms are ERC-4626's with OpenZeppelin's virtual offset: `assets` is totalAssets() + 1 and
/// `supply` is totalSupply() + 10**decimalsOffset, so the share price here is exactly the one
/// deposits and withdrawals convert at. The share price is assets per whole share, scaled by
/// `unit` (10**decimals of the share).
///  - Management fee: `managementBps` per year of the assets, linear in the seconds since the
///    last accrual (accrued at every deposit, mint, withdrawal, redemption and accrueFees()).
///  - Performance fee: `performanceBps` of the assets above the high-water mark (the share price
///    after the last performance fee), taken after the management fee; a price at or below the
///    mark pays none, so a recovery from a loss is free until the old peak is passed.
/// Both are minted as new shares worth exactly the fee at the price before the mint.
library VaultFeeMath {
    using Math for uint256;

    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;

    /// @return managementShares shares minted for the management fee
    /// @return performanceShares shares minted for the performance fee
    /// @return mark the high-water mark after the accrual (never lower than `highWaterMark`)
    function accrue(uint256 assets, uint256 supply, uint256 unit, uint256 highWaterMark, uint256 managementBps, uint256 performanceBps, uint256 elapsed)
        internal
        pure
        returns (uint256 managementShares, uint256 performanceShares, uint256 mark)
    {
        // Never more than half the assets at once, however long nobody accrued (5 %/year caps it at 10 years).
        uint256 management = Math.min(assets.mulDiv(managementBps * elapsed, BPS * YEAR), assets / 2);
        managementShares = sharesFor(management, assets, supply);
        supply += managementShares;
        uint256 price = assets.mulDiv(unit, supply);
        if (price <= highWaterMark) return (managementShares, 0, highWaterMark);
        uint256 gain = assets - highWaterMark.mulDiv(supply, unit, Math.Rounding.Ceil);
        performanceShares = sharesFor(gain.mulDiv(performanceBps, BPS), assets, supply);
        mark = assets.mulDiv(unit, supply + performanceShares);
        // Rounding must not lower the mark: the next gain is measured from at least the old one.
        if (mark < highWaterMark) mark = highWaterMark;
    }

    /// @dev Shares that are worth `fee` of `assets` once minted: fee * supply / (assets - fee).
    function sharesFor(uint256 fee, uint256 assets, uint256 supply) internal pure returns (uint256) {
        if (fee == 0) return 0;
        return fee.mulDiv(supply, assets - fee);
    }
}
