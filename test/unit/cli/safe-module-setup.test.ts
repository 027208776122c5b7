import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.ts';
import { runSafeModuleSetup } from '../../../src/cli/commands/safe-module-setup.ts';
import { EXAMPLE_ENV } from '../config/helpers.ts';

const CONFIG = 'config/dao-treasury.example.yaml';

function io(): { out: string[]; err: string[]; io: Parameters<typeof runSafeModuleSetup>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s) => out.push(s), stderr: (s) => err.push(s), version: 'test', env: EXAMPLE_ENV } };
}

describe('keeper safe module-setup', () => {
  it('--help names the vault, the actions and that it sends nothing', async () => {
    const t = io();
    const program = await buildProgram(t.io);
    program.exitOverride();
    for (const c of program.commands) c.exitOverride();
    await expect(program.parseAsync(['safe', 'module-setup', '--help'], { from: 'user' })).rejects.toThrow();
    const help = t.out.join('');
    expect(help).toContain('--vault <name>');
    expect(help).toContain('setup | pause | remove');
    expect(help).toContain('Sends nothing');
  });

  it('refuses a vault that is not a safe-module vault, naming its backend', async () => {
    await expect(runSafeModuleSetup({ config: CONFIG, vault: 'treasury-reserve' }, io().io)).rejects.toThrow(/not a safe-module vault[\s\S]*backend: vault/);
  });

  it('refuses a vault name the config does not have, listing the names', async () => {
    await expect(runSafeModuleSetup({ config: CONFIG, vault: 'no-such-vault' }, io().io)).rejects.toThrow(/no such vault in the config[\s\S]*--vault: no-such-vault[\s\S]*treasury-safe-auto/);
  });

  it('refuses an unknown --action before reading the config', async () => {
    await expect(runSafeModuleSetup({ config: 'does-not-exist.yaml', vault: 'treasury-safe-auto', action: 'enable' }, io().io)).rejects.toThrow(/--action must be setup, pause, remove[\s\S]*got: enable/);
  });
});
