// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice Devnet stand-in for an LRT protocol's reward distributor of the cumulative kind
/// (ether.fi pays weETH holders this way): the owner posts a root over leaves
/// keccak256(abi.encodePacked(account, cumulativeAmount)) with sorted-pair hashing, and anyone
/// may claim for an account the difference between its cumulative amount and what it has
/// already been paid. The caller names the root it built the proof for, so a claim racing a
/// root update fails instead of being judged against a tree it never saw.
contract CumulativeMerkleDistributor is Ownable {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    bytes32 public merkleRoot;
    mapping(address => uint256) public cumulativeClaimed;

    event MerkleRootUpdated(bytes32 oldMerkleRoot, bytes32 newMerkleRoot);
    event Claimed(address indexed account, uint256 amount);

    error InvalidProof();
    error NothingToClaim();
    error MerkleRootWasUpdated();

    constructor(IERC20 token_) Ownable(msg.sender) {
        token = token_;
    }

    function setMerkleRoot(bytes32 newRoot) external onlyOwner {
        emit MerkleRootUpdated(merkleRoot, newRoot);
        merkleRoot = newRoot;
    }

    /// @notice Pays `account` its cumulative amount minus what it was already paid.
    function claim(address account, uint256 cumulativeAmount, bytes32 expectedMerkleRoot, bytes32[] calldata merkleProof)
        external
    {
        if (expectedMerkleRoot != merkleRoot) revert MerkleRootWasUpdated();
        bytes32 leaf = keccak256(abi.encodePacked(account, cumulativeAmount));
        if (!MerkleProof.verifyCalldata(merkleProof, expectedMerkleRoot, leaf)) revert InvalidProof();
        uint256 paid = cumulativeClaimed[account];
        if (cumulativeAmount <= paid) revert NothingToClaim();
        cumulativeClaimed[account] = cumulativeAmount;
        uint256 amount = cumulativeAmount - paid;
        token.safeTransfer(account, amount);
        emit Claimed(account, amount);
    }
}
