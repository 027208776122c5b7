// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice Devnet stand-in for Renzo's ezETH: a plain ERC-20 minted by the RestakeManager and
/// burned by the exit contracts (the owner wires which contracts may do so).
contract RenzoEzETH is ERC20, Ownable {
    mapping(address => bool) public isMinterBurner;

    error NotMinterBurner();

    constructor() ERC20("Renzo Restaked ETH", "ezETH") Ownable(msg.sender) {}

    function setMinterBurner(address account, bool allowed) external onlyOwner {
        isMinterBurner[account] = allowed;
    }

    function mint(address to, uint256 amount) external {
        if (!isMinterBurner[msg.sender]) revert NotMinterBurner();
        _mint(to, amount);
    }

    function burn(address from, uint256 amount) external {
        if (!isMinterBurner[msg.sender]) revert NotMinterBurner();
        _burn(from, amount);
    }
}
