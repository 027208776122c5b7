import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigWithStrategies } from '../../../src/config/load-with-strategies.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';
import { deriveVaultSpec, wordMask, type VaultSpec } from '../../../src/vault-admin/vault-spec.ts';

/** Literal addresses: a = 0xa…a1 style, one per contract, so every rule and guard is checkable by eye. */
const A = (n: number): string => `0x${n.toString(16).padStart(2, '0').repeat(20)}`;
const VAULT = A(0x99);
const WETH = A(0x10);
const ROUTER = A(0x11);
const FACTORY = A(0x12);
const WEETH = A(0x20);
const LIQUIDITY_POOL = A(0x21);
const REDEMPTION = A(0x22);
const ADAPTER = A(0x23);
const EETH = A(0x24);
const NFT = A(0x25);
const EZETH = A(0x30);
const RESTAKE_MANAGER = A(0x31);
const RATE_PROVIDER = A(0x32);
const WITHDRAW_QUEUE = A(0x33);
const INSTANT = A(0x34);
const SM = A(0x40);
const DM = A(0x41);
const AM = A(0x42);
const RC = A(0x43);
const STRATEGY = A(0x44);
const OP1 = A(0x50);
const OP2 = A(0x51);
const EIGEN = A(0x60);
const KING = A(0x61);
const DISTRIBUTOR = A(0x62);
const PAIR = (a: string, b: string): string => A(0x70 + ([a, b].includes(WEETH) ? 1 : [a, b].includes(EZETH) ? 2 : [a, b].includes(KING) ? 4 : 3));

const yaml = `chain: { chainId: 31337, rpcUrls: ["http://127.0.0.1:8545"] }
universe: { weth: "${WETH}", multicall3: "${A(0x13)}", uniswap: { factory: "${FACTORY}", router: "${ROUTER}" } }
lrts:
  - { symbol: weETH, protocol: etherfi, token: "${WEETH}", riskTier: 1, contracts: { liquidityPool: "${LIQUIDITY_POOL}", redemptionManager: "${REDEMPTION}", depositAdapter: "${ADAPTER}" }, exits: { dex: { pair: "${A(0x71)}", feeBps: 30 }, instant: { feeBps: 30 }, queued: { delaySeconds: 86400 } },
      rewardStreams: [{ name: etherfi-avs, kind: token, token: "${KING}", symbol: KING, rate: { source: announced, apr: 0.01 }, claim: { cumulativeMerkle: { distributor: "${DISTRIBUTOR}", proofUrl: "http://127.0.0.1:9/king" } }, price: { uniswapV2Pair: "${A(0x74)}" } }] }
  - { symbol: ezETH, protocol: renzo, token: "${EZETH}", riskTier: 2, contracts: { restakeManager: "${RESTAKE_MANAGER}", rateProvider: "${RATE_PROVIDER}", withdrawQueue: "${WITHDRAW_QUEUE}", instantWithdrawer: "${INSTANT}" }, exits: { queued: { delaySeconds: 604800 }, instant: { feeBps: 50 } } }
eigenlayer:
  strategyManager: "${SM}"
  delegationManager: "${DM}"
  allocationManager: "${AM}"
  rewardsCoordinator: "${RC}"
  strategies: { ezETH: "${STRATEGY}" }
  operators: [{ name: one, address: "${OP1}", operatorSets: [] }, { name: two, address: "${OP2}", operatorSets: [] }]
  rewardTokens: [{ symbol: EIGEN, address: "${EIGEN}", dexPair: "${A(0x73)}" }]
strategy: { name: risk-adjusted-yield, params: { tierPenalty: [0, 0.001, 0.0025, 0.005, 0.01], idleApy: 0 } }
vaults: [{ name: main, address: "${VAULT}", backend: vault }]
execution: { relays: [{ name: local, url: "http://127.0.0.1:9" }] }
secrets: { signerKey: { env: K }, relayAuthKey: { env: R } }
`;

const targets: ExecutionTargets = {
  chainId: 31337, weth: WETH, multicall3: A(0x13), router: ROUTER,
  lrts: {
    weETH: { protocol: 'etherfi', token: WEETH, liquidityPool: LIQUIDITY_POOL, redemptionManager: REDEMPTION, eETH: EETH, withdrawRequestNft: NFT, depositAdapter: ADAPTER },
    ezETH: { protocol: 'renzo', token: EZETH, restakeManager: RESTAKE_MANAGER, withdrawQueue: WITHDRAW_QUEUE, instantWithdrawer: INSTANT },
  },
  eigen: { strategyManager: SM, delegationManager: DM, rewardsCoordinator: RC },
};

let dir: string;
let spec: VaultSpec;
const rule = (label: string): VaultSpec['callRules'][number] | undefined => spec.callRules.find((r) => r.label === label);
const lower = (x: string): string => x.toLowerCase();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vault-spec-'));
  writeFileSync(join(dir, 'k.yaml'), yaml);
  const { config } = await loadConfigWithStrategies(join(dir, 'k.yaml'), {});
  spec = await deriveVaultSpec(config, targets, VAULT, async (a, b) => PAIR(a, b));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vault allowlist derived from the keeper calldata', () => {
  it('guards receivers and operators by the words where the keeper puts them', () => {
    expect(lower(rule('sell weETH on Uniswap V2')?.target ?? '')).toBe(lower(ROUTER));
    expect(rule('sell weETH on Uniswap V2')).toMatchObject({ selfWords: [3], counterpartyWords: [], allowValue: false });
    expect(rule('redeem weETH instantly')?.selfWords).toEqual([1]);
    expect(rule(`delegate to ${OP1}`)?.counterpartyWords).toEqual([0]);
    // Only head words: the claim's earner sits in the tail (where a longer proof would move it).
    expect(rule('claim 1 reward token(s)')?.selfWords).toEqual([1]);
    // The stream's distributor pays the account in word 0: only ever the vault.
    expect(rule('claim KING of reward stream etherfi-avs')).toMatchObject({ target: expect.stringMatching(/^0x6262/i), selector: '0x1d7d4ebc', selfWords: [0], counterpartyWords: [], allowValue: false });
    expect(rule('mint ezETH')?.allowValue).toBe(true);
    expect(rule('mint weETH')?.allowValue).toBe(true);
    expect(rule('wrap ETH proceeds')?.allowValue).toBe(true);
    expect(wordMask([1, 2])).toBe(6);
  });

  it('approves only the spenders the calls need, and nothing for LRT withdrawal queues', () => {
    const pairs = spec.spenders.map((s) => `${s.tokenLabel}->${lower(s.spender)}`).sort();
    expect(pairs).toEqual([
      `EIGEN->${lower(ROUTER)}`,
      `KING->${lower(ROUTER)}`,
      // weETH is bought on its V2 pair when it trades under its rate (src/plan/entry.ts).
      `WETH->${lower(ROUTER)}`,
      `ezETH->${lower(INSTANT)}`,
      `ezETH->${lower(SM)}`,
      `weETH->${lower(REDEMPTION)}`,
      `weETH->${lower(ROUTER)}`,
    ].sort());
    const targetsUsed = new Set(spec.callRules.map((r) => lower(r.target)));
    for (const queue of [WITHDRAW_QUEUE, LIQUIDITY_POOL, NFT]) expect(targetsUsed.has(lower(queue))).toBe(false);
    // ezETH has no DEX exit in this config: no ezETH pool, no ezETH -> router approval.
    expect(spec.counterparties.map((c) => c.label).sort()).toEqual(['operator one', 'operator two', 'uniswapV2:EIGEN/WETH', 'uniswapV2:KING/WETH', 'uniswapV2:weETH/WETH']);
  });

  it('values each LRT through the rate read the observer uses, and restakes only configured strategies', () => {
    expect(spec.positions.map((p) => [p.symbol, lower(p.rateTarget), p.rateLabel])).toEqual([
      ['weETH', lower(WEETH), 'weETH.getRate'],
      ['ezETH', lower(RATE_PROVIDER), 'ezETH.rateProvider.getRate'],
    ]);
    expect(spec.positions[0]?.rateData).toBe('0x679aefce'); // getRate()
    expect(spec.strategies).toEqual([{ symbol: 'ezETH', strategy: expect.stringMatching(/^0x4444/i) }]);
  });
});
