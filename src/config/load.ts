/**
 * Loads the keeper's YAML config once at start: read, parse, fill `${ENV}` placeholders,
 * resolve `deployment:` references, validate (strategy params included). Any problem is an
 * `InputError` naming the file and field; a config that loads is safe to act on.
 *
 * @example
 *   const config = await loadConfig('config/devnet.yaml', {
 *     env: process.env,
 *     strategyParamsSchema: (name) => registry.get(name)?.paramsSchema,
 *     strategyNames: registry.names(),
 *   });
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../domain/errors.ts';
import { DEFAULT_DEPLOYMENT_FILE, type LoadedDeployment, type StrategyParamsLookup } from './context.ts';
import { ConfigInvalidError, problemsFromError } from './issues.ts';
import { containsDeploymentRef } from './resolve.ts';
import { createConfigSchema, type KeeperConfig } from './schema.ts';
import { parseConfigYaml } from './yaml.ts';
import { chainScopedPrefix, deploymentInstance } from '../state/chain-scope.ts';

export interface ParseConfigOptions {
  /** Source of `${NAME}` placeholders; main.ts passes process.env. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The strategy registry's view. Without it strategy names and params are checked for shape
   * only: the operations commands (pause, resume, status, compound) load configs that way so
   * a broken strategy file can never keep an operator from stopping a vault.
   */
  strategyParamsSchema?: StrategyParamsLookup;
  strategyNames?: readonly string[];
  /** The deployment JSON for `deployment:` references, already loaded. */
  deployment?: LoadedDeployment;
  /** Name used in error messages (the file path). */
  source?: string;
}

export interface LoadConfigOptions extends Omit<ParseConfigOptions, 'deployment' | 'source'> {
  /**
   * Base for a relative deployment path; defaults to the process working directory, not the
   * YAML's folder, because `keeper devnet up` writes `.devnet/` where it runs.
   */
  cwd?: string;
  /** Deployment JSON to use instead of the one the YAML names (or the default). */
  deploymentFile?: string;
  readFile?: (path: string) => Promise<string>;
}

/**
 * Validates an already-parsed config object. Used by `loadConfig` and directly by tests and
 * by `keeper devnet up`, which holds its deployment in memory.
 *
 * @throws ConfigInvalidError (an InputError) listing every problem as `path: message`.
 */
export function parseConfig(raw: unknown, opts: ParseConfigOptions): KeeperConfig {
  const schema = createConfigSchema({
    env: opts.env,
    ...(opts.deployment ? { deployment: opts.deployment } : {}),
    ...(opts.strategyNames !== undefined && opts.strategyParamsSchema !== undefined
      ? { strategies: { names: opts.strategyNames, paramsSchema: opts.strategyParamsSchema } }
      : {}),
  });
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigInvalidError(opts.source ?? '(inline)', problemsFromError(result.error));
  // Every command reads keeper state under the chain's scope (src/state/chain-scope.ts).
  const prefix = chainScopedPrefix(result.data.queue.prefix, result.data.chain.chainId, deploymentInstance(opts.deployment?.data));
  return { ...result.data, queue: { ...result.data.queue, prefix } };
}

/**
 * Reads and validates a config file. The deployment JSON is read only when the YAML uses a
 * `deployment:` reference, so mainnet configs never depend on a devnet file.
 */
export async function loadConfig(path: string, opts: LoadConfigOptions): Promise<KeeperConfig> {
  const read = opts.readFile ?? ((p: string) => fsReadFile(p, 'utf8'));
  const cwd = opts.cwd ?? process.cwd();
  const text = await readOrExplain(read, path, 'Config file');
  const raw = parseConfigYaml(text, path);

  let deployment: LoadedDeployment | undefined;
  if (containsDeploymentRef(raw)) {
    const named = (raw as Record<string, unknown>).deployment;
    const file = opts.deploymentFile ?? (typeof named === 'string' && named.length > 0 ? named : DEFAULT_DEPLOYMENT_FILE);
    deployment = await loadDeployment(read, isAbsolute(file) ? file : resolve(cwd, file), path);
  }

  const { cwd: _cwd, deploymentFile: _file, readFile: _read, ...parseOpts } = opts;
  return parseConfig(raw, { ...parseOpts, source: path, ...(deployment ? { deployment } : {}) });
}

async function loadDeployment(
  read: (path: string) => Promise<string>,
  file: string,
  configPath: string,
): Promise<LoadedDeployment> {
  const hint = [`needed by: deployment: references in ${configPath}`, 'hint: run `keeper devnet up` first, or set `deployment: <path>` in the config'];
  const text = await readOrExplain(read, file, 'Deployment file', hint);
  try {
    return { file, data: JSON.parse(text) as unknown };
  } catch (cause) {
    throw new InputError(`Deployment file ${file} is not valid JSON`, { details: [`file: ${file}`, ...hint], cause, code: 'CONFIG_DEPLOYMENT' });
  }
}

async function readOrExplain(
  read: (path: string) => Promise<string>,
  file: string,
  what: string,
  extra: readonly string[] = [],
): Promise<string> {
  try {
    return await read(file);
  } catch (cause) {
    const missing = (cause as { code?: unknown }).code === 'ENOENT';
    const short = missing ? `${what} not found: ${file}` : `${what} could not be read: ${file}`;
    throw new InputError(short, { details: [`file: ${file}`, ...extra], cause, code: 'CONFIG_FILE' });
  }
}
