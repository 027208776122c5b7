/**
 * Caches a deployed and seeded world as an Anvil state dump, so a warm `keeper devnet up`
 * (and every test that starts a world) loads state in milliseconds instead of sending
 * ~150 deployment transactions.
 *
 * The key covers the compiled artifacts, the options and every source file the world's
 * deployment imports, followed import by import from src/devnet/world.ts: a fixed list of
 * folders missed files elsewhere that decide what is deployed (the vault's allowlist, the
 * Safe setup, the reward streams), and a stale world then failed tests that passed fresh.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { WorldCore } from './deploy-world.ts';

export interface CachedWorld {
  core: WorldCore;
  /** anvil_dumpState output. */
  state: string;
}

export function worldCacheKey(projectRoot: string, compileKey: string, options: Record<string, unknown>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ compileKey, options }));
  for (const file of importClosure(join(projectRoot, 'src', 'devnet', 'world.ts'))) hash.update(`${file.slice(projectRoot.length)}\0${readFileSync(file, 'utf8')}\0`);
  return hash.digest('hex').slice(0, 24);
}

/** Relative imports and re-exports (`from './x.ts'`, `import './x.ts'`), type-only ones included. */
const RELATIVE_IMPORT = /(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * `entry` and every .ts file it reaches through relative imports, sorted. Packages are left
 * out: package-lock.json pins them, and a reinstall gives the same code.
 * @example importClosure('/repo/src/devnet/world.ts') // ['/repo/src/chain/read.ts', …, '/repo/src/devnet/world.ts', …]
 */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(file), match[1] as string);
      if (target.endsWith('.ts')) queue.push(target);
    }
  }
  return [...seen].sort();
}

export function readCachedWorld(projectRoot: string, key: string): CachedWorld | undefined {
  const file = cacheFile(projectRoot, key);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CachedWorld;
  } catch {
    // A damaged cache entry is not an error: the world is simply deployed again.
    return undefined;
  }
}

export function writeCachedWorld(projectRoot: string, key: string, world: CachedWorld): void {
  const file = cacheFile(projectRoot, key);
  mkdirSync(join(projectRoot, '.cache', 'devnet'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(world));
  renameSync(tmp, file);
}

/**
 * Writes a cached world's state where `anvil --load-state` reads it (anvil_dumpState answers
 * the gzipped JSON state as hex; the file holds the JSON itself) and returns the path.
 */
export function writeAnvilStateFile(world: CachedWorld, dir: string): string {
  const file = join(dir, 'anvil-state.json');
  writeFileSync(file, gunzipSync(Buffer.from(world.state.replace(/^0x/, ''), 'hex')));
  return file;
}

function cacheFile(projectRoot: string, key: string): string {
  return join(projectRoot, '.cache', 'devnet', `${key}.json`);
}
