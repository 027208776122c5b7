/**
 * Turns zod issues into the lines an operator reads: one line per problem, `path: message`,
 * where the path is the dotted YAML path (`vaults.0.strategy.params.minChangeBps`). Unknown
 * keys become one line per key, naming the key itself, because that is where a typo is.
 */
import type { z } from 'zod';
import { InputError } from '../domain/errors.ts';

export interface ConfigProblem {
  /** Dotted YAML path; `(root)` for the document itself. */
  path: string;
  message: string;
}

export interface SubIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Splits one zod issue into per-field issues (an `unrecognized_keys` issue names several keys
 * under one parent path) with plain string/number paths.
 */
export function issueToSubIssues(issue: z.core.$ZodIssue): SubIssue[] {
  const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key (misspelt or not allowed here)' }));
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return [{ path, message: `missing: required ${issue.expected}` }];
  }
  return [{ path, message: issue.message }];
}

/** Formats a path the way the problem lines show it. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.join('.');
}

/** All problems of a failed parse, sorted by path so output is stable and related lines sit together. */
export function problemsFromError(error: z.ZodError): ConfigProblem[] {
  const problems = error.issues
    .flatMap(issueToSubIssues)
    .map((sub) => ({ path: formatPath(sub.path), message: sub.message }));
  return problems.sort((a, b) => comparePaths(a.path, b.path));
}

/** One detail line per problem, for `InputError.details`. */
export function problemLines(problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => `${p.path}: ${p.message}`);
}

function comparePaths(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.min(as.length, bs.length); i += 1) {
    const x = as[i] ?? '';
    const y = bs[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return as.length - bs.length;
}

/**
 * A config that parsed as YAML but failed validation. It is an `InputError` whose details are
 * the problem lines; `problems` keeps them structured for `config validate --json`.
 */
export class ConfigInvalidError extends InputError {
  override name = 'ConfigInvalidError';
  readonly problems: readonly ConfigProblem[];

  constructor(source: string, problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`Invalid config ${source}: ${count}`, { details: problemLines(problems), code: 'CONFIG_INVALID' });
    this.problems = problems;
  }
}
