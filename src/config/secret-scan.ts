/**
 * Refuses config documents that contain what looks like a private key. Config files get
 * committed, pasted into tickets and printed by `config validate`; keys must come from the
 * environment or a file named under `secrets`, never from the YAML itself.
 *
 * The scan covers every string and every mapping key, including unknown keys and strategy
 * params, so a key pasted anywhere is caught before any other message could echo it.
 */
import type { z } from 'zod';

/** 0x + 64 hex digits not followed by more hex, anywhere in a string. */
const PREFIXED_KEY = /0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/;
/** A bare 64-hex-digit string, the other usual way keys are pasted. */
const BARE_KEY = /^[0-9a-fA-F]{64}$/;

export const SECRET_VALUE_MESSAGE =
  'looks like a private key (32-byte hex); secrets must come from the environment or a file: ' +
  'name them under secrets (e.g. secrets.signerKey: { env: KEEPER_SIGNER_KEY }), never put the value in the YAML';

/** Whether a single string looks like a 32-byte hex secret. */
export function looksLikeSecret(value: string): boolean {
  return PREFIXED_KEY.test(value) || BARE_KEY.test(value.trim());
}

/**
 * Paths (as segment lists) of every string or key in a parsed YAML tree that looks like a
 * private key. The values themselves are never returned.
 */
export function findSecretLikeValues(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return looksLikeSecret(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findSecretLikeValues(item, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(looksLikeSecret(key) ? [[...path, '<key>']] : []),
      ...findSecretLikeValues(item, [...path, key]),
    ]);
  }
  return [];
}

/** zod refinement form, used at the root of the config schema. */
export function rejectSecretValues(value: unknown, ctx: z.RefinementCtx): void {
  for (const path of findSecretLikeValues(value)) {
    ctx.addIssue({ code: 'custom', path, message: SECRET_VALUE_MESSAGE });
  }
}
