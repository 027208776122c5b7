/**
 * The observer against literal Multicall3 answers: decoding into a snapshot, and every
 * rejection (failed sub-call, unusable answer, wrong chain id, block going backwards, rate
 * jump), each logged with its reason and never returned as a snapshot.
 */
import { describe, expect, it } from 'vitest';
import { AbiCoder, getAddress, keccak256 } from 'ethers';
import { multicall3 } from '../../../src/chain/multicall.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import type { Address } from '../../../src/domain/types.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { LastSeenBlocks } from '../../../src/observe/last-seen.ts';
import { observeVault, type ObserveOptions } from '../../../src/observe/observer.ts';
import type { RewardsSource, RewardsTreeFile } from '../../../src/observe/rewards-source.ts';
import type { ObserveTargets } from '../../../src/observe/targets.ts';
import { buildVaultReads } from '../../../src/observe/vault-reads.ts';
import { weEthRate } from '../../../src/protocols/etherfi/reads.ts';
import { buildRewardsTree } from '../../../src/protocols/eigenlayer/rewards-merkle.ts';

const E = 10n ** 18n;
const addr = (hex: string): Address => getAddress(hex) as Address;
const TS = 1_700_000_000;
const HOLDER = addr('0x00000000000000000000000000000000000000aa');
const WETH = addr('0x00000000000000000000000000000000000000f0');
const WEETH = addr('0x00000000000000000000000000000000000000e1');
const PAIR = addr('0x00000000000000000000000000000000000000d1');
const STRATEGY = addr('0x00000000000000000000000000000000000000c1');
const OPERATOR = addr('0x00000000000000000000000000000000000000b1');
const AVS = addr('0x00000000000000000000000000000000000000a1');
const EIGEN = addr('0x0000000000000000000000000000000000000e16');
const EIGEN_PAIR = addr('0x00000000000000000000000000000000000000d2');

const TARGETS: ObserveTargets = {
  vault: 'v1',
  holder: HOLDER,
  chainId: 1,
  multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
  weth: WETH,
  lrts: [{ symbol: 'weETH', protocol: 'etherfi', token: WEETH, rate: weEthRate(WEETH), dexPair: PAIR, liquidPositionId: 'weETH', restaked: { positionId: 'weETH-restaked', strategy: STRATEGY } }],
  eigen: {
    delegationManager: addr('0x0000000000000000000000000000000000000de1'),
    allocationManager: addr('0x0000000000000000000000000000000000000a11'),
    rewardsCoordinator: addr('0x0000000000000000000000000000000000000ac1'),
    operators: [{ name: 'op-a', address: OPERATOR, operatorSets: [{ avs: AVS, id: 0, rewardToken: EIGEN }] }],
  },
  rewardTokens: [{ symbol: 'EIGEN', address: EIGEN, dexPair: EIGEN_PAIR }],
  secondsPerBlock: 12,
};

const WITHDRAWAL = [HOLDER, OPERATOR, HOLDER, 3n, 80n, [STRATEGY], [5n * E]] as const;

/** Literal return values per read label; 'revert' makes that sub-call fail. */
function answers(overrides: Record<string, readonly unknown[] | 'revert'> = {}): Record<string, readonly unknown[] | 'revert'> {
  return {
    'Multicall3.getBlockNumber': [100n],
    'Multicall3.getCurrentBlockTimestamp': [BigInt(TS)],
    'Multicall3.getBasefee': [10_000_000_000n],
    'Multicall3.getChainId': [1n],
    'WETH.balanceOf': [30n * E],
    'Multicall3.getEthBalance': [2n * E],
    'weETH.getRate': [1_070_000_000_000_000_000n],
    'weETH.balanceOf': [10n * E],
    // token0 is WETH, so reserve0 is the WETH side.
    'weETH/WETH.getReserves': [5_350n * E, 5_000n * E, 0n],
    'weETH/WETH.token0': [WETH],
    'weETH strategy.sharesToUnderlyingView': [(3n * 10n ** 36n) / 2n],
    'DelegationManager.getWithdrawableShares': [[8n * E], [10n * E]],
    'DelegationManager.delegatedTo': [OPERATOR],
    'DelegationManager.getQueuedWithdrawals': [[WITHDRAWAL], [[4n * E]]],
    'DelegationManager.minWithdrawalDelayBlocks': [50n],
    'RewardsCoordinator.getCurrentClaimableDistributionRoot': [[TREE_1.tree.root, TS - 100, TS - 40, false]],
    'RewardsCoordinator.getDistributionRootsLength': [2n],
    'AllocationManager.getMaxMagnitudes(op-a)': [[800_000_000_000_000_000n]],
    [`AllocationManager.getSlashCount(${AVS}/0)`]: [1n],
    'EIGEN.decimals': [18n],
    'RewardsCoordinator.cumulativeClaimed(EIGEN)': [1n * E],
    'EIGEN/WETH.getReserves': [1_000_000n * E, 1_000n * E, 0n],
    'EIGEN/WETH.token0': [EIGEN],
    ...overrides,
  };
}

const TREE_0: RewardsTreeFile = { rootIndex: 0, calculatedUntil: TS - 400, tree: buildRewardsTree({ [HOLDER]: { [EIGEN]: 3n * E } }) };
const TREE_1: RewardsTreeFile = { rootIndex: 1, calculatedUntil: TS - 100, tree: buildRewardsTree({ [HOLDER]: { [EIGEN]: 5n * E } }) };
const REWARDS: RewardsSource = {
  indices: async () => [0, 1, 2],
  tree: async (i) => [TREE_0, TREE_1, { ...TREE_1, rootIndex: 2, tree: buildRewardsTree({ [HOLDER]: { [EIGEN]: 9n * E } }) }][i],
};

/** Encodes the aggregate3 answer the way Multicall3 would. */
function encodeAnswer(values: Record<string, readonly unknown[] | 'revert'>): string {
  const { batch } = buildVaultReads(TARGETS);
  const rows = batch.calls.map((call) => {
    const v = values[call.label];
    if (v === undefined) throw new Error(`no literal answer for ${call.label}`);
    return v === 'revert' ? [false, '0x'] : [true, call.iface.encodeFunctionResult(call.fn, v)];
  });
  return multicall3.encodeFunctionResult('aggregate3', [rows]);
}

function harness(raw: () => string, lastSeen = new LastSeenBlocks()) {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } });
  let requests = 0;
  const rpc = {
    call: async (method: string) => {
      requests += 1;
      expect(method).toBe('eth_call');
      return raw();
    },
    batch: async () => [],
  };
  return { deps: { rpc, logger, rewards: REWARDS, lastSeen, clock: () => TS + 5 }, logs, requests: () => requests };
}

const OPTIONS: ObserveOptions = { lastRate: async () => undefined, maxRateJumpBps: 100, rewardWindowSeconds: 30 * 86_400 };

describe('observeVault', () => {
  it("counts the book's native ETH as idle: a vault's whole balance, the keeper's ledger credit only (never its gas ETH)", async () => {
    const h = harness(() => encodeAnswer(answers()));
    const ledger = await observeVault(h.deps, TARGETS, { ...OPTIONS, nativeCreditWei: E / 2n });
    if (!ledger.ok) throw new Error(ledger.reasons.join('; '));
    expect(ledger.observation.snapshot).toMatchObject({ idleWei: 30n * E + E / 2n, nativeWei: E / 2n });
    expect(ledger.observation.book).toMatchObject({ holderNativeWei: 2n * E, nativeCreditWei: E / 2n });
    const h2 = harness(() => encodeAnswer(answers()));
    const vault = await observeVault(h2.deps, { ...TARGETS, native: 'all' }, OPTIONS);
    if (!vault.ok) throw new Error(vault.reasons.join('; '));
    expect(vault.observation.snapshot).toMatchObject({ idleWei: 32n * E, nativeWei: 2n * E });
  });

  it('decodes one aggregate3 answer into a snapshot, with one RPC request', async () => {
    const h = harness(() => encodeAnswer(answers()));
    const outcome = await observeVault(h.deps, TARGETS, OPTIONS);
    expect(h.requests()).toBe(1);
    if (!outcome.ok) throw new Error(outcome.reasons.join('; '));
    const { snapshot, rates, minWithdrawalDelayBlocks, rewardTrees } = outcome.observation;
    expect(snapshot).toMatchObject({ chainId: 1, block: 100, timestamp: TS, baseFeeWei: 10_000_000_000n, holder: HOLDER, delegatedTo: OPERATOR, idleWei: 30n * E, observedAt: TS + 5 });
    expect(rates).toEqual({ weETH: 1_070_000_000_000_000_000n });
    expect(minWithdrawalDelayBlocks).toBe(50);
    expect(snapshot.positions).toEqual([
      { positionId: 'weETH', rateWad: 1_070_000_000_000_000_000n, dex: { token: 5_000n * E, weth: 5_350n * E }, liquidBalance: 10n * E, valueWei: 10_700_000_000_000_000_000n },
      {
        positionId: 'weETH-restaked',
        rateWad: 1_070_000_000_000_000_000n,
        dex: { token: 5_000n * E, weth: 5_350n * E },
        liquidBalance: 0n,
        // Withdrawable (8), not deposit (10), shares are valued: 8 × 1.5 = 12 weETH.
        eigen: { depositShares: 10n * E, withdrawableShares: 8n * E, withdrawableUnderlying: 12n * E },
        valueWei: 12_840_000_000_000_000_000n,
      },
    ]);
    const root = keccak256(AbiCoder.defaultAbiCoder().encode(['tuple(address,address,address,uint256,uint32,address[],uint256[])'], [WITHDRAWAL]));
    // 4 shares paid × 1.5 = 6 weETH × 1.07; completable after block 130: 30 blocks × 12 s away.
    expect(snapshot.queuedWithdrawals).toEqual([{ id: root, positionId: 'weETH-restaked', kind: 'eigen', amountWei: 6_420_000_000_000_000_000n, completableAt: TS + 360 }]);
    // Claimable from the claimable root's tree (5) minus claimed (1); earned from the newest posted (root 2 is beyond roots length 2).
    expect(snapshot.rewards).toEqual([{ token: EIGEN, decimals: 18, claimable: 4n * E, cumulativeEarned: 5n * E, dex: { token: 1_000_000n * E, weth: 1_000n * E } }]);
    expect(snapshot.slashing).toEqual([{ operator: OPERATOR, avs: AVS, operatorSetId: 0, strategies: [STRATEGY], wadSlashed: [200_000_000_000_000_000n], block: 100 }]);
    expect(rewardTrees.map((t) => t.rootIndex)).toEqual([1, 0]);
  });

  it('rejects an answer with a failed sub-call, naming it', async () => {
    const h = harness(() => encodeAnswer(answers({ 'weETH.getRate': 'revert' })));
    const outcome = await observeVault(h.deps, TARGETS, OPTIONS);
    expect(outcome).toEqual({ ok: false, reasons: ['sub-call weETH.getRate failed: call reverted'] });
    expect(h.logs.find((l) => l.msg === 'observation rejected')).toMatchObject({ level: 40, vault: 'v1', reasons: ['sub-call weETH.getRate failed: call reverted'] });
  });

  it('rejects an answer that is not an aggregate3 result', async () => {
    const h = harness(() => '0x');
    const outcome = await observeVault(h.deps, TARGETS, OPTIONS);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.reasons[0]).toMatch(/^multicall answer unusable: Multicall3 answer could not be decoded/);
  });

  it('rejects a sub-call answer that decodes but makes no sense', async () => {
    const h = harness(() => encodeAnswer(answers({ 'EIGEN.decimals': [77n] })));
    const outcome = await observeVault(h.deps, TARGETS, OPTIONS);
    expect(outcome).toEqual({ ok: false, reasons: ['sub-call EIGEN.decimals answered nonsense: unexpected answer: decimals 77 out of range'] });
  });

  it('rejects the wrong chain id', async () => {
    const h = harness(() => encodeAnswer(answers({ 'Multicall3.getChainId': [5n] })));
    expect(await observeVault(h.deps, TARGETS, OPTIONS)).toEqual({ ok: false, reasons: ['wrong chain id: got 5, expected 1'], block: 100 });
  });

  it('rejects a block older than the last accepted one, and keeps the newer one as reference', async () => {
    let block = 100n;
    const lastSeen = new LastSeenBlocks();
    const h = harness(() => encodeAnswer(answers({ 'Multicall3.getBlockNumber': [block] })), lastSeen);
    expect((await observeVault(h.deps, TARGETS, OPTIONS)).ok).toBe(true);
    block = 99n;
    expect(await observeVault(h.deps, TARGETS, OPTIONS)).toEqual({ ok: false, reasons: ['block 99 is older than the last seen block 100'], block: 99 });
    block = 100n;
    expect((await observeVault(h.deps, TARGETS, OPTIONS)).ok).toBe(true);
    expect(lastSeen.get('v1')).toBe(100);
  });

  it('rejects a rate that jumped beyond maxRateJumpBps from the last stored sample', async () => {
    const seen: [string, number][] = [];
    const lastRate = async (symbol: string, ts: number): Promise<RateSample> => {
      seen.push([symbol, ts]);
      return { timestamp: TS - 12, rateWad: 1_050_000_000_000_000_000n };
    };
    const h = harness(() => encodeAnswer(answers()));
    const outcome = await observeVault(h.deps, TARGETS, { ...OPTIONS, lastRate });
    expect(seen).toEqual([['weETH', TS]]);
    // 1.07 / 1.05 − 1 = 190.48 bps.
    expect(outcome).toEqual({ ok: false, reasons: [`weETH rate moved 190.48 bps since the sample at ${TS - 12} (1050000000000000000 -> 1070000000000000000); limit 100 bps`], block: 100 });
    const within = await observeVault(h.deps, TARGETS, { ...OPTIONS, lastRate, maxRateJumpBps: 200 });
    expect(within.ok).toBe(true);
  });
});
