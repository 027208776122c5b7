/**
 * Issue 16, defects 1–4 with the numbers: ETH proceeds are wrapped or swept and never
 * left unaccounted, the ether.fi instant exit has a working guard, a restake after a mint takes
 * the whole mint (less 1 bp of rate drift), and tolerance refuses only worse-than-planned.
 */
import { describe, expect, it } from 'vitest';
import type { Action, CompleteWithdrawalAction, DepositLrtAction, EigenDepositAction, WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { divWad, mulWad, subtractBps } from '../../../src/domain/units.ts';
import { buildCalls, type BuildContext } from '../../../src/execution/build-calls.ts';
import { checkDeltas, expectedDeltas, NATIVE_KEY } from '../../../src/execution/expectations.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';
import { bookNative, planNativeDelta } from '../../../src/reconcile/native-book.ts';

const E = 10n ** 18n;
const milli = (n: bigint): bigint => n * 10n ** 15n;
const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const WETH = addr(1);
const targets: ExecutionTargets = {
  chainId: 31337, weth: WETH, multicall3: addr(2), router: addr(3),
  lrts: {
    weETH: { protocol: 'etherfi', token: addr(10), liquidityPool: addr(11), redemptionManager: addr(12), eETH: addr(13), withdrawRequestNft: addr(14), depositAdapter: addr(15) },
    ezETH: { protocol: 'renzo', token: addr(20), restakeManager: addr(21), withdrawQueue: addr(22), instantWithdrawer: addr(23) },
  },
  eigen: { strategyManager: addr(30), delegationManager: addr(31), rewardsCoordinator: addr(32) },
};
const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: addr(10), exits: { instant: { feeBps: 30 }, queued: { delaySeconds: 86_400 } }, riskTier: 1 },
  { id: 'ezETH', symbol: 'ezETH', protocol: 'renzo', token: addr(20), exits: { instant: { feeBps: 50 } }, riskTier: 2 },
  { id: 'ezETH-restaked', symbol: 'ezETH', protocol: 'renzo', token: addr(20), eigen: { strategy: addr(40), operator: addr(41), operatorSets: [] }, exits: {}, riskTier: 2 },
];
const ctx: BuildContext = { holder: addr(99), targets, specs, withdrawals: new Map(), deadline: 1_700_000_000n };

// 100 weETH at rate 1.05: fair 105 ETH, 30 bps fee → 104.685 expected, 60 bps guard → 104.37 min-out.
const fair = mulWad(100n * E, 105n * 10n ** 16n);
const redeem: WithdrawAction = {
  kind: 'withdraw', positionId: 'weETH', route: 'instant', amountLrt: 100n * E, fairValueWei: fair, expectedOutWei: subtractBps(fair, 30), minOutWei: subtractBps(fair, 60),
  costWei: fair - subtractBps(fair, 30), slippageBps: 30, delaySeconds: 0, gas: 220_000, why: 'redeem weETH',
};

describe('defect 1: ETH proceeds are never stranded', () => {
  it('the issue numbers: 104.685 expected, 104.37 min-out', () => {
    expect(redeem.expectedOutWei).toBe(milli(104_685n));
    expect(redeem.minOutWei).toBe(milli(104_370n));
  });

  it('the bundle wraps the min-out; the plan expects the 0.315 ETH above it to stay native (counted), not to vanish', () => {
    const calls = buildCalls([redeem], ctx);
    expect(calls.at(-1)).toMatchObject({ label: 'wrap ETH proceeds', to: WETH, value: milli(104_370n) });
    const native = expectedDeltas([redeem], calls, specs, WETH).find((e) => e.token === NATIVE_KEY);
    expect(native).toMatchObject({ expected: milli(315n), floor: 0n });
  });

  it('the landed plan credits exactly what stayed native; the next bundle sweeps it; nothing is left native', () => {
    const gas = 3n * 10n ** 15n;
    const before = 2n * E; // the keeper's gas ETH, not book
    const afterFirst = before + redeem.expectedOutWei - redeem.minOutWei - gas;
    const credit = planNativeDelta(before, afterFirst, gas);
    expect(credit).toBe(milli(315n));
    expect(bookNative(credit, afterFirst)).toBe(milli(315n));
    // The next plan (any actions) starts its ETH float with the credit and wraps it.
    const sale: WithdrawAction = { ...redeem, positionId: 'ezETH', route: 'dex', amountLrt: E, fairValueWei: E, expectedOutWei: E, minOutWei: E };
    const next = buildCalls([sale], { ...ctx, nativeWei: credit });
    expect(next.at(-1)).toMatchObject({ label: 'wrap ETH proceeds', value: milli(315n) });
    const afterSecond = afterFirst - milli(315n) - gas;
    expect(credit + planNativeDelta(afterFirst, afterSecond, gas)).toBe(0n);
    expect(afterSecond).toBe(before - 2n * gas);
  });

  it('an LRT-queue completion pays native ETH into the book: expected at the tracked value, swept by the float', () => {
    const complete: CompleteWithdrawalAction = { kind: 'complete-withdrawal', withdrawalId: 'etherfi:7', positionId: 'weETH', expectedWei: 104n * E, gas: 250_000, why: '' };
    const withdrawals = new Map([['etherfi:7', { id: 'etherfi:7', vault: 'v', holder: addr(99), positionId: 'weETH', queuedBlock: 1, queuedAt: 1, expectedWei: 104n * E, status: 'queued' as const, kind: 'etherfi' as const, tokenId: 7n }]]);
    const calls = buildCalls([complete], { ...ctx, withdrawals });
    expect(calls.map((c) => c.label)).toEqual(['claim ether.fi request 7']);
    const [native] = expectedDeltas([complete], calls, specs, WETH, { completions: new Map([['etherfi:7', 'etherfi']]) });
    expect(native).toMatchObject({ token: NATIVE_KEY, expected: 104n * E, unknown: 104n * E });
    // Paid 103.9 (the lower of two values): passes, the queue decides; the ledger credits all of it.
    expect(checkDeltas([native!], new Map([[NATIVE_KEY, milli(103_900n)]]), 10)[0]?.ok).toBe(true);
  });
});

describe('a deposit funded by a claim in the same bundle (the planner counts due claims as cash)', () => {
  const complete: CompleteWithdrawalAction = { kind: 'complete-withdrawal', withdrawalId: 'etherfi:7', positionId: 'weETH', expectedWei: 3n * E, gas: 250_000, why: '' };
  const withdrawals = new Map([['etherfi:7', { id: 'etherfi:7', vault: 'v', holder: addr(99), positionId: 'weETH', queuedBlock: 1, queuedAt: 1, expectedWei: 3n * E, status: 'queued' as const, kind: 'etherfi' as const, tokenId: 7n }]]);
  const mint: DepositLrtAction = { kind: 'deposit-lrt', positionId: 'ezETH', amountWei: 5n * E, expectedLrt: 4n * E, minLrt: 4n * E, gas: 200_000, why: '' };

  it('spends the claim first, unwraps only the rest, never wraps what the claim should pay', () => {
    const calls = buildCalls([complete, mint], { ...ctx, withdrawals });
    expect(calls.map((c) => [c.label, c.value])).toEqual([['claim ether.fi request 7', 0n], ['unwrap WETH for deposit', 0n], ['mint ezETH', 5n * E]]);
    expect(calls[1]?.data.endsWith((2n * E).toString(16).padStart(64, '0'))).toBe(true);
    expect(buildCalls([complete], { ...ctx, withdrawals }).map((c) => c.label)).toEqual(['claim ether.fi request 7']);
  });

  it('then holds the claim to its amount: a short claim would have spent gas ETH', () => {
    const calls = buildCalls([complete, mint], { ...ctx, withdrawals });
    const native = expectedDeltas([complete, mint], calls, specs, WETH, { completions: new Map([['etherfi:7', 'etherfi']]) }).find((e) => e.token === NATIVE_KEY)!;
    expect(native).toMatchObject({ expected: 0n, floor: 0n, unknown: 0n });
    expect(checkDeltas([native], new Map([[NATIVE_KEY, -E]]), 10)[0]?.ok).toBe(false);
  });
});

describe('defect 2: the ether.fi instant exit has a working guard', () => {
  const calls = buildCalls([redeem], ctx);
  const expectations = expectedDeltas([redeem], calls, specs, WETH);
  const gas = 5n * 10n ** 15n;

  it('a redemption paying 1 ETH instead of 104.685 is refused, although the wrap was paid from gas ETH', () => {
    // eoa: the wrap of 104.37 succeeds out of the keeper's gas ETH; WETH looks right, native does not.
    const actual = new Map([[NATIVE_KEY, E - milli(104_370n) - gas], [WETH.toLowerCase(), milli(104_370n)], [addr(10), -100n * E]]);
    const checks = checkDeltas(expectations, actual, 10, 1_000n, { nativeGasWei: gas });
    expect(checks.find((c) => c.token === NATIVE_KEY)?.ok).toBe(false);
    expect(checks.find((c) => c.token === WETH.toLowerCase())?.ok).toBe(true);
  });

  it('the redemption the plan expects passes', () => {
    const actual = new Map([[NATIVE_KEY, milli(315n) - gas], [WETH.toLowerCase(), milli(104_370n)], [addr(10), -100n * E]]);
    expect(checkDeltas(expectations, actual, 10, 1_000n, { nativeGasWei: gas }).every((c) => c.ok)).toBe(true);
  });
});

describe('defect 3: a restake after a mint takes the whole mint', () => {
  // 100 ETH into ezETH at rate 1.02: 98.0392 expected, 60 bps guard → 97.4510 minimum.
  const expectedLrt = divWad(100n * E, 102n * 10n ** 16n);
  const mint: DepositLrtAction = { kind: 'deposit-lrt', positionId: 'ezETH-restaked', amountWei: 100n * E, expectedLrt, minLrt: subtractBps(expectedLrt, 60), gas: 200_000, why: '' };
  const restake: EigenDepositAction = { kind: 'eigen-deposit', positionId: 'ezETH-restaked', strategy: addr(40), amountLrt: expectedLrt, gas: 200_000, why: '' };
  const actions: Action[] = [mint, restake];
  const calls = buildCalls(actions, ctx);
  const restaked = BigInt(`0x${calls.at(-1)!.data.slice(-64)}`);

  it('restakes 98.0294 ezETH, not the 97.4510 minimum: at most 1 bp stays liquid instead of 0.588', () => {
    expect(restaked).toBe(subtractBps(expectedLrt, 1));
    expect(expectedLrt - mint.minLrt).toBeGreaterThan(milli(588n));
    expect(expectedLrt - restaked).toBeLessThan(milli(10n));
  });

  it('keeps the minted token in the expectations: a mint 50% short fails even when held ezETH covers the restake', () => {
    const expectations = expectedDeltas(actions, calls, specs, WETH);
    const ez = expectations.find((e) => e.token === addr(20));
    expect(ez).toBeDefined();
    const short = checkDeltas(expectations, new Map([[addr(20), expectedLrt / 2n - restaked], [WETH.toLowerCase(), -100n * E], [NATIVE_KEY, 0n]]), 10);
    expect(short.find((c) => c.token === addr(20))?.ok).toBe(false);
    const full = checkDeltas(expectations, new Map([[addr(20), expectedLrt - restaked], [WETH.toLowerCase(), -100n * E], [NATIVE_KEY, 0n]]), 10);
    expect(full.every((c) => c.ok)).toBe(true);
  });
});

describe('defect 4: tolerance is one-sided', () => {
  const dex: WithdrawAction = { ...redeem, positionId: 'ezETH', route: 'dex', expectedOutWei: 100n * E, minOutWei: 99n * E };
  const calls = buildCalls([dex], ctx);
  const expectations = expectedDeltas([dex], calls, specs, WETH);
  const run = (wethOut: bigint) => checkDeltas(expectations, new Map([[WETH.toLowerCase(), wethOut], [addr(20), -100n * E]]), 10).find((c) => c.token === WETH.toLowerCase());

  it('a fill 0.5% better than planned passes at 10 bps', () => {
    expect(run(milli(100_500n))?.ok).toBe(true);
  });
  it('a fill 0.2% worse than planned is refused at 10 bps', () => {
    expect(run(milli(99_800n))?.ok).toBe(false);
  });
  it('a claim paying more because a newer cumulative root landed passes', () => {
    const claim: Action = { kind: 'claim-rewards', tokens: [addr(50)], amounts: [10n * E], gas: 300_000, why: '' };
    const ex = expectedDeltas([claim], [], specs, WETH);
    expect(checkDeltas(ex, new Map([[addr(50), 12n * E]]), 10)[0]?.ok).toBe(true);
    expect(checkDeltas(ex, new Map([[addr(50), 9n * E]]), 10)[0]?.ok).toBe(false);
  });
  it('amounts fixed in calldata stay two-sided: spending less than planned is refused', () => {
    const sold = checkDeltas(expectations, new Map([[WETH.toLowerCase(), 100n * E], [addr(20), -50n * E]]), 10).find((c) => c.token === addr(20));
    expect(sold?.ok).toBe(false);
  });
});
