/**
 * What `keeper backtest` runs on: scenario arguments expanded (a directory means every
 * scenario JSON in it), the shipped default config, and short labels that tell several
 * configs apart in one table.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../domain/errors.ts';

export interface ScenarioFile {
  readonly path: string;
  /** Found by listing a directory (then the acceptance table is printed even for one file). */
  readonly fromDirectory: boolean;
}

/**
 * Each argument as given, or for a directory its `*.json` files in name order.
 * @example await scenarioFiles(['scenarios']) // [{ path: 'scenarios/avs-rewards-stop.json', fromDirectory: true }, …]
 * @throws InputError naming the argument that is missing or an empty directory
 */
export async function scenarioFiles(args: readonly string[]): Promise<ScenarioFile[]> {
  const out: ScenarioFile[] = [];
  for (const arg of args) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(arg)).isDirectory();
    } catch (cause) {
      throw new InputError(`Scenario not found: ${arg}`, { details: ['option: --scenario', `path: ${arg}`], cause, code: 'SCENARIO_FILE' });
    }
    if (!isDirectory) {
      out.push({ path: arg, fromDirectory: false });
      continue;
    }
    const names = (await readdir(arg)).filter((f) => f.endsWith('.json')).sort();
    if (names.length === 0) throw new InputError(`No scenario (*.json) in directory ${arg}`, { details: ['option: --scenario', `directory: ${arg}`], code: 'SCENARIO_FILE' });
    out.push(...names.map((n) => ({ path: join(arg, n), fromDirectory: true })));
  }
  return out;
}

/** The shipped config/backtest.yaml (placeholder addresses, the shipped risk defaults). */
export function defaultBacktestConfig(): string {
  // Two levels up from src/cli/commands in the sources, three from dist/src/cli/commands.
  const fromSources = fileURLToPath(new URL('../../../config/backtest.yaml', import.meta.url));
  return existsSync(fromSources) ? fromSources : fileURLToPath(new URL('../../../../config/backtest.yaml', import.meta.url));
}

/**
 * Labels for configs: the file name without extension, or the path as given where two
 * files share a name. @example configLabels(['a/x.yaml', 'b.yaml']) // ['x', 'b']
 */
export function configLabels(paths: readonly string[]): string[] {
  const short = paths.map((p) => basename(p, extname(p)));
  return short.map((s, i) => (short.filter((x) => x === s).length > 1 ? (paths[i] ?? s) : s));
}
