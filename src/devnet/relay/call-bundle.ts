/**
 * `eth_callBundle`: runs a bundle on top of the latest state in a throw-away block and
 * reports what each transaction did, without changing the chain (Anvil snapshot/revert).
 *
 * The answer has the Flashbots shape: amounts as decimal strings, gas as numbers, and per
 * transaction either `value` (return data) or `error` plus `revert` (revert data). Like the
 * relay, a transaction that cannot even be executed (nonce, funds, fee) fails the whole call
 * with an `err: ...` message instead of a result.
 */
import { getAddress } from 'ethers';
import { AnvilRpcError, type AnvilClient } from './anvil-client.ts';
import { RpcError, RPC_SERVER_ERROR, invalidParams } from './jsonrpc.ts';
import { bundleHashOf, type CallBundleRequest } from './validate.ts';
import { ethSentTo, type CallFrame } from './call-trace.ts';

/** How far ahead of the head a simulation may be placed (empty blocks are mined in between). */
export const MAX_SIMULATION_LOOKAHEAD = 256;

export interface CallBundleTxResult {
  txHash: string;
  gasUsed: number;
  gasPrice: string;
  gasFees: string;
  coinbaseDiff: string;
  ethSentToCoinbase: string;
  fromAddress: string;
  toAddress: string;
  value?: string;
  error?: string;
  revert?: string;
}

export interface CallBundleResult {
  bundleGasPrice: string;
  bundleHash: string;
  coinbaseDiff: string;
  ethSentToCoinbase: string;
  gasFees: string;
  results: CallBundleTxResult[];
  stateBlockNumber: number;
  totalGasUsed: number;
}

interface RpcBlock {
  number: string;
  timestamp: string;
  miner: string;
  baseFeePerGas?: string;
  transactions: string[];
}

interface RpcReceipt {
  transactionHash: string;
  gasUsed: string;
  effectiveGasPrice: string;
  from: string;
  to: string | null;
  contractAddress: string | null;
}

/**
 * Simulates `request` and restores the chain. Must run while the caller holds the chain gate
 * exclusively (the simulation block is briefly Anvil's head).
 */
export async function simulateBundle(anvil: AnvilClient, request: CallBundleRequest, blockTimeSeconds: number): Promise<CallBundleResult> {
  const head = await anvil.blockNumber();
  if (request.stateBlockNumber !== 'latest' && request.stateBlockNumber !== head) {
    throw invalidParams(`stateBlockNumber: the emulator simulates on the latest state only (head is ${head})`);
  }
  if (request.blockNumber <= head || request.blockNumber > head + MAX_SIMULATION_LOOKAHEAD) {
    throw invalidParams(`blockNumber: must be after the head (${head}) and at most ${MAX_SIMULATION_LOOKAHEAD} blocks ahead`);
  }
  const snapshotId = await anvil.call<string>('evm_snapshot');
  try {
    await anvil.call('anvil_dropAllTransactions');
    const gap = request.blockNumber - head - 1;
    if (gap > 0) await anvil.call('anvil_mine', [`0x${gap.toString(16)}`, `0x${blockTimeSeconds.toString(16)}`]);
    const parent = await anvil.call<RpcBlock>('eth_getBlockByNumber', ['latest', false]);
    const coinbase = getAddress(parent.miner);
    const balanceBefore = BigInt(await anvil.call<string>('eth_getBalance', [coinbase, parent.number]));
    for (const tx of request.txs) {
      try {
        await anvil.call('eth_sendRawTransaction', [tx.raw]);
      } catch (err) {
        if (err instanceof AnvilRpcError) throw new RpcError(RPC_SERVER_ERROR, `err: ${err.rpcMessage}; txhash ${tx.hash}`, 200);
        throw err;
      }
    }
    const timestamp = request.timestamp ?? Number(parent.timestamp) + blockTimeSeconds;
    try {
      await anvil.call('evm_mine', [timestamp]);
    } catch (err) {
      if (err instanceof AnvilRpcError) throw invalidParams(`timestamp: ${err.rpcMessage}`);
      throw err;
    }
    const block = await anvil.call<RpcBlock>('eth_getBlockByNumber', ['latest', false]);
    const mined = block.transactions.map((h) => h.toLowerCase());
    const expected = request.txs.map((tx) => tx.hash);
    if (mined.length !== expected.length || mined.some((h, i) => h !== expected[i])) {
      const missing = expected.find((h) => !mined.includes(h));
      throw new RpcError(
        RPC_SERVER_ERROR,
        missing ? `err: transaction not executable in this position (nonce gap or gas limit); txhash ${missing}` : 'err: transactions are not in nonce order',
        200,
      );
    }
    const baseFee = BigInt(block.baseFeePerGas ?? '0x0');
    const results: CallBundleTxResult[] = [];
    for (const hash of expected) results.push(await describeTx(anvil, hash, baseFee, coinbase));
    const balanceAfter = BigInt(await anvil.call<string>('eth_getBalance', [coinbase, block.number]));
    return summarise(request, results, balanceAfter - balanceBefore, head);
  } finally {
    await anvil.call('evm_revert', [snapshotId]);
    await anvil.call('anvil_dropAllTransactions');
  }
}

async function describeTx(anvil: AnvilClient, hash: string, baseFee: bigint, coinbase: string): Promise<CallBundleTxResult> {
  const receipt = await anvil.call<RpcReceipt>('eth_getTransactionReceipt', [hash]);
  const trace = await anvil.call<CallFrame>('debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
  const gasUsed = BigInt(receipt.gasUsed);
  const gasPrice = BigInt(receipt.effectiveGasPrice);
  const sent = ethSentTo(trace, coinbase);
  const tip = gasPrice > baseFee ? (gasPrice - baseFee) * gasUsed : 0n;
  const result: CallBundleTxResult = {
    txHash: hash,
    gasUsed: Number(gasUsed),
    gasPrice: gasPrice.toString(),
    gasFees: (gasUsed * gasPrice).toString(),
    coinbaseDiff: (tip + sent).toString(),
    ethSentToCoinbase: sent.toString(),
    fromAddress: getAddress(receipt.from),
    toAddress: getAddress(receipt.to ?? receipt.contractAddress ?? '0x0000000000000000000000000000000000000000'),
  };
  if (trace.error !== undefined) {
    result.error = trace.error;
    result.revert = trace.output ?? '0x';
  } else {
    result.value = trace.output ?? '0x';
  }
  return result;
}

function summarise(request: CallBundleRequest, results: CallBundleTxResult[], coinbaseDiff: bigint, head: number): CallBundleResult {
  const totalGasUsed = results.reduce((sum, r) => sum + r.gasUsed, 0);
  const gasFees = results.reduce((sum, r) => sum + BigInt(r.gasFees), 0n);
  const ethSent = results.reduce((sum, r) => sum + BigInt(r.ethSentToCoinbase), 0n);
  return {
    bundleGasPrice: totalGasUsed > 0 ? (coinbaseDiff / BigInt(totalGasUsed)).toString() : '0',
    bundleHash: bundleHashOf(request.txs),
    coinbaseDiff: coinbaseDiff.toString(),
    ethSentToCoinbase: ethSent.toString(),
    gasFees: gasFees.toString(),
    results,
    stateBlockNumber: head,
    totalGasUsed,
  };
}
