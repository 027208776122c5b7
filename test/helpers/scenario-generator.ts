/**
 * Runs one of the scenario generators in scenarios/ (holdout.mjs, random-markets.mjs) as a user
 * would, into directories under one temporary root that is removed after the test file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const SCENARIO_DIR = new URL('../../scenarios/', import.meta.url).pathname;

export interface ScenarioGenerator {
  /** The generator script's path, for runs that are expected to fail. */
  readonly script: string;
  /** The temporary root every output directory is made in. */
  readonly root: string;
  /** Runs the generator into `root/dir` with `args`: each file written, by name, sorted. */
  generate(dir: string, ...args: string[]): Map<string, string>;
}

/** @example const { generate } = scenarioGenerator('holdout.mjs'); generate('a', '--seed', '3') */
export function scenarioGenerator(name: string): ScenarioGenerator {
  const script = `${SCENARIO_DIR}${name}`;
  const root = mkdtempSync(join(tmpdir(), `${name.replace(/\.mjs$/, '')}-`));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return {
    script,
    root,
    generate(dir, ...args) {
      const out = join(root, dir);
      execFileSync(process.execPath, [script, out, ...args]);
      return new Map(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    },
  };
}
