/**
 * Compiles the project's Solidity sources with solc-js, caching the result by source hash.
 *
 * solc-js is a WebAssembly build and takes seconds for a full compile, so a warm start must
 * not pay for it again: the cache key covers every source file, the compiler version and the
 * settings, and the artifacts live in `.cache/solc/<key>.json`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix, relative, resolve, sep } from 'node:path';
import { NonRetryableError } from '../domain/errors.ts';

export interface ContractArtifact {
  contractName: string;
  sourcePath: string;
  abi: readonly unknown[];
  bytecode: string;
  deployedBytecode: string;
}

export interface CompileResult {
  artifacts: ReadonlyMap<string, ContractArtifact>;
  cacheHit: boolean;
  cacheKey: string;
}

export interface CompileOptions {
  /** Folders (relative to projectRoot) whose `.sol` files are compiled, recursively. */
  sourceDirs: readonly string[];
  projectRoot: string;
  cacheDir?: string;
}

const SETTINGS = {
  // 100 runs, not 200: the vault with its guards and fee hooks must fit EIP-170's 24,576 bytes
  // of runtime code for mainnet (24,694 at 200 runs, 24,433 at 100); test/integration/vault/abi.test.ts holds it.
  optimizer: { enabled: true, runs: 100 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

interface SolcModule {
  version(): string;
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

/**
 * Compiles (or loads from cache) every contract under the given folders.
 *
 * @example
 *   const { artifacts } = compileContracts({ projectRoot, sourceDirs: ['contracts/devnet'] });
 *   const weth = artifacts.get('MockLiquidityPool');
 */
export function compileContracts(options: CompileOptions): CompileResult {
  const root = resolve(options.projectRoot);
  const files = options.sourceDirs.flatMap((dir) => listSolidity(join(root, dir))).sort();
  const sources: Record<string, { content: string }> = {};
  for (const file of files) sources[relative(root, file).split(sep).join('/')] = { content: readFileSync(file, 'utf8') };

  const require = createRequire(import.meta.url);
  const ozVersion = (require('@openzeppelin/contracts/package.json') as { version: string }).version;
  const solcVersion = (require('solc/package.json') as { version: string }).version;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ solcVersion, ozVersion, SETTINGS }));
  for (const [path, { content }] of Object.entries(sources)) hash.update(`${path}\0${content}\0`);
  const cacheKey = hash.digest('hex').slice(0, 24);

  const cacheDir = options.cacheDir ?? join(root, '.cache', 'solc');
  const cacheFile = join(cacheDir, `${cacheKey}.json`);
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as ContractArtifact[];
    return { artifacts: indexArtifacts(cached), cacheHit: true, cacheKey };
  }

  const solc = require('solc') as SolcModule;
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: (path) => resolveImport(root, path) })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new NonRetryableError('Solidity compilation failed', {
      details: errors.slice(0, 10).map((e) => e.formattedMessage.trim()),
    });
  }
  const artifacts: ContractArtifact[] = [];
  for (const [sourcePath, contracts] of Object.entries(output.contracts ?? {})) {
    if (!(sourcePath in sources)) continue; // skip library sources pulled in by imports
    for (const [contractName, out] of Object.entries(contracts)) {
      artifacts.push({
        contractName,
        sourcePath,
        abi: out.abi,
        bytecode: `0x${out.evm.bytecode.object}`,
        deployedBytecode: `0x${out.evm.deployedBytecode.object}`,
      });
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a concurrent reader never sees half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(artifacts));
  renameSync(tmp, cacheFile);
  return { artifacts: indexArtifacts(artifacts), cacheHit: false, cacheKey };
}

function indexArtifacts(list: readonly ContractArtifact[]): Map<string, ContractArtifact> {
  const byName = new Map<string, ContractArtifact>();
  for (const artifact of list) {
    const existing = byName.get(artifact.contractName);
    if (existing && existing.sourcePath !== artifact.sourcePath) {
      throw new NonRetryableError('Two contracts share a name', {
        details: [`name: ${artifact.contractName}`, `in: ${existing.sourcePath}`, `and: ${artifact.sourcePath}`],
      });
    }
    byName.set(artifact.contractName, artifact);
  }
  return byName;
}

function listSolidity(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listSolidity(full);
    return entry.name.endsWith('.sol') ? [full] : [];
  });
}

function resolveImport(root: string, path: string): { contents: string } | { error: string } {
  const candidates = [join(root, path), join(root, 'node_modules', path)];
  for (const candidate of candidates) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
  }
  return { error: `import not found: ${path}` };
}

export interface StandardJsonInput {
  /** The compiler to verify with, as block explorers name it (e.g. `v0.8.30+commit.73712a01`). */
  compilerVersion: string;
  input: { language: 'Solidity'; sources: Record<string, { content: string }>; settings: object };
}

/**
 * The solc standard-JSON input that reproduces `sourcePath`'s bytecode: the file and every file it
 * imports (transitively, OpenZeppelin included, under the same source names) with the settings
 * `compileContracts` uses. The metadata hash in the bytecode covers exactly these sources, so a
 * block explorer's "Standard JSON input" verification matches byte for byte.
 *
 * @example const { input, compilerVersion } = standardJsonInput(root, 'contracts/vault/RestakingVault.sol');
 */
export function standardJsonInput(projectRoot: string, sourcePath: string): StandardJsonInput {
  const root = resolve(projectRoot);
  const sources: Record<string, { content: string }> = {};
  const pending = [sourcePath];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (name in sources) continue;
    const found = resolveImport(root, name);
    if ('error' in found) throw new NonRetryableError('Solidity source not found', { details: [`source: ${name}`] });
    sources[name] = { content: found.contents };
    for (const match of found.contents.matchAll(/^\s*import\s+(?:[^'"]*?from\s+)?["']([^"']+)["']/gm)) {
      const path = match[1] as string;
      pending.push(path.startsWith('.') ? posix.normalize(posix.join(posix.dirname(name), path)) : path);
    }
  }
  const require = createRequire(import.meta.url);
  const solc = require('solc') as SolcModule;
  const { outputSelection: _, ...settings } = SETTINGS;
  return {
    compilerVersion: `v${solc.version().replace(/\.Emscripten\.clang$/, '')}`,
    input: { language: 'Solidity', sources, settings: { ...settings, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'metadata'] } } } },
  };
}
