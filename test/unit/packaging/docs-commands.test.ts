/**
 * The commands README.md and docs/*.md show must keep working: an operator pastes them.
 * Every `keeper …` (also `npx keeper`, `node bin/keeper.mjs`) in their code must name a
 * subcommand path of the real CLI program, built the way src/cli/main.ts builds it, and use
 * only flags that subcommand declares; a line of a fenced block must also carry the
 * subcommand's required options. Every `npm run <script>`, `npm start` and `npm test` must
 * name a script of package.json. No process is spawned: commander's tree is walked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { checkKeeperArgs, extractDocCommands, type DocCommand } from '../../helpers/doc-commands.ts';

const DOC_FILES = ['README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const DOC_COMMANDS: DocCommand[] = DOC_FILES.flatMap((file) => extractDocCommands(readFileSync(join(PROJECT_ROOT, file), 'utf8'), file));
const SCRIPTS = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

const label = (c: DocCommand): string => `${c.file}:${c.line} ${c.text}`;

let program: Command;
beforeAll(async () => {
  program = await buildProgram({ stdout: () => undefined, stderr: () => undefined, version: 'test', env: {} });
});

describe('commands shown in the docs', () => {
  it('finds the documented commands (the extraction itself works)', () => {
    const keeper = DOC_COMMANDS.filter((c) => c.kind === 'keeper');
    const npm = DOC_COMMANDS.filter((c) => c.kind === 'npm');
    // README alone shows more than 20 keeper invocations and 5 npm ones.
    expect(keeper.length).toBeGreaterThan(20);
    expect(npm.length).toBeGreaterThanOrEqual(5);
    expect(DOC_FILES).toContain('docs/operations.md');
    expect(DOC_COMMANDS.some((c) => c.file === 'docs/operations.md' && c.kind === 'keeper')).toBe(true);
  });

  it.each(DOC_COMMANDS.filter((c) => c.kind === 'keeper').map((c) => [label(c), c] as const))('%s', (_name, c) => {
    expect(checkKeeperArgs(program, c.args, c.fenced)).toEqual([]);
  });

  it.each(DOC_COMMANDS.filter((c) => c.kind === 'npm').map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const script = c.args[0] ?? '';
    expect(Object.keys(SCRIPTS), `package.json has no script "${script}"`).toContain(script);
  });

  it('package.json scripts that run the CLI name real subcommands', () => {
    const cli = Object.entries(SCRIPTS).flatMap(([name, body]) => extractDocCommands(`\`${body}\``, `package.json#${name}`)).filter((c) => c.kind === 'keeper' && c.args.length > 0);
    expect(cli.map((c) => c.file)).toContain('package.json#start');
    for (const c of cli) expect(checkKeeperArgs(program, c.args, true), label(c)).toEqual([]);
  });
});

describe('the doc command checker', () => {
  const bad = [
    '```sh',
    'npx keeper statuss --config config/devnet.yaml',
    'npx keeper pause devnet-main --config config/devnet.yaml --force',
    'keeper devnet upp',
    'npx keeper audit devnet-main --json',
    'node bin/keeper.mjs status --config c.yaml extra',
    'npm run no-such-script',
    '```',
    'Inline: `npx keeper compound devnet-main --later`.',
  ].join('\n');

  it('reports unknown subcommands, unknown flags, stray arguments and missing required options', () => {
    const found = extractDocCommands(bad, 'bad.md');
    expect(found.map((c) => [c.line, c.kind, c.fenced])).toEqual([
      [2, 'keeper', true],
      [3, 'keeper', true],
      [4, 'keeper', true],
      [5, 'keeper', true],
      [6, 'keeper', true],
      [7, 'npm', true],
      [9, 'keeper', false],
    ]);
    const problems = found.filter((c) => c.kind === 'keeper').map((c) => checkKeeperArgs(program, c.args, c.fenced));
    expect(problems[0]).toContainEqual(expect.stringMatching(/^unknown subcommand "statuss" of keeper \(known: .*status/));
    expect(problems[1]).toEqual([expect.stringMatching(/^unknown option --force for keeper pause/)]);
    expect(problems[2]?.[0]).toMatch(/^unknown subcommand "upp" of keeper devnet/);
    expect(problems[3]).toEqual(['keeper audit needs -c, --config <file>']);
    expect(problems[4]).toEqual(['unexpected argument "extra" for keeper status (takes 0)']);
    expect(problems[5]).toEqual([expect.stringMatching(/^unknown option --later for keeper compound/)]);
    expect(Object.keys(SCRIPTS)).not.toContain(found[5]?.args[0]);
  });

  it('accepts the README table forms: optional parts in brackets, option values, negated flags', () => {
    const ok = extractDocCommands(
      [
        '| `npx keeper devnet up [--json] [--block-ms N]` | x |',
        '| `npx keeper audit <vault> [--json] [--kind decision outcome]` | x |',
        '```sh',
        'npx keeper devnet scenario depeg --no-wait   # a comment with keeper words --bogus',
        'KEEPER_X=1 keeper status -c config/devnet.yaml --vault=devnet-main && npm run keeper -- plan -c x.yaml',
        'docker compose logs keeper',
        'keeper running: 2 vault(s), redis prefix rk; Ctrl-C stops',
        '```',
      ].join('\n'),
      'ok.md',
    );
    expect(ok.map((c) => c.args.join(' '))).toEqual(['devnet up --json --block-ms N', 'audit <vault> --json --kind decision outcome', 'devnet scenario depeg --no-wait', 'status -c config/devnet.yaml --vault=devnet-main', 'plan -c x.yaml']);
    for (const c of ok) expect(checkKeeperArgs(program, c.args, c.fenced), c.text).toEqual([]);
  });
});
