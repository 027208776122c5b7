import { describe, expect, it } from 'vitest';
import { diffScanStart } from '../../../src/vault-admin/scan-start.ts';
import { formatVaultDiff } from '../../../src/cli/commands/vault-text.ts';
import type { VaultDiff } from '../../../src/vault-admin/diff.ts';

describe('keeper vault diff: first block of the allowlist event scan', () => {
  it("starts at the config vault's deployedAtBlock instead of genesis", () => {
    expect(diffScanStart({ deployedAtBlock: 21_000_000, isConfigVault: true })).toEqual({ block: 21_000_000, source: 'config', note: 'vaults[].deployedAtBlock' });
  });

  it('scans from block 0 without deployedAtBlock, and says how to avoid it', () => {
    expect(diffScanStart({ isConfigVault: true })).toEqual({ block: 0, source: 'genesis', note: "set vaults[].deployedAtBlock to start at the vault's deployment" });
  });

  it('--from-block wins over deployedAtBlock, 0 included', () => {
    expect(diffScanStart({ fromBlockOption: '20999000', deployedAtBlock: 21_000_000, isConfigVault: true })).toEqual({ block: 20_999_000, source: 'option', note: '--from-block' });
    expect(diffScanStart({ fromBlockOption: '0', deployedAtBlock: 21_000_000, isConfigVault: true }).block).toBe(0);
  });

  it("does not use the config vault's deployedAtBlock for another --address (its events may be older)", () => {
    const s = diffScanStart({ deployedAtBlock: 21_000_000, isConfigVault: false });
    expect(s.block).toBe(0);
    expect(s.note).toContain('--address is not the config vault');
  });

  it('refuses a --from-block that is not a block number, naming the option', () => {
    expect(() => diffScanStart({ fromBlockOption: '-5', isConfigVault: true })).toThrow('--from-block must be a block number');
    expect(() => diffScanStart({ fromBlockOption: 'latest', isConfigVault: true })).toThrow('--from-block must be a block number');
  });

  it('the diff text says where the scan started and why', () => {
    const fees = { recipient: '0x0000000000000000000000000000000000000000', managementBps: 0, performanceBps: 0, managementCapBps: 0, performanceCapBps: 0, highWaterMark: 10n ** 18n, pendingShares: 0n };
    const diff: VaultDiff = {
      vault: '0x1111111111111111111111111111111111111111', chainId: 1,
      onChain: { owner: '0x2222222222222222222222222222222222222222', guardian: '0x2222222222222222222222222222222222222222', keeper: '0x3333333333333333333333333333333333333333', paused: false, setupOpen: false, timelockSeconds: 86_400, maxLossBps: 50, maxWindowLossBps: 200, feeController: '0x4444444444444444444444444444444444444444', fees },
      counts: { callRules: 12, spenders: 3, counterparties: 2, positions: 4, strategies: 1 },
      differences: [], now: [], afterTimelock: [],
    };
    const text = formatVaultDiff(diff, diffScanStart({ deployedAtBlock: 21_000_000, isConfigVault: true }));
    expect(text).toContain('  allowlist events read from block 21000000 (vaults[].deployedAtBlock)\n');
    expect(formatVaultDiff(diff, diffScanStart({ isConfigVault: true }))).toContain("  allowlist events read from block 0 (set vaults[].deployedAtBlock to start at the vault's deployment)\n");
  });
});
