/**
 * `keeper safe vault-change`: one RestakingVault governance change as a Safe transaction of
 * the DAO's Safe that owns the vault (src/safe/governance.ts): prints the safeTxHash, the
 * EIP-712 data to sign, and the calls as a Transaction Builder batch, at the Safe's current
 * nonce. Several `--call`s go in one MultiSendCallOnly batch. Signs and sends nothing.
 */
import { Contract, JsonRpcProvider, getAddress, isAddress } from 'ethers';
import { CANONICAL_MULTI_SEND_CALL_ONLY } from '../../config/schema.ts';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import { InputError } from '../../domain/errors.ts';
import { SAFE_ABI } from '../../safe/abi.ts';
import { txBuilderBatchOf } from '../../safe/formats.ts';
import { governanceTx, vaultAdminCall } from '../../safe/governance.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';

export interface VaultChangeOptions {
  config: string;
  deployment?: string;
  safe: string;
  vault: string;
  call: string[];
  multiSend?: string;
}

/** `fn` or `fn:arg1,arg2` where each arg is JSON when it parses (numbers, arrays, objects), else a string. */
export function parseCallSpec(spec: string): { fn: string; args: unknown[] } {
  const [fn = '', rest] = spec.split(/:(.*)/s);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(fn)) throw new InputError('--call must be function or function:arg1,arg2', { details: [`got: ${spec}`] });
  const args = rest === undefined || rest === '' ? [] : rest.split(',').map((a) => {
    try {
      return JSON.parse(a) as unknown;
    } catch {
      return a;
    }
  });
  return { fn, args };
}

export async function runSafeVaultChange(o: VaultChangeOptions, io: CliIo): Promise<void> {
  for (const [flag, value] of [['--safe', o.safe], ['--vault', o.vault]] as const) if (!isAddress(value)) throw new InputError(`${flag} must be an address`, { details: [`got: ${value}`] });
  if (o.call.length === 0) throw new InputError('give at least one --call');
  const { config } = await loadConfigWithStrategies(o.config, io.env, o.deployment);
  const multiSend = o.multiSend ?? config.vaults.find((v) => v.backend === 'safe-propose' && v.address.toLowerCase() === o.safe.toLowerCase())?.safe?.multiSendCallOnly ?? CANONICAL_MULTI_SEND_CALL_ONLY;
  const provider = new JsonRpcProvider(config.chain.rpcUrls[0], config.chain.chainId, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const nonce = (await new Contract(o.safe, SAFE_ABI, provider).getFunction('nonce')()) as bigint;
    const calls = o.call.map((spec) => {
      const { fn, args } = parseCallSpec(spec);
      return vaultAdminCall(getAddress(o.vault), fn, args);
    });
    const g = governanceTx(calls, nonce, { chainId: config.chain.chainId, verifyingContract: getAddress(o.safe) }, multiSend);
    const builder = txBuilderBatchOf({ chainId: config.chain.chainId, safe: o.safe, createdAt: Math.floor(Date.now() / 1000), calls, name: 'RestakingVault governance', description: calls.map((c) => c.label).join('; ') });
    io.stdout(`${toJson({ safe: getAddress(o.safe), safeTxHash: g.safeTxHash, safeTx: g.safeTx, calls: calls.map((c) => c.label), typedData: g.typedData, txBuilder: builder }, 2)}\n`);
  } finally {
    provider.destroy();
  }
}
