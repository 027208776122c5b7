// Before any test file runs: Redis must answer at 127.0.0.1:6379 (the queue and state tests
// talk to it), so a machine without a running Redis gets a private one for the run, or an
// install hint instead of hundreds of connection failures; and the Solidity sources are
// compiled once, since otherwise every file that starts a chain would compile them in
// parallel on a cold cache.
import { compileContracts } from '../src/solidity/compile.ts';
import { ensureLocalRedis } from '../src/devnet/local-redis.ts';
import { PROJECT_ROOT } from './helpers/chain.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const redis = await ensureLocalRedis('redis://127.0.0.1:6379', { env: process.env });
  compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts'] });
  return () => redis.stop();
}
