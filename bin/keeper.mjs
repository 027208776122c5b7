#!/usr/bin/env node
// Entry point for the `keeper` CLI. The project runs its TypeScript sources directly through
// tsx, so `npx keeper` works right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv);
