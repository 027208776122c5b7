// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Merkle} from "./Merkle.sol";
import {RewardsSubmissions, IOperatorSetRegistry} from "./RewardsSubmissions.sol";
import {
    DistributionRoot,
    EarnerTreeMerkleLeaf,
    TokenTreeMerkleLeaf,
    RewardsMerkleClaim
} from "./EigenLayerTypes.sol";

/// @notice Devnet stand-in for EigenLayer's RewardsCoordinator. Submissions and operator splits
/// (RewardsSubmissions) bring the reward tokens in; the rewards updater (the devnet Sidecar)
/// posts merkle roots of CUMULATIVE earnings computed from them, each claimable from
/// block.timestamp + activationDelay; an earner (or the claimer it named) claims the difference
/// between a leaf's cumulative earnings and what was already claimed, paid from this contract's
/// balance. Pausing and upgrade plumbing are left out.
contract RewardsCoordinator is ReentrancyGuard, RewardsSubmissions {
    using SafeERC20 for IERC20;

    uint8 internal constant EARNER_LEAF_SALT = 0;
    uint8 internal constant TOKEN_LEAF_SALT = 1;

    address public immutable rewardsUpdater;
    /// @dev mainnet: 604800 s (one week); a devnet uses seconds to minutes.
    uint32 public immutable activationDelay;
    uint32 public currRewardsCalculationEndTimestamp;

    DistributionRoot[] internal _distributionRoots;
    mapping(address earner => address) public claimerFor;
    mapping(address earner => mapping(IERC20 token => uint256)) public cumulativeClaimed;

    error UnauthorizedCaller();
    error NewRootMustBeForNewCalculatedPeriod();
    error RewardsEndTimestampNotElapsed();
    error InvalidRootIndex();
    error RootDisabled();
    error RootAlreadyActivated();
    error RootNotActivated();
    error InputArrayLengthMismatch();
    error InvalidEarnerLeafIndex();
    error InvalidTokenLeafIndex();
    error InvalidClaimProof();
    error EarningsNotGreaterThanClaimed();
    error InvalidRoot();

    event DistributionRootSubmitted(
        uint32 indexed rootIndex, bytes32 indexed root, uint32 indexed rewardsCalculationEndTimestamp, uint32 activatedAt
    );
    event DistributionRootDisabled(uint32 indexed rootIndex);
    event ClaimerForSet(address indexed earner, address indexed oldClaimer, address indexed claimer);
    event RewardsClaimed(
        bytes32 root,
        address indexed earner,
        address indexed claimer,
        address indexed recipient,
        IERC20 token,
        uint256 claimedAmount
    );

    modifier onlyRewardsUpdater() {
        if (msg.sender != rewardsUpdater) revert UnauthorizedCaller();
        _;
    }

    constructor(address rewardsUpdater_, uint32 activationDelay_, uint32 calculationInterval_, IOperatorSetRegistry allocationManager_)
        RewardsSubmissions(rewardsUpdater_, calculationInterval_, allocationManager_)
    {
        rewardsUpdater = rewardsUpdater_;
        activationDelay = activationDelay_;
    }

    function _activationDelay() internal view override returns (uint32) {
        return activationDelay;
    }

    // ---------------------------------------------------------------- roots

    function submitRoot(bytes32 root, uint32 rewardsCalculationEndTimestamp) external onlyRewardsUpdater {
        if (rewardsCalculationEndTimestamp <= currRewardsCalculationEndTimestamp) {
            revert NewRootMustBeForNewCalculatedPeriod();
        }
        if (rewardsCalculationEndTimestamp >= block.timestamp) revert RewardsEndTimestampNotElapsed();
        uint32 rootIndex = uint32(_distributionRoots.length);
        uint32 activatedAt = uint32(block.timestamp) + activationDelay;
        _distributionRoots.push(DistributionRoot(root, rewardsCalculationEndTimestamp, activatedAt, false));
        currRewardsCalculationEndTimestamp = rewardsCalculationEndTimestamp;
        emit DistributionRootSubmitted(rootIndex, root, rewardsCalculationEndTimestamp, activatedAt);
    }

    function disableRoot(uint32 rootIndex) external onlyRewardsUpdater {
        if (rootIndex >= _distributionRoots.length) revert InvalidRootIndex();
        DistributionRoot storage root = _distributionRoots[rootIndex];
        if (root.disabled) revert RootDisabled();
        if (block.timestamp >= root.activatedAt) revert RootAlreadyActivated();
        root.disabled = true;
        emit DistributionRootDisabled(rootIndex);
    }

    // ---------------------------------------------------------------- claims

    function setClaimerFor(address claimer) external {
        address previous = claimerFor[msg.sender];
        claimerFor[msg.sender] = claimer;
        emit ClaimerForSet(msg.sender, previous, claimer);
    }

    function processClaim(RewardsMerkleClaim calldata claim, address recipient) external nonReentrant {
        _processClaim(claim, recipient);
    }

    function processClaims(RewardsMerkleClaim[] calldata claims, address recipient) external nonReentrant {
        for (uint256 i = 0; i < claims.length; ++i) _processClaim(claims[i], recipient);
    }

    function _processClaim(RewardsMerkleClaim calldata claim, address recipient) internal {
        DistributionRoot memory root = _distributionRoots[claim.rootIndex];
        _checkClaim(claim, root);
        address earner = claim.earnerLeaf.earner;
        address claimer = claimerFor[earner];
        if (claimer == address(0)) claimer = earner;
        if (msg.sender != claimer) revert UnauthorizedCaller();
        for (uint256 i = 0; i < claim.tokenIndices.length; ++i) {
            TokenTreeMerkleLeaf calldata leaf = claim.tokenLeaves[i];
            uint256 claimed = cumulativeClaimed[earner][leaf.token];
            if (leaf.cumulativeEarnings <= claimed) revert EarningsNotGreaterThanClaimed();
            uint256 amount = leaf.cumulativeEarnings - claimed;
            cumulativeClaimed[earner][leaf.token] = leaf.cumulativeEarnings;
            leaf.token.safeTransfer(recipient, amount);
            emit RewardsClaimed(root.root, earner, claimer, recipient, leaf.token, amount);
        }
    }

    function _checkClaim(RewardsMerkleClaim calldata claim, DistributionRoot memory root) internal view {
        if (root.disabled) revert RootDisabled();
        if (block.timestamp < root.activatedAt) revert RootNotActivated();
        if (claim.tokenIndices.length != claim.tokenTreeProofs.length) revert InputArrayLengthMismatch();
        if (claim.tokenTreeProofs.length != claim.tokenLeaves.length) revert InputArrayLengthMismatch();

        // An index must fit in the proof's depth, so one proof cannot serve two indices.
        if (claim.earnerIndex >= (uint256(1) << (claim.earnerTreeProof.length / 32))) revert InvalidEarnerLeafIndex();
        bytes32 earnerLeafHash = calculateEarnerLeafHash(claim.earnerLeaf);
        if (!Merkle.verifyInclusionKeccak(claim.earnerTreeProof, root.root, earnerLeafHash, claim.earnerIndex)) {
            revert InvalidClaimProof();
        }
        for (uint256 i = 0; i < claim.tokenIndices.length; ++i) {
            bytes calldata proof = claim.tokenTreeProofs[i];
            if (claim.tokenIndices[i] >= (uint256(1) << (proof.length / 32))) revert InvalidTokenLeafIndex();
            bytes32 tokenLeafHash = calculateTokenLeafHash(claim.tokenLeaves[i]);
            if (!Merkle.verifyInclusionKeccak(proof, claim.earnerLeaf.earnerTokenRoot, tokenLeafHash, claim.tokenIndices[i])) {
                revert InvalidClaimProof();
            }
        }
    }

    // ---------------------------------------------------------------- views

    function calculateEarnerLeafHash(EarnerTreeMerkleLeaf calldata leaf) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(EARNER_LEAF_SALT, leaf.earner, leaf.earnerTokenRoot));
    }

    function calculateTokenLeafHash(TokenTreeMerkleLeaf calldata leaf) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(TOKEN_LEAF_SALT, leaf.token, leaf.cumulativeEarnings));
    }

    /// @notice Returns true if the claim would pass the checks in processClaim; reverts otherwise.
    function checkClaim(RewardsMerkleClaim calldata claim) external view returns (bool) {
        _checkClaim(claim, _distributionRoots[claim.rootIndex]);
        return true;
    }

    function getDistributionRootsLength() external view returns (uint256) {
        return _distributionRoots.length;
    }

    function getDistributionRootAtIndex(uint256 index) external view returns (DistributionRoot memory) {
        return _distributionRoots[index];
    }

    function getCurrentDistributionRoot() external view returns (DistributionRoot memory) {
        return _distributionRoots[_distributionRoots.length - 1];
    }

    /// @notice The newest root that is activated and not disabled (all zero if none).
    function getCurrentClaimableDistributionRoot() external view returns (DistributionRoot memory) {
        for (uint256 i = _distributionRoots.length; i > 0; --i) {
            DistributionRoot memory root = _distributionRoots[i - 1];
            if (!root.disabled && block.timestamp >= root.activatedAt) return root;
        }
        return DistributionRoot(bytes32(0), 0, 0, false);
    }

    function getRootIndexFromHash(bytes32 rootHash) external view returns (uint32) {
        for (uint32 i = uint32(_distributionRoots.length); i > 0; --i) {
            if (_distributionRoots[i - 1].root == rootHash) return i - 1;
        }
        revert InvalidRoot();
    }
}
