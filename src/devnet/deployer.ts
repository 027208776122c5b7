/**
 * Deploys compiled contracts to a devnet and sends set-up transactions one after another.
 *
 * Deployment runs while Anvil automines, so each transaction is mined as it is sent; nonces
 * are tracked here rather than asked from the node, which keeps a deploy of ~60 contracts
 * to a few hundred milliseconds.
 */
import { Contract, ContractFactory, type InterfaceAbi, type JsonRpcProvider, type Wallet, type TransactionResponse } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import type { ContractArtifact } from '../solidity/compile.ts';

export interface ArtifactSource {
  get(name: string): ContractArtifact | undefined;
}

export class Deployer {
  private nonce: number | undefined;

  constructor(
    readonly provider: JsonRpcProvider,
    readonly signer: Wallet,
    private readonly artifacts: ArtifactSource,
  ) {}

  /** Deploys `name` from the compiled artifacts and returns a connected contract. */
  async deploy(name: string, args: readonly unknown[] = [], value?: bigint): Promise<Contract> {
    const artifact = this.artifact(name);
    return this.deployRaw(name, artifact.abi as InterfaceAbi, artifact.bytecode, args, value);
  }

  /** Deploys from an ABI and bytecode that did not come from our compiler (e.g. Uniswap). */
  async deployRaw(label: string, abi: InterfaceAbi, bytecode: string, args: readonly unknown[] = [], value?: bigint): Promise<Contract> {
    const factory = new ContractFactory(abi, bytecode, this.signer);
    const overrides: Record<string, unknown> = { nonce: await this.nextNonce() };
    if (value !== undefined) overrides.value = value;
    try {
      const contract = await factory.deploy(...args, overrides);
      await contract.waitForDeployment();
      return new Contract(await contract.getAddress(), abi, this.signer);
    } catch (cause) {
      this.nonce = undefined;
      throw new NonRetryableError('Devnet deployment failed', { details: [`contract: ${label}`], cause });
    }
  }

  /** A contract handle for an already deployed address, signed by the deployer. */
  at(name: string, address: string): Contract {
    return new Contract(address, this.artifact(name).abi as InterfaceAbi, this.signer);
  }

  /**
   * Sends `contract.method(...args)` with the deployer's next nonce and waits for the receipt.
   * A revert becomes an error naming the contract and method.
   */
  async send(contract: Contract, method: string, args: readonly unknown[] = [], value?: bigint): Promise<void> {
    const overrides: Record<string, unknown> = { nonce: await this.nextNonce() };
    if (value !== undefined) overrides.value = value;
    try {
      const fn = contract.getFunction(method);
      const tx = (await fn(...args, overrides)) as TransactionResponse;
      await tx.wait();
    } catch (cause) {
      this.nonce = undefined;
      throw new NonRetryableError('Devnet set-up transaction failed', {
        details: [`contract: ${await contract.getAddress()}`, `method: ${method}`],
        cause,
      });
    }
  }

  /** A handle for a contract whose ABI did not come from our compiler. */
  atRaw(abi: InterfaceAbi, address: string): Contract {
    return new Contract(address, abi, this.signer);
  }

  /** Sends a prepared request (to, data, value) from the deployer and waits for it. */
  async sendRaw(request: { to: string; data: string; value: bigint }): Promise<void> {
    try {
      const tx = await this.signer.sendTransaction({ ...request, nonce: await this.nextNonce() });
      const receipt = await tx.wait();
      if (receipt?.status !== 1) throw new Error(`status ${receipt?.status}`);
    } catch (cause) {
      this.nonce = undefined;
      throw new NonRetryableError('Devnet set-up transaction failed', { details: [`to: ${request.to}`, `selector: ${request.data.slice(0, 10)}`], cause });
    }
  }

  artifact(name: string): ContractArtifact {
    const artifact = this.artifacts.get(name);
    if (!artifact) throw new NonRetryableError('Unknown contract artifact', { details: [`name: ${name}`] });
    return artifact;
  }

  private async nextNonce(): Promise<number> {
    if (this.nonce === undefined) this.nonce = await this.provider.getTransactionCount(this.signer.address, 'pending');
    return this.nonce++;
  }
}
