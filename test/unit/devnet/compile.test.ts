import { mkdtempSync, mkdirSync, writeFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileContracts } from '../../../src/solidity/compile.ts';
import { KeeperError } from '../../../src/domain/errors.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

function tempProject(source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'rk-compile-'));
  mkdirSync(join(root, 'contracts'));
  writeFileSync(join(root, 'contracts', 'Counter.sol'), source);
  // Imports such as @openzeppelin resolve through the project's node_modules.
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const COUNTER = 'pragma solidity ^0.8.24; contract Counter { uint256 public n; function inc() external { n += 1; } }';

describe('compileContracts', () => {
  it('compiles once, then serves the same artifacts from the cache keyed by source hash', () => {
    const root = tempProject(COUNTER);
    const cold = compileContracts({ projectRoot: root, sourceDirs: ['contracts'] });
    expect(cold.cacheHit).toBe(false);
    expect(cold.artifacts.get('Counter')?.bytecode).toMatch(/^0x[0-9a-f]{100,}$/);
    const warm = compileContracts({ projectRoot: root, sourceDirs: ['contracts'] });
    expect(warm.cacheHit).toBe(true);
    expect(warm.cacheKey).toBe(cold.cacheKey);
    expect(warm.artifacts.get('Counter')?.bytecode).toBe(cold.artifacts.get('Counter')?.bytecode);
    expect(readdirSync(join(root, '.cache', 'solc'))).toEqual([`${cold.cacheKey}.json`]);
  });

  it('recompiles when a source changes', () => {
    const root = tempProject(COUNTER);
    const first = compileContracts({ projectRoot: root, sourceDirs: ['contracts'] });
    writeFileSync(join(root, 'contracts', 'Counter.sol'), COUNTER.replace('n += 1', 'n += 2'));
    const second = compileContracts({ projectRoot: root, sourceDirs: ['contracts'] });
    expect(second.cacheHit).toBe(false);
    expect(second.cacheKey).not.toBe(first.cacheKey);
  });

  it('reports a compile error with the compiler message', () => {
    const root = tempProject('pragma solidity ^0.8.24; contract Broken { function f() external { undefinedThing(); } }');
    let caught: unknown;
    try {
      compileContracts({ projectRoot: root, sourceDirs: ['contracts'] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeeperError);
    expect((caught as KeeperError).shortMessage).toBe('Solidity compilation failed');
    expect((caught as KeeperError).details.join('\n')).toContain('undefinedThing');
  });
});
