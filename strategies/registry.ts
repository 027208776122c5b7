/**
 * The strategy registry: every strategy file in strategies/ (shipped or dropped in by an
 * operator), by name.
 *
 * Discovery reads the directory and imports each module, so adding a strategy is adding a
 * file; nothing else needs to change. This is the one module in strategies/ that touches the
 * file system. A module must export at least one StrategyDefinition (default or named).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { InputError } from '../src/domain/errors.ts';
import type { StrategyDefinition } from './types.ts';

export interface StrategyRegistry {
  /** The strategy, or an InputError listing the known names. */
  get(name: string): StrategyDefinition;
  has(name: string): boolean;
  names(): string[];
  /** For config validation: the params schema of a strategy, undefined when unknown. */
  paramsSchema(name: string): z.ZodType | undefined;
}

/** The directory of this file: where the shipped strategies live. */
export const STRATEGIES_DIR = fileURLToPath(new URL('.', import.meta.url));

// By name without extension: the sources are .ts, the production build's are .js.
const NOT_STRATEGIES = new Set(['types', 'registry']);

/** Builds a registry from definitions; duplicate names are an InputError. */
export function createStrategyRegistry(definitions: readonly StrategyDefinition[]): StrategyRegistry {
  const byName = new Map<string, StrategyDefinition>();
  for (const def of definitions) {
    if (byName.has(def.name) && byName.get(def.name) !== def) {
      throw new InputError('two strategies share a name', { details: [`name: ${def.name}`] });
    }
    byName.set(def.name, def);
  }
  return {
    get(name) {
      const def = byName.get(name);
      if (def === undefined) {
        throw new InputError('unknown strategy', { details: [`name: ${name}`, `known: ${[...byName.keys()].sort().join(', ')}`] });
      }
      return def;
    },
    has: (name) => byName.has(name),
    names: () => [...byName.keys()].sort(),
    paramsSchema: (name) => byName.get(name)?.paramsSchema,
  };
}

/**
 * Discovers strategies in `dirs` (default: strategies/), importing every .ts/.mjs/.js file at
 * the top level except types.ts, registry.ts, tests and declaration files.
 * @example const registry = await loadStrategyRegistry(); registry.get('threshold')
 */
export async function loadStrategyRegistry(dirs: readonly string[] = [STRATEGIES_DIR]): Promise<StrategyRegistry> {
  const definitions: StrategyDefinition[] = [];
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch (cause) {
      throw new InputError('cannot read strategies directory', { details: [`dir: ${dir}`], cause });
    }
    for (const file of entries.filter(isStrategyFile).sort()) {
      const path = join(dir, file);
      let mod: Record<string, unknown>;
      try {
        mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      } catch (cause) {
        throw new InputError('cannot load strategy file', { details: [`file: ${path}`], cause });
      }
      const found = [...new Set(Object.values(mod).filter(isStrategyDefinition))];
      if (found.length === 0) throw new InputError('strategy file exports no strategy', { details: [`file: ${path}`] });
      definitions.push(...found);
    }
  }
  return createStrategyRegistry(definitions);
}

function isStrategyFile(name: string): boolean {
  if (NOT_STRATEGIES.has(name.replace(/\.[^.]+$/, '')) || name.endsWith('.d.ts') || /\.(test|spec)\./.test(name)) return false;
  return /\.(ts|mts|mjs|js)$/.test(name);
}

function isStrategyDefinition(value: unknown): value is StrategyDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StrategyDefinition>;
  return (
    typeof v.name === 'string' &&
    typeof v.description === 'string' &&
    typeof v.decide === 'function' &&
    typeof (v.paramsSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function'
  );
}
