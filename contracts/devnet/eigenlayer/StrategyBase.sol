// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {StrategyManager} from "./StrategyManager.sol";

/// @notice Devnet stand-in for EigenLayer's StrategyBase: one per LRT token, holding the token
/// and pricing shares with virtual offsets of 1e3 shares and 1e3 wei of balance (mainnet's
/// inflation-attack mitigation). `shares(user)` are DEPOSIT shares from the StrategyManager:
/// slashing never reduces them (see DelegationManager.getWithdrawableShares).
contract StrategyBase {
    using SafeERC20 for IERC20;

    uint256 internal constant SHARES_OFFSET = 1e3;
    uint256 internal constant BALANCE_OFFSET = 1e3;
    uint256 internal constant MAX_TOTAL_SHARES = 1e38 - 1;

    StrategyManager public immutable strategyManager;
    IERC20 public immutable underlyingToken;
    uint256 public totalShares;

    error OnlyStrategyManager();
    error OnlyUnderlyingToken();
    error NewSharesZero();
    error TotalSharesExceedsMax();
    error WithdrawalAmountExceedsTotalDeposits();

    event ExchangeRateEmitted(uint256 rate);
    event StrategyTokenSet(IERC20 token, uint8 decimals);

    modifier onlyStrategyManager() {
        if (msg.sender != address(strategyManager)) revert OnlyStrategyManager();
        _;
    }

    constructor(StrategyManager strategyManager_, IERC20 underlyingToken_) {
        strategyManager = strategyManager_;
        underlyingToken = underlyingToken_;
        emit StrategyTokenSet(underlyingToken_, IERC20Metadata(address(underlyingToken_)).decimals());
    }

    /// @dev The StrategyManager has already moved `amount` in, so the prior balance is
    /// the current balance minus `amount`.
    function deposit(IERC20 token, uint256 amount) external onlyStrategyManager returns (uint256 newShares) {
        if (token != underlyingToken) revert OnlyUnderlyingToken();
        uint256 priorTotalShares = totalShares;
        uint256 virtualShareAmount = priorTotalShares + SHARES_OFFSET;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        uint256 virtualPriorTokenBalance = virtualTokenBalance - amount;
        newShares = (amount * virtualShareAmount) / virtualPriorTokenBalance;
        if (newShares == 0) revert NewSharesZero();
        totalShares = priorTotalShares + newShares;
        if (totalShares > MAX_TOTAL_SHARES) revert TotalSharesExceedsMax();
        _emitExchangeRate(virtualTokenBalance, totalShares + SHARES_OFFSET);
    }

    function withdraw(address recipient, IERC20 token, uint256 amountShares) external onlyStrategyManager {
        if (token != underlyingToken) revert OnlyUnderlyingToken();
        uint256 priorTotalShares = totalShares;
        if (amountShares > priorTotalShares) revert WithdrawalAmountExceedsTotalDeposits();
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        uint256 amountToSend = (virtualTokenBalance * amountShares) / (priorTotalShares + SHARES_OFFSET);
        totalShares = priorTotalShares - amountShares;
        _emitExchangeRate(virtualTokenBalance - amountToSend, totalShares + SHARES_OFFSET);
        token.safeTransfer(recipient, amountToSend);
    }

    function sharesToUnderlyingView(uint256 amountShares) public view returns (uint256) {
        return ((_tokenBalance() + BALANCE_OFFSET) * amountShares) / (totalShares + SHARES_OFFSET);
    }

    function sharesToUnderlying(uint256 amountShares) external view returns (uint256) {
        return sharesToUnderlyingView(amountShares);
    }

    function underlyingToSharesView(uint256 amountUnderlying) public view returns (uint256) {
        return (amountUnderlying * (totalShares + SHARES_OFFSET)) / (_tokenBalance() + BALANCE_OFFSET);
    }

    function underlyingToShares(uint256 amountUnderlying) external view returns (uint256) {
        return underlyingToSharesView(amountUnderlying);
    }

    function userUnderlyingView(address user) external view returns (uint256) {
        return sharesToUnderlyingView(shares(user));
    }

    function userUnderlying(address user) external view returns (uint256) {
        return sharesToUnderlyingView(shares(user));
    }

    function shares(address user) public view returns (uint256) {
        return strategyManager.stakerDepositShares(user, StrategyBase(address(this)));
    }

    function explanation() external pure returns (string memory) {
        return "Devnet stand-in for EigenLayer StrategyBase";
    }

    function _tokenBalance() internal view returns (uint256) {
        return underlyingToken.balanceOf(address(this));
    }

    function _emitExchangeRate(uint256 virtualTokenBalance, uint256 virtualTotalShares) internal {
        emit ExchangeRateEmitted((1e18 * virtualTokenBalance) / virtualTotalShares);
    }
}
