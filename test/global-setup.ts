// Compiles the Solidity sources once before any test file runs: otherwise every file that
// starts a chain would compile the same sources in parallel on a cold cache.
import { compileContracts } from '../src/devnet/compile.ts';
import { PROJECT_ROOT } from './helpers/chain.ts';

export default function setup(): void {
  compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts'] });
}
