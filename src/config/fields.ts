/**
 * Field-level schemas shared by every config section: addresses, URLs, basis points.
 *
 * Address and URL fields resolve `deployment:` references and `${NAME}` placeholders inside
 * their own transform, so a failure is reported at that field's YAML path. Messages never
 * echo a URL (it may carry a token once filled in) and never echo an address-shaped input
 * that failed (it could be a pasted key).
 */
import { z } from 'zod';
import { getAddress, isAddress } from 'ethers';
import type { SchemaContext } from './context.ts';
import { interpolateEnv, isDeploymentRef, resolveDeploymentRef } from './resolve.ts';

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** JSON Schema pattern for editors: a literal address or a deployment reference. */
const ADDRESS_PATTERN = '^(0x[0-9a-fA-F]{40}|deployment:[A-Za-z0-9_.-]+|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})$';

/**
 * An Ethereum address, normalised to its checksum form. Accepts checksummed or lowercase
 * hex, `deployment:<path>` resolved against the devnet deployment JSON, or `${NAME}` filled from
 * the environment (an address the operator must supply).
 *
 * @example weth: 0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2   # becomes 0xC02aaA39…
 */
export function addressField(ctx: SchemaContext) {
  return z
    .string()
    .transform((raw, tctx) => {
      let value = raw;
      const fromRef = isDeploymentRef(raw);
      // `${NAME}`: an address the operator must supply (an example config's unconfirmed entries).
      const fromEnv = !fromRef && raw.includes('${');
      if (fromRef || fromEnv) {
        const resolved = fromRef ? resolveDeploymentRef(raw, ctx.deployment) : interpolateEnv(raw, ctx.env);
        if (!resolved.ok) {
          tctx.addIssue({ code: 'custom', message: resolved.message });
          return z.NEVER;
        }
        value = resolved.value;
      }
      if (!isAddress(value)) {
        const why = HEX_ADDRESS.test(value)
          ? 'checksum mismatch: write the address all-lowercase or with its correct checksum'
          : 'not an address: expected 0x followed by 40 hex digits, or deployment:<path>';
        tctx.addIssue({ code: 'custom', message: fromRef || fromEnv ? `${raw} resolved to a value that is ${why}` : why });
        return z.NEVER;
      }
      return getAddress(value);
    })
    .meta({ pattern: ADDRESS_PATTERN, description: 'Address (0x…, checksummed or lowercase), deployment:<dotted.path> or ${ENV_NAME}' });
}

export type UrlKind = 'rpc' | 'http' | 'redis';

const PROTOCOLS: Record<UrlKind, readonly string[]> = {
  rpc: ['http:', 'https:', 'ws:', 'wss:'],
  http: ['http:', 'https:'],
  redis: ['redis:', 'rediss:'],
};

/**
 * A URL that may contain `${NAME}` placeholders (filled from the environment) or be a whole
 * `deployment:<path>` reference. The filled-in URL is what the keeper uses; it is never part
 * of an error message.
 *
 * @example - https://eth-mainnet.example/v2/${KEEPER_RPC_TOKEN}
 */
export function urlField(ctx: SchemaContext, kind: UrlKind) {
  const allowed = PROTOCOLS[kind];
  return z
    .string()
    .min(1)
    .transform((raw, tctx) => {
      const resolved = isDeploymentRef(raw) ? resolveDeploymentRef(raw, ctx.deployment) : interpolateEnv(raw, ctx.env);
      if (!resolved.ok) {
        tctx.addIssue({ code: 'custom', message: resolved.message });
        return z.NEVER;
      }
      let url: URL;
      try {
        url = new URL(resolved.value);
      } catch {
        tctx.addIssue({ code: 'custom', message: `not a valid URL (expected one of ${allowed.map((p) => `${p}//`).join(' ')})` });
        return z.NEVER;
      }
      if (!allowed.includes(url.protocol)) {
        tctx.addIssue({ code: 'custom', message: `URL scheme ${url.protocol} not allowed here (expected one of ${allowed.join(' ')})` });
        return z.NEVER;
      }
      return resolved.value;
    })
    .meta({ description: `URL (${allowed.join(' ')}); may contain \${ENV_NAME} placeholders or be deployment:<path>` });
}

/** Basis points as an integer in 0..10000. */
export function bps() {
  return z.number().int().min(0).max(10_000);
}

export function positiveInt() {
  return z.number().int().positive();
}

export function nonNegativeInt() {
  return z.number().int().nonnegative();
}

/** A non-empty name without surrounding whitespace (vault, operator, relay names). */
export function nameField() {
  return z.string().min(1).max(64).regex(/^\S(.*\S)?$/, 'must not start or end with whitespace');
}

export const LRT_SYMBOLS = ['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH'] as const;
export const lrtSymbolSchema = z.enum(LRT_SYMBOLS);
export type LrtSymbol = z.infer<typeof lrtSymbolSchema>;
