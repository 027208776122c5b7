/**
 * Checks a parsed config against the chain it names (`keeper config validate --rpc`, and the
 * daemon before it starts): the RPC answers with the configured chain id, every configured
 * address holds code, and each contract answers the views the keeper will call with answers
 * that fit the config (see `chain-probes.ts`). Every failure comes back as a problem at the
 * config path to fix; nothing throws for a bad answer.
 *
 * @example
 *   const problems = await checkConfigOnChain(config, provider);
 *   if (problems.length > 0) throw new ConfigInvalidError(file, problems);
 */
import { Interface, JsonRpcProvider } from 'ethers';
import { ConfigInvalidError, type ConfigProblem } from './issues.ts';
import { probesForConfig, fnName, type AddressProbe } from './chain-probes.ts';
import { streamProbes } from './stream-probes.ts';
import type { KeeperConfig } from './schema.ts';

/** The two JSON-RPC reads the check needs; an ethers provider fits. */
export interface ChainReader {
  getCode(address: string): Promise<string>;
  call(tx: { to: string; data: string }): Promise<string>;
  send(method: string, params: unknown[]): Promise<unknown>;
}

const CONCURRENCY = 8;

export async function checkConfigOnChain(config: KeeperConfig, chain: ChainReader | JsonRpcProvider): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  let chainId: number;
  try {
    chainId = Number(BigInt((await chain.send('eth_chainId', [])) as string));
  } catch (cause) {
    return [{ path: 'chain.rpcUrls', message: `the RPC did not answer eth_chainId: ${reasonOf(cause)}` }];
  }
  if (chainId !== config.chain.chainId) {
    return [{ path: 'chain.chainId', message: `the RPC serves chain ${chainId}, the config names ${config.chain.chainId}` }];
  }
  const probes = [...probesForConfig(config), ...config.lrts.flatMap((lrt, i) => streamProbes(lrt, `lrts.${i}`, config))];
  const codeSeen = new Map<string, Promise<string>>();
  const codeAt = (address: string): Promise<string> => {
    const key = address.toLowerCase();
    let code = codeSeen.get(key);
    if (code === undefined) {
      code = chain.getCode(address);
      codeSeen.set(key, code);
    }
    return code;
  };
  await eachLimited(probes, CONCURRENCY, async (probe) => {
    problems.push(...(await runProbe(probe, chainId, codeAt, chain)));
  });
  return dedupe(problems).sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

async function runProbe(probe: AddressProbe, chainId: number, codeAt: (a: string) => Promise<string>, chain: Pick<ChainReader, 'call'>): Promise<ConfigProblem[]> {
  const at = (message: string): ConfigProblem => ({ path: probe.path, message });
  let code: string;
  try {
    code = await codeAt(probe.address);
  } catch (cause) {
    return [at(`could not read code at ${probe.address}: ${reasonOf(cause)}`)];
  }
  if (code === '0x' || code === '') return [at(`no contract at ${probe.address} on chain ${chainId} (expected the ${probe.what})`)];
  const out: ConfigProblem[] = [];
  for (const c of probe.calls) {
    const iface = new Interface([c.signature]);
    const name = fnName(c.signature);
    try {
      const raw = await chain.call({ to: probe.address, data: iface.encodeFunctionData(name, [...(c.args ?? [])]) });
      const value = iface.decodeFunctionResult(name, raw);
      const wrong = c.check?.(value);
      if (wrong !== undefined) out.push(at(`${probe.what} at ${probe.address}: ${wrong}`));
    } catch (cause) {
      out.push(at(`${probe.what} at ${probe.address} does not answer ${name}(): ${reasonOf(cause)}`));
    }
  }
  return out;
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function dedupe(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A short reason from an ethers error (revert data, code), never a URL. */
function reasonOf(cause: unknown): string {
  const e = cause as { shortMessage?: unknown; code?: unknown; message?: unknown };
  const text = typeof e.shortMessage === 'string' ? e.shortMessage : typeof e.message === 'string' ? e.message.split('\n')[0]! : String(cause);
  return text.replace(/https?:\/\/\S+/g, '<rpc>');
}

/**
 * Opens a short-lived provider on `rpcUrl` (default: the config's first RPC URL), checks the
 * config on that chain and throws ConfigInvalidError naming every failure. The daemon calls
 * this before it starts, so a half-edited config never runs.
 */
export async function assertConfigOnChain(config: KeeperConfig, source: string, rpcUrl: string = config.chain.rpcUrls[0]!): Promise<void> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, batchMaxCount: 20 });
  try {
    const problems = await checkConfigOnChain(config, provider);
    if (problems.length > 0) throw new ConfigInvalidError(`${source} (checked on chain)`, problems);
  } finally {
    provider.destroy();
  }
}
