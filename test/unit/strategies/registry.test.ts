import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrategyRegistry, loadStrategyRegistry } from '../../../strategies/registry.ts';
import { hold } from '../../../strategies/hold.ts';
import { InputError } from '../../../src/domain/errors.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('strategy registry', () => {
  it('discovers the shipped strategies', async () => {
    const registry = await loadStrategyRegistry();
    expect(registry.names()).toEqual(['equal-weight', 'hold', 'risk-adjusted-yield', 'threshold']);
    expect(registry.get('hold').name).toBe('hold');
    expect(registry.paramsSchema('threshold')?.safeParse({ targets: { weETH: 5000 } }).success).toBe(true);
    expect(registry.paramsSchema('nope')).toBeUndefined();
    expect(() => registry.get('nope')).toThrow(InputError);
  });

  it('picks up a strategy file dropped into a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strategies-'));
    dirs.push(dir);
    await writeFile(
      join(dir, 'all-idle.mjs'),
      `export default { name: 'all-idle', description: 'nothing invested', paramsSchema: { safeParse: () => ({ success: true, data: {} }) }, decide: () => ({ weights: {}, rationale: ['idle'] }) };\n`,
    );
    await writeFile(join(dir, 'helper.test.ts'), 'export {};\n');
    const registry = await loadStrategyRegistry([dir]);
    expect(registry.names()).toEqual(['all-idle']);
  });

  it('refuses files without a strategy and duplicate names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strategies-'));
    dirs.push(dir);
    await writeFile(join(dir, 'empty.mjs'), 'export const x = 1;\n');
    await expect(loadStrategyRegistry([dir])).rejects.toThrow(/exports no strategy/);
    expect(() => createStrategyRegistry([hold, { ...hold }])).toThrow(/share a name/);
  });
});
