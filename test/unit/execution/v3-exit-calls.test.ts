/**
 * A withdraw naming the uniswap-v3 venue becomes approve(V3 router) + exactInputSingle with the
 * plan's min-out and the holder as recipient, and so does a DEX entry naming it (WETH in, the LRT
 * out); the vault allowlist derived from a config with a V3 exit carries that router, its pool,
 * the recipient guard and both approvals (the LRT for sales, WETH for buys).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface } from 'ethers';
import type { DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { buildCalls } from '../../../src/execution/build-calls.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';
import { loadConfigWithStrategies } from '../../../src/config/load-with-strategies.ts';
import { targetsFromConfig } from '../../../src/execution/targets-config.ts';
import { deriveVaultSpec, type VaultSpec } from '../../../src/vault-admin/vault-spec.ts';
import { UNISWAP_V3_SWAP_ROUTER_ABI } from '../../../src/protocols/uniswap/v3-venue.ts';

const A = (n: number): string => `0x${n.toString(16).padStart(2, '0').repeat(20)}`;
const [WETH, V2_ROUTER, V3_ROUTER, QUOTER, POOL, EZETH, HOLDER] = [A(0x10), A(0x11), A(0x14), A(0x15), A(0x16), A(0x30), A(0x99)];
const router = new Interface(UNISWAP_V3_SWAP_ROUTER_ABI);
const erc20 = new Interface(['function approve(address spender, uint256 amount) returns (bool)']);

const targets: ExecutionTargets = {
  chainId: 31337, weth: WETH, multicall3: A(0x13), router: V2_ROUTER,
  lrts: { ezETH: { protocol: 'renzo', token: EZETH, restakeManager: A(0x31), withdrawQueue: A(0x33), instantWithdrawer: A(0x34) } },
  venues: { ezETH: [{ kind: 'uniswap-v3', pool: POOL, fee: 100, quoter: QUOTER, router: V3_ROUTER }] },
};
const specs: PositionSpec[] = [{ id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: EZETH as `0x${string}`, exits: { instant: { feeBps: 50 } }, riskTier: 2 }];
const sale: WithdrawAction = {
  kind: 'withdraw', positionId: 'ezETH', route: 'dex', venue: 'uniswap-v3', amountLrt: 1_000n, fairValueWei: 1_040n, expectedOutWei: 1_039n, minOutWei: 1_030n, costWei: 1n, slippageBps: 1, delaySeconds: 0, gas: 220_000, why: '',
};

describe('V3 exit calldata', () => {
  it('approves the V3 router for exactly the amount and swaps with the min-out to the holder', () => {
    const calls = buildCalls([sale], { holder: HOLDER, targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n });
    expect(calls.map((c) => [c.label, c.to.toLowerCase()])).toEqual([
      ['approve ezETH → uniswap-v3 router', EZETH],
      [`sell ezETH on ezETH/WETH uniswap-v3 ${POOL}`, V3_ROUTER],
    ]);
    expect(erc20.decodeFunctionData('approve', calls[0]!.data).map(String)).toEqual([expect.stringMatching(/^0x14/i), '1000']);
    const [p] = router.decodeFunctionData('exactInputSingle', calls[1]!.data) as unknown as [[string, string, bigint, string, bigint, bigint, bigint, bigint]];
    expect([p[0].toLowerCase(), p[1].toLowerCase(), p[2], p[3].toLowerCase(), p[4], p[5], p[6], p[7]]).toEqual([EZETH, WETH, 100n, HOLDER, 1_700_000_000n, 1_000n, 1_030n, 0n]);
  });

  it('buys on V3: wraps the native ETH it spends, approves WETH for exactly the amount, swaps WETH → LRT with the min-out to the holder', () => {
    const buy: DepositLrtAction = { kind: 'deposit-lrt', route: 'dex', venue: 'uniswap-v3', positionId: 'ezETH', amountWei: 2_000n, expectedLrt: 1_930n, minLrt: 1_925n, gas: 200_000, why: '' };
    const calls = buildCalls([buy], { holder: HOLDER, targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n, nativeWei: 500n });
    expect(calls.map((c) => [c.label, c.to.toLowerCase(), c.value])).toEqual([
      ['wrap ETH for a DEX buy', WETH, 500n],
      ['approve WETH → uniswap-v3 router', WETH, 0n],
      [`buy ezETH on ezETH/WETH uniswap-v3 ${POOL}`, V3_ROUTER, 0n],
    ]);
    expect(erc20.decodeFunctionData('approve', calls[1]!.data).map(String)).toEqual([expect.stringMatching(/^0x14/i), '2000']);
    const [p] = router.decodeFunctionData('exactInputSingle', calls[2]!.data) as unknown as [[string, string, bigint, string, bigint, bigint, bigint, bigint]];
    expect([p[0].toLowerCase(), p[1].toLowerCase(), p[2], p[3].toLowerCase(), p[4], p[5], p[6], p[7]]).toEqual([WETH, EZETH, 100n, HOLDER, 1_700_000_000n, 2_000n, 1_925n, 0n]);
  });

  it('refuses a V3 sale for an LRT without a V3 venue', () => {
    expect(() => buildCalls([sale], { holder: HOLDER, targets: { ...targets, venues: {} }, specs, withdrawals: new Map(), deadline: 1n })).toThrow(/no uniswap-v3 venue configured for ezETH/);
  });
});

const yaml = `chain: { chainId: 31337, rpcUrls: ["http://127.0.0.1:8545"] }
universe: { weth: "${WETH}", multicall3: "${A(0x13)}", uniswap: { factory: "${A(0x12)}", router: "${V2_ROUTER}" }, uniswapV3: { factory: "${A(0x17)}", quoter: "${QUOTER}", router: "${V3_ROUTER}" } }
lrts:
  - { symbol: ezETH, protocol: renzo, token: "${EZETH}", riskTier: 2, contracts: { restakeManager: "${A(0x31)}", rateProvider: "${A(0x32)}", withdrawQueue: "${A(0x33)}", instantWithdrawer: "${A(0x34)}" }, exits: { dexV3: { pool: "${POOL}", fee: 100 }, instant: { feeBps: 50 } } }
eigenlayer: { strategyManager: "${A(0x40)}", delegationManager: "${A(0x41)}", allocationManager: "${A(0x42)}", rewardsCoordinator: "${A(0x43)}" }
strategy: { name: risk-adjusted-yield, params: { tierPenalty: [0, 0.001, 0.0025, 0.005, 0.01], idleApy: 0 } }
vaults: [{ name: main, address: "${HOLDER}", backend: vault }]
execution: { relays: [{ name: local, url: "http://127.0.0.1:9" }] }
secrets: { signerKey: { env: K }, relayAuthKey: { env: R } }
`;

describe('vault allowlist with a V3 exit', () => {
  let dir: string;
  let spec: VaultSpec;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vault-spec-v3-'));
    writeFileSync(join(dir, 'k.yaml'), yaml);
    const { config } = await loadConfigWithStrategies(join(dir, 'k.yaml'), {});
    const fromConfig = await targetsFromConfig(config, undefined as never);
    expect(fromConfig.venues?.ezETH).toEqual([{ kind: 'uniswap-v3', pool: POOL, fee: 100, quoter: QUOTER, router: V3_ROUTER }]);
    spec = await deriveVaultSpec(config, fromConfig, HOLDER, async () => {
      throw new Error('no V2 swap expected');
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('allows exactInputSingle on the V3 router with the recipient bound to the vault, its pool and the LRT approve', () => {
    const rule = spec.callRules.find((r) => r.selector === router.getFunction('exactInputSingle')!.selector);
    expect(rule?.target.toLowerCase()).toBe(V3_ROUTER);
    expect(rule?.selfWords).toEqual([3]);
    expect(spec.counterparties.map((c) => [c.label, c.address.toLowerCase()])).toEqual([['uniswapV3:WETH/ezETH', POOL]]);
    expect(spec.spenders.map((s) => `${s.tokenLabel}->${s.spender.toLowerCase()}`)).toContain(`ezETH->${V3_ROUTER}`);
    // The entry under the rate buys on the same pool: WETH may be approved to the V3 router, and nothing else new.
    expect(spec.spenders.map((s) => `${s.tokenLabel}->${s.spender.toLowerCase()}`)).toContain(`WETH->${V3_ROUTER}`);
    expect(spec.callRules.filter((r) => r.target.toLowerCase() === V3_ROUTER)).toHaveLength(1);
  });
});
