/**
 * Test helper: a fresh automining Anvil with the project's contracts compiled and a deployer.
 * Each test file gets its own chain, so files can run in parallel without sharing state.
 */
import { JsonRpcProvider, Wallet } from 'ethers';
import { fileURLToPath } from 'node:url';
import { startAnvil, type AnvilInstance } from '../../src/devnet/anvil.ts';
import { compileContracts } from '../../src/solidity/compile.ts';
import { Deployer } from '../../src/devnet/deployer.ts';
import { DEV_KEYS } from '../../src/devnet/accounts.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestChain {
  anvil: AnvilInstance;
  provider: JsonRpcProvider;
  deployer: Deployer;
  wallet(role: keyof typeof DEV_KEYS): Wallet;
  stop(): Promise<void>;
}

export interface TestChainOptions {
  noMining?: boolean;
  /** Folders under the project root to compile; all of contracts/ by default. */
  sourceDirs?: readonly string[];
}

export async function startTestChain(options: TestChainOptions = {}): Promise<TestChain> {
  const { artifacts } = compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: options.sourceDirs ?? ['contracts'] });
  const anvil = await startAnvil({ noMining: options.noMining ?? false });
  // Polling every 50 ms keeps tx.wait() fast on a chain that mines instantly.
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const deployer = new Deployer(provider, new Wallet(DEV_KEYS.deployer, provider), artifacts);
  return {
    anvil,
    provider,
    deployer,
    wallet: (role) => new Wallet(DEV_KEYS[role], provider),
    async stop() {
      provider.destroy();
      await anvil.stop();
    },
  };
}
