/**
 * Resolves a secret reference from the config (`{ env: NAME }` or `{ file: PATH }`) to its
 * value. Errors name the variable or file, never the value, and nothing here logs: the
 * caller hands the value straight to the component that needs it (signer, relay client).
 *
 * @example
 *   const key = await loadSecret(config.secrets.signerKey, process.env, (p) => readFile(p, 'utf8'));
 */
import { InputError } from '../domain/errors.ts';
import type { SecretRef } from './schema.ts';

export type ReadSecretFile = (path: string) => string | Promise<string>;

export async function loadSecret(
  ref: SecretRef,
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadSecretFile,
): Promise<string> {
  if ('env' in ref) {
    const value = env[ref.env]?.trim();
    if (!value) {
      throw new InputError(`Secret environment variable ${ref.env} is not set`, {
        details: [`variable: ${ref.env}`, 'set it in the environment of the keeper process'],
        code: 'SECRET_MISSING',
      });
    }
    return value;
  }
  let text: string;
  try {
    text = await readFile(ref.file);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not readable (permission denied)' : 'could not be read';
    // The cause's message names only the path, never content, so it is safe to keep.
    throw new InputError(`Secret file ${why}: ${ref.file}`, { details: [`file: ${ref.file}`], cause, code: 'SECRET_MISSING' });
  }
  // Editors and `echo >` leave a trailing newline; a key never contains whitespace.
  const value = text.trim();
  if (value === '') {
    throw new InputError(`Secret file is empty: ${ref.file}`, { details: [`file: ${ref.file}`], code: 'SECRET_MISSING' });
  }
  return value;
}
