// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RollingLossLog} from "./RollingLossLog.sol";
import {SwapPaths} from "./SwapPaths.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {
    CallRule,
    EigenWithdrawal,
    IVaultDelegationManager,
    IVaultStrategy,
    IVaultSwapFactory,
    IVaultSwapRouter,
    RateSource
} from "./VaultTypes.sol";
import {RateSources} from "./RateSources.sol";

/// @notice Stateless guard logic of the RestakingVault, in a contract of its own: the vault
/// deploys one in its constructor and calls it, which keeps the vault's runtime code under the
/// 24 KiB limit. It holds no state and trusts nothing: it validates, decodes and computes, and
/// the vault decides with its own storage (pool allowlist, valued tokens, the loss log's two
/// words). Errors carry the same signatures as the vault's, so a revert decodes with its ABI.
contract VaultGuards {
    bytes4 internal constant APPROVE = IERC20.approve.selector;

    error SwapPathUnchecked(uint256 index, bytes4 selector);
    error InvalidTarget(address target);
    error InvalidRule();
    error SelectorDenied(bytes4 selector);
    error InvalidPositionToken(address token);
    error RateSourceFailed(address token);

    /// @notice Refuses a call rule no argument guard can make safe (VaultConfig.queueCallRule).
    function checkCallRule(address vault, address target, bytes4 selector, CallRule calldata rule) external view {
        if (target == vault || target.code.length == 0) revert InvalidTarget(target);
        if (!rule.allowed) revert InvalidRule();
        if (isDeniedSelector(selector)) revert SelectorDenied(selector);
        // approve never needs ETH; its spender is checked against the spender allowlist instead.
        if (selector == APPROVE && (rule.allowValue || rule.counterpartyWords != 0 || rule.selfWords != 0)) revert InvalidRule();
    }

    /// @notice Functions that move the vault's own tokens or NFTs to a named address, or grant
    /// allowances outside the spender check: no argument guard makes them safe to allowlist.
    function isDeniedSelector(bytes4 selector) public pure returns (bool) {
        return selector == IERC20.transfer.selector || selector == IERC20.transferFrom.selector
            || selector == bytes4(keccak256("increaseAllowance(address,uint256)"))
            || selector == bytes4(keccak256("setApprovalForAll(address,bool)"))
            || selector == bytes4(keccak256("safeTransferFrom(address,address,uint256)"))
            || selector == bytes4(keccak256("safeTransferFrom(address,address,uint256,bytes)"))
            || selector == bytes4(keccak256("safeTransferFrom(address,address,uint256,uint256,bytes)"))
            || selector == bytes4(keccak256("safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)"));
    }

    /// @notice Refuses a position token that is not an 18-decimal token other than the asset and
    /// the vault, or a rate source that does not answer a usable non-zero rate.
    function checkPositionSource(address vault, address asset, address token, RateSource calldata rate) external view {
        if (token == address(0) || token == asset || token == vault || token.code.length == 0) revert InvalidPositionToken(token);
        (bool ok, bytes memory ret) = token.staticcall(abi.encodeCall(IERC20Metadata.decimals, ()));
        if (!ok || ret.length < 32 || abi.decode(ret, (uint256)) != 18) revert InvalidPositionToken(token);
        if (rate.target != address(0) && rate.target.code.length == 0) revert RateSourceFailed(token);
        (bool rateOk, uint256 value) = RateSources.read(rate);
        if (!rateOk || value == 0) revert RateSourceFailed(token);
    }

    /// @notice For a known swap function (SwapPaths.sol): each hop's output token and pool, as
    /// the router's factory names it (V2 getPair, V3 getPool); empty arrays for other calls.
    function swapHops(uint256 index, address router, bytes calldata data)
        external
        view
        returns (address[] memory tokensOut, address[] memory pools)
    {
        bytes4 selector = bytes4(data[:4]);
        (SwapPaths.Shape shape, uint256 word) = SwapPaths.shapeOf(selector);
        if (shape == SwapPaths.Shape.None) return (tokensOut, pools);
        if (shape == SwapPaths.Shape.Unchecked) revert SwapPathUnchecked(index, selector);
        IVaultSwapFactory factory = IVaultSwapFactory(IVaultSwapRouter(router).factory());
        if (shape == SwapPaths.Shape.V2Path) {
            address[] memory path = SwapPaths.v2Path(index, data, word);
            tokensOut = new address[](path.length - 1);
            pools = new address[](path.length - 1);
            for (uint256 k = 1; k < path.length; ++k) {
                tokensOut[k - 1] = path[k];
                pools[k - 1] = factory.getPair(path[k - 1], path[k]);
            }
        } else {
            (address tokenIn, address tokenOut, uint24 fee) = SwapPaths.v3Single(index, data);
            tokensOut = new address[](1);
            pools = new address[](1);
            tokensOut[0] = tokenOut;
            pools[0] = factory.getPool(tokenIn, tokenOut, fee);
        }
    }

    /// @notice RollingLossLog.record: the log's next words and the loss that counts now.
    function recordLoss(uint256[2] calldata log, uint256 time, uint256 lossPpb) external pure returns (uint256[2] memory next, uint256 sum) {
        return RollingLossLog.record(log, time, lossPpb);
    }

    /// @notice RollingLossLog.total: the loss that counts at `time`.
    function recentLoss(uint256[2] calldata log, uint256 time) external pure returns (uint256) {
        return RollingLossLog.total(log, time);
    }

    /// @notice The vault's restaked LRT in EigenLayer, flattened: per entry a strategy and the
    /// underlying amount of its withdrawable (slashing-adjusted) shares, first for each of
    /// `strategies`, then for each strategy of each queued withdrawal; and how many withdrawals
    /// are queued. The vault values the entries of its registered strategies at its own rates.
    function restakedUnderlying(IVaultDelegationManager dm, address vault, address[] calldata strategies)
        external
        view
        returns (address[] memory entries, uint256[] memory underlying, uint256 queued)
    {
        (uint256[] memory withdrawable,) = dm.getWithdrawableShares(vault, strategies);
        (EigenWithdrawal[] memory withdrawals, uint256[][] memory shares) = dm.getQueuedWithdrawals(vault);
        uint256 n = strategies.length;
        for (uint256 w = 0; w < withdrawals.length; ++w) n += withdrawals[w].strategies.length;
        entries = new address[](n);
        underlying = new uint256[](n);
        n = 0;
        for (uint256 j = 0; j < strategies.length; ++j) {
            (entries[n], underlying[n]) = (strategies[j], _underlying(strategies[j], withdrawable[j]));
            ++n;
        }
        for (uint256 w = 0; w < withdrawals.length; ++w) {
            for (uint256 k = 0; k < withdrawals[w].strategies.length; ++k) {
                address strategy = withdrawals[w].strategies[k];
                // Only registered strategies are asked (and valued): another one cannot block the valuation.
                if (_contains(strategies, strategy)) (entries[n], underlying[n]) = (strategy, _underlying(strategy, shares[w][k]));
                ++n;
            }
        }
        return (entries, underlying, withdrawals.length);
    }

    function _contains(address[] calldata list, address item) private pure returns (bool) {
        for (uint256 k = 0; k < list.length; ++k) if (list[k] == item) return true;
        return false;
    }

    function _underlying(address strategy, uint256 shares) private view returns (uint256) {
        return shares == 0 ? 0 : IVaultStrategy(strategy).sharesToUnderlyingView(shares);
    }
}
