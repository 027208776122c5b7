/**
 * One bundle relay behind the published Flashbots client, reduced to the two calls the
 * executor needs and made safe against the client's known failure modes:
 * - `result: null` answers make the client throw a TypeError: the bundle may well have been
 *   accepted, so that is "maybe sent", never "not sent";
 * - HTTP 400 (bad target block, limits) makes it throw: the relay refused, nothing was sent;
 * - anything else thrown (timeouts, resets) is also "maybe sent".
 * Inclusion is never learnt from the relay (bundle stats are retired); only from receipts.
 */
import { FlashbotsBundleProvider } from '@flashbots/ethers-provider-bundle';
import type { JsonRpcProvider, Wallet } from 'ethers';
import { redactSecrets } from '../domain/errors.ts';
import type { RelayOutcome } from '../state/intents.ts';

export interface RelaySimulation {
  readonly results: readonly { readonly txHash: string; readonly gasUsed: number; readonly error?: string; readonly returnData: string }[];
}

export type RelaySimulationAnswer = { readonly kind: 'ok'; readonly sim: RelaySimulation } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'unreachable'; readonly message: string };

export interface BundleRelay {
  readonly name: string;
  /** eth_callBundle on top of the latest state, as if in block `target`. */
  simulate(signedTxs: readonly string[], target: number): Promise<RelaySimulationAnswer>;
  /** eth_sendBundle for exactly one target block. */
  send(signedTxs: readonly string[], target: number): Promise<RelayOutcome>;
}

/**
 * @example const relay = await createFlashbotsRelay('devnet-relay', deployment.relayUrl, provider, authSigner, 31337);
 */
export async function createFlashbotsRelay(name: string, url: string, provider: JsonRpcProvider, authSigner: Wallet, chainId: number): Promise<BundleRelay> {
  // The client's typings resolve ethers' CommonJS build and ours the ESM build: same classes at run time.
  type CreateArgs = Parameters<typeof FlashbotsBundleProvider.create>;
  const client = await FlashbotsBundleProvider.create(provider as unknown as CreateArgs[0], authSigner as unknown as CreateArgs[1], url, chainId);
  return {
    name,
    async simulate(signedTxs, target) {
      let answer: Awaited<ReturnType<typeof client.simulate>>;
      try {
        answer = await client.simulate([...signedTxs], target);
      } catch (err) {
        return { kind: 'unreachable', message: messageOf(err) };
      }
      if ('error' in answer) return { kind: 'error', message: redactSecrets(answer.error.message) };
      return {
        kind: 'ok',
        sim: {
          results: answer.results.map((r) => {
            const row = r as unknown as { txHash: string; gasUsed: number; error?: string; revert?: string; value?: string };
            return {
              txHash: row.txHash.toLowerCase(),
              gasUsed: Number(row.gasUsed),
              returnData: row.value ?? row.revert ?? '0x',
              ...(row.error !== undefined ? { error: row.revert ? `${row.error} (${row.revert})` : row.error } : {}),
            };
          }),
        },
      };
    },
    async send(signedTxs, target) {
      try {
        const sent = await client.sendRawBundle([...signedTxs], target);
        if ('error' in sent) return { relay: name, outcome: 'rejected', error: redactSecrets(sent.error.message) };
        return { relay: name, outcome: 'accepted', bundleHash: sent.bundleHash };
      } catch (err) {
        const message = messageOf(err);
        // The client throws on HTTP errors with the status in the message; a 4xx is a refusal.
        if (/status 4\d\d/.test(message)) return { relay: name, outcome: 'rejected', error: message };
        return { relay: name, outcome: 'maybe', error: message };
      }
    },
  };
}

function messageOf(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return redactSecrets(text.split('\n')[0] ?? '').slice(0, 300);
}
