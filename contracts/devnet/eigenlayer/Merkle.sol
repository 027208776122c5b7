// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Index-based keccak Merkle inclusion proofs, as EigenLayer's RewardsCoordinator
/// verifies them: the proof is the concatenation of 32-byte siblings from the leaf upwards, and
/// bit i of the leaf index says whether the running hash is the right (1) or left (0) child at
/// level i. Pairs are NOT sorted. An empty proof proves a one-leaf tree (root == leaf).
library Merkle {
    error InvalidProofLength();

    function verifyInclusionKeccak(bytes memory proof, bytes32 root, bytes32 leaf, uint256 index)
        internal
        pure
        returns (bool)
    {
        return processInclusionProofKeccak(proof, leaf, index) == root;
    }

    function processInclusionProofKeccak(bytes memory proof, bytes32 leaf, uint256 index)
        internal
        pure
        returns (bytes32 node)
    {
        if (proof.length % 32 != 0) revert InvalidProofLength();
        node = leaf;
        uint256 levels = proof.length / 32;
        for (uint256 level = 0; level < levels; ++level) {
            bytes32 sibling;
            assembly {
                sibling := mload(add(add(proof, 0x20), mul(level, 0x20)))
            }
            if (index & 1 == 0) {
                node = keccak256(abi.encodePacked(node, sibling));
            } else {
                node = keccak256(abi.encodePacked(sibling, node));
            }
            index >>= 1;
        }
    }
}
