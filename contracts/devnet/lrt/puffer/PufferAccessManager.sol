// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/// @notice Puffer's vault is governed by an OpenZeppelin AccessManager on mainnet; the devnet
/// deploys the same OpenZeppelin contract unchanged (this file only gives it a name to deploy).
contract PufferAccessManager is AccessManager {
    constructor(address initialAdmin) AccessManager(initialAdmin) {}
}
