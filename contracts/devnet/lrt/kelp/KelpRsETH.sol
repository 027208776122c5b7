// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Devnet stand-in for Kelp's rsETH: a plain ERC-20 minted by the deposit pool and
/// burned by the withdrawal manager.
contract KelpRsETH is ERC20, Ownable {
    mapping(address => bool) public isMinterBurner;

    error NotMinterBurner();

    constructor() ERC20("rsETH", "rsETH") Ownable(msg.sender) {}

    function setMinterBurner(address account, bool allowed) external onlyOwner {
        isMinterBurner[account] = allowed;
    }

    function mint(address to, uint256 amount) external {
        if (!isMinterBurner[msg.sender]) revert NotMinterBurner();
        _mint(to, amount);
    }

    function burnFrom(address from, uint256 amount) external {
        if (!isMinterBurner[msg.sender]) revert NotMinterBurner();
        _burn(from, amount);
    }
}
