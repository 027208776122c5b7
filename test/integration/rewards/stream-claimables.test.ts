/**
 * streamClaimables on Anvil: every configured stream's chain reads (distributor root and
 * claimed amount, the pair's reserves) are ONE Multicall3 eth_call per read, and the facts that
 * never change (token decimals, a pair's token0) ride only in the first; a failed read is
 * reported with its stream and the contract call that failed, and does not stop the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contract, parseEther } from 'ethers';
import { startTestChain, type TestChain } from '../../helpers/chain.ts';
import { RpcClient, type RpcRequest } from '../../../src/chain/rpc-client.ts';
import { multicall3 } from '../../../src/chain/multicall.ts';
import type { TokenStreamConfig } from '../../../src/config/reward-streams-schema.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { deployUniswap, deployWeth, seedPool } from '../../../src/devnet/dex/uniswap.ts';
import { startStreamProofServer, type StreamProofServer } from '../../../src/devnet/streams/proof-server.ts';
import type { RpcTransport } from '../../../src/observe/transport.ts';
import { streamClaimables } from '../../../src/rewards/streams/claimables.ts';
import { buildStreamTree } from '../../../src/rewards/streams/merkle-tree.ts';
import { createStreamProofClient } from '../../../src/rewards/streams/proof-client.ts';

let chain: TestChain;
let server: StreamProofServer;
let rpcUrl: string;
let holder: string;
let multicall: string;
let weth: string;
let king: string;
let pair: string;
let points: string;
let kingDistributor: string;
let pointsDistributor: string;
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

beforeAll(async () => {
  chain = await startTestChain({ sourceDirs: ['contracts/devnet/common', 'contracts/devnet/multicall'] });
  rpcUrl = chain.anvil.rpcUrl;
  holder = chain.wallet('keeper').address;
  const { deployer } = chain;
  multicall = await (await deployer.deploy('Multicall3', [])).getAddress();
  weth = await (await deployWeth(deployer)).getAddress();
  const uniswap = await deployUniswap(deployer, weth);
  const kingToken = await deployer.deploy('MockERC20', ['King', 'KING']);
  king = await kingToken.getAddress();
  await deployer.send(kingToken, 'mint', [deployer.signer.address, parseEther('1000')]);
  // 1,000 KING against 10 ETH: 0.01 ETH per KING.
  pair = await seedPool(deployer, uniswap, kingToken, parseEther('1000'), parseEther('10'));
  points = await (await deployer.deploy('MockERC20', ['Points', 'PTS'])).getAddress();
  const kingDist: Contract = await deployer.deploy('CumulativeMerkleDistributor', [king]);
  const pointsDist: Contract = await deployer.deploy('CumulativeMerkleDistributor', [points]);
  kingDistributor = await kingDist.getAddress();
  pointsDistributor = await pointsDist.getAddress();
  // One tree for both distributors: the holder is owed 5 tokens of each.
  const tree = buildStreamTree([{ account: holder, cumulativeAmount: parseEther('5') }, { account: OTHER, cumulativeAmount: parseEther('1') }]);
  await deployer.send(kingDist, 'setMerkleRoot', [tree.root]);
  await deployer.send(pointsDist, 'setMerkleRoot', [tree.root]);
  server = await startStreamProofServer();
  server.publish(tree);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await chain?.stop();
});

function stream(name: string, token: string, distributor: string, price: TokenStreamConfig['price']): TokenStreamConfig {
  return {
    name, kind: 'token', token, symbol: name.toUpperCase(), heldAs: ['liquid'], rate: { source: 'announced', apr: 0.01 },
    claim: { cumulativeMerkle: { distributor, proofUrl: server.url, timeoutMs: 5_000 } },
    ...(price === undefined ? {} : { price }),
  };
}

/** An RpcClient that records, per eth_call, how many sub-calls its Multicall3 batch carried. */
function countingRpc(): { rpc: RpcTransport; ethCalls: number[] } {
  const client = new RpcClient({ urls: [rpcUrl], chainId: 31337, timeoutMs: 10_000 });
  const ethCalls: number[] = [];
  const rpc: RpcTransport = {
    call(method, params) {
      if (method === 'eth_call') {
        const { to, data } = params[0] as { to: string; data: string };
        ethCalls.push(to.toLowerCase() === multicall.toLowerCase() ? (multicall3.decodeFunctionData('aggregate3', data)[0] as unknown[]).length : 1);
      }
      return client.call(method, params);
    },
    batch: (requests: readonly RpcRequest[]) => client.batch(requests),
  };
  return { rpc, ethCalls };
}

async function read(rpc: RpcTransport, streams: readonly TokenStreamConfig[]) {
  const block = await chain.provider.getBlockNumber();
  const snapshot = { holder, block, positions: [{ positionId: 'weETH', valueWei: parseEther('100') }] } as unknown as Snapshot;
  const specs = [{ id: 'weETH', symbol: 'weETH' }] as unknown as PositionSpec[];
  const proofClient = (s: TokenStreamConfig) => createStreamProofClient({ proofUrl: s.claim.cumulativeMerkle.proofUrl, timeoutMs: 5_000, retries: 0 });
  return streamClaimables({ rpc, proofClient }, { lrts: [{ symbol: 'weETH', rewardStreams: streams }], specs, snapshot, estimates: [], weth, multicall3: multicall });
}

describe('streamClaimables on Anvil', () => {
  it('reads all streams in one eth_call, and decimals and token0 only the first time', async () => {
    const streams = [stream('king', king, kingDistributor, { uniswapV2Pair: pair }), stream('pts', points, pointsDistributor, { fixedAssetPerToken: 0.02 })];
    const { rpc, ethCalls } = countingRpc();

    const first = await read(rpc, streams);
    expect(first.notes).toEqual([]);
    // root + claimed + decimals per stream, and the pair's reserves + token0.
    expect(ethCalls).toEqual([8]);
    expect(first.claimables.map((c) => [c.stream, c.payout, c.decimals, c.priceWad])).toEqual([
      ['king', parseEther('5'), 18, parseEther('0.01')],
      ['pts', parseEther('5'), 18, parseEther('0.02')],
    ]);
    expect(first.claimables[0]?.pool).toEqual({ token: parseEther('1000'), weth: parseEther('10') });

    ethCalls.length = 0;
    const again = await read(rpc, streams);
    // root + claimed per stream and the pair's reserves: decimals and token0 are known.
    expect(ethCalls).toEqual([5]);
    expect(again.claimables).toEqual(first.claimables);
  });

  it('names the stream and the call that failed, and still reads the others in the same eth_call', async () => {
    // A distributor address with no code answers empty bytes; a token without decimals() reverts.
    const streams = [
      stream('nocode', king, OTHER, undefined),
      stream('nodecimals', kingDistributor, kingDistributor, undefined),
      stream('king', king, kingDistributor, { uniswapV2Pair: pair }),
    ];
    const { rpc, ethCalls } = countingRpc();
    const out = await read(rpc, streams);
    expect(ethCalls).toHaveLength(1);
    expect(out.notes).toEqual([
      `reward stream nocode: not read this tick: distributor ${OTHER}.merkleRoot: could not decode 0 bytes`,
      `reward stream nodecimals: not read this tick: token ${kingDistributor}.decimals: call reverted`,
    ]);
    expect(out.claimables.map((c) => c.stream)).toEqual(['king']);
  });

  it('a failed eth_call is a note on every stream of a held LRT, not a failed tick', async () => {
    const failing: RpcTransport = { call: () => Promise.reject(new Error('connection refused')), batch: () => Promise.reject(new Error('connection refused')) };
    const out = await read(failing, [stream('king', king, kingDistributor, { uniswapV2Pair: pair })]);
    expect(out.claimables).toEqual([]);
    expect(out.notes).toEqual([expect.stringMatching(/^reward stream king: not read this tick: Multicall3 read of the reward streams at block \d+ failed: connection refused$/)]);
  });
});
