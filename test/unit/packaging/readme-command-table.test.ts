/**
 * README.md's command table is what an operator copies first: each command there must carry
 * the options its subcommand requires (docs-commands.test.ts checks required options on
 * fenced lines only; the table is made of inline code spans).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { checkKeeperArgs, extractDocCommands } from '../../helpers/doc-commands.ts';

const README = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
/** Lines of the table under "Every command has `--help`": rows that start with a keeper command. */
const TABLE = README.split('\n')
  .map((text, i) => ({ text, line: i + 1 }))
  .filter((l) => /^\| `npx keeper /.test(l.text));
const COMMANDS = TABLE.flatMap((l) => extractDocCommands(l.text.split(' | ')[0] ?? '', 'README.md').filter((c) => c.kind === 'keeper').map((c) => ({ ...c, line: l.line })));

let program: Command;
beforeAll(async () => {
  program = await buildProgram({ stdout: () => undefined, stderr: () => undefined, version: 'test', env: {} });
});

describe('README command table', () => {
  it('lists the operations commands (pause, resume, compound, audit)', () => {
    const names = COMMANDS.map((c) => c.args[0]);
    expect(names).toEqual(expect.arrayContaining(['pause', 'resume', 'compound', 'audit', 'status', 'run', 'execute']));
  });

  it.each(COMMANDS.map((c) => [`README.md:${c.line} ${c.text}`, c] as const))('%s carries its required options', (_name, c) => {
    expect(checkKeeperArgs(program, c.args, true)).toEqual([]);
  });
});
