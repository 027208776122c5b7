// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {OperatorSet} from "./EigenLayerTypes.sol";
import {
    StrategyAndMultiplier,
    RewardsSubmission,
    OperatorDirectedRewardsSubmission,
    OperatorSplit
} from "./RewardsTypes.sol";

interface IOperatorSetRegistry {
    function isOperatorSet(OperatorSet calldata operatorSet) external view returns (bool);
}

/// @notice The submission half of the devnet RewardsCoordinator: AVSs (and the rewards-for-all
/// submitters) hand over reward tokens for a time window and a weighted list of strategies;
/// operators set their splits. Function and event signatures are mainnet v1.12's, so the keeper's
/// log scanner and the devnet Sidecar read the same events they would on mainnet.
/// Semantics kept: the protocol fee (PROTOCOL_FEE_BIPS of opted-in submitters) is taken BEFORE the
/// event, so event amounts are net of it; AVS-level and set-level submissions share the AVS's
/// nonce; splits activate after activationDelay and the first one replaces the default.
/// Simplified: the caller must be the AVS or operator itself (no PermissionController appointees),
/// no pausing, no strategy whitelist check, no MAX_RETROACTIVE_LENGTH.
abstract contract RewardsSubmissions {
    using SafeERC20 for IERC20;

    uint16 public constant PROTOCOL_FEE_BIPS = 2000;
    uint16 internal constant ONE_HUNDRED_IN_BIPS = 10_000;
    uint32 public constant MAX_REWARDS_DURATION = 6_048_000;
    uint32 public constant MAX_FUTURE_LENGTH = 2_592_000;
    uint256 internal constant MAX_REWARDS_AMOUNT = 1e38 - 1;

    /// @dev mainnet: 86400 s; the devnet uses its block time so a submission can cover one block.
    uint32 public immutable CALCULATION_INTERVAL_SECONDS;
    IOperatorSetRegistry public immutable allocationManager;

    address public owner;
    address public feeRecipient;
    uint16 public defaultOperatorSplitBips = 1000;

    mapping(address => uint256) public submissionNonce;
    mapping(address => bool) public isRewardsForAllSubmitter;
    mapping(address => bool) public isOptedInForProtocolFee;
    mapping(address operator => mapping(address avs => OperatorSplit)) internal _operatorAVSSplitBips;
    mapping(address operator => OperatorSplit) internal _operatorPISplitBips;
    mapping(address operator => mapping(bytes32 setKey => OperatorSplit)) internal _operatorSetSplitBips;

    error SubmitterNotAllowed();
    error InvalidOperatorSet();
    error InputArrayLengthZero();
    error AmountIsZero();
    error AmountExceedsMax();
    error DurationIsZero();
    error DurationExceedsMax();
    error InvalidDurationRemainder();
    error InvalidStartTimestampRemainder();
    error StartTimestampTooFarInFuture();
    error StrategiesNotInAscendingOrder();
    error OperatorsNotInAscendingOrder();
    error SubmissionNotRetroactive();
    error SplitExceedsMax();
    error PreviousSplitPending();
    error InvalidAddressZero();

    event AVSRewardsSubmissionCreated(
        address indexed avs, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, RewardsSubmission rewardsSubmission
    );
    event RewardsSubmissionForAllCreated(
        address indexed submitter, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, RewardsSubmission rewardsSubmission
    );
    event RewardsSubmissionForAllEarnersCreated(
        address indexed tokenHopper, uint256 indexed submissionNonce, bytes32 indexed rewardsSubmissionHash, RewardsSubmission rewardsSubmission
    );
    event OperatorDirectedAVSRewardsSubmissionCreated(
        address indexed caller,
        address indexed avs,
        bytes32 indexed operatorDirectedRewardsSubmissionHash,
        uint256 submissionNonce,
        OperatorDirectedRewardsSubmission operatorDirectedRewardsSubmission
    );
    event OperatorDirectedOperatorSetRewardsSubmissionCreated(
        address indexed caller,
        bytes32 indexed operatorDirectedRewardsSubmissionHash,
        OperatorSet operatorSet,
        uint256 submissionNonce,
        OperatorDirectedRewardsSubmission operatorDirectedRewardsSubmission
    );
    event UniqueStakeRewardsSubmissionCreated(
        address indexed caller, bytes32 indexed rewardsSubmissionHash, OperatorSet operatorSet, uint256 submissionNonce, RewardsSubmission rewardsSubmission
    );
    event TotalStakeRewardsSubmissionCreated(
        address indexed caller, bytes32 indexed rewardsSubmissionHash, OperatorSet operatorSet, uint256 submissionNonce, RewardsSubmission rewardsSubmission
    );
    event RewardsForAllSubmitterSet(address indexed rewardsForAllSubmitter, bool indexed oldValue, bool indexed newValue);
    event DefaultOperatorSplitBipsSet(uint16 oldDefaultOperatorSplitBips, uint16 newDefaultOperatorSplitBips);
    event OperatorAVSSplitBipsSet(
        address indexed caller, address indexed operator, address indexed avs, uint32 activatedAt, uint16 oldOperatorAVSSplitBips, uint16 newOperatorAVSSplitBips
    );
    event OperatorPISplitBipsSet(
        address indexed caller, address indexed operator, uint32 activatedAt, uint16 oldOperatorPISplitBips, uint16 newOperatorPISplitBips
    );
    event OperatorSetSplitBipsSet(
        address indexed caller, address indexed operator, OperatorSet operatorSet, uint32 activatedAt, uint16 oldOperatorSetSplitBips, uint16 newOperatorSetSplitBips
    );
    event OptInForProtocolFeeSet(address indexed submitter, bool indexed oldValue, bool indexed newValue);

    constructor(address owner_, uint32 calculationInterval_, IOperatorSetRegistry allocationManager_) {
        owner = owner_;
        feeRecipient = owner_;
        CALCULATION_INTERVAL_SECONDS = calculationInterval_;
        allocationManager = allocationManager_;
    }

    function _activationDelay() internal view virtual returns (uint32);

    modifier onlyCaller(address account) {
        if (msg.sender != account) revert SubmitterNotAllowed();
        _;
    }

    // ---------------------------------------------------------------- submissions

    function createAVSRewardsSubmission(RewardsSubmission[] calldata submissions) external {
        for (uint256 i = 0; i < submissions.length; ++i) {
            RewardsSubmission memory s = _pullWithFee(submissions[i], msg.sender);
            uint256 nonce = submissionNonce[msg.sender]++;
            emit AVSRewardsSubmissionCreated(msg.sender, nonce, keccak256(abi.encode(msg.sender, nonce, s)), s);
        }
    }

    function createRewardsForAllSubmission(RewardsSubmission[] calldata submissions) external {
        if (!isRewardsForAllSubmitter[msg.sender]) revert SubmitterNotAllowed();
        for (uint256 i = 0; i < submissions.length; ++i) {
            _validate(submissions[i]);
            uint256 nonce = submissionNonce[msg.sender]++;
            emit RewardsSubmissionForAllCreated(msg.sender, nonce, keccak256(abi.encode(msg.sender, nonce, submissions[i])), submissions[i]);
            submissions[i].token.safeTransferFrom(msg.sender, address(this), submissions[i].amount);
        }
    }

    function createRewardsForAllEarners(RewardsSubmission[] calldata submissions) external {
        if (!isRewardsForAllSubmitter[msg.sender]) revert SubmitterNotAllowed();
        for (uint256 i = 0; i < submissions.length; ++i) {
            _validate(submissions[i]);
            uint256 nonce = submissionNonce[msg.sender]++;
            emit RewardsSubmissionForAllEarnersCreated(msg.sender, nonce, keccak256(abi.encode(msg.sender, nonce, submissions[i])), submissions[i]);
            submissions[i].token.safeTransferFrom(msg.sender, address(this), submissions[i].amount);
        }
    }

    function createUniqueStakeRewardsSubmission(OperatorSet calldata operatorSet, RewardsSubmission[] calldata submissions)
        external
        onlyCaller(operatorSet.avs)
    {
        if (!allocationManager.isOperatorSet(operatorSet)) revert InvalidOperatorSet();
        for (uint256 i = 0; i < submissions.length; ++i) {
            RewardsSubmission memory s = _pullWithFee(submissions[i], operatorSet.avs);
            uint256 nonce = submissionNonce[operatorSet.avs]++;
            emit UniqueStakeRewardsSubmissionCreated(msg.sender, keccak256(abi.encode(operatorSet.avs, nonce, s)), operatorSet, nonce, s);
        }
    }

    function createTotalStakeRewardsSubmission(OperatorSet calldata operatorSet, RewardsSubmission[] calldata submissions)
        external
        onlyCaller(operatorSet.avs)
    {
        if (!allocationManager.isOperatorSet(operatorSet)) revert InvalidOperatorSet();
        for (uint256 i = 0; i < submissions.length; ++i) {
            RewardsSubmission memory s = _pullWithFee(submissions[i], operatorSet.avs);
            uint256 nonce = submissionNonce[operatorSet.avs]++;
            emit TotalStakeRewardsSubmissionCreated(msg.sender, keccak256(abi.encode(operatorSet.avs, nonce, s)), operatorSet, nonce, s);
        }
    }

    function createOperatorDirectedAVSRewardsSubmission(address avs, OperatorDirectedRewardsSubmission[] calldata submissions)
        external
        onlyCaller(avs)
    {
        for (uint256 i = 0; i < submissions.length; ++i) {
            (OperatorDirectedRewardsSubmission memory s, bytes32 hash, uint256 nonce) = _pullOperatorDirected(avs, submissions[i]);
            emit OperatorDirectedAVSRewardsSubmissionCreated(msg.sender, avs, hash, nonce, s);
        }
    }

    function createOperatorDirectedOperatorSetRewardsSubmission(
        OperatorSet calldata operatorSet,
        OperatorDirectedRewardsSubmission[] calldata submissions
    ) external onlyCaller(operatorSet.avs) {
        if (!allocationManager.isOperatorSet(operatorSet)) revert InvalidOperatorSet();
        for (uint256 i = 0; i < submissions.length; ++i) {
            (OperatorDirectedRewardsSubmission memory s, bytes32 hash, uint256 nonce) = _pullOperatorDirected(operatorSet.avs, submissions[i]);
            emit OperatorDirectedOperatorSetRewardsSubmissionCreated(msg.sender, hash, operatorSet, nonce, s);
        }
    }

    // ---------------------------------------------------------------- splits and settings

    function setOperatorAVSSplit(address operator, address avs, uint16 split) external onlyCaller(operator) {
        uint32 activatedAt = uint32(block.timestamp) + _activationDelay();
        uint16 oldSplit = _splitNow(_operatorAVSSplitBips[operator][avs]);
        _setSplit(_operatorAVSSplitBips[operator][avs], split, activatedAt);
        emit OperatorAVSSplitBipsSet(msg.sender, operator, avs, activatedAt, oldSplit, split);
    }

    function setOperatorPISplit(address operator, uint16 split) external onlyCaller(operator) {
        uint32 activatedAt = uint32(block.timestamp) + _activationDelay();
        uint16 oldSplit = _splitNow(_operatorPISplitBips[operator]);
        _setSplit(_operatorPISplitBips[operator], split, activatedAt);
        emit OperatorPISplitBipsSet(msg.sender, operator, activatedAt, oldSplit, split);
    }

    function setOperatorSetSplit(address operator, OperatorSet calldata operatorSet, uint16 split) external onlyCaller(operator) {
        if (!allocationManager.isOperatorSet(operatorSet)) revert InvalidOperatorSet();
        bytes32 key = _setKey(operatorSet);
        uint32 activatedAt = uint32(block.timestamp) + _activationDelay();
        uint16 oldSplit = _splitNow(_operatorSetSplitBips[operator][key]);
        _setSplit(_operatorSetSplitBips[operator][key], split, activatedAt);
        emit OperatorSetSplitBipsSet(msg.sender, operator, operatorSet, activatedAt, oldSplit, split);
    }

    function getOperatorAVSSplit(address operator, address avs) external view returns (uint16) {
        return _splitNow(_operatorAVSSplitBips[operator][avs]);
    }

    function getOperatorPISplit(address operator) external view returns (uint16) {
        return _splitNow(_operatorPISplitBips[operator]);
    }

    function getOperatorSetSplit(address operator, OperatorSet calldata operatorSet) external view returns (uint16) {
        return _splitNow(_operatorSetSplitBips[operator][_setKey(operatorSet)]);
    }

    function setOptInForProtocolFee(address submitter, bool value) external onlyCaller(submitter) {
        emit OptInForProtocolFeeSet(submitter, isOptedInForProtocolFee[submitter], value);
        isOptedInForProtocolFee[submitter] = value;
    }

    function setRewardsForAllSubmitter(address submitter, bool value) external onlyCaller(owner) {
        emit RewardsForAllSubmitterSet(submitter, isRewardsForAllSubmitter[submitter], value);
        isRewardsForAllSubmitter[submitter] = value;
    }

    function setDefaultOperatorSplit(uint16 split) external onlyCaller(owner) {
        if (split > ONE_HUNDRED_IN_BIPS) revert SplitExceedsMax();
        emit DefaultOperatorSplitBipsSet(defaultOperatorSplitBips, split);
        defaultOperatorSplitBips = split;
    }

    // ---------------------------------------------------------------- internals

    function _pullWithFee(RewardsSubmission calldata submission, address submitter) internal returns (RewardsSubmission memory s) {
        _validate(submission);
        s = submission;
        s.token.safeTransferFrom(msg.sender, address(this), s.amount);
        uint256 fee = (s.amount * PROTOCOL_FEE_BIPS) / ONE_HUNDRED_IN_BIPS;
        if (isOptedInForProtocolFee[submitter] && fee != 0) {
            s.token.safeTransfer(feeRecipient, fee);
            s.amount -= fee;
        }
    }

    function _pullOperatorDirected(address avs, OperatorDirectedRewardsSubmission calldata submission)
        internal
        returns (OperatorDirectedRewardsSubmission memory s, bytes32 hash, uint256 nonce)
    {
        _validateCommon(submission.strategiesAndMultipliers, submission.startTimestamp, submission.duration);
        if (submission.operatorRewards.length == 0) revert InputArrayLengthZero();
        if (uint256(submission.startTimestamp) + submission.duration >= block.timestamp) revert SubmissionNotRetroactive();
        s = submission;
        bool feeOn = isOptedInForProtocolFee[avs];
        uint256 before;
        uint256 afterFee;
        address last;
        for (uint256 i = 0; i < s.operatorRewards.length; ++i) {
            if (s.operatorRewards[i].operator == address(0)) revert InvalidAddressZero();
            if (s.operatorRewards[i].operator <= last) revert OperatorsNotInAscendingOrder();
            if (s.operatorRewards[i].amount == 0) revert AmountIsZero();
            before += s.operatorRewards[i].amount;
            uint256 fee = (s.operatorRewards[i].amount * PROTOCOL_FEE_BIPS) / ONE_HUNDRED_IN_BIPS;
            if (feeOn && fee != 0) s.operatorRewards[i].amount -= fee;
            afterFee += s.operatorRewards[i].amount;
            last = s.operatorRewards[i].operator;
        }
        if (afterFee > MAX_REWARDS_AMOUNT) revert AmountExceedsMax();
        nonce = submissionNonce[avs]++;
        hash = keccak256(abi.encode(avs, nonce, s));
        s.token.safeTransferFrom(msg.sender, address(this), before);
        if (before > afterFee) s.token.safeTransfer(feeRecipient, before - afterFee);
    }

    function _validate(RewardsSubmission calldata s) internal view {
        _validateCommon(s.strategiesAndMultipliers, s.startTimestamp, s.duration);
        if (s.amount == 0) revert AmountIsZero();
        if (s.amount > MAX_REWARDS_AMOUNT) revert AmountExceedsMax();
        if (s.startTimestamp > block.timestamp + MAX_FUTURE_LENGTH) revert StartTimestampTooFarInFuture();
    }

    function _validateCommon(StrategyAndMultiplier[] calldata strategies, uint32 startTimestamp, uint32 duration) internal view {
        if (strategies.length == 0) revert InputArrayLengthZero();
        if (duration == 0) revert DurationIsZero();
        if (duration > MAX_REWARDS_DURATION) revert DurationExceedsMax();
        if (duration % CALCULATION_INTERVAL_SECONDS != 0) revert InvalidDurationRemainder();
        if (startTimestamp % CALCULATION_INTERVAL_SECONDS != 0) revert InvalidStartTimestampRemainder();
        address previous = address(0);
        for (uint256 i = 0; i < strategies.length; ++i) {
            address current = address(strategies[i].strategy);
            if (current <= previous) revert StrategiesNotInAscendingOrder();
            previous = current;
        }
    }

    function _setSplit(OperatorSplit storage split, uint16 bips, uint32 activatedAt) internal {
        if (bips > ONE_HUNDRED_IN_BIPS) revert SplitExceedsMax();
        if (block.timestamp <= split.activatedAt) revert PreviousSplitPending();
        split.oldSplitBips = split.activatedAt == 0 ? type(uint16).max : split.newSplitBips;
        split.newSplitBips = bips;
        split.activatedAt = activatedAt;
    }

    function _splitNow(OperatorSplit memory split) internal view returns (uint16) {
        if (split.activatedAt == 0 || (split.oldSplitBips == type(uint16).max && block.timestamp < split.activatedAt)) {
            return defaultOperatorSplitBips;
        }
        return block.timestamp >= split.activatedAt ? split.newSplitBips : split.oldSplitBips;
    }

    function _setKey(OperatorSet calldata operatorSet) internal pure returns (bytes32) {
        return bytes32(abi.encodePacked(operatorSet.avs, uint96(operatorSet.id)));
    }
}
