// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The pools a Uniswap-style router call trades through, read from its calldata.
///
/// A swap's output goes to the vault (the rule's selfWords), but its path is a dynamic argument
/// that head-word guards cannot see: a keeper key could route every allowed loss through a pool
/// it owns (issue 13: 19.46 WETH went to one). The vault checks each hop against its pool
/// allowlist. Known shapes: Uniswap V2 Router02 (path array), V3 SwapRouter and SwapRouter02
/// single-hop exactInput/exactOutput (tokenIn, tokenOut, fee in head words 0..2). V3 multi-hop
/// (a packed path inside a dynamic struct, with the recipient inside it too) is refused.
/// Pure calldata decoding, no vault state, so other guarded contracts can reuse it.
library SwapPaths {
    /// @dev Longest V2 path accepted (3 hops).
    uint256 internal constant MAX_PATH = 4;

    enum Shape {
        None, // not a known swap function
        V2Path, // address[] path at head word `word`
        V3Single, // tokenIn, tokenOut, fee at head words 0, 1, 2
        Unchecked // a swap whose path cannot be read safely: refuse
    }

    error BadSwapPath(uint256 index);

    /// @notice How `selector` names its pools; `word` is the V2 path's head word.
    function shapeOf(bytes4 selector) internal pure returns (Shape shape, uint256 word) {
        // Uniswap V2 Router02: path is word 2, or word 1 for the ETH-in functions.
        if (
            selector == 0x38ed1739 // swapExactTokensForTokens
                || selector == 0x8803dbee // swapTokensForExactTokens
                || selector == 0x4a25d94a // swapTokensForExactETH
                || selector == 0x18cbafe5 // swapExactTokensForETH
                || selector == 0x5c11d795 // swapExactTokensForTokensSupportingFeeOnTransferTokens
                || selector == 0x791ac947 // swapExactTokensForETHSupportingFeeOnTransferTokens
        ) return (Shape.V2Path, 2);
        if (
            selector == 0x7ff36ab5 // swapExactETHForTokens
                || selector == 0xfb3bdb41 // swapETHForExactTokens
                || selector == 0xb6f9de95 // swapExactETHForTokensSupportingFeeOnTransferTokens
        ) return (Shape.V2Path, 1);
        if (
            selector == 0x414bf389 // V3 SwapRouter exactInputSingle
                || selector == 0x04e45aaf // SwapRouter02 exactInputSingle
                || selector == 0xdb3e2198 // V3 SwapRouter exactOutputSingle
                || selector == 0x5023b4df // SwapRouter02 exactOutputSingle
        ) return (Shape.V3Single, 0);
        if (
            selector == 0xc04b8d59 // V3 SwapRouter exactInput
                || selector == 0xb858183f // SwapRouter02 exactInput
                || selector == 0xf28c0498 // V3 SwapRouter exactOutput
                || selector == 0x09b81346 // SwapRouter02 exactOutput
        ) return (Shape.Unchecked, 0);
        return (Shape.None, 0);
    }

    /// @notice The tokens of a V2 path at head word `word` of call `index`'s arguments.
    /// Reverts BadSwapPath for an offset or length outside the calldata, fewer than 2 or more
    /// than MAX_PATH tokens, or an element that is not a clean address.
    function v2Path(uint256 index, bytes calldata data, uint256 word) internal pure returns (address[] memory tokens) {
        bytes calldata args = data[4:];
        uint256 offset = _uint(index, args, 32 * word);
        uint256 length = _uint(index, args, offset);
        if (length < 2 || length > MAX_PATH) revert BadSwapPath(index);
        tokens = new address[](length);
        for (uint256 k = 0; k < length; ++k) tokens[k] = _address(index, args, offset + 32 * (k + 1));
    }

    /// @notice tokenIn, tokenOut and fee of a V3 single-hop call.
    function v3Single(uint256 index, bytes calldata data) internal pure returns (address tokenIn, address tokenOut, uint24 fee) {
        bytes calldata args = data[4:];
        tokenIn = _address(index, args, 0);
        tokenOut = _address(index, args, 32);
        uint256 f = _uint(index, args, 64);
        if (f > type(uint24).max) revert BadSwapPath(index);
        fee = uint24(f);
    }

    function _uint(uint256 index, bytes calldata args, uint256 at) private pure returns (uint256) {
        if (at > args.length || args.length - at < 32) revert BadSwapPath(index);
        return uint256(bytes32(args[at:at + 32]));
    }

    function _address(uint256 index, bytes calldata args, uint256 at) private pure returns (address) {
        uint256 value = _uint(index, args, at);
        if (value >> 160 != 0) revert BadSwapPath(index);
        return address(uint160(value));
    }
}
