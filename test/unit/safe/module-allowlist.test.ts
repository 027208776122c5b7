import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { moduleAllowlistOf, moduleSetupCalls } from '../../../src/safe/module-setup.ts';
import { VAULT_ADMIN_ABI } from '../../../src/protocols/vault/abi.ts';
import { wordMask, type VaultSpec } from '../../../src/vault-admin/vault-spec.ts';

const SAFE = '0x1111111111111111111111111111111111111111';
const MODULE = '0x2222222222222222222222222222222222222222';
const EZETH = '0x3333333333333333333333333333333333333333';
const RATE = '0x4444444444444444444444444444444444444444';
const STRATEGY = '0x5555555555555555555555555555555555555555';
const OPERATOR = '0x6666666666666666666666666666666666666666';
const POOL = '0x7777777777777777777777777777777777777777';
const ROUTER = '0x8888888888888888888888888888888888888888';
const WETH = '0x9999999999999999999999999999999999999999';

const SPEC: VaultSpec = {
  positions: [{ symbol: 'ezETH', token: EZETH, rateTarget: RATE, rateData: '0x679aefce', rateLabel: 'ezETH rate' }],
  strategies: [{ symbol: 'ezETH', strategy: STRATEGY }],
  counterparties: [{ label: 'operator op-a', address: OPERATOR }, { label: 'uniswapV2:WETH/ezETH', address: POOL }],
  spenders: [{ token: WETH, tokenLabel: 'WETH', spender: ROUTER, spenderLabel: 'router' }],
  callRules: [{ label: 'swap WETH → ezETH', target: ROUTER, selector: '0x38ed1739', allowValue: false, selfWords: [3], counterpartyWords: [] }],
};

const admin = new Interface(VAULT_ADMIN_ABI);

describe('moduleAllowlistOf', () => {
  it('keeps every address and guard of the spec, pools inside counterparties only once', () => {
    const a = moduleAllowlistOf(SPEC);
    expect(a).toEqual({
      positions: [{ token: EZETH, rateTarget: RATE, rateData: '0x679aefce' }],
      strategies: [{ strategy: STRATEGY }],
      counterparties: [{ address: OPERATOR }, { address: POOL }],
      pools: [],
      spenders: [{ token: WETH, spender: ROUTER }],
      callRules: [{ target: ROUTER, selector: '0x38ed1739', label: 'swap WETH → ezETH', allowValue: false, selfWords: [3], counterpartyWords: [] }],
    });
  });

  it('gives the set-up batch: enableModule first, then one module call per allowlist entry', () => {
    const calls = moduleSetupCalls(SAFE, MODULE, moduleAllowlistOf(SPEC));
    expect(calls.map((c) => c.to)).toEqual([SAFE, MODULE, MODULE, MODULE, MODULE, MODULE, MODULE]);
    const fns = calls.slice(1).map((c) => admin.parseTransaction({ data: c.data })?.name);
    expect(fns).toEqual(['queueSetPosition', 'queueAddStrategy', 'queueCounterparty', 'queueCounterparty', 'queueSpender', 'queueCallRule']);
    const rule = admin.decodeFunctionData('queueCallRule', calls[6]?.data ?? '0x');
    expect(rule[2].selfWords).toBe(8n);
    expect(rule[2].counterpartyWords).toBe(0n);
    expect(calls.map((c) => c.label)).toEqual([
      `safe.enableModule(${MODULE})`,
      `module.queueSetPosition(${EZETH}, rate from ${RATE})`,
      `module.queueAddStrategy(${STRATEGY})`,
      `module.queueCounterparty(${OPERATOR})`,
      `module.queueCounterparty(${POOL})`,
      `module.queueSpender(${WETH}, ${ROUTER})`,
      'module.queueCallRule(swap WETH → ezETH)',
    ]);
  });
});

describe('wordMask', () => {
  it('sets one bit per head word', () => {
    expect(wordMask([0, 3, 31])).toBe(0x80000009);
  });

  it('refuses an index past the 32 guarded words instead of wrapping to word 0', () => {
    expect(() => wordMask([32])).toThrow(/word index out of range/);
    expect(() => wordMask([-1])).toThrow(/word index out of range/);
  });
});
