/**
 * What the config schema needs from outside the YAML to finish parsing it: the environment
 * (for `${NAME}` placeholders), the devnet deployment JSON (for `deployment:<path>`
 * references) and the strategy registry (to validate each strategy's params).
 *
 * zod has no per-parse context, so the schema is built by a factory that closes over this
 * object; `createConfigSchema()` with an empty context is the static shape used for types and
 * the editor JSON Schema.
 */
import type { z } from 'zod';

/** Looks up a strategy's params schema by name; `undefined` for an unknown name. */
export type StrategyParamsLookup = (name: string) => z.ZodType | undefined;

export interface StrategyRegistryView {
  readonly names: readonly string[];
  readonly paramsSchema: StrategyParamsLookup;
}

export interface LoadedDeployment {
  /** Where the JSON came from, for error messages. */
  readonly file: string;
  readonly data: unknown;
}

export interface SchemaContext {
  /** Variables that `${NAME}` placeholders are filled from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly deployment?: LoadedDeployment;
  /** Without it strategy params are accepted as any object (static schema, JSON Schema). */
  readonly strategies?: StrategyRegistryView;
}

/** The context used for the static schema: nothing resolvable, nothing registered. */
export const STATIC_CONTEXT: SchemaContext = { env: {} };

/** Prefix of a reference into the devnet deployment JSON, e.g. `deployment:lrts.weETH.token`. */
export const DEPLOYMENT_REF_PREFIX = 'deployment:';

/** Default location of the deployment JSON that `keeper devnet up` writes. */
export const DEFAULT_DEPLOYMENT_FILE = '.devnet/deployment.json';
