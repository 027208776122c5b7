/**
 * `npm run bench`: runs every `*.bench.ts` file in bench/ and prints one JSON line per
 * figure: {name, value, unit, baseline?, ratio?}. Figures only; nothing here passes or fails.
 * `npm run bench -- plan-latency` runs only the files whose name contains the argument;
 * `npm run bench -- --help` lists them.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchRun } from './figure.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const names = all.map((f) => f.slice(0, -'.bench.ts'.length));
if (filter === '--help' || filter === '-h') {
  process.stdout.write(`usage: npm run bench [-- <name>]\n\nRuns every benchmark, or those whose name contains <name>, and prints one JSON line per figure.\nbenchmarks: ${names.join(', ')}\n`);
  process.exit(0);
}
const files = all.filter((f) => filter === undefined || f.includes(filter));
if (files.length === 0) {
  process.stderr.write(`no benchmark matches "${filter}"; benchmarks: ${names.join(', ')}\n`);
  process.exit(2);
}

let failed = false;
for (const file of files) {
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run?: BenchRun };
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    for (const figure of await mod.run()) process.stdout.write(`${JSON.stringify(figure)}\n`);
  } catch (err) {
    failed = true;
    process.stderr.write(`bench ${file} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
if (failed) process.exitCode = 1;
