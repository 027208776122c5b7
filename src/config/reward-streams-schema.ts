/**
 * Rewards an LRT pays its holders outside its exchange rate (`lrts[].rewardStreams`): a token
 * distributed as cumulative merkle claims (ether.fi passes AVS rewards to weETH holders this
 * way), or points. An APY read from the LRT's rate misses them, so each is declared here with
 * how its rate is known, how it is claimed and how it is valued.
 *
 * Points are listed so that `keeper plan` can show them, and are worth exactly 0 ETH to every
 * decision: a points boost must never move money.
 *
 * @example
 *   rewardStreams:
 *     - { name: etherfi-avs, kind: token, token: 0x…, symbol: KING,
 *         rate: { source: announced, apr: 0.012 },
 *         claim: { cumulativeMerkle: { distributor: 0x…, proofUrl: https://… } },
 *         price: { uniswapV2Pair: 0x… } }
 *     - { name: etherfi-loyalty, kind: points, unit: loyalty points }
 */
import { z } from 'zod';
import type { SchemaContext } from './context.ts';
import { addressField, nameField, positiveInt, urlField } from './fields.ts';

/** Which of the LRT's positions the protocol pays: held liquid, restaked in EigenLayer, or both. */
const heldAsSchema = z.array(z.enum(['liquid', 'restaked'])).min(1).default(['liquid']);

function tokenStreamSchema(ctx: SchemaContext) {
  const address = addressField(ctx);
  return z.strictObject({
    name: nameField(),
    kind: z.literal('token'),
    token: address,
    symbol: z.string().min(1).max(16),
    heldAs: heldAsSchema,
    /**
     * How the stream's rate is known. `announced`: the protocol's published yearly rate, as a
     * fraction of the LRT's value (0.012 = 1.2 %). `claims`: measured from the vault's own
     * cumulative claimable amounts over `windowDays` (needs a price).
     */
    rate: z.discriminatedUnion('source', [
      z.strictObject({ source: z.literal('announced'), apr: z.number().min(0).max(1) }),
      z.strictObject({ source: z.literal('claims'), windowDays: positiveInt().max(365).default(30) }),
    ]),
    /**
     * How it is claimed: a cumulative merkle distributor (claim(account, cumulativeAmount,
     * expectedMerkleRoot, proof)) with a proof server answering JSON over HTTP.
     */
    claim: z.strictObject({
      cumulativeMerkle: z.strictObject({
        distributor: address,
        /** GET <proofUrl>/<account> answers { root, account, cumulativeAmount, proof[] }. */
        proofUrl: urlField(ctx, 'http'),
        timeoutMs: positiveInt().max(120_000).default(10_000),
      }),
    }),
    /** How the token is valued in the vault asset: a Uniswap V2 pair against WETH, or a fixed price per whole token. */
    price: z.union([z.strictObject({ uniswapV2Pair: address }), z.strictObject({ fixedAssetPerToken: z.number().min(0) })]).optional(),
  });
}

const pointsStreamSchema = z.strictObject({
  name: nameField(),
  kind: z.literal('points'),
  /** What the protocol calls them, shown next to the 0 ETH value. */
  unit: z.string().min(1).max(48),
  heldAs: heldAsSchema,
  /** The advertised multiplier, shown only. */
  boost: z.number().positive().optional(),
});

export function rewardStreamsSchema(ctx: SchemaContext) {
  return z
    .array(z.discriminatedUnion('kind', [tokenStreamSchema(ctx), pointsStreamSchema]))
    .default([])
    .superRefine((streams, rctx) => {
      const seen = new Set<string>();
      streams.forEach((s, i) => {
        if (seen.has(s.name)) rctx.addIssue({ code: 'custom', path: [i, 'name'], message: `reward stream name ${s.name} is used twice for this LRT` });
        seen.add(s.name);
        if (s.kind === 'token' && s.rate.source === 'claims' && s.price === undefined) {
          rctx.addIssue({ code: 'custom', path: [i, 'price'], message: 'a stream whose rate is measured from claims needs a price (uniswapV2Pair or fixedAssetPerToken)' });
        }
      });
    });
}

export type RewardStreamConfig = z.output<ReturnType<typeof rewardStreamsSchema>>[number];
export type TokenStreamConfig = Extract<RewardStreamConfig, { kind: 'token' }>;
export type PointsStreamConfig = Extract<RewardStreamConfig, { kind: 'points' }>;
