/**
 * Deploys the EigenLayer stand-ins (StrategyManager, one StrategyBase per LRT,
 * DelegationManager, AllocationManager, RewardsCoordinator), reward tokens, two operators and
 * three operator sets across two AVSs, and places Multicall3 at its mainnet address.
 *
 * Operators and AVSs are Anvil's public dev accounts 5-8 (derived from the well-known
 * "test … junk" mnemonic, never from keys stored here), so the market simulator can sign as
 * an AVS (slashing) and the world is the same on every run.
 */
import { Contract, HDNodeWallet, NonceManager, Wallet, ZeroAddress, type InterfaceAbi, type JsonRpcProvider, type TransactionResponse } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { rawRpc } from './anvil.ts';
import type { Deployer } from './deployer.ts';

export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11';
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** Dev-mnemonic account indexes used by the EigenLayer world. */
export const EIGEN_DEV_ACCOUNTS = { operators: [5, 6], avs: [7, 8] } as const;

/** Private key of Anvil dev account `index` (public devnet keys; never use on a real chain). */
export function devAccountKey(index: number): string {
  return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
}

export interface DeployEigenLayerOptions {
  /** Anvil's own URL: Multicall3 is installed with anvil_setCode. */
  rpcUrl: string;
  provider: JsonRpcProvider;
  /** LRT symbol -> token address; one whitelisted strategy is deployed per entry. */
  lrtTokens: Readonly<Record<string, string>>;
  /** Account allowed to submitRoot (the market simulator). */
  rewardsUpdater: string;
  /** Strict withdrawal delay in blocks; mainnet 100800, devnet default 50. */
  minWithdrawalDelayBlocks?: number;
  /** Seconds from submitRoot until a root is claimable; mainnet 604800, devnet default 60. */
  activationDelaySeconds?: number;
  /** Two operator keys; default Anvil dev accounts 5 and 6. */
  operatorKeys?: readonly string[];
  /** Two AVS keys; default Anvil dev accounts 7 and 8. */
  avsKeys?: readonly string[];
}

export interface TokenRef {
  symbol: string;
  address: string;
}

export interface EigenOperatorSetRecord {
  id: number;
  rewardToken: TokenRef;
  operators: string[];
  strategies: string[];
}

export interface EigenLayerDeployment {
  strategyManager: string;
  delegationManager: string;
  allocationManager: string;
  rewardsCoordinator: string;
  multicall3: string;
  /** LRT symbol -> StrategyBase address. */
  strategies: Record<string, string>;
  operators: { name: string; address: string }[];
  avs: { name: string; address: string; operatorSets: EigenOperatorSetRecord[] }[];
  rewardTokens: TokenRef[];
  rewardsUpdater: string;
  minWithdrawalDelayBlocks: number;
  activationDelaySeconds: number;
}

const OPERATOR_NAMES = ['op-alpha', 'op-beta'] as const;
const REWARD_TOKENS = [
  { symbol: 'EIGEN', name: 'Devnet Eigen' },
  { symbol: 'AVSA', name: 'Devnet AVS A reward' },
  { symbol: 'AVSB', name: 'Devnet AVS B reward' },
] as const;

/**
 * Deploys and wires the EigenLayer world; returns a JSON-serialisable record of it.
 *
 * @example
 *   const eigen = await deployEigenLayer(deployer, { rpcUrl, provider, lrtTokens: { weETH: weeth }, rewardsUpdater: market });
 */
/** RewardsCoordinator.CALCULATION_INTERVAL_SECONDS on the devnet (mainnet: 86400). */
export const REWARDS_CALCULATION_INTERVAL_SECONDS = 12;

export async function deployEigenLayer(deployer: Deployer, options: DeployEigenLayerOptions): Promise<EigenLayerDeployment> {
  const minWithdrawalDelayBlocks = options.minWithdrawalDelayBlocks ?? 50;
  const activationDelaySeconds = options.activationDelaySeconds ?? 60;
  const operatorKeys = options.operatorKeys ?? EIGEN_DEV_ACCOUNTS.operators.map(devAccountKey);
  const avsKeys = options.avsKeys ?? EIGEN_DEV_ACCOUNTS.avs.map(devAccountKey);
  if (operatorKeys.length < 2 || avsKeys.length < 2) {
    throw new NonRetryableError('EigenLayer devnet needs two operators and two AVSs', {
      details: [`operatorKeys: ${operatorKeys.length}`, `avsKeys: ${avsKeys.length}`],
    });
  }

  const allocationManager = await deployer.deploy('AllocationManager');
  const strategyManager = await deployer.deploy('StrategyManager');
  const delegationManager = await deployer.deploy('DelegationManager', [
    await strategyManager.getAddress(),
    await allocationManager.getAddress(),
    minWithdrawalDelayBlocks,
  ]);
  const dmAddress = await delegationManager.getAddress();
  await deployer.send(allocationManager, 'initialize', [dmAddress]);
  await deployer.send(strategyManager, 'initialize', [dmAddress]);

  const strategies: Record<string, string> = {};
  for (const [symbol, token] of Object.entries(options.lrtTokens)) {
    const strategy = await deployer.deploy('StrategyBase', [await strategyManager.getAddress(), token]);
    strategies[symbol] = await strategy.getAddress();
  }
  await deployer.send(strategyManager, 'addStrategiesToDepositWhitelist', [Object.values(strategies)]);

  // Calculation interval = the devnet's block time, so a rewards submission can cover one block.
  const rewardsCoordinator = await deployer.deploy('RewardsCoordinator', [options.rewardsUpdater, activationDelaySeconds, REWARDS_CALCULATION_INTERVAL_SECONDS, await allocationManager.getAddress()]);
  const rewardTokens: TokenRef[] = [];
  for (const { symbol, name } of REWARD_TOKENS) {
    const token = await deployer.deploy('MockERC20', [name, symbol]);
    rewardTokens.push({ symbol, address: await token.getAddress() });
  }
  const multicall3 = await installMulticall3(deployer, options.rpcUrl);

  const operators = operatorKeys.slice(0, 2).map((key) => devAccount(key, options.provider));
  const avsAccounts = avsKeys.slice(0, 2).map((key) => devAccount(key, options.provider));
  const amAddress = await allocationManager.getAddress();
  const dmAbi = deployer.artifact('DelegationManager').abi as InterfaceAbi;
  for (const [i, operator] of operators.entries()) {
    const dm = new Contract(dmAddress, dmAbi, operator.signer);
    await sendAs(dm, 'registerAsOperator', [ZeroAddress, 0, `https://devnet.invalid/operators/${OPERATOR_NAMES[i] ?? i}.json`]);
  }
  const avs = await createOperatorSets(deployer, amAddress, operators, avsAccounts, Object.values(strategies), rewardTokens);

  return {
    strategyManager: await strategyManager.getAddress(),
    delegationManager: dmAddress,
    allocationManager: amAddress,
    rewardsCoordinator: await rewardsCoordinator.getAddress(),
    multicall3,
    strategies,
    operators: operators.map((o, i) => ({ name: OPERATOR_NAMES[i] ?? `op-${i}`, address: o.address })),
    avs,
    rewardTokens,
    rewardsUpdater: options.rewardsUpdater,
    minWithdrawalDelayBlocks,
    activationDelaySeconds,
  };
}

/**
 * Places the compiled Multicall3 runtime code at its mainnet address (a fresh Anvil has none)
 * and returns that address. Idempotent.
 */
export async function installMulticall3(deployer: Deployer, rpcUrl: string): Promise<string> {
  await rawRpc(rpcUrl, 'anvil_setCode', [MULTICALL3_ADDRESS, deployer.artifact('Multicall3').deployedBytecode]);
  return MULTICALL3_ADDRESS;
}

/**
 * Three operator sets over two AVSs, each set paying a different reward token:
 * avs-a/0 (EIGEN: alpha, beta), avs-a/1 (AVSA: alpha), avs-b/0 (AVSB: beta); every set
 * covers every strategy. Operators then register into their sets.
 */
async function createOperatorSets(
  deployer: Deployer,
  amAddress: string,
  operators: readonly DevAccount[],
  avsAccounts: readonly DevAccount[],
  strategies: string[],
  rewardTokens: readonly TokenRef[],
): Promise<EigenLayerDeployment['avs']> {
  const amAbi = deployer.artifact('AllocationManager').abi as InterfaceAbi;
  const [alpha, beta] = operators.map((o) => o.address) as [string, string];
  const [eigen, avsaToken, avsbToken] = rewardTokens as [TokenRef, TokenRef, TokenRef];
  const [avsA, avsB] = avsAccounts as [DevAccount, DevAccount];
  const layout = [
    { name: 'avs-a', account: avsA, sets: [{ id: 0, reward: eigen, members: [alpha, beta] }, { id: 1, reward: avsaToken, members: [alpha] }] },
    { name: 'avs-b', account: avsB, sets: [{ id: 0, reward: avsbToken, members: [beta] }] },
  ];
  const avs: EigenLayerDeployment['avs'] = [];
  for (const entry of layout) {
    const am = new Contract(amAddress, amAbi, entry.account.signer);
    await sendAs(am, 'createOperatorSets', [entry.account.address, entry.sets.map((s) => ({ operatorSetId: s.id, strategies }))]);
    avs.push({
      name: entry.name,
      address: entry.account.address,
      operatorSets: entry.sets.map((s) => ({ id: s.id, rewardToken: s.reward, operators: s.members, strategies })),
    });
  }
  for (const operator of operators) {
    const am = new Contract(amAddress, amAbi, operator.signer);
    for (const entry of avs) {
      const ids = entry.operatorSets.filter((s) => s.operators.includes(operator.address)).map((s) => s.id);
      if (ids.length > 0) await sendAs(am, 'registerForOperatorSets', [operator.address, { avs: entry.address, operatorSetIds: ids, data: '0x' }]);
    }
  }
  return avs;
}

interface DevAccount {
  address: string;
  signer: NonceManager;
}

/** Nonces are counted locally: right after a receipt the node (or ethers' cache) may report the old count. */
function devAccount(key: string, provider: JsonRpcProvider): DevAccount {
  const wallet = new Wallet(key, provider);
  return { address: wallet.address, signer: new NonceManager(wallet) };
}

async function sendAs(contract: Contract, method: string, args: readonly unknown[]): Promise<void> {
  try {
    const tx = (await contract.getFunction(method)(...args)) as TransactionResponse;
    await tx.wait();
  } catch (cause) {
    throw new NonRetryableError('EigenLayer devnet set-up transaction failed', {
      details: [`contract: ${await contract.getAddress()}`, `method: ${method}`],
      cause,
    });
  }
}
