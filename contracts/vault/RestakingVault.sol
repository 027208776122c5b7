// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {VaultConfig} from "./VaultConfig.sol";
import {GuardedExecution} from "./GuardedExecution.sol";
import {VaultFees} from "./VaultFees.sol";
import {Call, VaultParams} from "./VaultTypes.sol";

/// @title RestakingVault
/// @notice ERC-4626 vault over WETH whose keeper moves funds between liquid restaking tokens and
/// EigenLayer through `execute`, inside on-chain guards:
///  - every (target, selector) is on a timelocked allowlist; calls to the vault itself, calls
///    without a selector (plain ETH sends) and ETH on calls not marked payable are refused;
///  - `approve` only to spenders allowlisted for that token (amount 0 also to former ones); arguments that name a
///    beneficiary must be the vault itself, arguments that name an operator must be allowlisted;
///  - swaps (Uniswap V2/V3 router shapes) trade only through pools allowlisted as counterparties,
///    into valued tokens (SwapPaths.sol, decoded by VaultGuards.sol);
///    (the guards live in GuardedExecution.sol, shared with the Safe module of contracts/safe-module)
///  - total assets, valued on-chain, may not fall by more than `maxLossBps` within one execute, nor
///    the share price by more than `maxWindowLossBps` summed over any 24 hours (RollingLossLog.sol);
///    the value after the calls is taken at rates no higher than before them, so a rate the calls
///    raise cannot offset a loss in the same execute.
/// Withdrawals are paid from idle WETH only. Trust assumption: rates come from the protocols' own
/// contracts (weETH.getRate, Renzo's rate provider, Kelp's stored oracle price, Puffer's
/// convertToAssets, rswETH.getRate), never from DEX spot prices; a protocol that misreports its
/// rate moves this vault's share price with it. See contracts/vault/README.md.
contract RestakingVault is ERC4626, GuardedExecution, ReentrancyGuard {
    error DepositsClosed();

    /// @notice Management and performance fees (VaultFees.sol), deployed here; asked before every share conversion.
    VaultFees public immutable feeController;

    /// @param weth the asset (WETH9)
    constructor(IERC20 weth, string memory name_, string memory symbol_, VaultParams memory params)
        ERC20(name_, symbol_)
        ERC4626(weth)
        VaultConfig(address(weth), params)
    {
        feeController = new VaultFees(address(this), 10 ** _decimalsOffset(), 10 ** decimals());
    }

    /// @notice Native ETH arrives from WETH unwraps and protocol exits; it counts in totalAssets.
    receive() external payable {}

    // ---------------------------------------------------------------- keeper

    /// @notice Runs `calls` in order as the vault; all-or-nothing. Returns each call's return data.
    function execute(Call[] calldata calls) external nonReentrant whenNotPaused returns (bytes[] memory results) {
        return _runGuarded(calls);
    }

    // ---------------------------------------------------------------- ERC-4626

    /// @notice Idle WETH + native ETH + registered positions at their protocol rates + EigenLayer
    /// withdrawable and queued shares of registered strategies. Reverts if the rate source of a
    /// held position fails: a wrong price must not reach a deposit or a withdrawal.
    function totalAssets() public view override returns (uint256) {
        (uint256 assets,) = _valuation(new uint256[](_positions.length), new uint256[](0));
        return assets;
    }

    /// @notice Mints the fees accrued so far (VaultFees.sol); anyone may call it.
    function accrueFees() external nonReentrant {
        _accrueFees();
    }

    /// @notice WETH the vault can pay out right now.
    function idleAssets() public view returns (uint256) {
        return IERC20(asset()).balanceOf(address(this));
    }

    function maxDeposit(address) public view override returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    function maxMint(address) public view override returns (uint256) {
        return _depositsOpen() ? type(uint256).max : 0;
    }

    function maxWithdraw(address owner_) public view override returns (uint256) {
        return Math.min(super.maxWithdraw(owner_), idleAssets());
    }

    function maxRedeem(address owner_) public view override returns (uint256) {
        return Math.min(balanceOf(owner_), _convertToShares(idleAssets(), Math.Rounding.Floor));
    }

    function deposit(uint256 assets, address receiver) public override nonReentrant returns (uint256) {
        if (!_depositsOpen()) revert DepositsClosed();
        _accrueFees();
        return super.deposit(assets, receiver);
    }

    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256) {
        if (!_depositsOpen()) revert DepositsClosed();
        _accrueFees();
        return super.mint(shares, receiver);
    }

    function withdraw(uint256 assets, address receiver, address owner_) public override nonReentrant returns (uint256) {
        _accrueFees();
        return super.withdraw(assets, receiver, owner_);
    }

    function redeem(uint256 shares, address receiver, address owner_) public override nonReentrant returns (uint256) {
        _accrueFees();
        return super.redeem(shares, receiver, owner_);
    }

    /// @dev 1e3 virtual shares: a first-depositor donation attack costs the attacker ~1000x what
    /// it could take (OpenZeppelin's inflation-attack mitigation).
    function _decimalsOffset() internal pure override returns (uint8) {
        return 3;
    }

    /// @dev Mints the fees owed so far, so the conversion that follows is at the price net of fees.
    function _accrueFees() internal {
        (address recipient, uint256 shares) = feeController.accrue();
        if (shares != 0) _mint(recipient, shares);
    }

    function _depositsOpen() internal view returns (bool) {
        return !setupOpen && !paused();
    }

    // ---------------------------------------------------------------- GuardedExecution

    function _holder() internal view override returns (address) {
        return address(this);
    }

    function _callAsHolder(Call calldata c) internal override returns (bool ok, bytes memory ret) {
        return c.target.call{value: c.value}(c.data);
    }
}
