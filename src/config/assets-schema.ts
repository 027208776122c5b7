/**
 * The on-chain universe the keeper can hold and talk to: base contracts (WETH, Multicall3,
 * Uniswap V2), the liquid restaking tokens with their protocol contracts and exit routes,
 * and EigenLayer (core contracts, strategies, operators, reward tokens).
 *
 * Each LRT's protocol fixes both its symbol and the contracts it needs (a discriminated
 * union), so a config cannot pair ezETH with ether.fi contracts or forget Renzo's withdraw
 * queue.
 */
import { z } from 'zod';
import type { SchemaContext } from './context.ts';
import { addressField, bps, lrtSymbolSchema, nameField, nonNegativeInt, positiveInt, urlField } from './fields.ts';
import { rewardStreamsSchema } from './reward-streams-schema.ts';

export const LRT_PROTOCOLS = ['etherfi', 'renzo', 'kelp', 'puffer', 'swell'] as const;
export type LrtProtocol = (typeof LRT_PROTOCOLS)[number];

/**
 * Which exits each protocol itself offers (the DEX route exists for every token). Kelp and
 * Swell have no instant redemption; Puffer's exit is the ERC-4626 redeem, which is instant.
 */
export const PROTOCOL_EXITS: Record<LrtProtocol, { instant: boolean; queued: boolean }> = {
  etherfi: { instant: true, queued: true },
  renzo: { instant: true, queued: true },
  kelp: { instant: false, queued: true },
  puffer: { instant: true, queued: false },
  swell: { instant: false, queued: true },
};

export function universeSchema(ctx: SchemaContext) {
  const address = addressField(ctx);
  return z.strictObject({
    weth: address,
    multicall3: address,
    uniswap: z.strictObject({ factory: address, router: address }),
    /** Uniswap V3: factory, QuoterV2 (quotes) and SwapRouter (exactInputSingle); needed by `exits.dexV3`. */
    uniswapV3: z.strictObject({ factory: address, quoter: address, router: address }).optional(),
  });
}

function exitsSchema(ctx: SchemaContext) {
  return z
    .strictObject({
      /** Sell on a Uniswap V2 LRT/WETH pair; feeBps is the pool fee (30 for V2). */
      dex: z.strictObject({ pair: addressField(ctx), feeBps: bps().default(30) }).optional(),
      /**
       * Sell on a Uniswap V3 LRT/WETH pool, and buy on it when it trades under the rate; fee in
       * hundredths of a bip (100 = 0.01 %). quoteSizes: the quote ladders read each tick (whole
       * LRT sold and as many whole WETH spent, default 1, 3, 10, 30, … 10,000, about ×3 apart);
       * a trade between two sizes is priced on the straight line between their quotes, and one
       * larger than the largest size is not priced on this pool.
       */
      dexV3: z
        .strictObject({
          pool: addressField(ctx),
          fee: z.number().int().min(1).max(1_000_000),
          quoteSizes: z.array(z.number().positive().max(1e9)).min(1).max(12).optional(),
        })
        .optional(),
      /** The protocol's own instant redemption, with its fee. */
      instant: z.strictObject({ feeBps: bps() }).optional(),
      /**
       * The protocol's withdrawal queue; delaySeconds is the expected wait. minAmount and
       * maxAmount (in the LRT, plain units) bound one request where the protocol does not
       * expose its limits on chain (ether.fi); Kelp's and Swell's are read on chain.
       */
      queued: z
        .strictObject({ delaySeconds: positiveInt(), minAmount: z.number().positive().optional(), maxAmount: z.number().positive().optional() })
        .refine((q) => q.minAmount === undefined || q.maxAmount === undefined || q.minAmount <= q.maxAmount, { message: 'minAmount must not exceed maxAmount', path: ['minAmount'] })
        .optional(),
    })
    .refine((exits) => exits.dex !== undefined || exits.dexV3 !== undefined || exits.instant !== undefined || exits.queued !== undefined, {
      message: 'configure at least one exit (dex, dexV3, instant or queued): a position must be sellable',
    });
}

export function lrtSchema(ctx: SchemaContext) {
  const address = addressField(ctx);
  const common = {
    token: address,
    exits: exitsSchema(ctx),
    /** 1 = lowest risk; the risk-adjusted strategies penalise higher tiers. */
    riskTier: z.number().int().min(1).max(5),
    /** Rewards paid outside the LRT's rate (src/config/reward-streams-schema.ts). */
    rewardStreams: rewardStreamsSchema(ctx),
  };
  return z
    .discriminatedUnion('protocol', [
      z.strictObject({
        protocol: z.literal('etherfi'),
        symbol: z.literal('weETH'),
        ...common,
        contracts: z.strictObject({
          liquidityPool: address,
          redemptionManager: address,
          /** DepositAdapter.depositETHForWeETH (ETH → weETH in one call); without it weETH deposits are refused. */
          depositAdapter: address.optional(),
        }),
      }),
      z.strictObject({
        protocol: z.literal('renzo'),
        symbol: z.literal('ezETH'),
        ...common,
        contracts: z.strictObject({
          restakeManager: address,
          rateProvider: address,
          withdrawQueue: address,
          instantWithdrawer: address,
        }),
      }),
      z.strictObject({
        protocol: z.literal('kelp'),
        symbol: z.literal('rsETH'),
        ...common,
        contracts: z.strictObject({ depositPool: address, oracle: address, withdrawalManager: address }),
      }),
      z.strictObject({
        protocol: z.literal('puffer'),
        symbol: z.literal('pufETH'),
        ...common,
        contracts: z.strictObject({ vault: address }),
      }),
      z.strictObject({
        protocol: z.literal('swell'),
        symbol: z.literal('rswETH'),
        ...common,
        contracts: z.strictObject({ withdrawalNft: address }),
      }),
    ])
    .superRefine((lrt, tctx) => {
      const offered = PROTOCOL_EXITS[lrt.protocol];
      for (const kind of ['instant', 'queued'] as const) {
        if (lrt.exits[kind] !== undefined && !offered[kind]) {
          tctx.addIssue({
            code: 'custom',
            path: ['exits', kind],
            message: `${lrt.protocol} has no ${kind} exit for ${lrt.symbol}; use another route (e.g. dex)`,
          });
        }
      }
    });
}

export function eigenlayerSchema(ctx: SchemaContext) {
  const address = addressField(ctx);
  return z.strictObject({
    strategyManager: address,
    delegationManager: address,
    allocationManager: address,
    rewardsCoordinator: address,
    /** EigenLayer strategy per LRT symbol; an LRT without one is held but not restaked. */
    strategies: z.partialRecord(lrtSymbolSchema, address).default({}),
    operators: z
      .array(
        z.strictObject({
          name: nameField(),
          address,
          operatorSets: z
            .array(
              z.strictObject({
                avs: address,
                id: nonNegativeInt().max(2 ** 32 - 1),
                /** Symbol of an entry in `eigenlayer.rewardTokens`. */
                rewardToken: z.string().min(1),
              }),
            )
            .default([]),
        }),
      )
      .default([]),
    rewardTokens: z
      .array(
        z.strictObject({
          symbol: z.string().min(1).max(16),
          address,
          /** Uniswap V2 pair against WETH used to value and sell the token; none for WETH itself. */
          dexPair: address.optional(),
        }),
      )
      .default([]),
    rewards: rewardsDataSchema(ctx).optional(),
  });
}

/**
 * Where rewards data comes from on a real chain: claims from the EigenLayer Sidecar's HTTP API,
 * AVS reward rates from the RewardsCoordinator's submission events (scanned from
 * `coordinatorDeploymentBlock`, `logRangeBlocks` at a time), valued through `priceSources`.
 */
function rewardsDataSchema(ctx: SchemaContext) {
  const address = addressField(ctx);
  return z.strictObject({
    sidecar: z.strictObject({
      /** Base URL, e.g. https://sidecar-rpc.eigenlayer.xyz/mainnet (no trailing /rewards/v1). */
      url: urlField(ctx, 'http'),
      /** Header carrying `secrets.sidecarAuth`, when the Sidecar wants one (e.g. Authorization or x-api-key). */
      authHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a header name: letters, digits, -').optional(),
      timeoutMs: positiveInt().max(120_000).default(10_000),
      retries: nonNegativeInt().max(5).default(2),
      /** How long the list of distribution roots is reused, ms (roots are posted weekly on mainnet). */
      listTtlMs: nonNegativeInt().max(86_400_000).default(60_000),
    }),
    /** Block the RewardsCoordinator was deployed at: the submission and split log scan starts there. */
    coordinatorDeploymentBlock: nonNegativeInt(),
    /** Blocks per eth_getLogs request (one request per block at most). */
    logRangeBlocks: positiveInt().max(100_000).default(5_000),
    /**
     * How to value a reward token or an LRT (for stake), by symbol or token address: a Uniswap
     * V2 pair against the vault asset, or a fixed price in the asset per whole token. Default:
     * the reward token's dexPair, the LRT's DEX exit pair. A token with no source counts at 0.
     */
    priceSources: z
      .record(z.string().min(1), z.union([z.strictObject({ uniswapV2Pair: address }), z.strictObject({ fixedAssetPerToken: z.number().min(0) })]))
      .default({}),
  });
}
