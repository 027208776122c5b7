// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StrategyBase as IStrategy} from "./StrategyBase.sol";

// RewardsCoordinator submission structs with mainnet v1.12's field order and types, so the
// ABI encodings (and the event signatures built from them) match mainnet.

struct StrategyAndMultiplier {
    IStrategy strategy;
    uint96 multiplier;
}

struct RewardsSubmission {
    StrategyAndMultiplier[] strategiesAndMultipliers;
    IERC20 token;
    uint256 amount;
    uint32 startTimestamp;
    uint32 duration;
}

struct OperatorReward {
    address operator;
    uint256 amount;
}

struct OperatorDirectedRewardsSubmission {
    StrategyAndMultiplier[] strategiesAndMultipliers;
    IERC20 token;
    OperatorReward[] operatorRewards;
    uint32 startTimestamp;
    uint32 duration;
    string description;
}

/// @dev oldSplitBips applies before activatedAt; type(uint16).max means "the default split".
struct OperatorSplit {
    uint16 oldSplitBips;
    uint16 newSplitBips;
    uint32 activatedAt;
}
