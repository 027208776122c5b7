/**
 * What a RestakingVault must allow for this config, derived from the keeper's own calldata
 * builder (src/execution/build-calls.ts): one synthetic plan per thing the keeper can plan for a
 * vault (mint, buy and exit each LRT by its configured routes, restake, queue and complete an
 * EigenLayer withdrawal, delegate, claim and sell rewards and LRT reward streams, wrap ETH), built with the vault as
 * holder; every call it produces becomes a rule, and the argument guards are read off the
 * calldata itself: a head word equal to the vault is a self word, one equal to an operator a
 * counterparty word, an approve's spender goes on the token's spender list, and each swap's
 * pool becomes a counterparty. So the allowlist is exactly what the keeper sends, nothing more;
 * a new action in the builder shows up here without a second list to keep in step.
 *
 * LRT withdrawal queues are left out: a vault plans without them (lrtQueuedExits: false in
 * src/keeper/settings.ts) because it cannot value a pending LRT request.
 */
import { Interface, getAddress, zeroPadValue } from 'ethers';
import type { KeeperConfig } from '../config/schema.ts';
import type { Action } from '../domain/plan.ts';
import type { Address, PositionSpec } from '../domain/types.ts';
import { InputError } from '../domain/errors.ts';
import { buildCalls } from '../execution/build-calls.ts';
import type { ExecutionTargets } from '../execution/targets.ts';
import type { TrackedWithdrawal } from '../state/withdrawals.ts';
import type { RewardsMerkleClaim } from '../protocols/eigenlayer/rewards-merkle.ts';
import { positionSpecs } from '../keeper/universe.ts';
import { lrtVenueTargets } from '../keeper/venues.ts';
import { lrtReads } from '../observe/lrt-reads.ts';
import { UNISWAP_V3_SWAP_ROUTER_ABI } from '../protocols/uniswap/v3-venue.ts';

export interface VaultRuleSpec {
  /** The keeper's label of the call that needs it, e.g. `mint ezETH`. */
  label: string;
  target: string;
  selector: string;
  allowValue: boolean;
  /** Head words that must be the vault itself (receiver, recipient, to, owner). */
  selfWords: number[];
  /** Head words that must be an allowlisted counterparty (an EigenLayer operator). */
  counterpartyWords: number[];
}

export interface VaultSpec {
  /** Valued as balance x (staticcall rateTarget with rateData) / 1e18: the keeper's own rate read. */
  positions: { symbol: string; token: string; rateTarget: string; rateData: string; rateLabel: string }[];
  strategies: { symbol: string; strategy: string }[];
  counterparties: { label: string; address: string }[];
  spenders: { token: string; tokenLabel: string; spender: string; spenderLabel: string }[];
  callRules: VaultRuleSpec[];
}

/** The pool a swap between two tokens trades through (the router's factory.getPair). */
export type PairLookup = (tokenA: string, tokenB: string) => Promise<string>;

const APPROVE = new Interface(['function approve(address spender, uint256 amount) returns (bool)']);
const SWAP = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);
const SWAP_V3 = new Interface(UNISWAP_V3_SWAP_ROUTER_ABI);
const AMOUNT = 10n ** 18n;

/**
 * @example const spec = await deriveVaultSpec(config, targets, vaultAddress, (a, b) => factory.getPair(a, b));
 */
export async function deriveVaultSpec(config: KeeperConfig, targets: ExecutionTargets, vault: string, pairOf: PairLookup): Promise<VaultSpec> {
  const specs = positionSpecs(config);
  const operators = config.eigenlayer.operators.map((o) => ({ label: `operator ${o.name}`, address: getAddress(o.address) }));
  const { actions, withdrawals, claim } = syntheticPlans(config, specs, vault);
  const calls = buildCalls(actions, { holder: vault, targets, specs, withdrawals, ...(claim ? { claim } : {}), deadline: 2n ** 40n, nativeWei: 1n });

  const self = zeroPadValue(vault, 32).toLowerCase();
  const operatorWords = new Set(operators.map((o) => zeroPadValue(o.address, 32).toLowerCase()));
  const symbolOf = tokenSymbols(config, targets);
  const rules = new Map<string, VaultRuleSpec>();
  const spenders = new Map<string, VaultSpec['spenders'][number]>();
  const pools = new Map<string, { label: string; address: string }>();
  for (const call of calls) {
    const selector = call.data.slice(0, 10).toLowerCase();
    const target = getAddress(call.to);
    const key = `${target}:${selector}`;
    const words = headWords(call.data);
    const isApprove = selector === APPROVE.getFunction('approve')?.selector;
    const rule = rules.get(key) ?? { label: call.label, target, selector, allowValue: false, selfWords: [], counterpartyWords: [] };
    if (call.value > 0n) rule.allowValue = true;
    if (isApprove) {
      const spender = getAddress(`0x${(words[0] ?? '').slice(26)}`);
      spenders.set(`${target}:${spender}`, { token: target, tokenLabel: symbolOf(target), spender, spenderLabel: call.label.split('→ ')[1] ?? spender });
      rule.label = `${symbolOf(target)}.approve`;
    } else {
      // A guard is kept only when every call of the rule carries it (one call with another value there would be refused).
      const selfHere = words.flatMap((w, i) => (w === self ? [i] : []));
      const opsHere = words.flatMap((w, i) => (operatorWords.has(w) ? [i] : []));
      rule.selfWords = rules.has(key) ? rule.selfWords.filter((i) => selfHere.includes(i)) : selfHere;
      rule.counterpartyWords = rules.has(key) ? rule.counterpartyWords.filter((i) => opsHere.includes(i)) : opsHere;
    }
    rules.set(key, rule);
    if (selector === SWAP.getFunction('swapExactTokensForTokens')?.selector) {
      const path = SWAP.decodeFunctionData('swapExactTokensForTokens', call.data)[2] as string[];
      for (let i = 0; i + 1 < path.length; i++) {
        const [a, b] = [path[i] as string, path[i + 1] as string];
        const pool = await pairOf(a, b);
        if (/^0x0{40}$/i.test(pool)) throw new InputError('no Uniswap V2 pool for a swap the keeper plans', { details: [`pair: ${symbolOf(a)}/${symbolOf(b)}`, `call: ${call.label}`] });
        addPool(pools, pool, `uniswapV2:${symbolOf(a)}/${symbolOf(b)}`);
      }
    }
    if (selector === SWAP_V3.getFunction('exactInputSingle')?.selector) {
      // The vault resolves the pool through the router's factory (getPool); the config names it, and
      // `keeper config validate --rpc` checks the two agree.
      const [tokenIn, tokenOut, fee] = SWAP_V3.decodeFunctionData('exactInputSingle', call.data)[0] as [string, string, bigint];
      const pool = Object.values(targets.venues ?? {})
        .flatMap((vs) => vs ?? [])
        .find((v) => v.kind === 'uniswap-v3' && v.fee === Number(fee) && getAddress(v.router) === target && [tokenIn, tokenOut].some((t) => sameToken(t, config, v.pool)));
      if (pool === undefined) throw new InputError('no Uniswap V3 pool configured for a swap the keeper plans', { details: [`pair: ${symbolOf(tokenIn)}/${symbolOf(tokenOut)}`, `fee: ${fee}`, `call: ${call.label}`] });
      addPool(pools, pool.pool, `uniswapV3:${symbolOf(tokenOut)}/${symbolOf(tokenIn)}`);
    }
  }
  const positions = config.lrts.map((lrt) => {
    const rate = lrtReads(lrt, vault).rate.call;
    return { symbol: lrt.symbol, token: getAddress(lrt.token), rateTarget: getAddress(rate.target), rateData: rate.iface.encodeFunctionData(rate.fn, [...rate.args]), rateLabel: rate.label };
  });
  const strategies = specs.flatMap((s) => (s.eigen ? [{ symbol: s.symbol, strategy: getAddress(s.eigen.strategy) }] : []));
  // Operators are counterparties only when the keeper delegates at all (a config with restaking).
  const usedOperators = [...rules.values()].some((r) => r.counterpartyWords.length > 0) ? operators : [];
  return { positions, strategies, counterparties: [...usedOperators, ...pools.values()], spenders: [...spenders.values()], callRules: [...rules.values()] };
}

/** One plan per kind of action the keeper can plan for a vault, with amounts that make every call appear. */
function syntheticPlans(config: KeeperConfig, specs: readonly PositionSpec[], vault: string): { actions: Action[]; withdrawals: Map<string, TrackedWithdrawal>; claim?: RewardsMerkleClaim } {
  const base = { gas: 0, why: 'allowlist' };
  const actions: Action[] = [];
  const withdrawals = new Map<string, TrackedWithdrawal>();
  const exit = { amountLrt: AMOUNT, fairValueWei: AMOUNT, expectedOutWei: AMOUNT, minOutWei: AMOUNT, costWei: 0n, slippageBps: 0, delaySeconds: 0 };
  for (const spec of specs) {
    if (spec.eigen === undefined) {
      actions.push({ ...base, kind: 'deposit-lrt', positionId: spec.id, amountWei: AMOUNT, expectedLrt: AMOUNT, minLrt: 1n });
      if (spec.exits.dex) {
        actions.push({ ...base, kind: 'withdraw', positionId: spec.id, route: 'dex', ...exit });
        actions.push({ ...base, kind: 'deposit-lrt', positionId: spec.id, route: 'dex', amountWei: AMOUNT, expectedLrt: AMOUNT, minLrt: 1n });
      }
      const lrt = config.lrts.find((l) => l.symbol === spec.symbol);
      for (const t of lrt ? lrtVenueTargets(config, lrt) : []) {
        actions.push({ ...base, kind: 'withdraw', positionId: spec.id, route: 'dex', venue: t.venue.kind, ...exit });
        // An entry under the rate buys on the same pool (src/plan/entry.ts): WETH → router, then exactInputSingle.
        actions.push({ ...base, kind: 'deposit-lrt', positionId: spec.id, route: 'dex', venue: t.venue.kind, amountWei: AMOUNT, expectedLrt: AMOUNT, minLrt: 1n });
      }
      if (spec.exits.instant && ['etherfi', 'renzo', 'puffer'].includes(spec.protocol)) actions.push({ ...base, kind: 'withdraw', positionId: spec.id, route: 'instant', ...exit });
      continue;
    }
    const { strategy } = spec.eigen;
    actions.push({ ...base, kind: 'eigen-deposit', positionId: spec.id, strategy, amountLrt: AMOUNT });
    actions.push({ ...base, kind: 'eigen-queue-withdrawal', positionId: spec.id, strategy, depositShares: AMOUNT, underlyingLrt: AMOUNT, valueWei: AMOUNT, delaySeconds: 0, costWei: 0n });
    // Leaving the operator with the last restaked shares (src/plan/planner.ts withUndelegate).
    actions.push({ ...base, kind: 'eigen-queue-withdrawal', positionId: spec.id, strategy, depositShares: AMOUNT, underlyingLrt: AMOUNT, valueWei: AMOUNT, delaySeconds: 0, costWei: 0n, undelegate: true });
    const id = `eigen-${spec.symbol}`;
    withdrawals.set(id, {
      id, kind: 'eigen', vault, holder: vault, positionId: spec.id, queuedBlock: 0, queuedAt: 0, expectedWei: AMOUNT, status: 'queued',
      withdrawal: { staker: vault, delegatedTo: spec.eigen.operator, withdrawer: vault, nonce: 0n, startBlock: 0, strategies: [strategy], scaledShares: [AMOUNT] },
      tokens: [spec.token],
    });
    actions.push({ ...base, kind: 'complete-withdrawal', withdrawalId: id, positionId: spec.id, expectedWei: 0n });
  }
  const operator = specs.find((s) => s.eigen)?.eigen?.operator;
  // The keeper delegates to the chosen operator; each configured one may be chosen (chooseOperator).
  if (operator !== undefined) for (const o of config.eigenlayer.operators) actions.push({ ...base, kind: 'delegate', operator: getAddress(o.address) as Address });
  if (config.compounding.enabled) actions.push(...streamClaims(config));
  const rewards = config.eigenlayer.rewardTokens;
  if (!config.compounding.enabled || rewards.length === 0) return { actions, withdrawals };
  actions.push({ ...base, kind: 'claim-rewards', tokens: rewards.map((r) => r.address as Address), amounts: rewards.map(() => AMOUNT) });
  for (const r of rewards) if (r.dexPair) actions.push({ ...base, kind: 'swap-reward', token: r.address as Address, amountIn: AMOUNT, fairValueWei: AMOUNT, expectedOutWei: AMOUNT, minOutWei: 1n, slippageBps: 0 });
  const claim: RewardsMerkleClaim = {
    rootIndex: 0, earnerIndex: 0, earnerTreeProof: '0x', earnerLeaf: { earner: vault, earnerTokenRoot: `0x${'00'.repeat(32)}` },
    tokenIndices: [0], tokenTreeProofs: ['0x'], tokenLeaves: rewards.map((r) => ({ token: r.address, cumulativeEarnings: AMOUNT })),
  };
  return { actions, withdrawals, claim };
}

/**
 * Each LRT reward stream's claim (the distributor pays the vault: word 0 is the vault) and the
 * sale of its token through its pool: what plan/stream-actions.ts plans. The root is a
 * non-zero constant no offset can be mistaken for; the proof's length does not matter.
 */
function streamClaims(config: KeeperConfig): Action[] {
  const base = { gas: 0, why: 'allowlist' };
  const out: Action[] = [];
  for (const lrt of config.lrts) {
    for (const stream of lrt.rewardStreams) {
      // Without a pool the planner never claims the stream (plan/stream-actions.ts): nothing to allow.
      if (stream.kind !== 'token' || stream.price === undefined || !('uniswapV2Pair' in stream.price)) continue;
      const token = getAddress(stream.token) as Address;
      out.push({
        ...base, kind: 'claim-stream', stream: stream.name, distributor: getAddress(stream.claim.cumulativeMerkle.distributor) as Address, token, symbol: stream.symbol,
        cumulativeAmount: AMOUNT, root: `0x${'11'.repeat(32)}`, proof: [`0x${'22'.repeat(32)}`], payout: AMOUNT,
      });
      out.push({ ...base, kind: 'swap-reward', token, amountIn: AMOUNT, fairValueWei: AMOUNT, expectedOutWei: AMOUNT, minOutWei: 1n, slippageBps: 0 });
    }
  }
  return out;
}

/**
 * The 32-byte head words of a call's arguments, lower-case hex with 0x. The head ends where the
 * first dynamic argument's data starts: the first head word that reads as an in-range offset
 * (the synthetic plans' amounts are 1e18 and their indices 0, so no static value looks like
 * one). Tail words are not guarded: their position moves with the data (see the vault README).
 */
function headWords(data: string): string[] {
  const body = data.slice(10);
  const words: string[] = [];
  for (let i = 0; i + 64 <= body.length && words.length < 32; i += 64) words.push(`0x${body.slice(i, i + 64)}`.toLowerCase());
  const bytes = BigInt(body.length / 2);
  let headLength = words.length;
  // Only words still inside the head can end it: tail words hold offsets relative to their own struct.
  for (let i = 0; i < headLength; i++) {
    const v = BigInt(words[i] as string);
    if (v >= 32n && v < bytes && v % 32n === 0n && Number(v / 32n) < headLength) headLength = Math.max(i + 1, Number(v / 32n));
  }
  return words.slice(0, headLength);
}

/** A swap counterparty, named by the first call trading through it (the sale; a buy goes the other way through the same pool). */
function addPool(pools: Map<string, { label: string; address: string }>, pool: string, label: string): void {
  const address = getAddress(pool);
  if (!pools.has(address)) pools.set(address, { label, address });
}

/** Whether `token` is the LRT whose configured V3 exit is `pool`. */
function sameToken(token: string, config: KeeperConfig, pool: string): boolean {
  return config.lrts.some((l) => l.exits.dexV3 !== undefined && getAddress(l.exits.dexV3.pool) === getAddress(pool) && getAddress(l.token) === getAddress(token));
}

function tokenSymbols(config: KeeperConfig, targets: ExecutionTargets): (address: string) => string {
  const names = new Map<string, string>([[targets.weth.toLowerCase(), 'WETH']]);
  for (const l of config.lrts) names.set(l.token.toLowerCase(), l.symbol);
  for (const r of config.eigenlayer.rewardTokens) names.set(r.address.toLowerCase(), r.symbol);
  for (const l of config.lrts) for (const s of l.rewardStreams) if (s.kind === 'token') names.set(s.token.toLowerCase(), s.symbol);
  const eeth = targets.lrts.weETH?.protocol === 'etherfi' ? targets.lrts.weETH.eETH : undefined;
  if (eeth) names.set(eeth.toLowerCase(), 'eETH');
  return (address) => names.get(address.toLowerCase()) ?? getAddress(address);
}

/** Bitmask of head-word indexes, as the contract's CallRule expects. */
export function wordMask(words: readonly number[]): number {
  return words.reduce((mask, w) => {
    // 1 << 32 is 1 in JavaScript: an index past the 32 guarded words would silently guard word 0.
    if (!Number.isInteger(w) || w < 0 || w > 31) throw new InputError('Argument word index out of range', { details: [`word: ${w}`] });
    return (mask | (1 << w)) >>> 0;
  }, 0);
}
