// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {EtherFiLiquidityPool} from "./EtherFiLiquidityPool.sol";

/// @notice Devnet stand-in for ether.fi's eETH: a rebasing ERC-20 whose balances are shares of
/// the liquidity pool's pooled ether, so a balance grows as rewards accrue. Amounts move as
/// shares (`sharesForAmount`), exactly like mainnet, so transfers can lose a wei to rounding.
contract EtherFiEETH is IERC20, IERC20Metadata {
    EtherFiLiquidityPool public immutable liquidityPool;

    uint256 public totalShares;
    mapping(address => uint256) public shares;
    mapping(address => mapping(address => uint256)) public allowances;

    error OnlyLiquidityPool();
    error InsufficientShares();
    error InsufficientAllowance();
    error ZeroAddress();

    event TransferShares(address indexed from, address indexed to, uint256 sharesValue);

    constructor(address liquidityPool_) {
        liquidityPool = EtherFiLiquidityPool(payable(liquidityPool_));
    }

    modifier onlyPool() {
        if (msg.sender != address(liquidityPool)) revert OnlyLiquidityPool();
        _;
    }

    function name() external pure returns (string memory) {
        return "ether.fi ETH";
    }

    function symbol() external pure returns (string memory) {
        return "eETH";
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function totalSupply() external view returns (uint256) {
        return liquidityPool.getTotalPooledEther();
    }

    function balanceOf(address user) external view returns (uint256) {
        return liquidityPool.amountForShare(shares[user]);
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return allowances[owner][spender];
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        if (spender == address(0)) revert ZeroAddress();
        allowances[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 current = allowances[from][msg.sender];
        if (current != type(uint256).max) {
            if (current < amount) revert InsufficientAllowance();
            allowances[from][msg.sender] = current - amount;
        }
        _transfer(from, to, amount);
        return true;
    }

    function mintShares(address user, uint256 share) external onlyPool {
        shares[user] += share;
        totalShares += share;
        emit Transfer(address(0), user, liquidityPool.amountForShare(share));
        emit TransferShares(address(0), user, share);
    }

    function burnShares(address user, uint256 share) external onlyPool {
        if (shares[user] < share) revert InsufficientShares();
        shares[user] -= share;
        totalShares -= share;
        emit TransferShares(user, address(0), share);
    }

    function _transfer(address from, address to, uint256 amount) internal {
        if (to == address(0)) revert ZeroAddress();
        uint256 share = liquidityPool.sharesForAmount(amount);
        if (shares[from] < share) revert InsufficientShares();
        shares[from] -= share;
        shares[to] += share;
        emit Transfer(from, to, amount);
        emit TransferShares(from, to, share);
    }
}
