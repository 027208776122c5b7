/**
 * Issue 13 item 4: Redis state scoped to a chain is pinned to that chain's genesis block; a
 * different chain under the same scope is refused at start. Real Redis and real Anvil chains
 * (two fresh Anvils have different genesis hashes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import { Redis } from 'ioredis';
import { startAnvil, type AnvilInstance } from '../../../src/devnet/anvil.ts';
import { InputError } from '../../../src/domain/errors.ts';
import { checkChainGenesis } from '../../../src/state/chain-genesis.ts';

const prefix = `rk-test-genesis-${randomUUID()}:31337`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
let chains: AnvilInstance[] = [];

beforeAll(async () => {
  chains = await Promise.all([startAnvil({ genesisTimestamp: 1_700_000_000 }), startAnvil({ genesisTimestamp: 1_700_000_600 })]);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await Promise.all(chains.map((c) => c.stop()));
});

describe('checkChainGenesis', () => {
  it('records the first chain, accepts it again, and refuses another chain with the same chain id', async () => {
    const [a, b] = chains.map((c) => new JsonRpcProvider(c.rpcUrl, 31337, { staticNetwork: true }));
    try {
      await checkChainGenesis(redis, prefix, a!);
      await checkChainGenesis(redis, prefix, a!);
      expect(await redis.get(`${prefix}:genesis`)).toBe((await a!.getBlock(0))?.hash);
      const err = await checkChainGenesis(redis, prefix, b!).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(/another chain under this prefix/);
    } finally {
      a?.destroy();
      b?.destroy();
    }
  });
});
