/**
 * No Docker engine runs here, so the Dockerfile and compose.yaml are checked by reading them:
 * every file they copy or mount from the project exists and is not excluded from the build
 * context, the entrypoint and the CLI subcommand exist, the image is multi-stage with
 * production dependencies and a non-root user, the healthcheck hits /healthz on the default
 * telemetry.healthPort, and nothing secret is baked in.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main.ts';
import { configObjectSchema } from '../../../src/config/schema.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

interface Instruction {
  keyword: string;
  args: string;
  /** Index of the FROM this instruction belongs to. */
  stage: number;
}

/** Dockerfile instructions with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  let stage = -1;
  return logical.map((l) => {
    const [keyword = '', ...rest] = l.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

/** The JSON exec form (`["a", "b"]`) of an instruction; fails the test on the shell form. */
function execForm(args: string): string[] {
  const value = JSON.parse(args.replace(/^--\S+\s+/g, '')) as unknown;
  expect(Array.isArray(value)).toBe(true);
  return value as string[];
}

/** Options (`--from=deps`, `--chown=x`) and operands of COPY/ADD. */
function copyParts(args: string): { options: Record<string, string>; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const options: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [key = '', value = ''] = (words.shift() ?? '').slice(2).split('=');
    options[key] = value;
  }
  const dest = words.pop() ?? '';
  return { options, sources: words, dest };
}

/** Whether a .dockerignore pattern list excludes `path` (exact names, `*` globs, negation ignored). */
function ignoredBy(patterns: readonly string[], path: string): string | undefined {
  const parts = path.replace(/^\.\//, '').split('/');
  for (const pattern of patterns) {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    for (let i = 1; i <= parts.length; i++) {
      if (re.test(parts.slice(0, i).join('/'))) return pattern;
    }
  }
  return undefined;
}

const read = (file: string): string => readFileSync(join(PROJECT_ROOT, file), 'utf8');
const dockerfile = parseDockerfile(read('Dockerfile'));
const dockerignore = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'));
const compose = parseYaml(read('compose.yaml')) as {
  services: Record<string, Record<string, unknown>>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const lastStage = Math.max(...dockerfile.map((i) => i.stage));
const final = dockerfile.filter((i) => i.stage === lastStage);
const telemetryDefaults = (configObjectSchema().shape.telemetry as unknown as { parse(v: undefined): { healthPort: number; metricsPort: number } }).parse(undefined);

async function registeredCommands(): Promise<readonly Command[]> {
  const program = await buildProgram({ stdout: () => undefined, stderr: () => undefined, version: 'test', env: {} });
  return program.commands;
}

describe('Dockerfile', () => {
  it('is multi-stage, and every COPY --from names an earlier stage', () => {
    const froms = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const stageNames = froms.map((f) => /\s+AS\s+(\S+)$/i.exec(f.args)?.[1]?.toLowerCase());
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY')) {
      const from = copyParts(copy.args).options.from;
      if (from === undefined) continue;
      const index = stageNames.indexOf(from.toLowerCase());
      expect(index, `COPY --from=${from}`).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(copy.stage);
    }
  });

  it('runs the build on production dependencies only, from the lockfile', () => {
    const stageNames = dockerfile.filter((i) => i.keyword === 'FROM').map((f) => /\s+AS\s+(\S+)$/i.exec(f.args)?.[1]?.toLowerCase());
    const copiedFrom = (target: string): number => {
      const copy = final.find((i) => i.keyword === 'COPY' && copyParts(i.args).dest.replace(/\/$/, '') === target);
      return stageNames.indexOf(copyParts(copy?.args ?? '').options.from?.toLowerCase());
    };
    // node_modules comes from a stage whose only install omits the dev dependencies.
    const modulesStage = copiedFrom('./node_modules');
    const installs = dockerfile.filter((i) => i.stage === modulesStage && i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]?.args).toMatch(/--omit=dev/);
    // dist/ comes from a stage that runs the build.
    const distStage = copiedFrom('./dist');
    expect(dockerfile.some((i) => i.stage === distStage && i.keyword === 'RUN' && /npm run build/.test(i.args))).toBe(true);
    // Neither tsx nor the devnet's packages are production dependencies.
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of ['tsx', 'solc', '@foundry-rs/anvil', '@openzeppelin/contracts', '@uniswap/v2-core', '@uniswap/v2-periphery']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
  });

  it('copies only files that exist in the project and are not excluded from the build context', () => {
    const copies = dockerfile.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && copyParts(i.args).options.from === undefined);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      for (const source of copyParts(copy.args).sources) {
        expect(existsSync(join(PROJECT_ROOT, source)), `COPY source ${source}`).toBe(true);
        expect(ignoredBy(dockerignore, source), `COPY source ${source} is excluded by .dockerignore`).toBeUndefined();
      }
    }
  });

  it('bakes in no config, secrets or local state', () => {
    const sources = dockerfile.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').flatMap((i) => copyParts(i.args).sources);
    for (const s of sources) expect(s).not.toMatch(/^(\.\/)?(config|secrets|\.devnet|\.env|\.)(\/|$)|\.key$|\.ya?ml$/);
    for (const name of ['secrets', '.devnet', '.env', '*.key', 'node_modules', '.git', 'config']) expect(dockerignore).toContain(name);
    expect(dockerfile.some((i) => i.keyword === 'ENV' && /KEY|TOKEN|SECRET|PASSWORD/i.test(i.args))).toBe(false);
  });

  it('runs as a non-root user', () => {
    const users = final.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args ?? '';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // The user is created in the image (or is the base image's node user).
    expect(final.some((i) => i.keyword === 'RUN' && new RegExp(`useradd\\b.*\\b${user}\\b`).test(i.args)) || user === 'node').toBe(true);
  });

  it('checks /healthz on the default telemetry.healthPort', () => {
    const health = final.filter((i) => i.keyword === 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const args = health[0]?.args ?? '';
    expect(args).toMatch(/\/healthz/);
    const port = /KEEPER_HEALTH_PORT \|\| '(\d+)'/.exec(args)?.[1] ?? /:(\d+)\/healthz/.exec(args)?.[1];
    expect(Number(port)).toBe(telemetryDefaults.healthPort);
    const exposed = final.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/)).map(Number);
    expect(exposed).toContain(telemetryDefaults.healthPort);
    expect(exposed).toContain(telemetryDefaults.metricsPort);
  });

  it('enters through the keeper CLI, which package.json publishes', () => {
    const entry = execForm(final.find((i) => i.keyword === 'ENTRYPOINT')?.args ?? 'null');
    expect(entry[0]).toBe('node');
    const script = entry[1] ?? '';
    expect(existsSync(join(PROJECT_ROOT, script)), script).toBe(true);
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
    expect(pkg.bin.keeper).toBe(script);
  });

  it('runs `keeper run --config /config/keeper.yaml`, a registered command with that option', async () => {
    const cmd = execForm(final.find((i) => i.keyword === 'CMD')?.args ?? 'null');
    expect(cmd).toEqual(['run', '--config', '/config/keeper.yaml']);
    const commands = await registeredCommands();
    const run = commands.find((c) => c.name() === cmd[0]);
    expect(run, `subcommand "${cmd[0]}" registered in src/cli/main.ts (have: ${commands.map((c) => c.name()).join(', ')})`).toBeDefined();
    expect(run?.options.map((o) => o.long)).toContain('--config');
  });
});

describe('compose.yaml', () => {
  const keeper = compose.services.keeper ?? {};
  const redis = compose.services.redis ?? {};

  it('builds the keeper from this project\'s Dockerfile and runs the same command', () => {
    const build = keeper.build as { context: string; dockerfile: string };
    expect(existsSync(join(PROJECT_ROOT, build.context, build.dockerfile))).toBe(true);
    expect(keeper.command).toEqual(execForm(final.find((i) => i.keyword === 'CMD')?.args ?? 'null'));
  });

  it('runs Redis 7 with persistence on a named volume and no eviction (BullMQ needs every key)', () => {
    expect(String(redis.image)).toMatch(/^redis:7(\.|$|-)/);
    const command = (redis.command as string[]).join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    const volumes = redis.volumes as string[];
    const [name, target] = (volumes[0] ?? '').split(':');
    expect(target).toBe('/data');
    expect(Object.keys(compose.volumes)).toContain(name);
    expect(keeper.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect((keeper.environment as Record<string, string>).KEEPER_REDIS_URL).toBe('redis://redis:6379');
  });

  it('mounts the config read-only where the command reads it, defaulting to a file in the project', () => {
    const [mount] = keeper.volumes as { type: string; source: string; target: string; read_only: boolean }[];
    expect(mount).toMatchObject({ type: 'bind', target: '/config/keeper.yaml', read_only: true });
    const fallback = /^\$\{[A-Z_]+:-(.+)\}$/.exec(mount?.source ?? '')?.[1] ?? mount?.source ?? '';
    expect(existsSync(join(PROJECT_ROOT, fallback)), fallback).toBe(true);
  });

  it('takes secrets from files outside the image, each declared at the top level', () => {
    const used = keeper.secrets as string[];
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const name of used) {
      const file = compose.secrets[name]?.file ?? '';
      expect(file, name).not.toBe('');
      // Operator-provided: under a folder the build context and git leave out.
      const dir = (/^\$\{[A-Z_]+:-(.+?)\}/.exec(file)?.[1] ?? file).replace(/^\.\//, '').split('/')[0] ?? '';
      expect(ignoredBy(dockerignore, dir), `${file} excluded from the build context`).toBeDefined();
    }
    expect(JSON.stringify(keeper.environment)).not.toMatch(/KEY=|0x[0-9a-f]{64}/i);
  });

  it('publishes the HTTP ports on loopback only, and its health port matches the default', () => {
    const ports = keeper.ports as string[];
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:/);
    expect(ports).toContain(`127.0.0.1:${telemetryDefaults.healthPort}:${telemetryDefaults.healthPort}`);
    expect((keeper.environment as Record<string, string>).KEEPER_HEALTH_PORT).toBe(String(telemetryDefaults.healthPort));
  });
});
