/**
 * Test harness for the relay emulator: a fresh Anvil that mines only on request, the
 * emulator in front of it, an ethers provider on the public endpoint and the published
 * Flashbots client pointed at the relay endpoint. One per test file.
 */
import { FlashbotsBundleProvider } from '@flashbots/ethers-provider-bundle';
import { JsonRpcProvider, Wallet, id, type TransactionRequest } from 'ethers';
import { rawRpc, startAnvil, type AnvilInstance } from '../../../src/devnet/anvil.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { startRelayEmulator, type RelayEmulator } from '../../../src/devnet/relay/emulator.ts';
import type { RelayEmulatorOptions } from '../../../src/devnet/relay/types.ts';

export const CHAIN_ID = 31337;
/** Runtime bytecode PUSH0 PUSH0 REVERT: every call to it reverts with empty data. */
export const REVERTER_CODE = '0x5f5ffd';
export const REVERTER = '0x00000000000000000000000000000000000000aa';
export const SINK = '0x000000000000000000000000000000000000dead';

export interface RelayHarness {
  anvil: AnvilInstance;
  relay: RelayEmulator;
  provider: JsonRpcProvider;
  flashbots: FlashbotsBundleProvider;
  authSigner: Wallet;
  wallet(role: keyof typeof DEV_KEYS): Wallet;
  /** Signs an EIP-1559 transaction with explicit nonce and gas, so nothing is estimated. */
  sign(role: keyof typeof DEV_KEYS, nonce: number, overrides?: TransactionRequest): Promise<string>;
  nonceOf(role: keyof typeof DEV_KEYS): Promise<number>;
  head(): Promise<number>;
  /** POSTs a body to the relay with a correct signature header, or with `header` if given. */
  postRelay(body: string, header?: string | null): Promise<{ status: number; json: RelayReply }>;
  stop(): Promise<void>;
}

export interface RelayReply {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string };
}

export async function startRelayHarness(options: Omit<RelayEmulatorOptions, 'anvilUrl'> = {}): Promise<RelayHarness> {
  const anvil = await startAnvil({ noMining: true });
  // Reverts on any call: the failing leg of bundles in these tests.
  await rawRpc(anvil.rpcUrl, 'anvil_setCode', [REVERTER, REVERTER_CODE]);
  const relay = await startRelayEmulator({ anvilUrl: anvil.rpcUrl, ...options });
  // cacheTimeout -1: every poll asks the node, so block events follow mineBlock() closely.
  const provider = new JsonRpcProvider(relay.rpcUrl, CHAIN_ID, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const authSigner = new Wallet(DEV_KEYS.relayAuth);
  // The client's typings resolve ethers' CommonJS build and ours the ESM build; the classes
  // are the same at run time, but TypeScript sees two `#private` declarations, hence the casts.
  type CreateArgs = Parameters<typeof FlashbotsBundleProvider.create>;
  const flashbots = await FlashbotsBundleProvider.create(
    provider as unknown as CreateArgs[0],
    authSigner as unknown as CreateArgs[1],
    relay.relayUrl,
    CHAIN_ID,
  );
  const wallet = (role: keyof typeof DEV_KEYS): Wallet => new Wallet(DEV_KEYS[role], provider);
  return {
    anvil,
    relay,
    provider,
    flashbots,
    authSigner,
    wallet,
    sign: (role, nonce, overrides = {}) =>
      wallet(role).signTransaction({
        type: 2,
        chainId: CHAIN_ID,
        nonce,
        to: SINK,
        value: 1n,
        gasLimit: 100_000,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 2_000_000_000n,
        ...overrides,
      }),
    nonceOf: async (role) => Number(await rawRpc(anvil.rpcUrl, 'eth_getTransactionCount', [wallet(role).address, 'latest'])),
    head: async () => Number(await rawRpc(anvil.rpcUrl, 'eth_blockNumber', [])),
    postRelay: async (body, header) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const value = header === undefined ? `${authSigner.address}:${await authSigner.signMessage(id(body))}` : header;
      if (value !== null) headers['x-flashbots-signature'] = value;
      const response = await fetch(relay.relayUrl, { method: 'POST', headers, body });
      return { status: response.status, json: (await response.json()) as RelayReply };
    },
    async stop() {
      provider.destroy();
      await relay.stop();
      await anvil.stop();
    },
  };
}

/**
 * Mines blocks until `promise` settles (at most `maxBlocks`). The Flashbots client's `wait()`
 * learns about blocks from the provider's polling, whose first poll only records the head, so
 * one extra block may be needed before it looks at the target block.
 */
export async function mineUntilSettled<T>(relay: RelayEmulator, promise: Promise<T>, maxBlocks = 4): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  for (let i = 0; i < maxBlocks && !settled; i++) {
    await relay.mineBlock();
    await Promise.race([watched.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 400))]);
  }
  return watched;
}

/** The transaction hashes of block `number`, lower-case, in block order. */
export async function blockTxs(harness: RelayHarness, number: number): Promise<string[]> {
  const block = (await rawRpc(harness.anvil.rpcUrl, 'eth_getBlockByNumber', [`0x${number.toString(16)}`, false])) as { transactions: string[] };
  return block.transactions.map((h) => h.toLowerCase());
}
