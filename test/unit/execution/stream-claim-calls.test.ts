/**
 * A reward stream claim as calls, expectations and the last look before sending: the claim
 * names the holder (keeper EOA, vault or Safe) as the account paid, the sale follows through the
 * router, the stream token is held to exactly the payout, and a distributor that moved on since
 * planning refuses the plan.
 */
import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import type { ClaimStreamAction, SwapRewardAction } from '../../../src/domain/plan.ts';
import { buildCalls, type BuildContext } from '../../../src/execution/build-calls.ts';
import { checkDeltas, expectedDeltas } from '../../../src/execution/expectations.ts';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import { safeModuleBackend } from '../../../src/execution/safe-module-backend.ts';
import { streamClaimRefusal } from '../../../src/execution/stream-recheck.ts';
import { buildStreamTree } from '../../../src/rewards/streams/merkle-tree.ts';
import type { ExecutionTargets } from '../../../src/execution/targets.ts';
import { VAULT_KEEPER_ABI } from '../../../src/protocols/vault/abi.ts';

const addr = (n: number): `0x${string}` => `0x${n.toString(16).padStart(40, '0')}`;
const E = 10n ** 18n;
const targets: ExecutionTargets = { chainId: 31337, weth: addr(1), multicall3: addr(2), router: addr(3), lrts: {} };
const HOLDER = addr(0x99);
const KING = addr(0xd1);
const DISTRIBUTOR = addr(0xd2);
const ctx: BuildContext = { holder: HOLDER, targets, specs: [], withdrawals: new Map(), deadline: 1_700_000_000n };

const claim: ClaimStreamAction = {
  kind: 'claim-stream', stream: 'etherfi-avs', distributor: DISTRIBUTOR, token: KING, symbol: 'KING', cumulativeAmount: 80n * E,
  root: `0x${'ab'.repeat(32)}`, proof: [`0x${'cd'.repeat(32)}`], payout: 50n * E, gas: 120_000, why: '',
};
const sale: SwapRewardAction = { kind: 'swap-reward', token: KING, amountIn: 50n * E, fairValueWei: 5n * E / 10n, expectedOutWei: 498_003_490_519_951_608n, minOutWei: 495n * E / 1000n, slippageBps: 39.93, gas: 180_000, why: '' };

/** claim(0x…99, 80e18, 0xabab…, [0xcdcd…]) */
const CLAIM_DATA =
  '0x1d7d4ebc' +
  '0000000000000000000000000000000000000000000000000000000000000099' +
  '000000000000000000000000000000000000000000000004563918244f400000' +
  'abababababababababababababababababababababababababababababababab' +
  '0000000000000000000000000000000000000000000000000000000000000080' +
  '0000000000000000000000000000000000000000000000000000000000000001' +
  'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd';

describe('claim-stream calls', () => {
  it('claims for the holder from the distributor, then approves and sells exactly the payout', () => {
    const calls = buildCalls([claim, sale], ctx);
    expect(calls.map((c) => [c.label, c.to, c.value, c.action])).toEqual([
      ['claim KING of reward stream etherfi-avs', DISTRIBUTOR, 0n, 0],
      ['approve reward → router', KING, 0n, 1],
      [`swap reward ${KING} → WETH`, addr(3), 0n, 1],
    ]);
    expect(calls[0]?.data).toBe(CLAIM_DATA);
  });

  it('names whichever account holds the book: the Safe as holder is the account paid', () => {
    const safe = addr(0x5a);
    const [call] = buildCalls([claim], { ...ctx, holder: safe });
    expect(call?.data.slice(10, 74)).toBe('000000000000000000000000000000000000000000000000000000000000005a');
  });

  it('goes as its own transaction on the eoa backend, inside execute(calls) on the vault and the Safe module', () => {
    const calls = buildCalls([claim, sale], ctx);
    const eoa = eoaBackend(HOLDER).transactions(calls, [claim, sale]);
    expect(eoa.map((t) => [t.to, t.data === CLAIM_DATA, t.gasBudget])).toEqual([[DISTRIBUTOR, true, 240_000], [KING, false, 360_000], [addr(3), false, 360_000]]);
    const execute = new Interface(VAULT_KEEPER_ABI);
    for (const [backend, guard] of [[vaultBackend(addr(0x77)), addr(0x77)], [safeModuleBackend(addr(0x5a), addr(0x78)), addr(0x78)]] as const) {
      const [tx, ...more] = backend.transactions(calls, [claim, sale]);
      expect(more).toEqual([]);
      expect(tx?.to).toBe(guard);
      const inner = execute.decodeFunctionData('execute', tx?.data ?? '')[0] as { target: string; value: bigint; data: string }[];
      expect(inner[0]?.target.toLowerCase()).toBe(DISTRIBUTOR);
      expect(inner[0]?.data).toBe(CLAIM_DATA);
    }
  });

  it('expects KING to rise by exactly 50 and leave by exactly 50 (net 0, exact); WETH by 0.498 with a 0.495 floor', () => {
    const calls = buildCalls([claim, sale], ctx);
    const expectations = expectedDeltas([claim, sale], calls, [], targets.weth);
    expect(expectations.find((e) => e.token === KING)).toMatchObject({ expected: 0n, floor: 0n, scale: 100n * E, exact: true, unknown: 0n });
    expect(expectations.find((e) => e.token === addr(1))).toMatchObject({ expected: 498_003_490_519_951_608n, floor: 495n * E / 1000n, exact: false });
    // The claim paid 1 KING more than planned (someone's root paid more): held above the exact amount.
    const off = checkDeltas(expectations, new Map([[KING, 1n * E], [addr(1), 498_003_490_519_951_608n]]), 10);
    expect(off.find((c) => c.token === KING)).toMatchObject({ ok: false, why: `more than 10 bps above the exact 0` });
    const right = checkDeltas(expectations, new Map([[KING, 0n], [addr(1), 498_003_490_519_951_608n]]), 10);
    expect(right.every((c) => c.ok)).toBe(true);
  });
});

describe('streamClaimRefusal', () => {
  const tree = buildStreamTree([{ account: HOLDER, cumulativeAmount: 80n * E }, { account: addr(0x42), cumulativeAmount: 7n * E }]);
  const proofOf = (account: string): readonly string[] => [...tree.proofs.entries()].find(([a]) => a.toLowerCase() === account.toLowerCase())?.[1] ?? [];
  const action: ClaimStreamAction = { ...claim, root: tree.root, proof: proofOf(HOLDER) };

  it('lets the claim go when the root is the same and 30 (80 − 50) is still all that was paid', () => {
    expect(streamClaimRefusal(action, { root: tree.root, claimed: 30n * E }, HOLDER)).toBeUndefined();
  });

  it('refuses a moved root, a proof for another account, and a payment since planning', () => {
    expect(streamClaimRefusal(action, { root: `0x${'ee'.repeat(32)}`, claimed: 30n * E }, HOLDER)).toContain("the distributor's root moved");
    expect(streamClaimRefusal(action, { root: tree.root, claimed: 30n * E }, addr(0x42))).toContain('the planned proof does not verify');
    expect(streamClaimRefusal(action, { root: tree.root, claimed: 80n * E }, HOLDER)).toBe(
      'reward stream etherfi-avs: the distributor has paid 80000000000000000000 since planning (planned from 30000000000000000000): the claim would not pay the planned 50000000000000000000',
    );
  });
});
