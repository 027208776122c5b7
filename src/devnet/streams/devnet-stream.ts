/**
 * The devnet's one LRT reward stream: a KING-like token paid to weETH holders through a
 * cumulative merkle distributor, at DEVNET_STREAM's rate (config/devnet.yaml announces the
 * same rate). Deployed at every start, after the (cached) world: it is small and its state
 * lives in the stream market's memory, like the Sidecar's ledger.
 */
import { parseEther, type JsonRpcProvider, type Wallet } from 'ethers';
import { Deployer, type ArtifactSource } from '../deployer.ts';
import { createStreamMarket, type StreamMarket } from './stream-market.ts';
import { startStreamProofServer, type StreamProofServer } from './proof-server.ts';

/** 1 % a year of the weETH held, valued at 0.01 ETH per token, distributed every 25 blocks (5 min of chain time). */
export const DEVNET_STREAM = { symbol: 'KING', lrt: 'weETH', apr: 0.01, priceWad: parseEther('0.01'), intervalBlocks: 25 } as const;

export interface DevnetStream {
  readonly record: { token: string; distributor: string; proofUrl: string };
  readonly market: StreamMarket;
  readonly server: StreamProofServer;
}

export async function startDevnetStream(options: {
  provider: JsonRpcProvider;
  artifacts: ArtifactSource;
  owner: Wallet;
  lrtToken: string;
  lrtRate: () => Promise<bigint>;
  accounts: readonly string[];
}): Promise<DevnetStream> {
  const deployer = new Deployer(options.provider, options.owner, options.artifacts);
  const token = await deployer.deploy('MockERC20', ['King (devnet)', DEVNET_STREAM.symbol]);
  const distributor = await deployer.deploy('CumulativeMerkleDistributor', [await token.getAddress()]);
  const server = await startStreamProofServer();
  const record = { token: await token.getAddress(), distributor: await distributor.getAddress(), proofUrl: server.url };
  const market = createStreamMarket({
    provider: options.provider,
    owner: options.owner,
    token: record.token,
    distributor: record.distributor,
    lrtToken: options.lrtToken,
    lrtRate: options.lrtRate,
    accounts: options.accounts,
    apr: DEVNET_STREAM.apr,
    priceWad: DEVNET_STREAM.priceWad,
    intervalBlocks: DEVNET_STREAM.intervalBlocks,
    server,
  });
  return { record, market, server };
}
