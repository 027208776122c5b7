// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice The whitelist Swell's rswETH and its exit contract check on deposits and withdraw
/// requests: when `whitelistEnabled`, only `whitelistedAddresses` may call. Off by default on
/// the devnet (as on mainnet today); the owner can switch it on, which is what the keeper must
/// notice before building a plan that would revert.
abstract contract SwellWhitelist is Ownable {
    bool public whitelistEnabled;
    mapping(address => bool) public whitelistedAddresses;

    error AddressNotInWhitelist(address account);

    event WhitelistEnabledSet(bool enabled);
    event AddressWhitelisted(address indexed account, bool allowed);

    modifier checkWhitelist(address account) {
        if (whitelistEnabled && !whitelistedAddresses[account]) revert AddressNotInWhitelist(account);
        _;
    }

    function setWhitelistEnabled(bool enabled) external onlyOwner {
        whitelistEnabled = enabled;
        emit WhitelistEnabledSet(enabled);
    }

    function setWhitelisted(address account, bool allowed) external onlyOwner {
        whitelistedAddresses[account] = allowed;
        emit AddressWhitelisted(account, allowed);
    }
}
