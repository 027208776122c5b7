import { describe, expect, it } from 'vitest';
import { collectStatus, isActive, summariseDecision, type StatusSources } from '../../../src/ops/status.ts';
import { ago, formatStatus } from '../../../src/ops/status-format.ts';
import { toJson } from '../../../src/cli/format/json.ts';
import type { Intent } from '../../../src/state/intents.ts';
import type { TrackedWithdrawal } from '../../../src/state/withdrawals.ts';
import type { DecisionRecord } from '../../../src/state/audit.ts';

const NOW_MS = 1_700_000_600_000;
const MAIN = { name: 'main', address: '0x1111111111111111111111111111111111111111', backend: 'vault' as const };
const EOA = { name: 'eoa', address: '0x2222222222222222222222222222222222222222', backend: 'eoa' as const };

const decision: DecisionRecord = {
  kind: 'decision', vault: 'main', at: NOW_MS - 30_000, source: 'observe', block: 1200, estimates: [],
  verdict: { refused: true, mandatory: false, turnoverBps: 0, findings: [
    { code: 'DEPEG', action: 'refused', observed: 310, limit: 200, message: 'ezETH below rate' },
    { code: 'CAP_POSITION', action: 'clamped', observed: 6000, limit: 5000, message: 'cap' },
  ] },
  plan: { kind: 'hold', reason: 'rebalance refused: DEPEG', actions: [], totals: {}, expectedYearlyGainWei: 0n, breakEvenDays: null, resultingWeights: {} },
  disposition: 'hold',
};

const intent: Intent = {
  planId: '0xabcdef0123456789abcdef', vault: 'main', chainId: 31337, from: '0x3', holder: '0x1', backend: 'vault', planBlock: 1190, planHash: '0x', planKind: 'rebalance',
  actions: [], status: 'sent', attempts: [{ targetBlock: 1191, txHashes: [], maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signedAt: 1, sentTo: [] }, { targetBlock: 1192, txHashes: [], maxFeePerGas: 1n, maxPriorityFeePerGas: 1n, signedAt: 2, sentTo: [] }],
  createdAt: 1, updatedAt: 2,
};

const withdrawal = { id: 'etherfi:7', kind: 'etherfi', tokenId: 7n, vault: 'main', holder: '0x1', positionId: 'weETH', queuedBlock: 1000, queuedAt: 1, expectedWei: 12n * 10n ** 17n, completableAt: 1_700_086_400, status: 'queued' } as TrackedWithdrawal;

function sources(overrides: Partial<StatusSources> = {}): StatusSources {
  return {
    pausedVaults: async () => new Map([['eoa', { vault: 'eoa', since: NOW_MS - 300_000, reason: 'checking the relay', by: 'ops@host' }]]),
    lastDecision: async (vault) => (vault === 'main' ? decision : undefined),
    openIntents: async (vault) => (vault === 'main' ? [intent] : []),
    pendingWithdrawals: async (vault) => (vault === 'main' ? [withdrawal] : []),
    onChainPaused: async () => true,
    blockNumber: async () => 1205,
    ...overrides,
  };
}

describe('collectStatus', () => {
  it('assembles per-vault pause state, last decision, intents and withdrawals', async () => {
    const s = await collectStatus([MAIN, EOA], 31337, sources(), () => 1_700_000_600);
    expect(s).toMatchObject({ chainId: 31337, block: 1205, generatedAt: 1_700_000_600 });
    const [main, eoa] = s.vaults;
    expect(main).toMatchObject({ name: 'main', onChain: { state: 'paused' }, openIntents: [{ planId: intent.planId, status: 'sent', attempts: 2, lastTargetBlock: 1192 }] });
    expect(main?.keeperPause).toBeUndefined();
    expect(main?.lastDecision).toEqual({ kind: 'decision', at: NOW_MS - 30_000, block: 1200, source: 'observe', planKind: 'hold', disposition: 'hold', reason: 'rebalance refused: DEPEG', refusedCodes: ['DEPEG'] });
    expect(main?.pendingWithdrawals).toEqual([{ id: 'etherfi:7', kind: 'etherfi', positionId: 'weETH', expectedWei: 12n * 10n ** 17n, queuedBlock: 1000, completableAt: 1_700_086_400 }]);
    // The eoa backend has no contract to pause; the keeper flag is set.
    expect(eoa).toMatchObject({ onChain: { state: 'n/a' }, keeperPause: { by: 'ops@host' } });
    expect(isActive(main!)).toBe(false);
    expect(isActive(eoa!)).toBe(false);
  });

  it('shows an unreachable chain as unknown instead of failing', async () => {
    const down = sources({ onChainPaused: async () => Promise.reject(new Error('connect ECONNREFUSED https://u:p@node/KEY')), blockNumber: async () => Promise.reject(new Error('timeout')) });
    const s = await collectStatus([MAIN], 1, down);
    expect(s.block).toBeUndefined();
    expect(s.blockError).toBe('timeout');
    expect(s.vaults[0]?.onChain.state).toBe('unknown');
    expect(toJson(s)).not.toContain('KEY');
  });

  it('summarises a rejected observation', () => {
    expect(summariseDecision({ kind: 'rejected', vault: 'main', at: 5, block: 9, reasons: ['stale node', 'rate jump'] })).toEqual({ kind: 'rejected', at: 5, block: 9, reason: 'stale node; rate jump', refusedCodes: [] });
  });
});

describe('formatStatus', () => {
  it('prints the brakes first, then the decision and what is in flight', async () => {
    const s = await collectStatus([MAIN, EOA], 31337, sources());
    const text = formatStatus(s, NOW_MS);
    expect(text).toContain('chain 31337 at block 1205; 2 vault(s), 2 paused');
    expect(text).toContain('vault main (vault 0x1111111111111111111111111111111111111111): PAUSED');
    expect(text).toContain('on-chain pause: PAUSED by the vault guardian/owner');
    expect(text).toContain('last decision:  block 1200, 30s ago: hold (hold) [refused: DEPEG]: rebalance refused: DEPEG');
    expect(text).toContain('open intents:   1');
    expect(text).toMatch(/0xabcd…cdef\s+sent\s+rebalance\s+1190\s+2\s+1192/);
    expect(text).toContain('withdrawals:    1 pending, 1.2000 ETH expected');
    expect(text).toContain('keeper pause:   PAUSED 5m ago by ops@host: checking the relay');
    expect(text).toContain('on-chain pause: n/a (eoa backend)');
    expect(text).toContain('last decision:  none recorded yet');
  });

  it('ago() rounds to a readable unit', () => {
    expect([ago(0, 5_000), ago(0, 600_000), ago(0, 3 * 3_600_000), ago(0, 5 * 86_400_000)]).toEqual(['5s', '10m', '3h', '5d']);
  });
});

describe('collectStatus on a safe-module vault', () => {
  it('reads the on-chain pause of the Safe\'s module, not of the Safe', async () => {
    const module = '0x4444444444444444444444444444444444444444';
    const asked: string[] = [];
    const dao = { name: 'dao', address: '0x3333333333333333333333333333333333333333', backend: 'safe-module' as const, safe: { module, multiSendCallOnly: '0x5555555555555555555555555555555555555555', proposalTtlSeconds: 3_600 } };
    const s = await collectStatus([dao], 1, sources({ onChainPaused: async (a) => (asked.push(a), true) }));
    expect(asked).toEqual([module]);
    expect(s.vaults[0]?.onChain).toEqual({ state: 'paused' });
  });
});
