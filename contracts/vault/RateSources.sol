// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RateSource} from "./VaultTypes.sol";

/// @notice Reading a position's wad rate (asset per token) from its registered source.
library RateSources {
    /// @dev A rate above 100 asset per token is garbage from a misconfigured source, not a price.
    uint256 internal constant MAX_RATE = 100e18;
    uint256 internal constant WAD = 1e18;

    /// @dev Reads a wad rate through a staticcall; false for a failed call, short return data or
    /// a value above MAX_RATE. A zero target means the token is the asset's 1:1 twin.
    function read(RateSource memory rate) internal view returns (bool ok, uint256 value) {
        if (rate.target == address(0)) return (true, WAD);
        (bool success, bytes memory ret) = rate.target.staticcall(rate.data);
        if (!success || ret.length < 32) return (false, 0);
        value = abi.decode(ret, (uint256));
        return (value <= MAX_RATE, value);
    }
}
