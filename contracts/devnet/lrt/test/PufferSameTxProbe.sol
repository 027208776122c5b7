// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IPufferProbeVault {
    function depositETH(address receiver) external payable returns (uint256);
    function redeem(uint256 shares, address receiver, address owner) external returns (uint256);
}

/// @notice Test helper: deposits into the Puffer vault and redeems in the SAME transaction,
/// which the vault must refuse (DepositAndWithdrawalForbidden).
contract PufferSameTxProbe {
    function depositAndRedeem(address vault) external payable returns (uint256) {
        uint256 shares = IPufferProbeVault(vault).depositETH{value: msg.value}(address(this));
        return IPufferProbeVault(vault).redeem(shares, msg.sender, address(this));
    }
}
