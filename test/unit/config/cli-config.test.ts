import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { registerConfigCommands } from '../../../src/cli/commands/config.ts';
import { EXAMPLE_ENV } from './helpers.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

// The command runs against the real strategies, as `keeper config validate` does.
const registry = await loadStrategyRegistry();
const STRATEGY_OPTS = {
  loadStrategies: async () => ({ names: registry.names(), paramsSchema: (name: string) => registry.paramsSchema(name) }),
};

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../../..');
const FIXTURE_DEPLOYMENT = resolve(HERE, 'fixtures/deployment.json');

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number | string | undefined;
}

async function run(args: string[], env: Record<string, string> = EXAMPLE_ENV): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('keeper').exitOverride();
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerConfigCommands(program, {
    ...STRATEGY_OPTS,
    env,
    cwd: ROOT,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    // commander's exitOverride throws for --help and usage errors; the output is what matters.
    if (!(error instanceof Error && 'exitCode' in error)) throw error;
  }
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  return { stdout: out.join(''), stderr: err.join(''), exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('keeper config validate', () => {
  it('prints an ok summary for a good file', async () => {
    const result = await run(['config', 'validate', 'config/dao-treasury.example.yaml']);
    expect(result.exitCode).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ok: config\/dao-treasury\.example\.yaml\n/);
    expect(result.stdout).toContain('vaults (6): treasury-reserve [vault, hold]');
    expect(result.stdout).toContain('treasury-safe [safe-propose, threshold]');
    expect(result.stdout).toContain('treasury-safe-auto [safe-module, risk-adjusted-yield]');
    expect(result.stdout).toContain('positions (3): weETH [etherfi, tier 1, exits dex/instant/queued]');
    expect(result.stdout).not.toContain('rpc-token-123');
  });

  it('validates devnet.yaml with --deployment', async () => {
    const result = await run(['config', 'validate', 'config/devnet.yaml', '--deployment', FIXTURE_DEPLOYMENT], {});
    expect(result.exitCode).toBeUndefined();
    expect(result.stdout).toContain('relays: devnet-relay');
  });

  it('prints every problem with its path and sets exit code 1', async () => {
    const result = await run(['config', 'validate', 'config/mainnet.example.yaml'], {});
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    // 4 URLs plus the 24 address fields the example leaves to the operator as ${ENV}.
    expect(result.stderr).toMatch(/^Invalid config config\/mainnet\.example\.yaml: 28 problems\n/);
    expect(result.stderr).toContain('  lrts.0.exits.dex.pair: environment variable KEEPER_WEETH_WETH_V2_PAIR not set (or empty), needed by a ${…} placeholder\n');
    expect(result.stderr).toContain(
      '  chain.rpcUrls.0: environment variable KEEPER_RPC_TOKEN not set (or empty), needed by a ${…} placeholder\n',
    );
    expect(result.stderr).toContain('  telemetry.webhookUrl: environment variable KEEPER_WEBHOOK_TOKEN not set');
  });

  it('--json gives structured results on stdout', async () => {
    const bad = await run(['config', 'validate', 'config/mainnet.example.yaml', '--json'], {
      ...EXAMPLE_ENV,
      KEEPER_REDIS_URL: '',
    });
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      file: 'config/mainnet.example.yaml',
      errors: [{ path: 'queue.redisUrl', message: 'environment variable KEEPER_REDIS_URL not set (or empty), needed by a ${…} placeholder' }],
    });
    const good = await run(['config', 'validate', 'config/mainnet.example.yaml', '--json']);
    expect(good.exitCode).toBeUndefined();
    const parsed = JSON.parse(good.stdout) as { ok: boolean; summary: { chainId: number; relays: string[] } };
    expect(parsed.ok).toBe(true);
    expect(parsed.summary.chainId).toBe(1);
    expect(parsed.summary.relays).toEqual(['flashbots', 'titan', 'beaverbuild']);
  });

  it('warns, without failing, of deployedAtBlock on a vault that is not a vault contract', async () => {
    const text = readFileSync(join(ROOT, 'config/dao-treasury.example.yaml'), 'utf8');
    // treasury-safe (vaults[4]) is the DAO's Safe: there is no vault deployment to start from.
    const withBlock = text.replace(/(  - name: treasury-safe\n(?:.*\n)*?    backend: safe-propose\n)/, '$1    deployedAtBlock: 21000000\n');
    expect(withBlock).not.toBe(text);
    const file = join(mkdtempSync(join(tmpdir(), 'config-warn-')), 'treasury.yaml');
    writeFileSync(file, withBlock);
    const result = await run(['config', 'validate', file]);
    expect(result.exitCode).toBeUndefined();
    expect(result.stdout).toMatch(/^ok: /);
    expect(result.stderr).toBe('warning: vaults[4].deployedAtBlock is ignored for backend safe-propose: only a vault contract (backend: vault) has fees and allowlist events to count from its deployment\n');
    const json = JSON.parse((await run(['config', 'validate', file, '--json'])).stdout) as { ok: boolean; warnings: { path: string }[] };
    expect(json.ok).toBe(true);
    expect(json.warnings.map((w) => w.path)).toEqual(['vaults.4.deployedAtBlock']);
  });

  it('a missing file is reported as a problem of the file', async () => {
    const missing = join('config', 'missing.yaml');
    const text = await run(['config', 'validate', missing]);
    expect(text.exitCode).toBe(1);
    expect(text.stderr).toContain(`Config file not found: ${missing}`);
    const json = await run(['config', 'validate', missing, '--json']);
    const parsed = JSON.parse(json.stdout) as { errors: { path: string; message: string }[] };
    expect(parsed.errors[0]?.path).toBe(missing);
    expect(parsed.errors[0]?.message).toMatch(/^Config file not found/);
  });

  it('has useful --help text', async () => {
    const result = await run(['config', 'validate', '--help']);
    expect(result.stdout).toContain('validate a config file');
    expect(result.stdout).toContain('--json');
    expect(result.stdout).toContain('--deployment <file>');
  });
});

describe('keeper config schema', () => {
  it('prints a JSON Schema with strict objects and per-strategy params', async () => {
    const result = await run(['config', 'schema']);
    const schema = JSON.parse(result.stdout) as Record<string, any>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['chain', 'universe', 'lrts', 'eigenlayer', 'vaults', 'secrets']);
    expect(schema.properties.risk.properties.maxWeightPerPositionBps).toMatchObject({ type: 'integer', maximum: 10000, default: 4000 });
    expect(schema.properties.universe.properties.weth.pattern).toBe('^(0x[0-9a-fA-F]{40}|deployment:[A-Za-z0-9_.-]+|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})$');
    const names = (schema.properties.strategy.anyOf as { properties: { name: { const: string } } }[]).map((b) => b.properties.name.const);
    expect([...names].sort()).toEqual(['equal-weight', 'hold', 'risk-adjusted-yield', 'threshold']);
    const thresholdBranch = (schema.properties.vaults.items.properties.strategy.anyOf as Record<string, any>[]).find(
      (b) => b.properties.name.const === 'threshold',
    );
    expect(thresholdBranch?.properties.params.properties.minChangeBps).toMatchObject({ type: 'integer', minimum: 0, maximum: 10000 });
  });
});
