/**
 * The one multicall behind the AVS rate estimator: the members of each configured operator
 * set, every member's delegated shares in every configured strategy, each strategy's total
 * shares and share price, and the DEX reserves of every price source. Members found in one
 * read are the ones whose shares are read in the next (sets change rarely), so the steady
 * state is one aggregate3 per block; the first read of a process makes two.
 */
import { Interface } from 'ethers';
import { callBatch, ReadBatch, type Slot } from '../chain/read-batch.ts';
import { firstUint, read } from '../chain/read.ts';
import type { RpcTransport } from '../observe/transport.ts';
import { orientReserves, pairReserves, pairToken0, type PairReserves } from '../protocols/uniswap/reads.ts';
import type { StakeView } from './submission-rates.ts';

const DELEGATION = new Interface(['function operatorShares(address operator, address strategy) view returns (uint256)']);
const ALLOCATION = new Interface(['function getMembers((address avs, uint32 id) operatorSet) view returns (address[])']);
const STRATEGY = new Interface(['function totalShares() view returns (uint256)', 'function sharesToUnderlyingView(uint256 amountShares) view returns (uint256)']);
const E18 = 10n ** 18n;

export type PriceSource = { readonly uniswapV2Pair: string } | { readonly fixedAssetPerToken: number };

export interface StakeReadPlan {
  readonly multicall3: string;
  readonly delegationManager: string;
  readonly allocationManager: string;
  readonly asset: string;
  readonly sets: readonly { readonly avs: string; readonly id: number }[];
  /** Strategy → the LRT it holds (the token whose price values its shares). */
  readonly strategies: readonly { readonly strategy: string; readonly underlying: string }[];
  /** Operators read even if no set lists them (the configured ones). */
  readonly operators: readonly string[];
  /** Lowercase token address → how to price it in the asset. */
  readonly prices: ReadonlyMap<string, PriceSource>;
}

const lower = (a: string): string => a.toLowerCase();
const setKey = (avs: string, id: number): string => `${lower(avs)}:${id}`;

export interface StakeReader {
  /** Reads at `block`; returns the view and how many eth_calls it took. */
  read(block: number): Promise<{ view: StakeView; calls: number; failures: readonly string[] }>;
}

/** @example const reader = createStakeReader(rpc, plan); const { view } = await reader.read(head); */
export function createStakeReader(rpc: RpcTransport, plan: StakeReadPlan): StakeReader {
  let knownMembers: Map<string, string[]> | undefined;

  async function once(block: number, members: ReadonlyMap<string, string[]>) {
    const batch = new ReadBatch();
    const memberSlots = plan.sets.map((s) => ({ key: setKey(s.avs, s.id), slot: batch.add(read(plan.allocationManager, ALLOCATION, 'getMembers', [{ avs: s.avs, id: s.id }], `getMembers(${s.avs}/${s.id})`, (v) => (v[0] as string[]).map(lower))) }));
    const operators = [...new Set([...plan.operators.map(lower), ...[...members.values()].flat()])];
    const shareSlots = new Map<string, Slot<bigint>>();
    for (const o of operators) for (const { strategy } of plan.strategies) shareSlots.set(`${o}:${lower(strategy)}`, batch.add(read(plan.delegationManager, DELEGATION, 'operatorShares', [o, strategy], `operatorShares(${o},${strategy})`, firstUint)));
    const strategySlots = plan.strategies.map(({ strategy }) => ({
      strategy: lower(strategy),
      total: batch.add(read(strategy, STRATEGY, 'totalShares', [], `${strategy}.totalShares`, firstUint)),
      price: batch.add(read(strategy, STRATEGY, 'sharesToUnderlyingView', [E18], `${strategy}.sharesToUnderlyingView`, firstUint)),
    }));
    const pairSlots = new Map<string, { reserves: Slot<PairReserves>; token0: Slot<`0x${string}`> }>();
    for (const [token, source] of plan.prices) {
      if ('uniswapV2Pair' in source) pairSlots.set(token, { reserves: batch.add(pairReserves(source.uniswapV2Pair, `pair(${token})`)), token0: batch.add(pairToken0(source.uniswapV2Pair, `pair(${token})`)) });
    }
    const answers = await callBatch(rpc, plan.multicall3, batch, `0x${block.toString(16)}`);
    const safe = <T>(slot: Slot<T>): T | undefined => {
      try {
        return answers.get(slot);
      } catch {
        return undefined;
      }
    };
    const nextMembers = new Map(memberSlots.flatMap(({ key, slot }) => {
      const m = safe(slot);
      return m === undefined ? [] : [[key, m] as const];
    }));
    const shares = new Map([...shareSlots].map(([k, slot]) => [k, safe(slot) ?? 0n]));
    const totals = new Map(strategySlots.map((s) => [s.strategy, safe(s.total) ?? 0n]));
    const tokenPrice = new Map<string, bigint>();
    for (const [token, source] of plan.prices) {
      if ('fixedAssetPerToken' in source) tokenPrice.set(token, BigInt(Math.round(source.fixedAssetPerToken * 1e9)) * 10n ** 9n);
      const slots = pairSlots.get(token);
      const reserves = slots && safe(slots.reserves);
      const token0 = slots && safe(slots.token0);
      if (reserves && token0) {
        try {
          const r = orientReserves(reserves, token0, plan.asset);
          if (r.token > 0n) tokenPrice.set(token, (r.weth * E18) / r.token);
        } catch {
          // A pair without the asset on either side prices nothing.
        }
      }
    }
    const valuePerShare = new Map<string, bigint>();
    for (const s of strategySlots) {
      const underlying = safe(s.price);
      const token = plan.strategies.find((x) => lower(x.strategy) === s.strategy)?.underlying;
      const price = token ? tokenPrice.get(lower(token)) : undefined;
      if (underlying !== undefined && price !== undefined) valuePerShare.set(s.strategy, (underlying * price) / E18);
    }
    const view: StakeView = {
      members: (avs, id) => nextMembers.get(setKey(avs, id)) ?? members.get(setKey(avs, id)),
      avsOperators: (avs) => [...new Set([...nextMembers].filter(([k]) => k.startsWith(`${lower(avs)}:`)).flatMap(([, m]) => m))],
      operatorShares: (o, s) => shares.get(`${lower(o)}:${lower(s)}`) ?? 0n,
      totalShares: (s) => totals.get(lower(s)) ?? 0n,
      valuePerShareWad: (s) => valuePerShare.get(lower(s)),
      tokenPriceWad: (t) => tokenPrice.get(lower(t)),
    };
    return { view, nextMembers, failures: answers.failures.map((f) => `${f.label}: ${f.reason}`), unread: [...nextMembers.values()].flat().filter((m) => !operators.includes(m)) };
  }

  return {
    async read(block) {
      let calls = 1;
      let result = await once(block, knownMembers ?? new Map());
      // Members nobody read shares for (first read, or a new member): read once more with them.
      if (result.unread.length > 0) {
        calls++;
        result = await once(block, result.nextMembers);
      }
      knownMembers = result.nextMembers;
      return { view: result.view, calls, failures: result.failures };
    },
  };
}
