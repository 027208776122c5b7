/**
 * The chain reads behind the reward streams' claimables, as ONE Multicall3 eth_call for all
 * streams at one block: each distributor's root and the holder's claimed amount, and each
 * priced-by-pair stream's reserves. A token's decimals and a pair's token0 never change, so
 * they ride along only in the first batch that needs them and are then kept for the process,
 * per transport (a transport is bound to one chain, and devnets reuse addresses across chains).
 *
 * Answers are decoded when asked for, so a stream that stops early (no root yet, a proof that
 * does not check) never trips on a read it did not need, and a failed read names its stream's
 * contract and function.
 */
import { Interface } from 'ethers';
import type { TokenStreamConfig } from '../../config/reward-streams-schema.ts';
import { callBatch, ReadBatch, type ReadAnswers } from '../../chain/read-batch.ts';
import { firstUint, read, type Read } from '../../chain/read.ts';
import type { RpcTransport } from '../../observe/transport.ts';
import { decimals as decimalsRead } from '../../protocols/erc20/reads.ts';
import { orientReserves, pairReserves, pairToken0 } from '../../protocols/uniswap/reads.ts';
import type { DexReserves } from '../../domain/snapshot.ts';
import { DISTRIBUTOR_ABI, type DistributorState } from './cumulative-merkle.ts';

const DISTRIBUTOR = new Interface(DISTRIBUTOR_ABI);

/** One stream's answers; each getter throws (naming the failed call) when its read failed. */
export interface StreamChainReads {
  distributor(): DistributorState;
  decimals(): number;
  /** The stream's V2 pair oriented as (token, WETH); undefined when the stream is not priced by a pair. */
  pool(): DexReserves | undefined;
}

/** Decimals by token and token0 by pair, lower case, per transport: facts of a deployed contract. */
const constants = new WeakMap<RpcTransport, Map<string, number | string>>();

function constantsOf(rpc: RpcTransport): Map<string, number | string> {
  let known = constants.get(rpc);
  if (known === undefined) {
    known = new Map();
    constants.set(rpc, known);
  }
  return known;
}

/** A value known already, or a slot in the batch whose answer is remembered once it decodes. */
function constantRead<T extends number | string>(known: Map<string, number | string>, key: string, batch: ReadBatch, r: Read<T>): (answers: () => ReadAnswers) => T {
  const cached = known.get(key) as T | undefined;
  if (cached !== undefined) return () => cached;
  const slot = batch.add(r);
  return (answers) => {
    const value = answers().get(slot);
    known.set(key, value);
    return value;
  };
}

/**
 * The streams' reads, in the order of `input.streams`.
 * @example const [first] = await readStreamsAt(rpc, { multicall3, holder, weth, block, streams }); first?.distributor().root
 */
export async function readStreamsAt(
  rpc: RpcTransport,
  input: { multicall3: string; holder: string; weth: string; block: number; streams: readonly TokenStreamConfig[] },
): Promise<StreamChainReads[]> {
  const known = constantsOf(rpc);
  const batch = new ReadBatch();
  const planned = input.streams.map((stream) => {
    const { distributor } = stream.claim.cumulativeMerkle;
    const root = batch.add(read(distributor, DISTRIBUTOR, 'merkleRoot', [], `distributor ${distributor}.merkleRoot`, (v) => String(v[0]).toLowerCase()));
    const claimed = batch.add(read(distributor, DISTRIBUTOR, 'cumulativeClaimed', [input.holder], `distributor ${distributor}.cumulativeClaimed`, firstUint));
    const decimals = constantRead(known, `decimals:${stream.token.toLowerCase()}`, batch, decimalsRead(stream.token, `token ${stream.token}`));
    const price = stream.price;
    const pair = price !== undefined && 'uniswapV2Pair' in price ? price.uniswapV2Pair : undefined;
    const market =
      pair === undefined
        ? undefined
        : {
            reserves: batch.add(pairReserves(pair, `pair ${pair}`)),
            token0: constantRead(known, `token0:${pair.toLowerCase()}`, batch, pairToken0(pair, `pair ${pair}`)),
          };
    return { root, claimed, decimals, market };
  });
  const answers = await batchAnswers(rpc, input.multicall3, batch, input.block);
  return planned.map(({ root, claimed, decimals, market }) => ({
    distributor: () => ({ root: answers().get(root), claimed: answers().get(claimed) }),
    decimals: () => decimals(answers),
    pool: () => (market === undefined ? undefined : orientReserves(answers().get(market.reserves), market.token0(answers), input.weth)),
  }));
}

/** The batch's answers, or a getter that throws the eth_call's own failure (every stream's reads failed with it). */
async function batchAnswers(rpc: RpcTransport, multicall3: string, batch: ReadBatch, block: number): Promise<() => ReadAnswers> {
  try {
    const answers = await callBatch(rpc, multicall3, batch, `0x${block.toString(16)}`);
    return () => answers;
  } catch (err) {
    const failure = new Error(`Multicall3 read of the reward streams at block ${block} failed: ${err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err)}`, { cause: err });
    return () => {
      throw failure;
    };
  }
}
