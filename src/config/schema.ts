/**
 * The keeper's config schema (zod 4). Types come from it via `z.output`, so the YAML, the
 * editor JSON Schema and the TypeScript types cannot drift apart.
 *
 * Every object is strict: an unknown key is an error, because a misspelt limit silently
 * falling back to its default is exactly the failure a risk config must not have. Cross-field
 * rules (unique names, references between sections) live in `cross-checks.ts`.
 *
 * @example
 *   const schema = createConfigSchema({ env: process.env, strategies: registryView });
 *   const config = schema.parse(yamlObject); // KeeperConfig
 */
import { z } from 'zod';
import { STATIC_CONTEXT, type SchemaContext } from './context.ts';
import { addressField, bps, nameField, nonNegativeInt, positiveInt, urlField } from './fields.ts';
import { eigenlayerSchema, lrtSchema, universeSchema } from './assets-schema.ts';
import {
  compoundingOverridesSchema,
  compoundingSchema,
  riskOverridesSchema,
  riskSchema,
  strategyChoiceSchema,
} from './policy-schema.ts';
import { isEnvName } from './resolve.ts';
import { rejectSecretValues } from './secret-scan.ts';
import { crossCheckConfig } from './cross-checks.ts';
import { refusePlaceholderAddresses } from './placeholder-address.ts';

const port = () => nonNegativeInt().max(65_535);

/** Vault names end up in job ids, Redis keys and metric labels: keep them to a safe alphabet. */
const vaultName = () =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'use letters, digits, _ . - (no spaces or colons), at most 64');

/** `{ env: NAME }` or `{ file: PATH }`, exactly one. Never the secret itself. */
export const secretRefSchema = z
  .strictObject({
    env: z.string().refine(isEnvName, 'must be an environment variable name (letters, digits, _)').optional(),
    file: z.string().min(1).optional(),
  })
  .transform((ref, tctx): SecretRef => {
    if (ref.env !== undefined && ref.file === undefined) return { env: ref.env };
    if (ref.file !== undefined && ref.env === undefined) return { file: ref.file };
    tctx.addIssue({ code: 'custom', message: 'give exactly one of env (a variable name) or file (a path)' });
    return z.NEVER;
  })
  .meta({
    description: 'Where a secret comes from: { env: VARIABLE_NAME } or { file: /path/to/file }',
    oneOf: [{ required: ['env'] }, { required: ['file'] }],
  });
export type SecretRef = { env: string } | { file: string };

function chainSchema(ctx: SchemaContext) {
  return z.strictObject({
    chainId: positiveInt(),
    /** Tried in order; later ones are fallbacks. */
    rpcUrls: z.array(urlField(ctx, 'rpc')).min(1, 'give at least one RPC URL'),
    requestTimeoutMs: positiveInt().max(300_000).default(10_000),
    pollIntervalMs: positiveInt().max(600_000).default(4_000),
    /**
     * Blocks on top of a keeper transaction's block before its plan counts as final
     * (docs/operations.md: why 3). Until then receipts are re-checked and a reorg reopens it.
     */
    confirmations: z.number().int().min(0).max(64).default(3),
    /** A head more than this many blocks below the highest one seen is a wrong node, not a reorg: refused. */
    maxReorgDepth: positiveInt().max(10_000).default(64),
  });
}

function vaultSchema(ctx: SchemaContext) {
  return z.strictObject({
    name: vaultName(),
    address: addressField(ctx),
    /**
     * `vault`: the managed vault contract; `eoa`: funds held by the keeper's own account;
     * `safe-propose`: funds stay in the DAO's Safe at `address`, each plan becomes a Safe
     * proposal that the owners sign (`keeper safe`), executed by the keeper once signed;
     * `safe-module`: funds stay in the DAO's Safe at `address`, the keeper acts alone through the
     * Safe's SafeKeeperModule (`safe.module`) inside the vault's on-chain guards and loss limits.
     */
    backend: z.enum(['vault', 'eoa', 'safe-propose', 'safe-module']),
    /**
     * Block the vault contract (and its fee contract) was deployed at, as `keeper vault deploy`
     * prints it: "fees taken" counts from there, and `keeper vault diff` reads the vault's events
     * from there. Without it the count starts at the keeper's first share-price sample, and fees
     * minted before that go uncounted. Other backends ignore it (`config validate` warns).
     */
    deployedAtBlock: nonNegativeInt().optional(),
    /** Safe settings of a `safe-propose` or `safe-module` vault. */
    safe: safeVaultSchema(ctx).optional(),
    /** Overrides the top-level `strategy`. */
    strategy: strategyChoiceSchema(ctx).optional(),
    /** Merged over the top-level `risk`. */
    risk: riskOverridesSchema.optional(),
    /** Merged over the top-level `compounding`. */
    compounding: compoundingOverridesSchema.optional(),
  }).superRefine((vault, rctx) => {
    if (vault.backend === 'safe-module' && vault.safe?.module === undefined) {
      rctx.addIssue({ code: 'custom', path: ['safe', 'module'], message: 'a safe-module vault needs the address of its SafeKeeperModule (safe.module)' });
    }
  });
}

/** The Safe 1.4.1 MultiSendCallOnly of the canonical deployments (mainnet and most chains). */
export const CANONICAL_MULTI_SEND_CALL_ONLY = '0x9641d764fc13c8B624c04430C7356C1C7C8102e2';

function safeVaultSchema(ctx: SchemaContext) {
  return z.strictObject({
    /** The MultiSendCallOnly the Safe DELEGATECALLs for a plan's batch. */
    multiSendCallOnly: addressField(ctx).default(CANONICAL_MULTI_SEND_CALL_ONLY),
    /** A proposal not executed within this many seconds (chain time) is never executed; also its swap deadline. */
    proposalTtlSeconds: z.number().int().min(300).max(7 * 86_400).default(21_600),
    /** The SafeKeeperModule the owners enabled on the Safe (`backend: safe-module`). */
    module: addressField(ctx).optional(),
  });
}

function executionSchema(ctx: SchemaContext) {
  return z.strictObject({
    relays: z.array(z.strictObject({ name: nameField(), url: urlField(ctx, 'http') })).default([]),
    /** Consecutive blocks a bundle is re-signed and sent for. */
    blocksToTarget: z.number().int().min(1).max(25).default(3),
    maxFeePerGasGwei: z.number().positive().default(100),
    maxPriorityFeePerGasGwei: z.number().nonnegative().default(2),
    /** Fall back to the public mempool when no relay includes a bundle. Off unless chosen. */
    allowPublicMempool: z.boolean().default(false),
    /** Allowed gap between simulated and planned outcomes before refusing to send. */
    simulationToleranceBps: bps().default(10),
  });
}

function queueSchema(ctx: SchemaContext) {
  return z.strictObject({
    redisUrl: urlField(ctx, 'redis').default('redis://127.0.0.1:6379'),
    prefix: z.string().regex(/^\S+$/, 'must be non-empty without whitespace').default('rk'),
    schedules: z
      .strictObject({
        observeEveryBlocks: positiveInt().default(1),
        compoundEverySeconds: positiveInt().default(3_600),
        withdrawalsEverySeconds: positiveInt().default(600),
        /** Seconds between kept rate samples (src/keeper/rates.ts rateSampleSpacing); absent: 600, one per observation on the devnet. */
        rateSampleEverySeconds: positiveInt().optional(),
      })
      .prefault({}),
  });
}

function telemetrySchema(ctx: SchemaContext) {
  return z.strictObject({
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /** 0 disables the endpoint. */
    metricsPort: port().default(9464),
    /** 0 disables the endpoint. */
    healthPort: port().default(8080),
    webhookUrl: urlField(ctx, 'http').optional(),
  });
}

/** The config document's shape, without the secret scan in front (used for JSON Schema). */
export function configObjectSchema(ctx: SchemaContext = STATIC_CONTEXT) {
  return z
    .strictObject({
      chain: chainSchema(ctx),
      /** Deployment JSON for `deployment:` references (default .devnet/deployment.json). */
      deployment: z.string().min(1).optional(),
      universe: universeSchema(ctx),
      lrts: z.array(lrtSchema(ctx)).min(1, 'configure at least one LRT'),
      eigenlayer: eigenlayerSchema(ctx),
      vaults: z.array(vaultSchema(ctx)).min(1, 'configure at least one vault'),
      /** Default strategy for vaults that do not name their own. */
      strategy: strategyChoiceSchema(ctx).optional(),
      risk: riskSchema.prefault({}),
      compounding: compoundingSchema.prefault({}),
      execution: executionSchema(ctx).prefault({}),
      secrets: z.strictObject({
        signerKey: secretRefSchema,
        relayAuthKey: secretRefSchema,
        dashboardToken: secretRefSchema.optional(),
        /** Value of the Sidecar auth header (eigenlayer.rewards.sidecar.authHeader). */
        sidecarAuth: secretRefSchema.optional(),
      }),
      queue: queueSchema(ctx).prefault({}),
      telemetry: telemetrySchema(ctx).prefault({}),
    })
    .superRefine(crossCheckConfig)
    .superRefine(refusePlaceholderAddresses);
}

/**
 * The full config schema: first refuses anything that looks like a private key anywhere in
 * the document, then validates the shape and resolves references.
 */
export function createConfigSchema(ctx: SchemaContext = STATIC_CONTEXT) {
  return z.unknown().superRefine(rejectSecretValues).pipe(configObjectSchema(ctx));
}

export type KeeperConfig = z.output<ReturnType<typeof configObjectSchema>>;
export type VaultConfig = KeeperConfig['vaults'][number];
export type LrtConfig = KeeperConfig['lrts'][number];
export type EigenLayerConfig = KeeperConfig['eigenlayer'];
export type ExecutionConfig = KeeperConfig['execution'];
export type QueueConfig = KeeperConfig['queue'];
export type TelemetryConfig = KeeperConfig['telemetry'];
export type ChainConfig = KeeperConfig['chain'];
export type { RiskConfig, RiskOverrides, CompoundingConfig, CompoundingOverrides, StrategyChoice } from './policy-schema.ts';
