// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @dev 1.0 in 18-decimal fixed point: the unslashed magnitude and the neutral scaling factor.
uint64 constant WAD = 1e18;

/// @dev A staker's deposit scaling factor for one strategy; 0 in storage means WAD.
struct DepositScalingFactor {
    uint256 _scalingFactor;
}

/// @notice The share arithmetic of EigenLayer's slashing release, reimplemented for the devnet:
/// withdrawable = depositShares * depositScalingFactor * slashingFactor (WAD products), with
/// the same rounding directions as mainnet so that devnet numbers match mainnet numbers.
library SlashingLib {
    function mulWad(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    function divWad(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, WAD, y);
    }

    /// @dev Rounds up so that repeated small slashes can never round down to nothing.
    function mulWadRoundUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Ceil);
    }

    function scalingFactor(DepositScalingFactor memory dsf) internal pure returns (uint256) {
        return dsf._scalingFactor == 0 ? WAD : dsf._scalingFactor;
    }

    /// @dev Queued withdrawals store shares net of the staker's own history (the DSF) but still
    /// exposed to the operator's magnitude, which is applied again at completion.
    function scaleForQueueWithdrawal(DepositScalingFactor memory dsf, uint256 depositSharesToWithdraw)
        internal
        pure
        returns (uint256)
    {
        return mulWad(depositSharesToWithdraw, scalingFactor(dsf));
    }

    function scaleForCompleteWithdrawal(uint256 scaledShares, uint256 slashingFactor) internal pure returns (uint256) {
        return mulWad(scaledShares, slashingFactor);
    }

    /// @dev Scaled shares lost by the queue when a magnitude drops from prev to new.
    function scaleForBurning(uint256 scaledShares, uint64 prevMaxMagnitude, uint64 newMaxMagnitude)
        internal
        pure
        returns (uint256)
    {
        return mulWad(scaledShares, prevMaxMagnitude - newMaxMagnitude);
    }

    /// @dev Adjusts the DSF on new shares so that past slashing does not hit new money:
    /// after the update, withdrawable == previous withdrawable + addedShares.
    function update(
        DepositScalingFactor storage dsf,
        uint256 prevDepositShares,
        uint256 addedShares,
        uint256 slashingFactor
    ) internal {
        if (prevDepositShares == 0) {
            dsf._scalingFactor = divWad(scalingFactor(dsf), slashingFactor);
            return;
        }
        uint256 currentShares = calcWithdrawable(dsf, prevDepositShares, slashingFactor);
        uint256 newShares = currentShares + addedShares;
        dsf._scalingFactor = divWad(divWad(newShares, prevDepositShares + addedShares), slashingFactor);
    }

    function reset(DepositScalingFactor storage dsf) internal {
        dsf._scalingFactor = 0;
    }

    function calcWithdrawable(DepositScalingFactor memory dsf, uint256 depositShares, uint256 slashingFactor)
        internal
        pure
        returns (uint256)
    {
        return mulWad(mulWad(depositShares, scalingFactor(dsf)), slashingFactor);
    }

    function calcDepositShares(DepositScalingFactor memory dsf, uint256 withdrawableShares, uint256 slashingFactor)
        internal
        pure
        returns (uint256)
    {
        return divWad(divWad(withdrawableShares, scalingFactor(dsf)), slashingFactor);
    }

    /// @dev Operator shares removed by a magnitude drop; rounded so as not to over-slash.
    function calcSlashedAmount(uint256 operatorShares, uint256 prevMaxMagnitude, uint256 newMaxMagnitude)
        internal
        pure
        returns (uint256)
    {
        return operatorShares - Math.mulDiv(operatorShares, newMaxMagnitude, prevMaxMagnitude, Math.Rounding.Ceil);
    }
}
