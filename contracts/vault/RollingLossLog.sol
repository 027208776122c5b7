// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A loss budget that holds over ANY 24-hour span, not per fixed window.
///
/// Losses are fractions of the share price, in parts per billion (1 bps = 100_000 ppb), so a
/// deposit or a withdrawal between two executes cannot move the base the limit is measured
/// against (a temporary outside deposit used to inflate a fixed window's base). Each lossy
/// execute appends (time, loss) to a log of six entries packed in two words; an entry counts
/// until a full `SPAN` has passed since it (inclusive), so at every execute the log holds every
/// loss of the last 24 hours, and checking "sum of the log <= limit" at each loss bounds the sum
/// over any 24-hour span (the span's last loss was checked against all of the span's earlier
/// ones). When the log is full the two oldest entries merge into one carrying the later time:
/// their sum then counts for longer than each of them would, never shorter, so merging only
/// over-counts. Summing fractions over-counts compounding too ((1-a)(1-b) >= 1-a-b).
/// Pure functions on the two words: the caller keeps them in storage. No vault knowledge, so
/// other guarded contracts can reuse it.
library RollingLossLog {
    uint256 internal constant SPAN = 1 days;
    uint256 internal constant PPB = 1e9;
    uint256 internal constant ENTRIES = 6;
    uint256 private constant PER_WORD = 3;
    uint256 private constant BITS = 80; // uint40 time << 40 | uint40 loss
    uint256 private constant MASK40 = (1 << 40) - 1;

    /// @dev Loss of one execute in ppb of the share price, rounded up (the supply does not
    /// change inside an execute, so the fall of total assets is the fall of the share price).
    function lossPpb(uint256 assetsBefore, uint256 assetsAfter) internal pure returns (uint256) {
        if (assetsAfter >= assetsBefore) return 0;
        return ((assetsBefore - assetsAfter) * PPB + assetsBefore - 1) / assetsBefore;
    }

    /// @notice The sum of the losses that still count at `time`.
    function total(uint256[2] memory log, uint256 time) internal pure returns (uint256 sum) {
        (, uint256[ENTRIES] memory amount, uint256 n) = _live(log, time);
        for (uint256 k = 0; k < n; ++k) sum += amount[k];
    }

    /// @notice Appends `loss` at `time`: the new words and the sum that counts now, this loss
    /// included. The caller refuses (and does not store) when the sum is above its limit.
    function record(uint256[2] memory log, uint256 time, uint256 loss) internal pure returns (uint256[2] memory next, uint256 sum) {
        (uint256[ENTRIES] memory at, uint256[ENTRIES] memory amount, uint256 n) = _live(log, time);
        for (uint256 k = 0; k < n; ++k) sum += amount[k];
        sum += loss;
        if (n == ENTRIES) {
            amount[1] += amount[0];
            for (uint256 k = 0; k + 1 < ENTRIES; ++k) {
                at[k] = at[k + 1];
                amount[k] = amount[k + 1];
            }
            n = ENTRIES - 1;
        }
        at[n] = time;
        amount[n] = loss;
        for (uint256 k = 0; k <= n; ++k) {
            uint256 a = amount[k] > MASK40 ? MASK40 : amount[k];
            next[k / PER_WORD] |= ((at[k] << 40) | a) << (BITS * (k % PER_WORD));
        }
    }

    /// @dev The entries still counting at `time`, oldest first.
    function _live(uint256[2] memory log, uint256 time)
        private
        pure
        returns (uint256[ENTRIES] memory at, uint256[ENTRIES] memory amount, uint256 n)
    {
        for (uint256 k = 0; k < ENTRIES; ++k) {
            uint256 entry = (log[k / PER_WORD] >> (BITS * (k % PER_WORD))) & ((1 << BITS) - 1);
            uint256 t = entry >> 40;
            if (t == 0 || t + SPAN < time) continue;
            at[n] = t;
            amount[n] = entry & MASK40;
            ++n;
        }
    }
}
