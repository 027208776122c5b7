import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importClosure, worldCacheKey } from '../../../src/devnet/world-cache.ts';

/** A tiny project: world.ts → ./deploy.ts → ../vault-admin/spec.ts (type-only) and an unrelated file. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'world-cache-'));
  mkdirSync(join(root, 'src', 'devnet'), { recursive: true });
  mkdirSync(join(root, 'src', 'vault-admin'), { recursive: true });
  writeFileSync(join(root, 'src', 'devnet', 'world.ts'), "import { deploy } from './deploy.ts';\nimport { Interface } from 'ethers';\nexport const w = deploy;\n");
  writeFileSync(join(root, 'src', 'devnet', 'deploy.ts'), "import type { Spec } from '../vault-admin/spec.ts';\nexport * from './abi.ts';\nexport const deploy = (s: Spec) => s;\n");
  writeFileSync(join(root, 'src', 'devnet', 'abi.ts'), 'export const abi = 1;\n');
  writeFileSync(join(root, 'src', 'vault-admin', 'spec.ts'), 'export type Spec = { allow: string[] };\n');
  writeFileSync(join(root, 'src', 'devnet', 'unrelated.ts'), 'export const cli = 1;\n');
  return root;
}

describe('world cache key', () => {
  it('follows relative imports, re-exports and type-only imports out of src/devnet, and leaves packages and unimported files out', () => {
    const root = project();
    const files = importClosure(join(root, 'src', 'devnet', 'world.ts')).map((f) => f.slice(root.length));
    expect(files).toEqual(['/src/devnet/abi.ts', '/src/devnet/deploy.ts', '/src/devnet/world.ts', '/src/vault-admin/spec.ts']);
  });

  it('changes when a file the deployment imports from another folder changes, and not for a file it does not import', () => {
    const root = project();
    const before = worldCacheKey(root, 'compiled-1', {});
    writeFileSync(join(root, 'src', 'devnet', 'unrelated.ts'), 'export const cli = 2;\n');
    expect(worldCacheKey(root, 'compiled-1', {})).toBe(before);
    writeFileSync(join(root, 'src', 'vault-admin', 'spec.ts'), 'export type Spec = { allow: string[]; deny: string[] };\n');
    const afterSpec = worldCacheKey(root, 'compiled-1', {});
    expect(afterSpec).not.toBe(before);
    expect(worldCacheKey(root, 'compiled-2', {})).not.toBe(afterSpec);
  });
});
