/**
 * Safe 1.4.1 on the devnet, from the published artifacts as they are: the singleton, the proxy
 * factory, MultiSendCallOnly and the CompatibilityFallbackHandler, then the DAO treasury: a
 * 2-of-3 Safe proxy whose owners are Anvil dev accounts 10-12 (the public mnemonic, never
 * real keys), holding WETH and two LRTs, as a DAO's treasury would before it hires a keeper.
 */
import { Contract, Interface, Wallet, ZeroAddress, parseEther, type Contract as EthersContract } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { SAFE_ABI, SAFE_PROXY_FACTORY_ABI } from '../safe/abi.ts';
import { safeArtifact } from '../safe/artifacts.ts';
import type { Deployer } from './deployer.ts';
import type { LrtDeployments } from './deploy-lrts.ts';
import { devAccountKey } from './deploy-eigenlayer.ts';

/** Anvil dev account indices of the treasury's owners (0-9 have devnet roles already). */
export const SAFE_OWNER_ACCOUNTS = [10, 11, 12] as const;
export const SAFE_THRESHOLD = 2;

export interface SafeSingletons {
  singleton: string;
  proxyFactory: string;
  multiSendCallOnly: string;
  fallbackHandler: string;
}

export interface TreasurySafe {
  address: string;
  owners: string[];
  threshold: number;
  /** The treasury's starting book, wei and token units as decimal strings. */
  funded: { wethWei: string; weEth: string; ezEth: string };
}

export interface SafeDeployment extends SafeSingletons {
  version: '1.4.1';
  treasury: TreasurySafe;
}

export interface DeploySafeOptions {
  weth: EthersContract;
  lrts: LrtDeployments;
  /** Devnet ETH sent to each owner, so owners can also act on chain (approveHash, execTransaction). */
  ownerGasEth?: bigint;
  treasury?: { wethWei: bigint; weEth: bigint; ezEth: bigint };
}

const DEFAULT_TREASURY = { wethWei: parseEther('60'), weEth: parseEther('24'), ezEth: parseEther('15') };
const ERC20_TRANSFER = ['function transfer(address to, uint256 amount) returns (bool)'];

/** @example const safe = await deploySafe(deployer, { weth, lrts }); safe.treasury.address */
export async function deploySafe(deployer: Deployer, options: DeploySafeOptions): Promise<SafeDeployment> {
  const singletons = await deploySafeSingletons(deployer);
  const owners = SAFE_OWNER_ACCOUNTS.map((i) => new Wallet(devAccountKey(i)).address);
  const address = await createSafe(deployer, singletons, owners, SAFE_THRESHOLD, 1n);
  for (const owner of owners) await deployer.sendRaw({ to: owner, data: '0x', value: options.ownerGasEth ?? parseEther('10') });

  const t = options.treasury ?? DEFAULT_TREASURY;
  await deployer.send(options.weth, 'deposit', [], t.wethWei);
  await deployer.send(options.weth, 'transfer', [address, t.wethWei]);
  // LRTs from the deployer's stock (bought at the protocol rate when the pools were seeded).
  await deployer.send(deployer.atRaw(ERC20_TRANSFER, options.lrts.weETH.token), 'transfer', [address, t.weEth]);
  await deployer.send(deployer.atRaw(ERC20_TRANSFER, options.lrts.ezETH.token), 'transfer', [address, t.ezEth]);
  const balance = (token: string) => new Contract(token, ['function balanceOf(address) view returns (uint256)'], deployer.provider).getFunction('balanceOf')(address) as Promise<bigint>;
  const funded = { wethWei: t.wethWei.toString(), weEth: (await balance(options.lrts.weETH.token)).toString(), ezEth: (await balance(options.lrts.ezETH.token)).toString() };
  return { version: '1.4.1', ...singletons, treasury: { address, owners, threshold: SAFE_THRESHOLD, funded } };
}

export async function deploySafeSingletons(deployer: Deployer): Promise<SafeSingletons> {
  const deployed: Record<string, string> = {};
  for (const name of ['singleton', 'proxyFactory', 'multiSendCallOnly', 'fallbackHandler'] as const) {
    const artifact = safeArtifact(name);
    deployed[name] = await (await deployer.deployRaw(`Safe ${name}`, artifact.abi, artifact.bytecode)).getAddress();
  }
  return deployed as unknown as SafeSingletons;
}

/** A Safe proxy set up with `owners` and `threshold` and the fallback handler; returns its address. */
export async function createSafe(deployer: Deployer, singletons: SafeSingletons, owners: readonly string[], threshold: number, saltNonce: bigint): Promise<string> {
  const setup = new Interface(SAFE_ABI).encodeFunctionData('setup', [owners, threshold, ZeroAddress, '0x', singletons.fallbackHandler, ZeroAddress, 0n, ZeroAddress]);
  const factory = deployer.atRaw(SAFE_PROXY_FACTORY_ABI as unknown as string[], singletons.proxyFactory);
  const before = await deployer.provider.getBlockNumber();
  await deployer.send(factory, 'createProxyWithNonce', [singletons.singleton, setup, saltNonce]);
  const logs = await factory.queryFilter(factory.filters.ProxyCreation!(), before + 1, 'latest');
  const proxy = logs.map((l) => ('args' in l ? String(l.args[0]) : '')).find((a) => a !== '');
  if (proxy === undefined) throw new NonRetryableError('Safe proxy creation emitted no ProxyCreation event', { details: [`factory: ${singletons.proxyFactory}`] });
  return proxy;
}
