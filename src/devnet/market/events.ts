/**
 * Market events the devnet can inject, as plain validated data: a scenario is a list of
 * them at block offsets, and the control endpoint accepts them one at a time.
 */
import { z } from 'zod';

const lrtSymbol = z.enum(['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH']);

export const marketEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setApy'), lrt: lrtSymbol, apy: z.number().min(-0.5).max(1) }).strict(),
  z.object({ kind: z.literal('depeg'), lrt: lrtSymbol, bps: z.number().int().min(1).max(9_000) }).strict(),
  z.object({ kind: z.literal('recover'), lrt: lrtSymbol }).strict(),
  z
    .object({
      kind: z.literal('slash'),
      avs: z.string().min(1),
      operatorSetId: z.number().int().min(0),
      operator: z.string().min(1),
      fraction: z.number().gt(0).max(1),
    })
    .strict(),
  z.object({ kind: z.literal('rewardRate'), avs: z.string().min(1), operatorSetId: z.number().int().min(0), apr: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('baseFee'), gwei: z.number().min(0).max(100_000) }).strict(),
  z.object({ kind: z.literal('instantLiquidity'), lrt: lrtSymbol, amountEth: z.number().min(0) }).strict(),
]);

export type MarketEvent = z.infer<typeof marketEventSchema>;
export type LrtSymbol = z.infer<typeof lrtSymbol>;
export const LRT_SYMBOLS: readonly LrtSymbol[] = lrtSymbol.options;

/** One line describing an event, for logs and progress output. */
export function describeEvent(event: MarketEvent): string {
  switch (event.kind) {
    case 'setApy':
      return `${event.lrt} APY -> ${(event.apy * 100).toFixed(2)}%`;
    case 'depeg':
      return `${event.lrt} DEX price ${event.bps} bps below its protocol rate`;
    case 'recover':
      return `${event.lrt} DEX price back to its protocol rate`;
    case 'slash':
      return `${event.avs} slashes ${event.operator} in operator set ${event.operatorSetId} by ${(event.fraction * 100).toFixed(1)}%`;
    case 'rewardRate':
      return `${event.avs} operator set ${event.operatorSetId} reward APR -> ${(event.apr * 100).toFixed(2)}%`;
    case 'baseFee':
      return `base fee -> ${event.gwei} gwei`;
    case 'instantLiquidity':
      return `${event.lrt} instant-exit liquidity -> ${event.amountEth} ETH`;
  }
}
