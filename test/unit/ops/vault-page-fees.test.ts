/** Fees taken on the vault page: the keeper status numbers in ETH, the split, the block range and where the count starts; wei for scripts. */
import { describe, expect, it } from 'vitest';
import { buildVaultPage } from '../../../src/ops/vault-page-model.ts';
import { collectStatus, type StatusSources } from '../../../src/ops/status.ts';
import { toJson } from '../../../src/cli/format/json.ts';
import type { FeesTakenSummary } from '../../../src/perf/vault-performance.ts';

const WAD = 10n ** 18n;
const VAULT = { name: 'main', address: '0x1111111111111111111111111111111111111111', backend: 'vault' as const, deployedAtBlock: 100 };
const FEES: FeesTakenSummary = {
  managementWei: 2_000_000_000_000_000_000n,
  performanceWei: 199_900_000_000_000_000n,
  fromBlock: 100,
  toBlock: 9_000,
  since: 'deployment',
  firstSampleBlock: 1_200,
  beforeFirstSampleWei: 500_000_000_000_000_000n,
};

function sources(asked: unknown[]): StatusSources {
  return {
    pausedVaults: async () => new Map(),
    lastDecision: async () => undefined,
    openIntents: async () => [],
    pendingWithdrawals: async () => [],
    onChainPaused: async () => false,
    blockNumber: async () => 9_000,
    performance: async (_vault, fees) => {
      asked.push(fees);
      return { history: [{ block: 1_200, timestamp: 0, priceWad: WAD }], gasSpentWei: 0n, ...(fees ? { feesTaken: FEES } : {}) };
    },
  };
}

describe('fees on the vault page', () => {
  it('asks for fees from the configured deployment block and shows them in ETH with the split and the range', async () => {
    const asked: unknown[] = [];
    const status = sources(asked);
    const page = await buildVaultPage({ status: () => collectStatus([VAULT], 1, status), recentDecisions: async () => [], openBreakers: async () => new Map(), sharePrices: async () => [] });
    expect(asked).toEqual([{ address: VAULT.address, deployedAtBlock: 100 }]);
    expect(page.vaults[0]?.fees).toEqual({
      totalEth: '2.1999',
      managementEth: '2.0000',
      performanceEth: '0.1999',
      managementWei: '2000000000000000000',
      performanceWei: '199900000000000000',
      fromBlock: 100,
      toBlock: 9_000,
      since: 'deployment',
      range: "blocks 100-9000, since the vault's deployment",
      beforeFirstSampleWei: '500000000000000000',
      beforeFirstSample: '0.5000 ETH of it minted before the first share-price sample (block 1200), priced at the first recorded share price',
    });
    // keeper status --json keeps wei.
    const json = JSON.parse(toJson(await collectStatus([VAULT], 1, status))) as { vaults: { performance: { feesTaken: Record<string, unknown> } }[] };
    expect(json.vaults[0]?.performance.feesTaken).toEqual({ managementWei: '2000000000000000000', performanceWei: '199900000000000000', fromBlock: 100, toBlock: 9_000, since: 'deployment', firstSampleBlock: 1_200, beforeFirstSampleWei: '500000000000000000' });
  });

  it('shows no fees for a vault without a fee contract', async () => {
    const asked: unknown[] = [];
    const page = await buildVaultPage({ status: () => collectStatus([{ ...VAULT, backend: 'eoa' as const }], 1, sources(asked)), recentDecisions: async () => [], openBreakers: async () => new Map(), sharePrices: async () => [] });
    expect(asked).toEqual([undefined]);
    expect(page.vaults[0]?.fees).toBeNull();
  });
});
