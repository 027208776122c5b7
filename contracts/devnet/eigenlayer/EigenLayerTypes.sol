// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {StrategyBase as IStrategy} from "./StrategyBase.sol";

// Structs shared by the EigenLayer stand-ins. Field order and types match mainnet v1.x, so
// ABI encodings (and the withdrawal root, keccak256(abi.encode(withdrawal))) are identical.
// Strategies are typed by the StrategyBase contract under its mainnet interface name; in the
// ABI both are plain addresses.

struct OperatorSet {
    address avs;
    uint32 id;
}

struct SignatureWithExpiry {
    bytes signature;
    uint256 expiry;
}

struct Withdrawal {
    address staker;
    address delegatedTo;
    address withdrawer;
    uint256 nonce;
    uint32 startBlock;
    IStrategy[] strategies;
    uint256[] scaledShares;
}

struct QueuedWithdrawalParams {
    IStrategy[] strategies;
    uint256[] depositShares;
    address __deprecated_withdrawer;
}

struct CreateSetParams {
    uint32 operatorSetId;
    IStrategy[] strategies;
}

struct RegisterParams {
    address avs;
    uint32[] operatorSetIds;
    bytes data;
}

struct DeregisterParams {
    address operator;
    address avs;
    uint32[] operatorSetIds;
}

struct SlashingParams {
    address operator;
    uint32 operatorSetId;
    IStrategy[] strategies;
    uint256[] wadsToSlash;
    string description;
}

struct DistributionRoot {
    bytes32 root;
    uint32 rewardsCalculationEndTimestamp;
    uint32 activatedAt;
    bool disabled;
}

struct EarnerTreeMerkleLeaf {
    address earner;
    bytes32 earnerTokenRoot;
}

struct TokenTreeMerkleLeaf {
    IERC20 token;
    uint256 cumulativeEarnings;
}

struct RewardsMerkleClaim {
    uint32 rootIndex;
    uint32 earnerIndex;
    bytes earnerTreeProof;
    EarnerTreeMerkleLeaf earnerLeaf;
    uint32[] tokenIndices;
    bytes[] tokenTreeProofs;
    TokenTreeMerkleLeaf[] tokenLeaves;
}
