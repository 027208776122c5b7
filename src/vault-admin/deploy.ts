/**
 * Deploys a RestakingVault on any chain from the project's own sources and configures it for a
 * keeper config in its set-up phase (changes apply at once, deposits closed): the valued
 * positions, strategies, counterparties, spenders and call rules of `deriveVaultSpec`, the fee
 * caps and fees, then seals it, so every later widening change waits for the timelock. When the
 * owner is not the deployer (a Safe, say), ownership is handed over in Ownable2Step's two steps:
 * the deployer proposes, the owner accepts (`acceptOwnership`, printed ready to sign).
 *
 * Transactions go out one at a time with nonces counted here and each receipt checked, so a
 * revert stops the deploy naming the step; the record lists every step sent.
 */
import { Contract, ContractFactory, getAddress, type InterfaceAbi, type JsonRpcProvider, type Wallet } from 'ethers';
import type { KeeperConfig } from '../config/schema.ts';
import { NonRetryableError } from '../domain/errors.ts';
import { targetsFromConfig } from '../execution/targets-config.ts';
import { RESTAKING_VAULT_ABI } from '../protocols/vault/abi.ts';
import type { ContractArtifact } from '../solidity/compile.ts';
import { VAULT_FEES_ABI, VAULT_FEE_HOOKS_ABI } from './fee-abi.ts';
import { deriveVaultSpec, wordMask, type VaultSpec } from './vault-spec.ts';

export interface VaultDeployParams {
  owner: string;
  guardian: string;
  keeper: string;
  timelockSeconds: number;
  maxLossBps: number;
  maxWindowLossBps: number;
  name: string;
  symbol: string;
  fees: { recipient?: string; managementBps: number; performanceBps: number; managementCapBps: number; performanceCapBps: number };
}

export interface VaultDeploymentRecord {
  chainId: number;
  address: string;
  feeController: string;
  guards: string;
  deployBlock: number;
  deployer: string;
  /** The owner the vault ends with: the deployer, or the address that must still accept ownership. */
  owner: string;
  ownershipPending: boolean;
  params: VaultDeployParams;
  runtimeBytes: number;
  compilerVersion: string;
  spec: VaultSpec;
  steps: { label: string; hash: string }[];
}

const POOL_VIEWS = ['function factory() view returns (address)', 'function getPair(address tokenA, address tokenB) view returns (address)'];

/** @example const record = await deployRestakingVault(signer, provider, config, params, artifact, compilerVersion, (l) => io.stderr(l)); */
export async function deployRestakingVault(
  signer: Wallet,
  provider: JsonRpcProvider,
  config: KeeperConfig,
  params: VaultDeployParams,
  artifact: ContractArtifact,
  compilerVersion: string,
  progress: (line: string) => void,
): Promise<VaultDeploymentRecord> {
  let nonce = await provider.getTransactionCount(signer.address, 'pending');
  const steps: VaultDeploymentRecord['steps'] = [];
  const factory = new ContractFactory(artifact.abi as InterfaceAbi, artifact.bytecode, signer);
  const vaultParams = {
    owner: signer.address, keeper: params.keeper, guardian: params.guardian, delegationManager: config.eigenlayer.delegationManager,
    timelockDelay: BigInt(params.timelockSeconds), maxLossBps: params.maxLossBps, maxWindowLossBps: params.maxWindowLossBps,
  };
  progress('deploying RestakingVault');
  const deployed = await factory.deploy(config.universe.weth, params.name, params.symbol, vaultParams, { nonce: nonce++ });
  const receipt = await deployed.deploymentTransaction()?.wait();
  if (receipt?.status !== 1) throw new NonRetryableError('RestakingVault deployment failed', { details: [`tx: ${deployed.deploymentTransaction()?.hash}`] });
  steps.push({ label: 'deploy RestakingVault', hash: receipt.hash });
  const address = getAddress(await deployed.getAddress());
  const vault = new Contract(address, [...RESTAKING_VAULT_ABI, ...VAULT_FEE_HOOKS_ABI] as unknown as InterfaceAbi, signer);
  const feeController = getAddress((await vault.getFunction('feeController')()) as string);
  const fees = new Contract(feeController, VAULT_FEES_ABI as unknown as InterfaceAbi, signer);

  const send = async (label: string, c: Contract, fn: string, args: readonly unknown[]): Promise<void> => {
    progress(label);
    try {
      const tx = await c.getFunction(fn)(...args, { nonce: nonce++ });
      const r = await tx.wait();
      if (r?.status !== 1) throw new Error(`status ${r?.status}`);
      steps.push({ label, hash: r.hash });
    } catch (cause) {
      throw new NonRetryableError('Vault set-up transaction failed', { details: [`step: ${label}`, `vault: ${address}`], cause });
    }
  };

  const router = new Contract(config.universe.uniswap.router, POOL_VIEWS, provider);
  const pairFactory = new Contract((await router.getFunction('factory')()) as string, POOL_VIEWS, provider);
  const targets = await targetsFromConfig(config, provider);
  const spec = await deriveVaultSpec(config, targets, address, async (a, b) => (await pairFactory.getFunction('getPair')(a, b)) as string);
  for (const p of spec.positions) await send(`value ${p.symbol} at ${p.rateLabel}`, vault, 'queueSetPosition', [p.token, { target: p.rateTarget, data: p.rateData }]);
  for (const s of spec.strategies) await send(`add strategy ${s.symbol}`, vault, 'queueAddStrategy', [s.strategy]);
  for (const c of spec.counterparties) await send(`counterparty ${c.label}`, vault, 'queueCounterparty', [c.address]);
  for (const s of spec.spenders) await send(`spender ${s.spenderLabel} for ${s.tokenLabel}`, vault, 'queueSpender', [s.token, s.spender]);
  for (const r of spec.callRules) {
    const rule = { allowed: true, allowValue: r.allowValue, selfWords: wordMask(r.selfWords), counterpartyWords: wordMask(r.counterpartyWords) };
    await send(`allow ${r.label}`, vault, 'queueCallRule', [r.target, r.selector, rule]);
  }
  await send('fee caps', fees, 'setFeeCaps', [params.fees.managementCapBps, params.fees.performanceCapBps]);
  if (params.fees.recipient !== undefined) await send('fees', fees, 'queueFees', [params.fees.recipient, params.fees.managementBps, params.fees.performanceBps]);
  await send('seal set-up', vault, 'sealSetup', []);
  const handOver = getAddress(params.owner) !== signer.address;
  if (handOver) await send(`propose ${params.owner} as owner`, vault, 'transferOwnership', [params.owner]);

  return {
    chainId: config.chain.chainId, address, feeController, guards: getAddress((await vault.getFunction('guards')()) as string), deployBlock: receipt.blockNumber,
    deployer: signer.address, owner: getAddress(params.owner), ownershipPending: handOver, params, runtimeBytes: (artifact.deployedBytecode.length - 2) / 2,
    compilerVersion, spec, steps,
  };
}
