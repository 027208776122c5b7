/**
 * The devnet's LRT reward stream (as ether.fi pays weETH holders outside weETH's rate): every
 * `intervalBlocks` it credits each paid account `apr` of the value of its LRT holding for the
 * time passed, in the stream token at `priceWad`, as a new cumulative tree; the tokens are
 * minted into the distributor and the root posted in the same block. The proof server
 * publishes a tree only once the chain holds its root, so a proof never runs ahead of the chain.
 */
import { Contract, Interface, type JsonRpcProvider, type Wallet } from 'ethers';
import { SECONDS_PER_YEAR } from '../../domain/units.ts';
import { buildStreamTree, type StreamTree } from '../../rewards/streams/merkle-tree.ts';
import type { SignedRequest } from '../market/simulator.ts';
import type { StreamProofServer } from './proof-server.ts';

const TOKEN = new Interface(['function mint(address to, uint256 amount)', 'function balanceOf(address) view returns (uint256)']);
const DISTRIBUTOR = new Interface(['function setMerkleRoot(bytes32 newRoot)', 'function merkleRoot() view returns (bytes32)']);

export interface StreamMarketOptions {
  readonly provider: JsonRpcProvider;
  /** Owner of the stream token and the distributor. */
  readonly owner: Wallet;
  readonly token: string;
  readonly distributor: string;
  /** The LRT whose holders are paid, and its rate (asset wei per LRT, 1e18 scale). */
  readonly lrtToken: string;
  readonly lrtRate: () => Promise<bigint>;
  /** Accounts paid (the keeper's books); others hold no LRT on the devnet. */
  readonly accounts: readonly string[];
  /** Yearly rate as a fraction of the holding's value, e.g. 0.01. */
  readonly apr: number;
  /** Vault-asset wei per whole stream token. */
  readonly priceWad: bigint;
  readonly intervalBlocks: number;
  readonly server: StreamProofServer;
}

export interface StreamMarket {
  /** The transactions for the next block (mint + root when a distribution is due). */
  beforeBlock(nextBlock: number, timestamp: number): Promise<readonly SignedRequest[]>;
}

/** @example const stream = createStreamMarket({ …, apr: 0.01, priceWad: 10n ** 16n, intervalBlocks: 25 }) */
export function createStreamMarket(options: StreamMarketOptions): StreamMarket {
  const cumulative = new Map<string, bigint>(options.accounts.map((a) => [a, 0n]));
  const lrt = new Contract(options.lrtToken, TOKEN, options.provider);
  const distributor = new Contract(options.distributor, DISTRIBUTOR, options.provider);
  let lastTimestamp: number | undefined;
  let pending: StreamTree | undefined;
  const aprPpm = BigInt(Math.round(options.apr * 1_000_000));

  return {
    async beforeBlock(nextBlock, timestamp) {
      if (pending !== undefined && ((await distributor.getFunction('merkleRoot')()) as string).toLowerCase() === pending.root) {
        options.server.publish(pending);
        pending = undefined;
      }
      if (lastTimestamp === undefined) lastTimestamp = timestamp;
      if (nextBlock % options.intervalBlocks !== 0 || timestamp <= lastTimestamp) return [];
      const seconds = BigInt(timestamp - lastTimestamp);
      lastTimestamp = timestamp;
      const rate = await options.lrtRate();
      let minted = 0n;
      for (const account of options.accounts) {
        const balance = (await lrt.getFunction('balanceOf')(account)) as bigint;
        const valueWei = (balance * rate) / 10n ** 18n;
        const earned = (valueWei * aprPpm * seconds * 10n ** 18n) / (1_000_000n * BigInt(SECONDS_PER_YEAR) * options.priceWad);
        cumulative.set(account, (cumulative.get(account) ?? 0n) + earned);
        minted += earned;
      }
      if (minted === 0n) return [];
      pending = buildStreamTree([...cumulative].map(([account, cumulativeAmount]) => ({ account, cumulativeAmount })));
      return [
        { wallet: options.owner, request: { to: options.token, data: TOKEN.encodeFunctionData('mint', [options.distributor, minted]), value: 0n }, gasLimit: 120_000n },
        { wallet: options.owner, request: { to: options.distributor, data: DISTRIBUTOR.encodeFunctionData('setMerkleRoot', [pending.root]), value: 0n }, gasLimit: 80_000n },
      ];
    },
  };
}
