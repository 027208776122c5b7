// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {VaultConfig} from "./VaultConfig.sol";
import {Call, CallRule} from "./VaultTypes.sol";
import {RollingLossLog} from "./RollingLossLog.sol";
import {RateSources} from "./RateSources.sol";

/// @notice The keeper's guarded execution, shared by every contract that runs a keeper's calls
/// on behalf of a holder: the RestakingVault (the holder is the vault itself) and the
/// SafeKeeperModule (the holder is a DAO's Safe, contracts/safe-module). One copy of the rules:
///  - every (target, selector) on the allowlist of VaultConfig; calls to the holder or to this
///    contract, calls without a selector and ETH on calls not marked payable are refused;
///  - `approve` only to spenders allowlisted for that token; argument words that name a
///    beneficiary must be the holder, words that name an operator an allowlisted counterparty;
///  - swaps only through allowlisted pools into valued tokens (SwapPaths.sol via VaultGuards.sol);
///  - the holder's value (idle asset + native ETH + positions + EigenLayer shares, at the
///    protocols' own rates) may not fall by more than `maxLossBps` within one run, nor by more
///    than `maxWindowLossBps` summed over any 24 hours (RollingLossLog.sol), valued after the
///    calls at rates no higher than before them.
/// The inheriting contract says who the holder is and how a call is made as the holder.
abstract contract GuardedExecution is VaultConfig {
    using Math for uint256;

    uint256 public constant MAX_CALLS = 64;
    uint256 public constant MAX_QUEUED_WITHDRAWALS = 32;
    uint256 public constant LOSS_WINDOW = 1 days;
    uint256 internal constant BPS = 10_000;

    uint256 internal constant PPB_PER_BPS = RollingLossLog.PPB / BPS;

    /// @dev The losses of the last 24 hours, in ppb of the holder's value (RollingLossLog's two words).
    uint256[2] internal _lossLog;

    error CallerNotKeeper(address caller);
    error BadCallCount(uint256 count);
    error CallToSelf(uint256 index);
    error MissingSelector(uint256 index);
    error CallNotAllowed(uint256 index, address target, bytes4 selector);
    error ValueNotAllowed(uint256 index, address target, bytes4 selector);
    error ArgumentMissing(uint256 index, uint256 word);
    error RecipientNotVault(uint256 index, uint256 word, bytes32 found);
    error CounterpartyNotAllowed(uint256 index, uint256 word, bytes32 found);
    error SpenderNotAllowed(uint256 index, address token, bytes32 spender);
    error CallFailed(uint256 index, bytes reason);
    error LossLimitExceeded(uint256 assetsBefore, uint256 assetsAfter, uint16 maxLossBps);
    error WindowLossLimitExceeded(uint256 lossPpb, uint256 limitPpb, uint16 maxWindowLossBps);
    error SwapPathUnchecked(uint256 index, bytes4 selector);
    error BadSwapPath(uint256 index);
    error SwapTokenNotValued(uint256 index, address token);
    error SwapPoolNotAllowed(uint256 index, address pool);
    error TooManyQueuedWithdrawals(uint256 count);

    event CallExecuted(uint256 indexed index, address indexed target, bytes4 indexed selector, uint256 value);
    event Executed(address indexed keeper, uint256 calls, uint256 assetsBefore, uint256 assetsAfter);

    /// @dev The account whose funds the calls move and whose value the loss limits bound.
    function _holder() internal view virtual returns (address);

    /// @dev Makes one checked call as the holder.
    function _callAsHolder(Call calldata c) internal virtual returns (bool ok, bytes memory ret);

    /// @notice Whether the allowlist lets the keeper call (target, selector) at all (argument guards aside).
    function isAllowedCall(address target, bytes4 selector) external view returns (bool) {
        return _callRules[target][selector].allowed;
    }

    /// @notice Losses of the last 24 hours (any run at most `LOSS_WINDOW` ago), in parts per
    /// billion of the holder's value (1 bps = 100,000); a run refuses to pass maxWindowLossBps.
    function recentLossPpb() external view returns (uint256) {
        return guards.recentLoss(_lossLog, block.timestamp);
    }

    /// @dev The keeper's run: `calls` in order as the holder, all-or-nothing, inside the guards.
    /// The caller adds what its entry point needs on top (not paused, no re-entry).
    function _runGuarded(Call[] calldata calls) internal returns (bytes[] memory results) {
        if (msg.sender != keeper) revert CallerNotKeeper(msg.sender);
        if (calls.length == 0 || calls.length > MAX_CALLS) revert BadCallCount(calls.length);
        // Every position's rate before the calls: the value after them is taken at no higher rates.
        uint256[] memory marks = _marks();
        (uint256 assetsBefore, uint256 queuedBefore) = _valuation(marks, new uint256[](0));
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            Call calldata c = calls[i];
            bytes4 selector = _checkCall(i, c);
            (bool ok, bytes memory ret) = _callAsHolder(c);
            if (!ok) revert CallFailed(i, ret);
            results[i] = ret;
            emit CallExecuted(i, c.target, selector, c.value);
        }
        (uint256 assetsAfter, uint256 queuedAfter) = _valuation(new uint256[](marks.length), marks);
        // Each queued withdrawal costs gas in every valuation; a keeper must not be able to
        // price depositors out of withdrawing (or the keeper out of acting) by queueing dust.
        if (queuedAfter > queuedBefore && queuedAfter > MAX_QUEUED_WITHDRAWALS) revert TooManyQueuedWithdrawals(queuedAfter);
        _checkLoss(assetsBefore, assetsAfter);
        emit Executed(msg.sender, calls.length, assetsBefore, assetsAfter);
    }

    // ---------------------------------------------------------------- guards

    /// @dev Checks one call against the allowlist and its argument guards; returns its selector.
    function _checkCall(uint256 i, Call calldata c) internal view returns (bytes4 selector) {
        address holder = _holder();
        // A call to the holder itself (a Safe's addOwner, enableModule) or to this contract
        // (its own configuration) would hand the keeper the owners' powers.
        if (c.target == holder || c.target == address(this)) revert CallToSelf(i);
        if (c.data.length < 4) revert MissingSelector(i); // also refuses plain ETH sends to anyone
        selector = bytes4(c.data[:4]);
        CallRule memory rule = _callRules[c.target][selector];
        if (!rule.allowed) revert CallNotAllowed(i, c.target, selector);
        if (c.value != 0 && !rule.allowValue) revert ValueNotAllowed(i, c.target, selector);
        if (selector == APPROVE) {
            bytes32 spender = _word(i, c.data, 0);
            address who = address(uint160(uint256(spender)));
            bool revoke = uint256(_word(i, c.data, 1)) == 0;
            if (!_isAddress(spender) || !(isApprovedSpender[c.target][who] || (revoke && _wasApprovedSpender[c.target][who]))) {
                revert SpenderNotAllowed(i, c.target, spender);
            }
        }
        _checkSwap(i, c);
        bytes32 self = bytes32(uint256(uint160(holder)));
        for (uint256 w = 0; w < 32; ++w) {
            uint256 bit = uint256(1) << w;
            if (rule.selfWords & bit != 0) {
                bytes32 found = _word(i, c.data, w);
                if (found != self) revert RecipientNotVault(i, w, found);
            }
            if (rule.counterpartyWords & bit != 0) {
                bytes32 found = _word(i, c.data, w);
                if (!_isAddress(found) || !isCounterparty[address(uint160(uint256(found)))]) revert CounterpartyNotAllowed(i, w, found);
            }
        }
    }

    /// @dev Head word `w` of the arguments, exactly as the callee's ABI decoder will read it.
    function _word(uint256 i, bytes calldata data, uint256 w) internal pure returns (bytes32) {
        uint256 start = 4 + 32 * w;
        if (data.length < start + 32) revert ArgumentMissing(i, w);
        return bytes32(data[start:start + 32]);
    }

    /// @dev A word whose top 12 bytes are not zero is not a clean address: refuse rather than truncate.
    function _isAddress(bytes32 word) internal pure returns (bool) {
        return uint256(word) >> 160 == 0;
    }

    /// @dev Every hop of a swap goes through a pool allowlisted as a counterparty, into a valued
    /// token (the asset or a position; the first token may be an unvalued reward being sold).
    function _checkSwap(uint256 i, Call calldata c) internal view {
        (address[] memory tokensOut, address[] memory pools) = guards.swapHops(i, c.target, c.data);
        for (uint256 k = 0; k < pools.length; ++k) {
            address token = tokensOut[k];
            if (token != _vaultAsset && _positionSlot[token] == 0) revert SwapTokenNotValued(i, token);
            if (pools[k] == address(0) || !isCounterparty[pools[k]]) revert SwapPoolNotAllowed(i, pools[k]);
        }
    }

    /// @dev Per run: at most maxLossBps of the value before it. Over any 24 hours: at most
    /// maxWindowLossBps of the value, summed as fractions (RollingLossLog.sol). Measured as a
    /// fraction (of the vault's share price; of the Safe's holdings), money moved in or out
    /// between runs cannot widen the budget.
    function _checkLoss(uint256 assetsBefore, uint256 assetsAfter) internal {
        if (assetsAfter * BPS < assetsBefore * (BPS - maxLossBps)) revert LossLimitExceeded(assetsBefore, assetsAfter, maxLossBps);
        uint256 loss = RollingLossLog.lossPpb(assetsBefore, assetsAfter);
        if (loss == 0) return;
        (uint256[2] memory next, uint256 sum) = guards.recordLoss(_lossLog, block.timestamp, loss);
        uint256 limit = uint256(maxWindowLossBps) * PPB_PER_BPS;
        if (sum > limit) revert WindowLossLimitExceeded(sum, limit, maxWindowLossBps);
        _lossLog = next;
    }

    // ---------------------------------------------------------------- valuation

    /// @dev The holder's value and the number of EigenLayer withdrawals it has queued. Rates are
    /// read lazily, once each, and only for what the holder holds: a dormant position's rate source
    /// costs no gas and cannot block withdrawals by failing.
    /// `rates` caches rate + 1 per position (0 = not read yet); with `ceiling` (rate + 1 per position,
    /// from `_marks`) each rate read is capped at the ceiling, and a position without one reverts.
    function _valuation(uint256[] memory rates, uint256[] memory ceiling) internal view returns (uint256 assets, uint256 queued) {
        address holder = _holder();
        assets = IERC20(_vaultAsset).balanceOf(holder) + holder.balance;
        for (uint256 i = 0; i < rates.length; ++i) {
            uint256 balance = IERC20(_positions[i].token).balanceOf(holder);
            if (balance != 0) assets += balance.mulDiv(_rate(i, rates, ceiling), WAD);
        }
        if (_strategies.length == 0) return (assets, 0);
        (address[] memory strategies_, uint256[] memory underlying, uint256 withdrawals) =
            guards.restakedUnderlying(delegationManager, holder, _strategies);
        for (uint256 k = 0; k < strategies_.length; ++k) {
            assets += _restakedValue(strategies_[k], underlying[k], rates, ceiling);
        }
        return (assets, withdrawals);
    }

    /// @dev Position `i`'s rate, read through its source on first use. Reverts if the source fails:
    /// a wrong price must not reach a deposit or a withdrawal.
    function _rate(uint256 i, uint256[] memory rates, uint256[] memory ceiling) internal view returns (uint256) {
        if (rates[i] == 0) {
            (bool ok, uint256 rate) = RateSources.read(_positions[i].rate);
            if (!ok) revert RateSourceFailed(_positions[i].token);
            if (ceiling.length != 0) {
                // A rate the calls raised (a stored price refreshed) must not offset their losses.
                if (ceiling[i] == 0) revert RateSourceFailed(_positions[i].token);
                rate = Math.min(rate, ceiling[i] - 1);
            }
            rates[i] = rate + 1;
        }
        return rates[i] - 1;
    }

    /// @dev Every position's rate + 1 before a run's calls (0 where the source fails: such a
    /// position is valued only if held, and then its valuation reverts as in totalAssets).
    function _marks() internal view returns (uint256[] memory marks) {
        marks = new uint256[](_positions.length);
        for (uint256 i = 0; i < marks.length; ++i) {
            (bool ok, uint256 rate) = RateSources.read(_positions[i].rate);
            if (ok) marks[i] = rate + 1;
        }
    }

    /// @dev Underlying LRT of a registered strategy -> asset. A strategy that is not registered is
    /// worth nothing here: moving value into it shows up as a loss.
    function _restakedValue(address strategy, uint256 underlying, uint256[] memory rates, uint256[] memory ceiling) internal view returns (uint256) {
        if (underlying == 0 || _strategySlot[strategy] == 0) return 0;
        return underlying.mulDiv(_rate(_positionSlot[strategyUnderlying[strategy]] - 1, rates, ceiling), WAD);
    }
}
