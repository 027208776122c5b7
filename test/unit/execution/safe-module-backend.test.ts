import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { safeModuleBackend } from '../../../src/execution/safe-module-backend.ts';
import { backendFor } from '../../../src/execution/backend-for.ts';
import type { Action } from '../../../src/domain/plan.ts';
import type { Call } from '../../../src/execution/call.ts';
import { SAFE_MODULE_KEEPER_ABI } from '../../../src/safe/module-abi.ts';

const SAFE = '0x00000000000000000000000000000000000000aa';
const MODULE = '0x00000000000000000000000000000000000000cc';
const TARGET = '0x00000000000000000000000000000000000000bb';
const call = (action: number): Call => ({ to: TARGET, data: '0x12345678', value: 7n, label: `call ${action}`, action }) as Call;
const queueOut = { kind: 'eigen-queue-withdrawal', gas: 250_000 } as Action;

describe('safe-module backend', () => {
  it('sends one module.execute(calls) from the keeper for the Safe, with the Safe as holder and the module as guard', () => {
    const backend = safeModuleBackend(SAFE, MODULE);
    expect(backend.holder).toBe(SAFE);
    expect(backend.guard).toBe(MODULE);
    const txs = backend.transactions([call(0), call(1)], [queueOut, queueOut], { valuationGas: 400_000 });
    expect(txs).toHaveLength(1);
    expect(txs[0]?.to).toBe(MODULE);
    expect(txs[0]?.label).toBe('module.execute(2 calls)');
    // 2 x (250k + 250k) + 100k + ceil(2 x 400k x 1.25) + 2 x 15k through the Safe
    expect(txs[0]?.gasBudget).toBe(2_130_000);
    const [decoded] = new Interface(SAFE_MODULE_KEEPER_ABI).decodeFunctionData('execute', txs[0]?.data ?? '0x') as unknown as [{ target: string; value: bigint; data: string }[]];
    expect(decoded.map((c) => [c.target.toLowerCase(), c.value, c.data])).toEqual([[TARGET, 7n, '0x12345678'], [TARGET, 7n, '0x12345678']]);
  });

  it('sends nothing for an empty plan', () => {
    expect(safeModuleBackend(SAFE, MODULE).transactions([], [])).toEqual([]);
  });

  it('is what backendFor builds for a safe-module vault; a safe-propose vault has no direct backend', () => {
    const b = backendFor({ name: 'dao', backend: 'safe-module', address: SAFE, safe: { module: MODULE, multiSendCallOnly: TARGET, proposalTtlSeconds: 3_600 } }, TARGET);
    expect([b.kind, b.holder, b.guard]).toEqual(['safe', SAFE, MODULE]);
    expect(backendFor({ name: 'v', backend: 'vault', address: SAFE }, TARGET).guard).toBe(SAFE);
    expect(backendFor({ name: 'e', backend: 'eoa', address: TARGET }, TARGET).guard).toBeUndefined();
    expect(() => backendFor({ name: 'dao', backend: 'safe-propose', address: SAFE }, TARGET)).toThrow(/owners signed/);
    expect(() => backendFor({ name: 'dao', backend: 'safe-module', address: SAFE }, TARGET)).toThrow(/safe.module/);
  });
});
