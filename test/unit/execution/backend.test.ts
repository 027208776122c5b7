import { describe, expect, it } from 'vitest';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import type { Action } from '../../../src/domain/plan.ts';
import type { Call } from '../../../src/execution/call.ts';

const VAULT = '0x00000000000000000000000000000000000000aa';
const call = (action: number): Call => ({ to: '0x00000000000000000000000000000000000000bb', data: '0x1234', value: 0n, label: `call ${action}`, action }) as Call;
const queueOut = { kind: 'eigen-queue-withdrawal', gas: 250_000 } as Action;

describe('backend gas budgets for the first simulation', () => {
  it('gives vault.execute the calls, its overhead and two valuations of the vault with a quarter on top', () => {
    const [tx] = vaultBackend(VAULT, () => '0x').transactions([call(0), call(1)], [queueOut, queueOut], { valuationGas: 400_000 });
    // 2 x (250k + 250k) + 100k + ceil(2 x 400k x 1.25)
    expect(tx?.gasBudget).toBe(2_100_000);
  });

  it('falls back to the planner figures when the valuation could not be measured', () => {
    const [tx] = vaultBackend(VAULT, () => '0x').transactions([call(0)], [queueOut]);
    expect(tx?.gasBudget).toBe(600_000);
  });

  it('gives each eoa call its own doubled budget, never below a small call', () => {
    const txs = eoaBackend(VAULT).transactions([call(0)], [{ kind: 'claim-rewards', gas: 20_000 } as Action], { valuationGas: 400_000 });
    expect(txs.map((t) => t.gasBudget)).toEqual([120_000]);
  });
});
