/**
 * Caches a deployed and seeded world as an Anvil state dump, so a warm `keeper devnet up`
 * (and every test that starts a world) loads state in milliseconds instead of sending
 * ~150 deployment transactions.
 *
 * The key covers the compiled artifacts and every source file that decides what is deployed
 * (src/devnet, src/protocols) plus the options, so a changed contract or deploy script can
 * never load a stale world.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  for (const dir of ['src/devnet', 'src/protocols']) {
    for (const file of listTs(join(projectRoot, dir))) hash.update(`${file}\0${readFileSync(file, 'utf8')}\0`);
  }
  return hash.digest('hex').slice(0, 24);
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

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return listTs(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    })
    .sort();
}
