// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {StrategyBase as IStrategy} from "./StrategyBase.sol";
import {DelegationManager} from "./DelegationManager.sol";
import {SlashingLib, WAD} from "./SlashingLib.sol";
import {OperatorSet, CreateSetParams, RegisterParams, DeregisterParams, SlashingParams} from "./EigenLayerTypes.sol";

/// @notice Devnet stand-in for EigenLayer's AllocationManager, reduced to what moves a
/// restaker's money: operator sets created by AVSs, operator registration, and slashing that
/// lowers the operator's max magnitude (the stakers' slashing factor) per strategy.
///
/// Devnet simplification: there are no explicit allocations. An operator counts as fully
/// allocated to every operator set it is a member of, so `wadsToSlash` is a fraction of its
/// current max magnitude (slashing 50% twice leaves 25%). Deregistration takes effect at once.
/// AVSs are plain accounts here: no registrar callbacks, no AVS metadata requirement.
contract AllocationManager {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.Bytes32Set;
    using Checkpoints for Checkpoints.Trace224;
    using SlashingLib for uint256;

    address public immutable owner;
    DelegationManager public delegation;

    mapping(address avs => EnumerableSet.Bytes32Set) internal _operatorSets;
    mapping(bytes32 setKey => EnumerableSet.AddressSet) internal _operatorSetStrategies;
    mapping(bytes32 setKey => EnumerableSet.AddressSet) internal _operatorSetMembers;
    mapping(address operator => EnumerableSet.Bytes32Set) internal _registeredSets;
    mapping(bytes32 setKey => uint256) internal _slashCount;
    /// @dev Max magnitude history by block; no checkpoint means WAD (never slashed).
    mapping(address operator => mapping(IStrategy strategy => Checkpoints.Trace224)) internal _maxMagnitudeHistory;
    mapping(address operator => uint32) internal _allocationDelay;
    mapping(address operator => bool) internal _allocationDelaySet;

    error OnlyOwner();
    error AlreadyInitialized();
    error InvalidCaller();
    error InvalidOperator();
    error InvalidOperatorSet();
    error AlreadyMemberOfSet();
    error NotMemberOfSet();
    error OperatorNotSlashable();
    error InputArrayLengthMismatch();
    error StrategiesMustBeInAscendingOrder();
    error StrategyNotInOperatorSet();
    error StrategyAlreadyInOperatorSet();
    error InvalidWadToSlash();

    event OperatorSetCreated(OperatorSet operatorSet);
    event StrategyAddedToOperatorSet(OperatorSet operatorSet, IStrategy strategy);
    event OperatorAddedToOperatorSet(address indexed operator, OperatorSet operatorSet);
    event OperatorRemovedFromOperatorSet(address indexed operator, OperatorSet operatorSet);
    event AllocationDelaySet(address operator, uint32 delay, uint32 effectBlock);
    event MaxMagnitudeUpdated(address operator, IStrategy strategy, uint64 maxMagnitude);
    event OperatorSlashed(
        address operator, OperatorSet operatorSet, IStrategy[] strategies, uint256[] wadSlashed, string description
    );

    constructor() {
        owner = msg.sender;
    }

    function initialize(DelegationManager delegation_) external {
        if (msg.sender != owner) revert OnlyOwner();
        if (address(delegation) != address(0)) revert AlreadyInitialized();
        delegation = delegation_;
    }

    // ---------------------------------------------------------------- AVS side

    function createOperatorSets(address avs, CreateSetParams[] calldata params) external {
        if (msg.sender != avs) revert InvalidCaller();
        for (uint256 i = 0; i < params.length; ++i) {
            OperatorSet memory operatorSet = OperatorSet(avs, params[i].operatorSetId);
            bytes32 setKey = _key(operatorSet);
            if (!_operatorSets[avs].add(setKey)) revert InvalidOperatorSet();
            emit OperatorSetCreated(operatorSet);
            for (uint256 j = 0; j < params[i].strategies.length; ++j) {
                _addStrategy(operatorSet, setKey, params[i].strategies[j]);
            }
        }
    }

    function addStrategiesToOperatorSet(address avs, uint32 operatorSetId, IStrategy[] calldata strategies) external {
        if (msg.sender != avs) revert InvalidCaller();
        OperatorSet memory operatorSet = OperatorSet(avs, operatorSetId);
        bytes32 setKey = _key(operatorSet);
        if (!_operatorSets[avs].contains(setKey)) revert InvalidOperatorSet();
        for (uint256 j = 0; j < strategies.length; ++j) _addStrategy(operatorSet, setKey, strategies[j]);
    }

    /// @notice Slashes `params.operator` in one of the caller's operator sets: for each strategy
    /// (ascending), the max magnitude falls by wadsToSlash[i] of itself (rounded up), and the
    /// DelegationManager burns the matching operator and still-slashable queued shares.
    function slashOperator(address avs, SlashingParams calldata params)
        external
        returns (uint256 slashId, uint256[] memory shares)
    {
        if (msg.sender != avs) revert InvalidCaller();
        if (params.strategies.length != params.wadsToSlash.length) revert InputArrayLengthMismatch();
        OperatorSet memory operatorSet = OperatorSet(avs, params.operatorSetId);
        bytes32 setKey = _key(operatorSet);
        if (!_operatorSets[avs].contains(setKey)) revert InvalidOperatorSet();
        if (!_operatorSetMembers[setKey].contains(params.operator)) revert OperatorNotSlashable();

        slashId = ++_slashCount[setKey];
        shares = new uint256[](params.strategies.length);
        uint256[] memory wadSlashed = new uint256[](params.strategies.length);
        address previous = address(0);
        for (uint256 i = 0; i < params.strategies.length; ++i) {
            IStrategy strategy = params.strategies[i];
            if (address(strategy) <= previous) revert StrategiesMustBeInAscendingOrder();
            previous = address(strategy);
            if (!_operatorSetStrategies[setKey].contains(address(strategy))) revert StrategyNotInOperatorSet();
            uint256 wad = params.wadsToSlash[i];
            if (wad == 0 || wad > WAD) revert InvalidWadToSlash();

            uint64 prevMaxMagnitude = getMaxMagnitude(params.operator, strategy);
            if (prevMaxMagnitude == 0) continue;
            uint64 slashedMagnitude = uint64(uint256(prevMaxMagnitude).mulWadRoundUp(wad));
            uint64 newMaxMagnitude = prevMaxMagnitude - slashedMagnitude;
            _pushMagnitude(params.operator, strategy, newMaxMagnitude);
            emit MaxMagnitudeUpdated(params.operator, strategy, newMaxMagnitude);
            wadSlashed[i] = uint256(slashedMagnitude).divWad(prevMaxMagnitude);
            shares[i] = delegation.slashOperatorShares(
                params.operator, operatorSet, slashId, strategy, prevMaxMagnitude, newMaxMagnitude
            );
        }
        emit OperatorSlashed(params.operator, operatorSet, params.strategies, wadSlashed, params.description);
    }

    // ---------------------------------------------------------------- operator side

    function registerForOperatorSets(address operator, RegisterParams calldata params) external {
        if (msg.sender != operator) revert InvalidCaller();
        if (!delegation.isOperator(operator)) revert InvalidOperator();
        for (uint256 i = 0; i < params.operatorSetIds.length; ++i) {
            OperatorSet memory operatorSet = OperatorSet(params.avs, params.operatorSetIds[i]);
            bytes32 setKey = _key(operatorSet);
            if (!_operatorSets[params.avs].contains(setKey)) revert InvalidOperatorSet();
            if (!_registeredSets[operator].add(setKey)) revert AlreadyMemberOfSet();
            _operatorSetMembers[setKey].add(operator);
            emit OperatorAddedToOperatorSet(operator, operatorSet);
        }
    }

    function deregisterFromOperatorSets(DeregisterParams calldata params) external {
        if (msg.sender != params.operator && msg.sender != params.avs) revert InvalidCaller();
        for (uint256 i = 0; i < params.operatorSetIds.length; ++i) {
            OperatorSet memory operatorSet = OperatorSet(params.avs, params.operatorSetIds[i]);
            bytes32 setKey = _key(operatorSet);
            if (!_registeredSets[params.operator].remove(setKey)) revert NotMemberOfSet();
            _operatorSetMembers[setKey].remove(params.operator);
            emit OperatorRemovedFromOperatorSet(params.operator, operatorSet);
        }
    }

    /// @notice Called by the DelegationManager on operator registration, or by the operator.
    function setAllocationDelay(address operator, uint32 delay) external {
        if (msg.sender != address(delegation) && msg.sender != operator) revert InvalidCaller();
        _allocationDelay[operator] = delay;
        _allocationDelaySet[operator] = true;
        emit AllocationDelaySet(operator, delay, uint32(block.number));
    }

    // ---------------------------------------------------------------- views

    function getMaxMagnitude(address operator, IStrategy strategy) public view returns (uint64) {
        Checkpoints.Trace224 storage history = _maxMagnitudeHistory[operator][strategy];
        if (history.length() == 0) return WAD;
        return uint64(history.latest());
    }

    function getMaxMagnitudes(address operator, IStrategy[] calldata strategies) external view returns (uint64[] memory) {
        uint64[] memory magnitudes = new uint64[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) magnitudes[i] = getMaxMagnitude(operator, strategies[i]);
        return magnitudes;
    }

    function getMaxMagnitudes(address[] calldata operators, IStrategy strategy) external view returns (uint64[] memory) {
        uint64[] memory magnitudes = new uint64[](operators.length);
        for (uint256 i = 0; i < operators.length; ++i) magnitudes[i] = getMaxMagnitude(operators[i], strategy);
        return magnitudes;
    }

    function getMaxMagnitudesAtBlock(address operator, IStrategy[] calldata strategies, uint32 blockNumber)
        external
        view
        returns (uint64[] memory)
    {
        uint64[] memory magnitudes = new uint64[](strategies.length);
        for (uint256 i = 0; i < strategies.length; ++i) {
            Checkpoints.Trace224 storage history = _maxMagnitudeHistory[operator][strategies[i]];
            magnitudes[i] = history.length() == 0 ? WAD : uint64(history.upperLookup(blockNumber));
        }
        return magnitudes;
    }

    function isOperatorSet(OperatorSet calldata operatorSet) external view returns (bool) {
        return _operatorSets[operatorSet.avs].contains(_key(operatorSet));
    }

    function getOperatorSetCount(address avs) external view returns (uint256) {
        return _operatorSets[avs].length();
    }

    function getMembers(OperatorSet calldata operatorSet) external view returns (address[] memory) {
        return _operatorSetMembers[_key(operatorSet)].values();
    }

    function getMemberCount(OperatorSet calldata operatorSet) external view returns (uint256) {
        return _operatorSetMembers[_key(operatorSet)].length();
    }

    function isMemberOfOperatorSet(address operator, OperatorSet calldata operatorSet) external view returns (bool) {
        return _operatorSetMembers[_key(operatorSet)].contains(operator);
    }

    function isOperatorSlashable(address operator, OperatorSet calldata operatorSet) external view returns (bool) {
        return _operatorSetMembers[_key(operatorSet)].contains(operator);
    }

    function getStrategiesInOperatorSet(OperatorSet calldata operatorSet) external view returns (IStrategy[] memory) {
        address[] memory raw = _operatorSetStrategies[_key(operatorSet)].values();
        IStrategy[] memory strategies = new IStrategy[](raw.length);
        for (uint256 i = 0; i < raw.length; ++i) strategies[i] = IStrategy(raw[i]);
        return strategies;
    }

    function getRegisteredSets(address operator) external view returns (OperatorSet[] memory operatorSets) {
        bytes32[] memory keys = _registeredSets[operator].values();
        operatorSets = new OperatorSet[](keys.length);
        for (uint256 i = 0; i < keys.length; ++i) operatorSets[i] = _decode(keys[i]);
    }

    function getSlashCount(OperatorSet calldata operatorSet) external view returns (uint256) {
        return _slashCount[_key(operatorSet)];
    }

    function getAllocationDelay(address operator) external view returns (bool isSet, uint32 delay) {
        return (_allocationDelaySet[operator], _allocationDelay[operator]);
    }

    // ---------------------------------------------------------------- internals

    function _addStrategy(OperatorSet memory operatorSet, bytes32 setKey, IStrategy strategy) internal {
        if (!_operatorSetStrategies[setKey].add(address(strategy))) revert StrategyAlreadyInOperatorSet();
        emit StrategyAddedToOperatorSet(operatorSet, strategy);
    }

    function _pushMagnitude(address operator, IStrategy strategy, uint64 magnitude) internal {
        Checkpoints.Trace224 storage history = _maxMagnitudeHistory[operator][strategy];
        // Anchor the implicit starting value so lookups before the first slash return WAD.
        if (history.length() == 0) history.push(0, WAD);
        history.push(uint32(block.number), magnitude);
    }

    /// @dev Same packing as EigenLayer's OperatorSetLib: avs in the high 20 bytes, id below.
    function _key(OperatorSet memory operatorSet) internal pure returns (bytes32) {
        return bytes32(abi.encodePacked(operatorSet.avs, uint96(operatorSet.id)));
    }

    function _decode(bytes32 setKey) internal pure returns (OperatorSet memory) {
        return OperatorSet(address(uint160(uint256(setKey) >> 96)), uint32(uint256(setKey) & type(uint96).max));
    }
}
