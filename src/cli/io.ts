/**
 * What a CLI command may touch of the outside world: its output streams and version.
 * Commands take this instead of writing to `process.stdout` so tests can capture output.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  version: string;
  /** Environment for `${NAME}` placeholders and secret references. */
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  const pkg = JSON.parse(readFileSync(projectPackageJson(), 'utf8')) as { version: string };
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    version: pkg.version,
    env: process.env,
  };
}

/** The project's package.json: two levels up from the sources, three from the build (dist/src/cli). */
function projectPackageJson(): URL {
  const fromSources = new URL('../../package.json', import.meta.url);
  return existsSync(fromSources) ? fromSources : new URL('../../../package.json', import.meta.url);
}
