/**
 * Signs the market simulator's transactions for the next block without sending them: the
 * block producer puts them at the top of the block. Nonces are read once per block from the
 * chain (the simulator's accounts send nothing else), then counted locally.
 */
import { Transaction, type JsonRpcProvider, type Wallet } from 'ethers';
import type { TxRequest } from '../../protocols/lrt-deposit.ts';

/** Gas price ceiling for simulator transactions; devnet ETH is free, blocks must not skip them. */
const MAX_FEE_PER_GAS = 20_000n * 10n ** 9n;

export class BlockTxSigner {
  private readonly nonces = new Map<string, number>();
  private readonly signed: string[] = [];

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly chainId: number,
  ) {}

  /** Signs `request` from `wallet` with the next nonce; returns the tx hash. */
  async add(wallet: Wallet, request: TxRequest, gasLimit: bigint): Promise<string> {
    const address = wallet.address;
    let nonce = this.nonces.get(address);
    if (nonce === undefined) nonce = await this.provider.getTransactionCount(address, 'latest');
    this.nonces.set(address, nonce + 1);
    const tx = Transaction.from({
      type: 2,
      chainId: this.chainId,
      nonce,
      to: request.to,
      data: request.data,
      value: request.value,
      gasLimit,
      maxFeePerGas: MAX_FEE_PER_GAS,
      maxPriorityFeePerGas: 0n,
    });
    const raw = await wallet.signTransaction(tx);
    this.signed.push(raw);
    return Transaction.from(raw).hash ?? '';
  }

  /** The signed raw transactions, in the order they were added. */
  drain(): string[] {
    return this.signed.splice(0);
  }
}
