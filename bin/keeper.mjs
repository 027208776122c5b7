#!/usr/bin/env node
// Entry point for the `keeper` CLI. In a development install the TypeScript sources run
// through tsx, so `npx keeper` works right after `npm ci`; a production install
// (`npm ci --omit=dev`, the Docker image) has no tsx and runs the build in dist/
// (`npm run build`).
let main;
try {
  const { register } = await import('tsx/esm/api');
  register();
  main = '../src/cli/main.ts';
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  main = '../dist/src/cli/main.js';
}
let cli;
try {
  cli = await import(main);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/src/cli/main.js')) throw err;
  process.stderr.write('error: no build of the keeper (dist/) and no tsx to run its sources: run `npm run build`, or `npm ci` for a development install\n');
  process.exit(1);
}
await cli.runCli(process.argv);
