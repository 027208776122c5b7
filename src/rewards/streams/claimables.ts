/**
 * What each configured reward stream's distributor owes the holder now: the proof server's
 * answer checked against the distributor on chain (src/rewards/streams/cumulative-merkle.ts),
 * valued at the stream's price, with the stream's accrual from the estimates and the checked
 * claim itself (cumulative amount, root, proof), which the planner puts into a claim-stream action. A stream whose
 * server is down or whose proof does not check is reported with its reason and left alone:
 * it never fails a tick. The chain reads of all streams are one Multicall3 eth_call
 * (stream-reads.ts), made before the proof servers are asked: the proof is asked for the root
 * on chain.
 */
import type { TokenStreamConfig, RewardStreamConfig } from '../../config/reward-streams-schema.ts';
import type { YieldEstimate } from '../../domain/estimate.ts';
import type { DexReserves, Snapshot } from '../../domain/snapshot.ts';
import type { LrtSymbol, PositionSpec } from '../../domain/types.ts';
import { SECONDS_PER_YEAR } from '../../domain/units.ts';
import type { RpcTransport } from '../../observe/transport.ts';
import type { StreamClaimable } from '../../plan/stream-claims.ts';
import { tokenPriceWad } from '../../yield/avs-apr.ts';
import { checkStreamClaim } from './cumulative-merkle.ts';
import type { StreamProofClient } from './proof-client.ts';
import { readStreamsAt, type StreamChainReads } from './stream-reads.ts';

export interface StreamClaimablesDeps {
  readonly rpc: RpcTransport;
  /** The proof client of a stream (one per proofUrl). */
  readonly proofClient: (stream: TokenStreamConfig) => StreamProofClient;
}

/** What a stream's distributor owes the holder in all, read from a proof that checked against the chain. */
export interface StreamAmountSample {
  readonly lrt: LrtSymbol;
  readonly stream: string;
  readonly token: string;
  readonly cumulativeAmount: bigint;
  readonly decimals: number;
  /** Vault-asset wei per whole token, when priced this read. */
  readonly priceWad?: bigint;
}

export interface StreamClaimablesResult {
  readonly claimables: readonly StreamClaimable[];
  /** One per stream whose proof checked (claimable or not): the claim history a `claims` rate is measured from. */
  readonly samples: readonly StreamAmountSample[];
  /** Streams left out this tick, with the reason, for the plan's data notes. */
  readonly notes: readonly string[];
}

/**
 * Asset wei per whole token (a fixed price, or the mid price of a V2 pair against WETH) and,
 * for a pair, its reserves: the pool the token is sold through.
 */
function marketOf(stream: TokenStreamConfig, chain: StreamChainReads, decimals: number): { priceWad?: bigint; pool?: DexReserves } {
  const price = stream.price;
  if (price === undefined) return {};
  if ('fixedAssetPerToken' in price) return { priceWad: BigInt(Math.round(price.fixedAssetPerToken * 1e18)) };
  const pool = chain.pool();
  if (pool === undefined || pool.token === 0n) return {};
  return { priceWad: tokenPriceWad(pool, decimals), pool };
}

/** The stream's accrual on the holder's positions, asset wei per second, from the estimates' stream parts. */
function accrualWeiPerSecond(stream: RewardStreamConfig, estimates: readonly YieldEstimate[], snapshot: Snapshot): number {
  let perSecond = 0;
  for (const e of estimates) {
    const part = e.streamParts?.find((p) => p.stream === stream.name);
    const value = snapshot.positions.find((p) => p.positionId === e.positionId)?.valueWei ?? 0n;
    if (part !== undefined) perSecond += (part.apr * Number(value)) / SECONDS_PER_YEAR;
  }
  return perSecond;
}

/**
 * @example const { claimables, notes } = await streamClaimables(deps, { lrts: config.lrts, specs, snapshot, estimates, weth: config.universe.weth })
 */
export async function streamClaimables(
  deps: StreamClaimablesDeps,
  input: { lrts: readonly { symbol: LrtSymbol; rewardStreams: readonly RewardStreamConfig[] }[]; specs: readonly PositionSpec[]; snapshot: Snapshot; estimates: readonly YieldEstimate[]; weth: string; multicall3: string },
): Promise<StreamClaimablesResult> {
  const claimables: StreamClaimable[] = [];
  const samples: StreamAmountSample[] = [];
  const notes: string[] = [];
  const held = new Set(input.specs.filter((s) => (input.snapshot.positions.find((p) => p.positionId === s.id)?.valueWei ?? 0n) > 0n).map((s) => s.symbol));
  const streams = input.lrts.flatMap((lrt) => lrt.rewardStreams.flatMap((stream) => (stream.kind === 'token' ? [{ lrt: lrt.symbol, stream }] : [])));
  if (streams.length === 0) return { claimables, samples, notes };
  const reads = await readStreamsAt(deps.rpc, { multicall3: input.multicall3, holder: input.snapshot.holder, weth: input.weth, block: input.snapshot.block, streams: streams.map((s) => s.stream) });
  for (const [i, { lrt, stream }] of streams.entries()) {
    const { distributor } = stream.claim.cumulativeMerkle;
    const onChain = reads[i] as StreamChainReads;
    try {
      const chain = onChain.distributor();
      if (/^0x0{64}$/.test(chain.root)) {
        notes.push(`reward stream ${stream.name}: no root on chain yet`);
        continue;
      }
      const proof = await deps.proofClient(stream).proofFor(input.snapshot.holder, chain.root);
      const check = checkStreamClaim(proof, chain, input.snapshot.holder);
      // Nothing new since the last claim is the ordinary case for a holder that claims; anything else is news.
      const checked = check.ok || check.code === 'STREAM_NOTHING_TO_CLAIM';
      if (!check.ok && !checked) notes.push(`reward stream ${stream.name}: ${check.reason}`);
      if (!checked) continue;
      const decimals = onChain.decimals();
      const sample = { lrt, stream: stream.name, token: stream.token, cumulativeAmount: proof.cumulativeAmount, decimals };
      if (!check.ok) {
        samples.push(sample);
        continue;
      }
      const { priceWad, pool } = marketOf(stream, onChain, decimals);
      samples.push({ ...sample, ...(priceWad === undefined ? {} : { priceWad }) });
      claimables.push({
        stream: stream.name,
        token: stream.token,
        symbol: stream.symbol,
        payout: check.payout,
        decimals,
        ...(priceWad === undefined ? {} : { priceWad }),
        ...(pool === undefined ? {} : { pool }),
        claim: { distributor, cumulativeAmount: proof.cumulativeAmount, root: chain.root, proof: proof.proof },
        rewardWeiPerSecond: accrualWeiPerSecond(stream, input.estimates, input.snapshot),
      });
    } catch (err) {
      // A holder without the LRT is usually not in the tree at all (the server answers 404).
      if (held.has(lrt)) notes.push(`reward stream ${stream.name}: not read this tick: ${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)}`);
    }
  }
  return { claimables, samples, notes };
}
