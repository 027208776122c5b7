import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.ts';
import { loadSecret } from '../../../src/config/secrets.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
};

async function failure(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected loadSecret to fail');
}

describe('loadSecret', () => {
  it('reads an environment variable, trimmed', async () => {
    expect(await loadSecret({ env: 'SIGNER' }, { SIGNER: ` ${KEY}\n` }, noFiles)).toBe(KEY);
  });

  it('reads a file, trimmed of the trailing newline', async () => {
    const files: Record<string, string> = { '/run/secrets/key': `${KEY}\n` };
    expect(await loadSecret({ file: '/run/secrets/key' }, {}, (p) => files[p] ?? noFiles(p))).toBe(KEY);
  });

  it('accepts an async reader', async () => {
    expect(await loadSecret({ file: '/k' }, {}, async () => 'value')).toBe('value');
  });

  it('a missing or empty variable names the variable', async () => {
    const err = await failure(loadSecret({ env: 'SIGNER' }, { OTHER: KEY }, noFiles));
    expect(err.shortMessage).toBe('Secret environment variable SIGNER is not set');
    expect(err.details).toContain('variable: SIGNER');
    const empty = await failure(loadSecret({ env: 'SIGNER' }, { SIGNER: '  ' }, noFiles));
    expect(empty.shortMessage).toBe('Secret environment variable SIGNER is not set');
  });

  it('a missing, unreadable or empty file names the file, never content', async () => {
    const missing = await failure(loadSecret({ file: '/nope' }, {}, noFiles));
    expect(missing.shortMessage).toBe('Secret file not found: /nope');
    const denied = await failure(
      loadSecret({ file: '/root/key' }, {}, () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      }),
    );
    expect(denied.shortMessage).toBe('Secret file not readable (permission denied): /root/key');
    const empty = await failure(loadSecret({ file: '/empty' }, {}, () => '\n'));
    expect(empty.shortMessage).toBe('Secret file is empty: /empty');
  });

  it('never puts the value into an error', async () => {
    const err = await failure(loadSecret({ env: 'MISSING' }, { PRESENT: KEY }, noFiles));
    expect(err.message).not.toContain(KEY);
  });
});
