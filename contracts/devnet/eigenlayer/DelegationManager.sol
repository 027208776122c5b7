// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {StrategyBase as IStrategy} from "./StrategyBase.sol";
import {StrategyManager} from "./StrategyManager.sol";
import {AllocationManager} from "./AllocationManager.sol";
import {SlashingLib, DepositScalingFactor} from "./SlashingLib.sol";
import {OperatorSet, SignatureWithExpiry, Withdrawal, QueuedWithdrawalParams} from "./EigenLayerTypes.sol";

/// @notice Devnet stand-in for EigenLayer's DelegationManager (slashing release, v1.x).
/// Kept: operator registration, delegation, undelegation/redelegation, queued withdrawals with
/// a STRICT block delay (completable only when block.number > startBlock + delay), deposit
/// scaling factors and slashing applied to withdrawable and queued shares. Left out: pausing,
/// EIP-712 approver signatures (an operator with a delegation approver cannot be delegated to
/// here), EigenPods, permission controller and upgradability.
contract DelegationManager is ReentrancyGuard {
    using SlashingLib for uint256;
    using SlashingLib for DepositScalingFactor;
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using Checkpoints for Checkpoints.Trace224;

    StrategyManager public immutable strategyManager;
    AllocationManager public immutable allocationManager;
    uint32 internal immutable MIN_WITHDRAWAL_DELAY_BLOCKS;

    mapping(address operator => mapping(IStrategy strategy => uint256)) public operatorShares;
    mapping(address staker => address) public delegatedTo;
    mapping(address staker => uint256) public cumulativeWithdrawalsQueued;
    mapping(bytes32 withdrawalRoot => bool) public pendingWithdrawals;
    mapping(address operator => address) internal _delegationApprover;
    mapping(address staker => mapping(IStrategy strategy => DepositScalingFactor)) internal _depositScalingFactor;
    mapping(bytes32 withdrawalRoot => Withdrawal) internal _queuedWithdrawals;
    mapping(address staker => EnumerableSet.Bytes32Set) internal _stakerQueuedWithdrawalRoots;
    /// @dev Cumulative scaled shares queued per operator and strategy, by block: lets a slash
    /// find the queued shares that are still slashable (queued within the delay window).
    mapping(address operator => mapping(IStrategy strategy => Checkpoints.Trace224)) internal _cumulativeScaledSharesHistory;

    error ActivelyDelegated();
    error NotActivelyDelegated();
    error OperatorNotRegistered();
    error OperatorsCannotUndelegate();
    error CallerCannotUndelegate();
    error InvalidSignature();
    error InputArrayLengthMismatch();
    error InputArrayLengthZero();
    error InputAddressZero();
    error WithdrawerNotCaller();
    error WithdrawalNotQueued();
    error WithdrawalDelayNotElapsed();
    error FullySlashed();
    error OnlyStrategyManagerOrEigenPodManager();
    error OnlyAllocationManager();
    error UnauthorizedCaller();

    event OperatorRegistered(address indexed operator, address delegationApprover);
    event DelegationApproverUpdated(address indexed operator, address newDelegationApprover);
    event OperatorMetadataURIUpdated(address indexed operator, string metadataURI);
    event OperatorSharesIncreased(address indexed operator, address staker, IStrategy strategy, uint256 shares);
    event OperatorSharesDecreased(address indexed operator, address staker, IStrategy strategy, uint256 shares);
    event OperatorSharesSlashed(address indexed operator, IStrategy strategy, uint256 totalSlashedShares);
    event StakerDelegated(address indexed staker, address indexed operator);
    event StakerUndelegated(address indexed staker, address indexed operator);
    event StakerForceUndelegated(address indexed staker, address indexed operator);
    event DepositScalingFactorUpdated(address staker, IStrategy strategy, uint256 newDepositScalingFactor);
    event SlashingWithdrawalQueued(bytes32 withdrawalRoot, Withdrawal withdrawal, uint256[] sharesToWithdraw);
    event SlashingWithdrawalCompleted(bytes32 withdrawalRoot);

    modifier onlyStrategyManager() {
        if (msg.sender != address(strategyManager)) revert OnlyStrategyManagerOrEigenPodManager();
        _;
    }

    modifier onlyAllocationManager() {
        if (msg.sender != address(allocationManager)) revert OnlyAllocationManager();
        _;
    }

    /// @param minWithdrawalDelayBlocks_ mainnet: 100800 (about 14 days); devnets use a few dozen.
    constructor(StrategyManager strategyManager_, AllocationManager allocationManager_, uint32 minWithdrawalDelayBlocks_) {
        strategyManager = strategyManager_;
        allocationManager = allocationManager_;
        MIN_WITHDRAWAL_DELAY_BLOCKS = minWithdrawalDelayBlocks_;
    }

    // ---------------------------------------------------------------- operators and delegation

    function registerAsOperator(address initDelegationApprover, uint32 allocationDelay, string calldata metadataURI)
        external
        nonReentrant
    {
        if (isDelegated(msg.sender)) revert ActivelyDelegated();
        allocationManager.setAllocationDelay(msg.sender, allocationDelay);
        _delegationApprover[msg.sender] = initDelegationApprover;
        emit DelegationApproverUpdated(msg.sender, initDelegationApprover);
        _delegate(msg.sender, msg.sender);
        emit OperatorRegistered(msg.sender, initDelegationApprover);
        emit OperatorMetadataURIUpdated(msg.sender, metadataURI);
    }

    function modifyOperatorDetails(address operator, address newDelegationApprover) external nonReentrant {
        if (msg.sender != operator) revert UnauthorizedCaller();
        if (!isOperator(operator)) revert OperatorNotRegistered();
        _delegationApprover[operator] = newDelegationApprover;
        emit DelegationApproverUpdated(operator, newDelegationApprover);
    }

    function updateOperatorMetadataURI(address operator, string calldata metadataURI) external {
        if (msg.sender != operator) revert UnauthorizedCaller();
        if (!isOperator(operator)) revert OperatorNotRegistered();
        emit OperatorMetadataURIUpdated(operator, metadataURI);
    }

    /// @notice Delegates the caller to `operator`. The approver signature is ignored when the
    /// operator has no delegation approver (the usual case); signature flows are not modelled.
    function delegateTo(address operator, SignatureWithExpiry memory approverSignatureAndExpiry, bytes32 approverSalt)
        public
        nonReentrant
    {
        if (isDelegated(msg.sender)) revert ActivelyDelegated();
        if (!isOperator(operator)) revert OperatorNotRegistered();
        approverSignatureAndExpiry;
        approverSalt;
        if (_delegationApprover[operator] != address(0)) revert InvalidSignature();
        _delegate(msg.sender, operator);
    }

    function undelegate(address staker) public nonReentrant returns (bytes32[] memory withdrawalRoots) {
        if (!isDelegated(staker)) revert NotActivelyDelegated();
        if (isOperator(staker)) revert OperatorsCannotUndelegate();
        if (msg.sender != staker) {
            address operator = delegatedTo[staker];
            if (msg.sender != operator && msg.sender != _delegationApprover[operator]) revert CallerCannotUndelegate();
            emit StakerForceUndelegated(staker, operator);
        }
        return _undelegate(staker);
    }

    function redelegate(address newOperator, SignatureWithExpiry memory newOperatorApproverSig, bytes32 approverSalt)
        external
        returns (bytes32[] memory withdrawalRoots)
    {
        withdrawalRoots = undelegate(msg.sender);
        delegateTo(newOperator, newOperatorApproverSig, approverSalt);
    }

    // ---------------------------------------------------------------- withdrawals

    /// @notice Queues withdrawals of deposit shares; the withdrawer is always msg.sender
    /// (`__deprecated_withdrawer` is ignored, as on mainnet).
    function queueWithdrawals(QueuedWithdrawalParams[] calldata params) external nonReentrant returns (bytes32[] memory) {
        bytes32[] memory withdrawalRoots = new bytes32[](params.length);
        address operator = delegatedTo[msg.sender];
        for (uint256 i = 0; i < params.length; ++i) {
            if (params[i].strategies.length != params[i].depositShares.length) revert InputArrayLengthMismatch();
            uint256[] memory slashingFactors = _getSlashingFactors(operator, params[i].strategies);
            withdrawalRoots[i] =
                _removeSharesAndQueueWithdrawal(msg.sender, operator, params[i].strategies, params[i].depositShares, slashingFactors);
        }
        return withdrawalRoots;
    }

    function completeQueuedWithdrawal(Withdrawal calldata withdrawal, IERC20[] calldata tokens, bool receiveAsTokens)
        external
        nonReentrant
    {
        _completeQueuedWithdrawal(withdrawal, tokens, receiveAsTokens);
    }

    function completeQueuedWithdrawals(
        Withdrawal[] calldata withdrawals,
        IERC20[][] calldata tokens,
        bool[] calldata receiveAsTokens
    ) external nonReentrant {
        if (withdrawals.length != tokens.length || withdrawals.length != receiveAsTokens.length) {
            revert InputArrayLengthMismatch();
        }
        for (uint256 i = 0; i < withdrawals.length; ++i) {
            _completeQueuedWithdrawal(withdrawals[i], tokens[i], receiveAsTokens[i]);
        }
    }

    // ---------------------------------------------------------------- hooks

    function increaseDelegatedShares(address staker, IStrategy strategy, uint256 prevDepositShares, uint256 addedShares)
        external
        onlyStrategyManager
        nonReentrant
    {
        address operator = delegatedTo[staker];
        uint256 slashingFactor = allocationManager.getMaxMagnitude(operator, strategy);
        _increaseDelegation(operator, staker, strategy, prevDepositShares, addedShares, slashingFactor);
    }

    /// @notice Called by the AllocationManager when `operator`'s magnitude drops: removes the
    /// slashed part of the operator's shares and marks it (plus still-slashable queued shares)
    /// burnable. Stakers' deposit shares are untouched; their withdrawable shares fall because
    /// the slashing factor fell.
    function slashOperatorShares(
        address operator,
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy,
        uint64 prevMaxMagnitude,
        uint64 newMaxMagnitude
    ) external onlyAllocationManager nonReentrant returns (uint256 totalDepositSharesToSlash) {
        operatorSet;
        slashId;
        uint256 operatorSharesSlashed =
            SlashingLib.calcSlashedAmount(operatorShares[operator][strategy], prevMaxMagnitude, newMaxMagnitude);
        uint256 queuedSharesSlashed = _getSlashableSharesInQueue(operator, strategy, prevMaxMagnitude, newMaxMagnitude);
        totalDepositSharesToSlash = operatorSharesSlashed + queuedSharesSlashed;
        _decreaseDelegation(operator, address(0), strategy, operatorSharesSlashed);
        emit OperatorSharesSlashed(operator, strategy, totalDepositSharesToSlash);
        strategyManager.increaseBurnableShares(strategy, totalDepositSharesToSlash);
    }

    // ---------------------------------------------------------------- internals

    function _delegate(address staker, address operator) internal {
        (IStrategy[] memory strategies, uint256[] memory depositedShares) = strategyManager.getDeposits(staker);
        uint256[] memory slashingFactors = _getSlashingFactors(operator, strategies);
        delegatedTo[staker] = operator;
        emit StakerDelegated(staker, operator);
        for (uint256 i = 0; i < strategies.length; ++i) {
            // Delegating "forgives" the operator's past slashing: prevDepositShares = 0 resets
            // the DSF against the operator's current magnitude.
            _increaseDelegation(operator, staker, strategies[i], 0, depositedShares[i], slashingFactors[i]);
        }
    }

    function _undelegate(address staker) internal returns (bytes32[] memory withdrawalRoots) {
        address operator = delegatedTo[staker];
        delegatedTo[staker] = address(0);
        emit StakerUndelegated(staker, operator);
        (IStrategy[] memory strategies, uint256[] memory depositedShares) = strategyManager.getDeposits(staker);
        if (strategies.length == 0) return withdrawalRoots;
        withdrawalRoots = new bytes32[](strategies.length);
        uint256[] memory slashingFactors = _getSlashingFactors(operator, strategies);
        // One withdrawal per strategy, as mainnet does.
        for (uint256 i = 0; i < strategies.length; ++i) {
            IStrategy[] memory single = new IStrategy[](1);
            uint256[] memory singleShares = new uint256[](1);
            uint256[] memory singleFactor = new uint256[](1);
            single[0] = strategies[i];
            singleShares[0] = depositedShares[i];
            singleFactor[0] = slashingFactors[i];
            withdrawalRoots[i] = _removeSharesAndQueueWithdrawal(staker, operator, single, singleShares, singleFactor);
        }
    }

    function _removeSharesAndQueueWithdrawal(
        address staker,
        address operator,
        IStrategy[] memory strategies,
        uint256[] memory depositSharesToWithdraw,
        uint256[] memory slashingFactors
    ) internal returns (bytes32) {
        if (staker == address(0)) revert InputAddressZero();
        if (strategies.length == 0) revert InputArrayLengthZero();
        uint256[] memory scaledShares = new uint256[](strategies.length);
        uint256[] memory withdrawableShares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) {
            DepositScalingFactor memory dsf = _depositScalingFactor[staker][strategies[i]];
            withdrawableShares[i] = dsf.calcWithdrawable(depositSharesToWithdraw[i], slashingFactors[i]);
            scaledShares[i] = dsf.scaleForQueueWithdrawal(depositSharesToWithdraw[i]);
            if (operator != address(0)) {
                _addQueuedSlashableShares(operator, strategies[i], scaledShares[i]);
                _decreaseDelegation(operator, staker, strategies[i], withdrawableShares[i]);
            }
            uint256 sharesAfter = strategyManager.removeDepositShares(staker, strategies[i], depositSharesToWithdraw[i]);
            if (sharesAfter == 0) _depositScalingFactor[staker][strategies[i]].reset();
        }
        uint256 nonce = cumulativeWithdrawalsQueued[staker]++;
        Withdrawal memory withdrawal = Withdrawal({
            staker: staker,
            delegatedTo: operator,
            withdrawer: staker,
            nonce: nonce,
            startBlock: uint32(block.number),
            strategies: strategies,
            scaledShares: scaledShares
        });
        bytes32 withdrawalRoot = calculateWithdrawalRoot(withdrawal);
        pendingWithdrawals[withdrawalRoot] = true;
        _queuedWithdrawals[withdrawalRoot] = withdrawal;
        _stakerQueuedWithdrawalRoots[staker].add(withdrawalRoot);
        emit SlashingWithdrawalQueued(withdrawalRoot, withdrawal, withdrawableShares);
        return withdrawalRoot;
    }

    /// @dev Slashing up to and including block startBlock + delay still applies; completion is
    /// possible from the block after that, using the magnitude as of that last slashable block.
    function _completeQueuedWithdrawal(Withdrawal memory withdrawal, IERC20[] calldata tokens, bool receiveAsTokens)
        internal
    {
        if (tokens.length != withdrawal.strategies.length) revert InputArrayLengthMismatch();
        if (msg.sender != withdrawal.withdrawer) revert WithdrawerNotCaller();
        bytes32 withdrawalRoot = calculateWithdrawalRoot(withdrawal);
        if (!pendingWithdrawals[withdrawalRoot]) revert WithdrawalNotQueued();
        uint32 slashableUntil = withdrawal.startBlock + MIN_WITHDRAWAL_DELAY_BLOCKS;
        if (uint32(block.number) <= slashableUntil) revert WithdrawalDelayNotElapsed();
        uint256[] memory prevSlashingFactors =
            _getSlashingFactorsAtBlock(withdrawal.delegatedTo, withdrawal.strategies, slashableUntil);

        _stakerQueuedWithdrawalRoots[withdrawal.staker].remove(withdrawalRoot);
        delete _queuedWithdrawals[withdrawalRoot];
        delete pendingWithdrawals[withdrawalRoot];
        emit SlashingWithdrawalCompleted(withdrawalRoot);

        address newOperator = delegatedTo[withdrawal.staker];
        uint256[] memory newSlashingFactors = _getSlashingFactors(newOperator, withdrawal.strategies);
        for (uint256 i = 0; i < withdrawal.strategies.length; ++i) {
            uint256 sharesToWithdraw =
                SlashingLib.scaleForCompleteWithdrawal(withdrawal.scaledShares[i], prevSlashingFactors[i]);
            if (sharesToWithdraw == 0) continue;
            if (receiveAsTokens) {
                strategyManager.withdrawSharesAsTokens(withdrawal.staker, withdrawal.strategies[i], tokens[i], sharesToWithdraw);
            } else {
                (uint256 prevDepositShares, uint256 addedShares) =
                    strategyManager.addShares(withdrawal.staker, withdrawal.strategies[i], sharesToWithdraw);
                _increaseDelegation(
                    newOperator, withdrawal.staker, withdrawal.strategies[i], prevDepositShares, addedShares, newSlashingFactors[i]
                );
            }
        }
    }

    function _increaseDelegation(
        address operator,
        address staker,
        IStrategy strategy,
        uint256 prevDepositShares,
        uint256 addedShares,
        uint256 slashingFactor
    ) internal {
        if (slashingFactor == 0) revert FullySlashed();
        if (addedShares == 0) return;
        DepositScalingFactor storage dsf = _depositScalingFactor[staker][strategy];
        dsf.update(prevDepositShares, addedShares, slashingFactor);
        emit DepositScalingFactorUpdated(staker, strategy, SlashingLib.scalingFactor(dsf));
        if (isDelegated(staker)) {
            operatorShares[operator][strategy] += addedShares;
            emit OperatorSharesIncreased(operator, staker, strategy, addedShares);
        }
    }

    function _decreaseDelegation(address operator, address staker, IStrategy strategy, uint256 sharesToDecrease) internal {
        operatorShares[operator][strategy] -= sharesToDecrease;
        emit OperatorSharesDecreased(operator, staker, strategy, sharesToDecrease);
    }

    function _getSlashingFactors(address operator, IStrategy[] memory strategies) internal view returns (uint256[] memory) {
        uint64[] memory maxMagnitudes = allocationManager.getMaxMagnitudes(operator, strategies);
        uint256[] memory factors = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) factors[i] = maxMagnitudes[i];
        return factors;
    }

    function _getSlashingFactorsAtBlock(address operator, IStrategy[] memory strategies, uint32 blockNumber)
        internal
        view
        returns (uint256[] memory)
    {
        uint64[] memory maxMagnitudes = allocationManager.getMaxMagnitudesAtBlock(operator, strategies, blockNumber);
        uint256[] memory factors = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) factors[i] = maxMagnitudes[i];
        return factors;
    }

    function _getSlashableSharesInQueue(address operator, IStrategy strategy, uint64 prevMaxMagnitude, uint64 newMaxMagnitude)
        internal
        view
        returns (uint256)
    {
        Checkpoints.Trace224 storage history = _cumulativeScaledSharesHistory[operator][strategy];
        uint256 current = history.latest();
        // Shares queued more than the delay ago are completable and no longer slashable.
        uint256 windowStart = block.number > uint256(MIN_WITHDRAWAL_DELAY_BLOCKS) + 1
            ? block.number - MIN_WITHDRAWAL_DELAY_BLOCKS - 1
            : 0;
        uint256 before = history.upperLookup(uint32(windowStart));
        return SlashingLib.scaleForBurning(current - before, prevMaxMagnitude, newMaxMagnitude);
    }

    function _addQueuedSlashableShares(address operator, IStrategy strategy, uint256 scaledShares) internal {
        Checkpoints.Trace224 storage history = _cumulativeScaledSharesHistory[operator][strategy];
        history.push(uint32(block.number), uint224(history.latest() + scaledShares));
    }

    function _getSharesByWithdrawalRoot(bytes32 withdrawalRoot)
        internal
        view
        returns (Withdrawal memory withdrawal, uint256[] memory shares)
    {
        withdrawal = _queuedWithdrawals[withdrawalRoot];
        shares = new uint256[](withdrawal.strategies.length);
        uint32 slashableUntil = withdrawal.startBlock + MIN_WITHDRAWAL_DELAY_BLOCKS;
        // Before the window closes the current magnitude is the best estimate (it may still fall).
        uint256[] memory factors = slashableUntil < uint32(block.number)
            ? _getSlashingFactorsAtBlock(withdrawal.delegatedTo, withdrawal.strategies, slashableUntil)
            : _getSlashingFactors(withdrawal.delegatedTo, withdrawal.strategies);
        for (uint256 i = 0; i < withdrawal.strategies.length; ++i) {
            shares[i] = SlashingLib.scaleForCompleteWithdrawal(withdrawal.scaledShares[i], factors[i]);
        }
    }

    // ---------------------------------------------------------------- views

    function isDelegated(address staker) public view returns (bool) {
        return delegatedTo[staker] != address(0);
    }

    function isOperator(address operator) public view returns (bool) {
        return operator != address(0) && delegatedTo[operator] == operator;
    }

    function delegationApprover(address operator) external view returns (address) {
        return _delegationApprover[operator];
    }

    function depositScalingFactor(address staker, IStrategy strategy) external view returns (uint256) {
        return SlashingLib.scalingFactor(_depositScalingFactor[staker][strategy]);
    }

    function getOperatorShares(address operator, IStrategy[] memory strategies) public view returns (uint256[] memory) {
        uint256[] memory shares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) shares[i] = operatorShares[operator][strategies[i]];
        return shares;
    }

    function getOperatorsShares(address[] memory operators, IStrategy[] memory strategies)
        external
        view
        returns (uint256[][] memory)
    {
        uint256[][] memory shares = new uint256[][](operators.length);
        for (uint256 i = 0; i < operators.length; ++i) shares[i] = getOperatorShares(operators[i], strategies);
        return shares;
    }

    function getSlashableSharesInQueue(address operator, IStrategy strategy) external view returns (uint256) {
        return _getSlashableSharesInQueue(operator, strategy, allocationManager.getMaxMagnitude(operator, strategy), 0);
    }

    /// @notice What the staker could really withdraw now (deposit shares after slashing), and
    /// the raw deposit shares. Value positions with the first, never the second.
    function getWithdrawableShares(address staker, IStrategy[] memory strategies)
        public
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares)
    {
        withdrawableShares = new uint256[](strategies.length);
        depositShares = new uint256[](strategies.length);
        uint256[] memory factors = _getSlashingFactors(delegatedTo[staker], strategies);
        for (uint256 i = 0; i < strategies.length; ++i) {
            depositShares[i] = strategyManager.stakerDepositShares(staker, strategies[i]);
            withdrawableShares[i] = _depositScalingFactor[staker][strategies[i]].calcWithdrawable(depositShares[i], factors[i]);
        }
    }

    function getDepositedShares(address staker) external view returns (IStrategy[] memory, uint256[] memory) {
        return strategyManager.getDeposits(staker);
    }

    function queuedWithdrawals(bytes32 withdrawalRoot) external view returns (Withdrawal memory) {
        return _queuedWithdrawals[withdrawalRoot];
    }

    function getQueuedWithdrawal(bytes32 withdrawalRoot)
        external
        view
        returns (Withdrawal memory withdrawal, uint256[] memory shares)
    {
        return _getSharesByWithdrawalRoot(withdrawalRoot);
    }

    function getQueuedWithdrawals(address staker)
        external
        view
        returns (Withdrawal[] memory withdrawals, uint256[][] memory shares)
    {
        bytes32[] memory roots = _stakerQueuedWithdrawalRoots[staker].values();
        withdrawals = new Withdrawal[](roots.length);
        shares = new uint256[][](roots.length);
        for (uint256 i = 0; i < roots.length; ++i) {
            (withdrawals[i], shares[i]) = _getSharesByWithdrawalRoot(roots[i]);
        }
    }

    function getQueuedWithdrawalRoots(address staker) external view returns (bytes32[] memory) {
        return _stakerQueuedWithdrawalRoots[staker].values();
    }

    function convertToDepositShares(address staker, IStrategy[] memory strategies, uint256[] memory withdrawableShares)
        external
        view
        returns (uint256[] memory)
    {
        uint256[] memory factors = _getSlashingFactors(delegatedTo[staker], strategies);
        uint256[] memory depositShares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) {
            depositShares[i] = _depositScalingFactor[staker][strategies[i]].calcDepositShares(withdrawableShares[i], factors[i]);
        }
        return depositShares;
    }

    function calculateWithdrawalRoot(Withdrawal memory withdrawal) public pure returns (bytes32) {
        return keccak256(abi.encode(withdrawal));
    }

    function minWithdrawalDelayBlocks() external view returns (uint32) {
        return MIN_WITHDRAWAL_DELAY_BLOCKS;
    }
}
