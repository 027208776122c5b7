/**
 * Test fixture for the RestakingVault: an automining Anvil with the same devnet pieces
 * world.ts deploys (WETH9, Uniswap V2 with seeded LRT pools, the five LRTs, EigenLayer) and a
 * vault configured by deployVault. Automining keeps each test a plain send-and-wait; the
 * contracts and the configuration are the ones the keeper meets on the manual-mining world.
 */
import { Contract, Interface, JsonRpcProvider, MaxUint256, Wallet, id, parseEther, type InterfaceAbi, type TransactionReceipt } from 'ethers';
import { expect } from 'vitest';
import { startTestChain, type TestChain } from '../../helpers/chain.ts';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { deployUniswap, deployWeth, publishedArtifact, type UniswapDeployment } from '../../../src/devnet/dex/uniswap.ts';
import { deployLrts, type LrtDeployments, type LrtSymbol } from '../../../src/devnet/deploy-lrts.ts';
import { createLrtControls } from '../../../src/devnet/lrt-controls.ts';
import { deployEigenLayer, devAccountKey, type EigenLayerDeployment } from '../../../src/devnet/deploy-eigenlayer.ts';
import { seedLrtPools, seedRewardPools } from '../../../src/devnet/seed.ts';
import { deployVault, type DeployVaultOptions, type VaultDeployment } from '../../../src/devnet/deploy-vault.ts';
import { RESTAKING_VAULT_ABI } from '../../../src/protocols/vault/abi.ts';

export const WAD = 10n ** 18n;
export const VAULT_INTERFACE = new Interface(RESTAKING_VAULT_ABI);
export const ERC20 = new Interface([
  'function balanceOf(address) view returns (uint256)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function transferFrom(address from, address to, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function deposit() payable',
  'function withdraw(uint256 wad)',
]);

export interface VaultTestWorld {
  chain: TestChain;
  /** Uncached provider: ethers caches identical reads for 250 ms otherwise. */
  provider: JsonRpcProvider;
  weth: string;
  uniswap: UniswapDeployment;
  pairs: Record<string, string>;
  lrts: LrtDeployments;
  eigenlayer: EigenLayerDeployment;
  info: VaultDeployment;
  owner: Wallet;
  keeper: Wallet;
  guardian: Wallet;
  user: Wallet;
  attacker: Wallet;
  /** The vault connected to `signer`. */
  vault(signer: Wallet): Contract;
  token(address: string, signer: Wallet): Contract;
  router(signer: Wallet): Contract;
  /** Compiled-ABI handle of a devnet contract (LRT stand-ins, EigenLayer), connected to `signer`. */
  at(name: string, address: string, signer: Wallet): Contract;
  readRate(symbol: LrtSymbol): Promise<bigint>;
  increaseTime(seconds: number): Promise<void>;
  mineBlocks(blocks: number): Promise<void>;
  stop(): Promise<void>;
}

export type VaultWorldOptions = Partial<Pick<DeployVaultOptions, 'timelockSeconds' | 'maxLossBps' | 'maxWindowLossBps' | 'seal'>> & {
  minWithdrawalDelayBlocks?: number;
};

/** Starts a chain, deploys the devnet protocols and a configured vault (deployer = owner). */
export async function startVaultWorld(options: VaultWorldOptions = {}): Promise<VaultTestWorld> {
  const chain = await startTestChain();
  const provider = new JsonRpcProvider(chain.anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
  const deployer = chain.deployer;
  const owner = new Wallet(DEV_KEYS.deployer, provider);
  const weth = await (await deployWeth(deployer)).getAddress();
  const uniswap = await deployUniswap(deployer, weth);
  const lrts = await deployLrts(deployer, { weth });
  const eigenlayer = await deployEigenLayer(deployer, {
    rpcUrl: chain.anvil.rpcUrl,
    provider: chain.provider,
    lrtTokens: Object.fromEntries(Object.values(lrts).map((l) => [l.symbol, l.token])),
    rewardsUpdater: owner.address,
    minWithdrawalDelayBlocks: options.minWithdrawalDelayBlocks ?? 5,
    activationDelaySeconds: 10,
  });
  const controls = createLrtControls({ get: (name) => safeArtifact(chain, name) });
  const readRate = (symbol: LrtSymbol): Promise<bigint> => controls.readRate(provider, lrts, symbol);
  const seed = { lrtStockEth: parseEther('20000'), poolDepthEth: parseEther('5000') };
  const lrtPairs = await seedLrtPools(deployer, uniswap, Object.values(lrts), (s) => readRate(s as LrtSymbol), seed);
  const rewardPairs = await seedRewardPools(deployer, uniswap, eigenlayer.rewardTokens, () => parseEther('0.001'), parseEther('500'));
  const keeper = new Wallet(DEV_KEYS.keeper, provider);
  const guardian = new Wallet(DEV_KEYS.market, provider);
  const info = await deployVault(deployer, {
    weth,
    lrts,
    eigenlayer,
    uniswap,
    keeper: keeper.address,
    guardian: guardian.address,
    ...(options.timelockSeconds !== undefined ? { timelockSeconds: options.timelockSeconds } : {}),
    ...(options.maxLossBps !== undefined ? { maxLossBps: options.maxLossBps } : {}),
    ...(options.maxWindowLossBps !== undefined ? { maxWindowLossBps: options.maxWindowLossBps } : {}),
    ...(options.seal !== undefined ? { seal: options.seal } : {}),
  });
  const routerAbi = publishedArtifact('@uniswap/v2-periphery/build/UniswapV2Router02.json').abi;
  return {
    chain,
    provider,
    weth,
    uniswap,
    pairs: { ...lrtPairs, ...rewardPairs },
    lrts,
    eigenlayer,
    info,
    owner,
    keeper,
    guardian,
    user: new Wallet(DEV_KEYS.user, provider),
    attacker: new Wallet(devAccountKey(9), provider),
    vault: (signer) => new Contract(info.address, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, signer),
    token: (address, signer) => new Contract(address, ERC20, signer),
    router: (signer) => new Contract(uniswap.router, routerAbi, signer),
    at: (name, address, signer) => new Contract(address, chain.deployer.artifact(name).abi as InterfaceAbi, signer),
    readRate,
    increaseTime: async (seconds) => {
      await rawRpc(chain.anvil.rpcUrl, 'evm_increaseTime', [seconds]);
      await rawRpc(chain.anvil.rpcUrl, 'evm_mine', []);
    },
    mineBlocks: async (blocks) => {
      await rawRpc(chain.anvil.rpcUrl, 'anvil_mine', [`0x${blocks.toString(16)}`]);
    },
    stop: async () => {
      provider.destroy();
      await chain.stop();
    },
  };
}

function safeArtifact(chain: TestChain, name: string): ReturnType<TestChain['deployer']['artifact']> | undefined {
  try {
    return chain.deployer.artifact(name);
  } catch {
    return undefined;
  }
}

/**
 * Sends `fn(...args)` and expects a successful receipt. The gas limit is fixed rather than
 * estimated: a Uniswap pair writes its price accumulators only when the block timestamp has
 * moved, so an estimate taken in the same second as the last block is short by those writes
 * and the mined swap can run out of gas.
 */
export async function send(c: Contract, fn: string, args: readonly unknown[] = [], overrides: Record<string, unknown> = {}): Promise<TransactionReceipt> {
  const response = await c.getFunction(fn)(...args, { gasLimit: 5_000_000n, ...overrides });
  const receipt = (await response.wait()) as TransactionReceipt;
  expect(receipt.status).toBe(1);
  return receipt;
}

export async function read<T = bigint>(c: Contract, fn: string, args: readonly unknown[] = []): Promise<T> {
  return (await c.getFunction(fn).staticCall(...args)) as T;
}

/** Revert data from an ethers error, wherever this ethers path put it. */
export function revertData(err: unknown): string {
  const e = err as { data?: unknown; info?: { error?: { data?: unknown } }; error?: { data?: unknown } };
  for (const candidate of [e.data, e.info?.error?.data, e.error?.data]) {
    if (typeof candidate === 'string' && candidate.startsWith('0x')) return candidate;
  }
  return '0x';
}

/**
 * Asserts that `action` reverts with the vault's custom error `name`; returns its decoded args.
 * Errors of other contracts (bubbled inside CallFailed) are matched by `selectorOf(signature)`.
 */
export async function expectVaultRevert(action: Promise<unknown>, name: string): Promise<readonly unknown[]> {
  let caught: unknown;
  try {
    await action;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected revert ${name}`).toBeDefined();
  const data = revertData(caught);
  const parsed = VAULT_INTERFACE.parseError(data);
  expect(parsed?.name, `revert data ${data.slice(0, 10)} for ${name}`).toBe(name);
  return parsed ? [...parsed.args] : [];
}

export function selectorOf(signature: string): string {
  return id(signature).slice(0, 10);
}

/** Wraps ETH into WETH for `signer` and deposits it into the vault; returns the shares minted. */
export async function depositWeth(world: VaultTestWorld, signer: Wallet, amount: bigint): Promise<void> {
  const weth = world.token(world.weth, signer);
  await send(weth, 'deposit', [], { value: amount });
  await send(weth, 'approve', [world.info.address, MaxUint256]);
  await send(world.vault(signer), 'deposit', [amount, signer.address]);
}

/** Sends (or calls) `fn` on `c`: a typed-checked way to hand a possibly reverting call to expectVaultRevert. */
export function attempt(c: Contract, fn: string, ...args: unknown[]): Promise<unknown> {
  return c.getFunction(fn)(...args);
}

/** A `Call` struct for execute. */
export function call(target: string, data: string, value = 0n): { target: string; value: bigint; data: string } {
  return { target, value, data };
}
