/**
 * Keeper state in Redis is scoped by the chain it describes: `<queue.prefix>:<chain id>` and,
 * for a devnet, `-<instance>` (a random id each `keeper devnet up` / `keeper start` writes into
 * the deployment). Why: a fresh devnet has the chain id AND the block numbers of the last one,
 * so intents, tick job ids, the settled block, breakers, rate history and turnover of an earlier
 * devnet were read as this chain's (`keeper execute` answered "duplicate"; `keeper start` had
 * to wipe the prefix). For other chains the genesis hash is recorded under the scope on first
 * use and checked at every start (chain-genesis.ts), so another chain reusing a chain id is
 * refused rather than mixed in.
 */

/** A devnet instance id: what `deployment.instanceId` may hold. */
const INSTANCE = /^[A-Za-z0-9]{4,32}$/;

/**
 * @example chainScopedPrefix('rk-devnet', 31337, 'a1b2c3d4') // 'rk-devnet:31337-a1b2c3d4'
 * @example chainScopedPrefix('rk', 1) // 'rk:1'
 */
export function chainScopedPrefix(root: string, chainId: number, instance?: string): string {
  return instance === undefined ? `${root}:${chainId}` : `${root}:${chainId}-${instance}`;
}

/** The devnet instance named by a deployment JSON, if it names a valid one. */
export function deploymentInstance(deployment: unknown): string | undefined {
  const value = (deployment as { instanceId?: unknown } | null | undefined)?.instanceId;
  return typeof value === 'string' && INSTANCE.test(value) ? value : undefined;
}
