/**
 * The standing reconciliation: the keeper's records against the chain, with the amount in
 * ETH, and the alert it raises (and resolves) through the keeper's alert path.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { BookReads } from '../../../src/observe/assemble.ts';
import { alertFor } from '../../../src/ops/alerts.ts';
import { reconcileBook } from '../../../src/reconcile/reconcile.ts';

const E = 10n ** 18n;
const snapshot = (queued: Snapshot['queuedWithdrawals'] = []): Snapshot => ({
  chainId: 1, block: 500, timestamp: 1_700_000_000, baseFeeWei: 0n, holder: '0x00000000000000000000000000000000000000aa', idleWei: 0n,
  positions: [], queuedWithdrawals: queued, rewards: [], slashing: [], observedAt: 1_700_000_000,
});
const clean: BookReads = { holderNativeWei: 3n * E, nativeCreditWei: E / 2n, unexplainedRequests: [] };

describe('reconcileBook', () => {
  it('0 unexplained when the records match the chain', () => {
    const eigen = { id: '0xabc', positionId: 'rsETH-restaked', kind: 'eigen' as const, amountWei: 4n * E, completableAt: 0 };
    expect(reconcileBook({ snapshot: snapshot([eigen]), book: clean }, [{ id: '0xABC', expectedWei: 4n * E }])).toEqual({ block: 500, unexplainedWei: 0n, items: [] });
  });

  it('adds up, in wei: a ledger credit the account cannot cover, an untracked Renzo request, a tracked EigenLayer withdrawal gone from the chain', () => {
    const book: BookReads = {
      holderNativeWei: E / 10n,
      nativeCreditWei: E / 2n,
      unexplainedRequests: [{ kind: 'renzo', id: 'renzo:9', amountWei: 2n * E, why: 'on chain but not tracked by the keeper' }],
    };
    const r = reconcileBook({ snapshot: snapshot(), book }, [{ id: '0xdead', expectedWei: 3n * E }]);
    expect(r.unexplainedWei).toBe(E / 2n - E / 10n + 2n * E + 3n * E);
    expect(r.items.map((i) => i.what)).toEqual([
      'native ETH ledger credits 0.5000 ETH but the account holds 0.1000 ETH',
      'renzo request renzo:9: on chain but not tracked by the keeper',
      'EigenLayer withdrawal 0xdead tracked but no longer queued on chain',
    ]);
  });

  it('an EigenLayer withdrawal queued on chain but untracked is unexplained at its value', () => {
    const eigen = { id: '0x1234567890ff', positionId: 'rsETH-restaked', kind: 'eigen' as const, amountWei: 4n * E, completableAt: 0 };
    expect(reconcileBook({ snapshot: snapshot([eigen]), book: clean }, []).unexplainedWei).toBe(4n * E);
  });

  it('is deferred while a plan of the vault is open (landed, its bookkeeping not yet written)', () => {
    const eigen = { id: '0x1234567890ff', positionId: 'rsETH-restaked', kind: 'eigen' as const, amountWei: 4n * E, completableAt: 0 };
    expect(reconcileBook({ snapshot: snapshot([eigen]), book: clean }, [], 1)).toEqual({ block: 500, unexplainedWei: 0n, items: [], deferred: true });
  });
});

describe('the reconciliation alert', () => {
  it('is critical with the amount in ETH while anything is unexplained, and silent when the book matches', () => {
    const alert = alertFor('book.reconciled', { vault: 'devnet-eoa', block: 500, unexplainedWei: 2_400_000_000_000_000_000n, items: ['renzo request renzo:9: on chain but not tracked by the keeper'] }, { missedBlocks: 3 });
    expect(alert).toMatchObject({ severity: 'critical', title: 'book of devnet-eoa does not match the chain: 2.4000 ETH unexplained', resolvable: true });
    expect(alertFor('book.reconciled', { vault: 'devnet-eoa', block: 501, unexplainedWei: 0n, items: [] }, { missedBlocks: 3 })).toBeUndefined();
  });
});
