/**
 * Safe 1.4.1 on the devnet, from the published artifacts as they are: the singleton, the proxy
 * factory, MultiSendCallOnly and the CompatibilityFallbackHandler, then the DAO treasury: a
 * 2-of-3 Safe proxy whose owners are Anvil dev accounts 10-12 (the public mnemonic, never
 * real keys), holding WETH and two LRTs, as a DAO's treasury would before it hires a keeper.
 * For bounded autonomy (`backend: safe-module`), deploySafeModule deploys the project's
 * SafeKeeperModule and has two owners sign and execute its enable-and-configure batch.
 */
import { Contract, Interface, Wallet, ZeroAddress, parseEther, type Contract as EthersContract } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { SAFE_ABI, SAFE_PROXY_FACTORY_ABI } from '../safe/abi.ts';
import { safeArtifact } from '../safe/artifacts.ts';
import { governanceTx, type GovernanceCall } from '../safe/governance.ts';
import { moduleSetupCalls, type ModuleAllowlist } from '../safe/module-setup.ts';
import { encodeExecTransaction, packSignatures } from '../safe/safe-tx.ts';
import { signSafeTx } from '../safe/signatures.ts';
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

export interface SafeModuleDeployment {
  address: string;
  safe: string;
  keeper: string;
  guardian: string;
  maxLossBps: number;
  maxWindowLossBps: number;
  timelockSeconds: number;
}

export interface DeploySafeModuleOptions {
  safe: SafeDeployment;
  weth: string;
  delegationManager: string;
  keeper: string;
  /** Who may pause besides the Safe (default: the Safe itself). */
  guardian?: string;
  /** The vault's allowlist record (deploy-vault.ts): the module allows exactly what the vault does. */
  allowlist: ModuleAllowlist;
  /** Defaults as the vault's: 50 bps per call, 200 bps per rolling day. */
  maxLossBps?: number;
  maxWindowLossBps?: number;
}

/**
 * Deploys a SafeKeeperModule owned by the treasury Safe, then enables and configures it with one
 * Safe transaction signed by two of the dev owners, as a DAO's owners would.
 * @example const module = await deploySafeModule(deployer, { safe: d.safe, weth: d.weth, delegationManager, keeper, allowlist: d.vaults.main });
 */
export async function deploySafeModule(deployer: Deployer, options: DeploySafeModuleOptions): Promise<SafeModuleDeployment> {
  const safe = options.safe.treasury.address;
  const guardian = options.guardian ?? safe;
  const params = {
    owner: safe,
    keeper: options.keeper,
    guardian,
    delegationManager: options.delegationManager,
    timelockDelay: 86_400n,
    maxLossBps: options.maxLossBps ?? 50,
    maxWindowLossBps: options.maxWindowLossBps ?? 200,
  };
  const module = await (await deployer.deploy('SafeKeeperModule', [safe, options.weth, params])).getAddress();
  await execAsOwners(deployer, options.safe, moduleSetupCalls(safe, module, options.allowlist));
  return { address: module, safe, keeper: options.keeper, guardian, maxLossBps: params.maxLossBps, maxWindowLossBps: params.maxWindowLossBps, timelockSeconds: 86_400 };
}

/**
 * `calls` as one Safe transaction of the treasury, signed (EIP-712) by the first `threshold` dev
 * owners and sent by the deployer: the devnet stand-in for owners signing in their Safe interface.
 */
export async function execAsOwners(deployer: Deployer, safe: SafeDeployment, calls: readonly GovernanceCall[]): Promise<void> {
  const address = safe.treasury.address;
  const nonce = (await new Contract(address, SAFE_ABI, deployer.provider).getFunction('nonce')()) as bigint;
  const domain = { chainId: Number((await deployer.provider.getNetwork()).chainId), verifyingContract: address };
  const g = governanceTx(calls, nonce, domain, safe.multiSendCallOnly);
  const signatures = new Map<string, string>();
  for (const i of SAFE_OWNER_ACCOUNTS.slice(0, safe.treasury.threshold)) {
    const owner = new Wallet(devAccountKey(i));
    signatures.set(owner.address.toLowerCase(), (await signSafeTx(owner, domain, g.safeTx, 0)).signature);
  }
  await deployer.sendRaw({ to: address, data: encodeExecTransaction(g.safeTx, packSignatures(signatures)), value: 0n });
}
