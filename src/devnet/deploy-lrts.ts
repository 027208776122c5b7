/**
 * Deploys the five LRT stand-ins (ether.fi, Renzo, Kelp, Puffer, Swell) from
 * contracts/devnet/lrt, wires them together and seeds each at a realistic starting rate.
 *
 * Every stand-in keeps the mainnet signatures and awkward semantics of PROTOCOLS.md (Kelp's
 * stored price, Renzo's and Swell's missing min-out, Puffer's same-transaction rule, queued
 * exits that pay the lower value), so an adapter that works here works on mainnet. The
 * devnet knobs (`devnetAccrue`, `devnetSetInstantLiquidity`) are owned by the deployer, which
 * is also the market simulator's account.
 */
import { parseEther, type Contract } from 'ethers';
import { InputError } from '../domain/errors.ts';
import type { Deployer } from './deployer.ts';

export type LrtSymbol = 'weETH' | 'ezETH' | 'rsETH' | 'pufETH' | 'rswETH';
export type LrtProtocol = 'etherfi' | 'renzo' | 'kelp' | 'puffer' | 'swell';

export const LRT_SYMBOLS: readonly LrtSymbol[] = ['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH'];

/** The ETH marker that Renzo, Kelp and ether.fi use for "native ETH" in asset arguments. */
export const NATIVE_ETH = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

export interface EtherFiDeployment {
  symbol: 'weETH';
  protocol: 'etherfi';
  token: string;
  contracts: { liquidityPool: string; eETH: string; redemptionManager: string; depositAdapter: string; withdrawRequestNft: string };
}

export interface RenzoDeployment {
  symbol: 'ezETH';
  protocol: 'renzo';
  token: string;
  contracts: { restakeManager: string; rateProvider: string; withdrawQueue: string; instantWithdrawer: string };
}

export interface KelpDeployment {
  symbol: 'rsETH';
  protocol: 'kelp';
  token: string;
  contracts: { depositPool: string; oracle: string; withdrawalManager: string };
}

export interface PufferDeployment {
  symbol: 'pufETH';
  protocol: 'puffer';
  /** The vault itself: pufETH is its ERC-4626 share. */
  token: string;
  contracts: { vault: string };
  /** The OpenZeppelin AccessManager behind the vault's restricted functions (the keeper finds it through `authority()`). */
  accessManager: string;
}

export interface SwellDeployment {
  symbol: 'rswETH';
  protocol: 'swell';
  token: string;
  contracts: { withdrawalNft: string };
}

/** Addresses (checksummed) of every LRT stand-in; plain JSON. */
export interface LrtDeployments {
  weETH: EtherFiDeployment;
  ezETH: RenzoDeployment;
  rsETH: KelpDeployment;
  pufETH: PufferDeployment;
  rswETH: SwellDeployment;
}

export interface DeployLrtsOptions {
  /** WETH9 address (Puffer's vault asset). */
  weth: string;
  /** Kelp's withdrawal delay. Mainnet counts blocks; converted at 12 s a block. Default 8 days. */
  kelpWithdrawalDelaySeconds?: number;
  /** Overrides kelpWithdrawalDelaySeconds with an exact block count. */
  kelpWithdrawalDelayBlocks?: number;
  /** Renzo WithdrawQueue cooldown. Default 7 days. */
  renzoCooldownSeconds?: number;
  /** ETH each protocol is seeded with by the deployer before the starting rate is set. */
  seedEth?: bigint;
  /** Starting rates (ETH per token, wad). Defaults near mainnet: 1.07, 1.04, 1.05, 1.06, 1.07. */
  startRates?: Partial<Record<LrtSymbol, bigint>>;
  etherfiExitFeeBps?: number;
  etherfiBucketCapacityWei?: bigint;
  etherfiBucketRefillWeiPerSecond?: bigint;
  etherfiLowWatermarkBps?: number;
  renzoInstantFeeBps?: number;
  renzoInstantLiquidityWei?: bigint;
  pufferExitFeeBps?: number;
}

export const DEFAULT_START_RATES: Readonly<Record<LrtSymbol, bigint>> = {
  weETH: parseEther('1.07'),
  ezETH: parseEther('1.04'),
  rsETH: parseEther('1.05'),
  pufETH: parseEther('1.06'),
  rswETH: parseEther('1.07'),
};

const DAY = 86_400;
const SECONDS_PER_BLOCK = 12;
/** OpenZeppelin AccessManager's role that everyone holds. */
const PUBLIC_ROLE = 2n ** 64n - 1n;

/**
 * Deploys, wires and seeds all five LRTs; the deployer owns every devnet knob.
 *
 * @example
 *   const lrts = await deployLrts(deployer, { weth: await weth.getAddress(), kelpWithdrawalDelaySeconds: 24 });
 *   lrts.rsETH.contracts.oracle // '0x…'
 */
export async function deployLrts(deployer: Deployer, opts: DeployLrtsOptions): Promise<LrtDeployments> {
  const seed = opts.seedEth ?? parseEther('100');
  if (seed <= 0n) throw new InputError('LRT seed must be positive', { details: [`seedEth: ${seed}`] });
  const rates = { ...DEFAULT_START_RATES, ...opts.startRates };
  for (const symbol of LRT_SYMBOLS) {
    if (rates[symbol] < parseEther('1')) {
      throw new InputError('LRT start rate must be at least 1.0', { details: [`startRates.${symbol}: ${rates[symbol]}`] });
    }
  }
  return {
    weETH: await deployEtherFi(deployer, opts, seed, rates.weETH),
    ezETH: await deployRenzo(deployer, opts, seed, rates.ezETH),
    rsETH: await deployKelp(deployer, opts, seed, rates.rsETH),
    pufETH: await deployPuffer(deployer, opts, seed, rates.pufETH),
    rswETH: await deploySwell(deployer, seed, rates.rswETH),
  };
}

/** ETH to add to a pool that holds `seed` at rate 1.0 so that its rate becomes `rate`. */
function accrualFor(seed: bigint, rate: bigint): bigint {
  return ((rate - parseEther('1')) * seed) / parseEther('1');
}

async function accrue(deployer: Deployer, contract: Contract, amount: bigint): Promise<void> {
  if (amount > 0n) await deployer.send(contract, 'devnetAccrue', [], amount);
}

async function deployEtherFi(deployer: Deployer, opts: DeployLrtsOptions, seed: bigint, rate: bigint): Promise<EtherFiDeployment> {
  const me = deployer.signer.address;
  const pool = await deployer.deploy('EtherFiLiquidityPool');
  const poolAddress = await pool.getAddress();
  const eETH = await deployer.deploy('EtherFiEETH', [poolAddress]);
  const eETHAddress = await eETH.getAddress();
  const weETH = await deployer.deploy('EtherFiWeETH', [eETHAddress, poolAddress]);
  const weETHAddress = await weETH.getAddress();
  const nft = await deployer.deploy('EtherFiWithdrawRequestNFT', [poolAddress]);
  const redemption = await deployer.deploy('EtherFiRedemptionManager', [
    poolAddress,
    eETHAddress,
    weETHAddress,
    me, // treasury
    0, // exit fee split to treasury: all of the fee stays with the stakers
    opts.etherfiExitFeeBps ?? 30,
    opts.etherfiLowWatermarkBps ?? 0,
    opts.etherfiBucketCapacityWei ?? parseEther('2000'),
    opts.etherfiBucketRefillWeiPerSecond ?? parseEther('2000') / BigInt(DAY),
  ]);
  const adapter = await deployer.deploy('EtherFiDepositAdapter', [poolAddress, eETHAddress, weETHAddress]);
  await deployer.send(pool, 'initialize', [eETHAddress, await nft.getAddress(), await redemption.getAddress()]);
  await deployer.send(adapter, 'depositETHForWeETH', [me], seed);
  await accrue(deployer, pool, accrualFor(seed, rate));
  return {
    symbol: 'weETH',
    protocol: 'etherfi',
    token: weETHAddress,
    contracts: {
      liquidityPool: poolAddress,
      eETH: eETHAddress,
      redemptionManager: await redemption.getAddress(),
      depositAdapter: await adapter.getAddress(),
      withdrawRequestNft: await nft.getAddress(),
    },
  };
}

async function deployRenzo(deployer: Deployer, opts: DeployLrtsOptions, seed: bigint, rate: bigint): Promise<RenzoDeployment> {
  const ezETH = await deployer.deploy('RenzoEzETH');
  const ezETHAddress = await ezETH.getAddress();
  const manager = await deployer.deploy('RenzoRestakeManager', [ezETHAddress]);
  const managerAddress = await manager.getAddress();
  const rateProvider = await deployer.deploy('RenzoRateProvider', [managerAddress, ezETHAddress]);
  const queue = await deployer.deploy('RenzoWithdrawQueue', [managerAddress, ezETHAddress, opts.renzoCooldownSeconds ?? 7 * DAY]);
  const instant = await deployer.deploy('RenzoInstantWithdrawer', [
    managerAddress,
    ezETHAddress,
    opts.renzoInstantFeeBps ?? 50,
    opts.renzoInstantLiquidityWei ?? parseEther('500'),
  ]);
  const queueAddress = await queue.getAddress();
  const instantAddress = await instant.getAddress();
  for (const account of [managerAddress, queueAddress, instantAddress]) await deployer.send(ezETH, 'setMinterBurner', [account, true]);
  for (const account of [queueAddress, instantAddress]) await deployer.send(manager, 'setExitContract', [account, true]);
  await deployer.send(manager, 'depositETH(uint256)', [0n], seed);
  await accrue(deployer, manager, accrualFor(seed, rate));
  return {
    symbol: 'ezETH',
    protocol: 'renzo',
    token: ezETHAddress,
    contracts: { restakeManager: managerAddress, rateProvider: await rateProvider.getAddress(), withdrawQueue: queueAddress, instantWithdrawer: instantAddress },
  };
}

async function deployKelp(deployer: Deployer, opts: DeployLrtsOptions, seed: bigint, rate: bigint): Promise<KelpDeployment> {
  const delayBlocks = opts.kelpWithdrawalDelayBlocks ?? Math.ceil((opts.kelpWithdrawalDelaySeconds ?? 8 * DAY) / SECONDS_PER_BLOCK);
  if (!Number.isInteger(delayBlocks) || delayBlocks < 0) {
    throw new InputError('Kelp withdrawal delay must be a whole, non-negative block count', { details: [`delay blocks: ${delayBlocks}`] });
  }
  const rsETH = await deployer.deploy('KelpRsETH');
  const rsETHAddress = await rsETH.getAddress();
  const pool = await deployer.deploy('KelpDepositPool', [rsETHAddress]);
  const poolAddress = await pool.getAddress();
  const oracle = await deployer.deploy('KelpOracle', [rsETHAddress, poolAddress]);
  const oracleAddress = await oracle.getAddress();
  const manager = await deployer.deploy('KelpWithdrawalManager', [rsETHAddress, oracleAddress, poolAddress, delayBlocks]);
  const managerAddress = await manager.getAddress();
  await deployer.send(pool, 'initialize', [oracleAddress, managerAddress]);
  for (const account of [poolAddress, managerAddress]) await deployer.send(rsETH, 'setMinterBurner', [account, true]);
  await deployer.send(pool, 'depositETH', [0n, 'devnet-seed'], seed);
  await accrue(deployer, pool, accrualFor(seed, rate));
  // The stored price starts in line with the backing; from here on it lags until refreshed.
  await deployer.send(oracle, 'updateRSETHPrice');
  return {
    symbol: 'rsETH',
    protocol: 'kelp',
    token: rsETHAddress,
    contracts: { depositPool: poolAddress, oracle: oracleAddress, withdrawalManager: managerAddress },
  };
}

async function deployPuffer(deployer: Deployer, opts: DeployLrtsOptions, seed: bigint, rate: bigint): Promise<PufferDeployment> {
  const manager = await deployer.deploy('PufferAccessManager', [deployer.signer.address]);
  const managerAddress = await manager.getAddress();
  const vault = await deployer.deploy('PufferVault', [opts.weth, opts.pufferExitFeeBps ?? 100, managerAddress]);
  const vaultAddress = await vault.getAddress();
  // Open to everyone, as on mainnet today; a test or scenario closes them through the manager.
  const restricted = ['depositETH', 'deposit', 'mint', 'withdraw', 'redeem'].map((name) => vault.interface.getFunction(name)!.selector);
  await deployer.send(manager, 'setTargetFunctionRole', [vaultAddress, restricted, PUBLIC_ROLE]);
  await deployer.send(vault, 'depositETH', [deployer.signer.address], seed);
  await accrue(deployer, vault, accrualFor(seed, rate));
  return { symbol: 'pufETH', protocol: 'puffer', token: vaultAddress, contracts: { vault: vaultAddress }, accessManager: managerAddress };
}

async function deploySwell(deployer: Deployer, seed: bigint, rate: bigint): Promise<SwellDeployment> {
  const rswETH = await deployer.deploy('SwellRswETH');
  const rswETHAddress = await rswETH.getAddress();
  const nft = await deployer.deploy('SwellWithdrawalNFT', [rswETHAddress]);
  const nftAddress = await nft.getAddress();
  await deployer.send(rswETH, 'setWithdrawalNFT', [nftAddress]);
  await deployer.send(rswETH, 'deposit', [], seed);
  await accrue(deployer, rswETH, accrualFor(seed, rate));
  return { symbol: 'rswETH', protocol: 'swell', token: rswETHAddress, contracts: { withdrawalNft: nftAddress } };
}
