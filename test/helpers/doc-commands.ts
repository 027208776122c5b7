/**
 * Finds the commands a reader of the docs would paste (`keeper …`, `npx keeper …`,
 * `node bin/keeper.mjs …`, `npm run <script>`, `npm start`, `npm test`) in the code of a
 * Markdown file, and checks a keeper command against the real commander program: the
 * subcommand path exists, every flag is an option of that subcommand, no stray arguments,
 * and (for lines of fenced blocks, which are pasted as they are) no required option missing.
 *
 * Pure: the test reads the files and builds the program, this only parses and compares, so
 * it can also be fed literal bad lines to show that it fails.
 */
import type { Command, Option } from 'commander';

export interface DocCommand {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The shell segment the command was found in, as written. */
  readonly text: string;
  /** From a fenced code block (pasted whole) rather than an inline code span. */
  readonly fenced: boolean;
  readonly kind: 'keeper' | 'npm';
  /** keeper: the words after the program name; npm: the script name. */
  readonly args: readonly string[];
}

/** Shell-ish words: quoted strings stay whole (quotes dropped). */
function words(segment: string): string[] {
  return [...segment.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** README tables write optional parts as `[--json]` and alternatives in parentheses. */
function cleanWord(word: string): string {
  return word.replace(/^[[(]+/, '').replace(/[\]),]+$/, '');
}

const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The first command of one shell segment, if it is one this file checks. */
function commandIn(segment: string): { kind: 'keeper' | 'npm'; args: string[] } | undefined {
  const w = words(segment);
  for (let i = 0; i < w.length; i++) {
    const word = w[i] ?? '';
    const next = w[i + 1] ?? '';
    const rest = (from: number): string[] => w.slice(from).map(cleanWord).filter((x) => x !== '' && x !== '…' && x !== '...');
    if (word === 'npx' && next === 'keeper') return { kind: 'keeper', args: rest(i + 2) };
    if (word === 'node' && /(^|\/)bin\/keeper\.mjs$/.test(next)) return { kind: 'keeper', args: rest(i + 2) };
    // A bare `keeper` only where a command starts (after `$` or env assignments), so that
    // `docker compose logs keeper` is not read as the CLI.
    // The next word must look like a subcommand or a flag, so a quoted message such as
    // `keeper running: 2 vault(s)` is not taken for one.
    if (word === 'keeper' && /^(-|[a-z][a-z0-9-]*$)/.test(next) && w.slice(0, i).every((p) => p === '$' || ENV_ASSIGNMENT.test(p))) return { kind: 'keeper', args: rest(i + 1) };
    if (word === 'npm') {
      if ((next === 'run' || next === 'run-script') && w[i + 2] !== undefined) {
        const script = cleanWord(w[i + 2] ?? '');
        const dashes = w.indexOf('--', i + 3);
        // `npm run keeper -- status …` runs the CLI: check its words too.
        if (script === 'keeper' && dashes > 0) return { kind: 'keeper', args: rest(dashes + 1) };
        return { kind: 'npm', args: [script] };
      }
      if (next === 'start' || next === 'test') return { kind: 'npm', args: [next] };
      return undefined;
    }
  }
  return undefined;
}

function segments(code: string): string[] {
  return code.split(/&&|\|\||;|\s\|\s/).map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Every checked command in a Markdown document: each line of a fenced block (comments
 * after `#` dropped) and each inline code span.
 * @example extractDocCommands('```sh\nnpm start\n```', 'README.md') // [{ kind: 'npm', args: ['start'], line: 2, … }]
 */
export function extractDocCommands(markdown: string, file: string): DocCommand[] {
  const out: DocCommand[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const opener = /^\s*(```|~~~)/.exec(raw);
    if (opener) {
      if (fence === undefined) fence = opener[1];
      else if (opener[1] === fence) fence = undefined;
      return;
    }
    const chunks = fence !== undefined ? [raw.replace(/(^|\s)#.*$/, '')] : [...raw.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    for (const chunk of chunks) {
      for (const segment of segments(chunk)) {
        const found = commandIn(segment);
        if (found) out.push({ file, line, text: segment, fenced: fence !== undefined, ...found });
      }
    }
  });
  return out;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/**
 * What is wrong with `keeper <args>` against `program` (empty: nothing).
 * @example checkKeeperArgs(program, ['statuss'], true) // ['unknown subcommand "statuss" of keeper (known: …)']
 */
export function checkKeeperArgs(program: Command, args: readonly string[], requireMandatory: boolean): string[] {
  const problems: string[] = [];
  let command = program;
  const path: string[] = [];
  const given = new Set<Option>();
  const positionals: string[] = [];
  let help = false;
  const where = (): string => ['keeper', ...path].join(' ');
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    if (word === '--') break;
    if (word.startsWith('-') && word.length > 1) {
      const [flag = '', inline] = word.split(/=(.*)/s);
      if (flag === '--help' || flag === '-h') {
        help = true;
        continue;
      }
      if (command === program && (flag === '--version' || flag === '-V')) continue;
      const option = command.options.find((o) => o.long === flag || o.short === flag);
      if (option === undefined) {
        problems.push(`unknown option ${flag} for ${where()} (known: ${command.options.map((o) => o.long ?? o.short).join(', ') || 'none'})`);
        continue;
      }
      given.add(option);
      if (!takesValue(option) || inline !== undefined) continue;
      if (option.variadic) {
        while (args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('-')) i++;
      } else if (option.required || (args[i + 1] !== undefined && !(args[i + 1] ?? '').startsWith('-'))) {
        i++;
      }
      continue;
    }
    const sub = positionals.length === 0 ? command.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub !== undefined) {
      command = sub;
      path.push(word);
      continue;
    }
    positionals.push(word);
  }
  if (path.length === 0 && positionals.length === 0 && !help) problems.push(`no subcommand (known: ${program.commands.map((c) => c.name()).join(', ')})`);
  const declared = command.registeredArguments;
  if (!declared.some((a) => a.variadic) && positionals.length > declared.length) {
    const stray = positionals[declared.length] ?? '';
    problems.push(
      command.commands.length > 0 && declared.length === 0
        ? `unknown subcommand "${stray}" of ${where()} (known: ${command.commands.map((c) => c.name()).join(', ')})`
        : `unexpected argument "${stray}" for ${where()} (takes ${declared.length})`,
    );
  }
  if (requireMandatory && !help) {
    for (const option of command.options) {
      if (option.mandatory && !given.has(option)) problems.push(`${where()} needs ${option.flags}`);
    }
  }
  return problems;
}
