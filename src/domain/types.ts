/**
 * Static description of what the vault may hold: protocols, tokens and positions.
 *
 * A position is an LRT held liquid, or that LRT restaked in its EigenLayer strategy and
 * delegated to an operator. The two are different positions even for the same token, because
 * they differ in yield (AVS rewards), risk (operator slashing) and exit (EigenLayer's queue).
 */

export type Address = `0x${string}`;

export type ProtocolId = 'etherfi' | 'renzo' | 'kelp' | 'puffer' | 'swell';
export const PROTOCOL_IDS: readonly ProtocolId[] = ['etherfi', 'renzo', 'kelp', 'puffer', 'swell'];

export type LrtSymbol = 'weETH' | 'ezETH' | 'rsETH' | 'pufETH' | 'rswETH';
export const LRT_SYMBOLS: readonly LrtSymbol[] = ['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH'];

/** Which protocol issues each LRT; config validation checks specs against it. */
export const LRT_PROTOCOL: Readonly<Record<LrtSymbol, ProtocolId>> = {
  weETH: 'etherfi',
  ezETH: 'renzo',
  rsETH: 'kelp',
  pufETH: 'puffer',
  rswETH: 'swell',
};

/** Free-form but stable id from the config, e.g. `weETH` or `weETH-restaked-p2p`. */
export type PositionId = string;

/** 1 = safest. Strategies turn it into a yield penalty. */
export type RiskTier = 1 | 2 | 3 | 4 | 5;

/** An EigenLayer operator set the operator is registered in, and the token its AVS pays. */
export interface OperatorSetRef {
  readonly avs: Address;
  readonly id: number;
  readonly rewardToken: Address;
}

/** Where a restaked position lives in EigenLayer. */
export interface EigenPlacement {
  readonly strategy: Address;
  readonly operator: Address;
  readonly operatorSets: readonly OperatorSetRef[];
  /** DelegationManager's withdrawal delay in seconds; defaults to EIGEN_WITHDRAWAL_DELAY_SECONDS. */
  readonly withdrawalDelaySeconds?: number;
}

/** Mainnet minWithdrawalDelayBlocks (100800) at 12 s per block: about 14 days. */
export const EIGEN_WITHDRAWAL_DELAY_SECONDS = 100_800 * 12;

/** The ways out of the LRT back to the vault asset; at least one should exist. */
export interface ExitRoutes {
  /** A Uniswap V2 style LRT/WETH pool; feeBps is the pool fee (30 for V2). */
  readonly dex?: { readonly feeBps: number };
  /** The protocol's instant redemption, with its fee. */
  readonly instant?: { readonly feeBps: number };
  /** The protocol's withdrawal queue, paid at the rate but after a delay. */
  readonly queued?: { readonly delaySeconds: number };
}

export interface PositionSpec {
  readonly id: PositionId;
  readonly symbol: LrtSymbol;
  readonly protocol: ProtocolId;
  /** The LRT's ERC-20 address. */
  readonly token: Address;
  /** Present when the LRT is restaked; absent for a liquid holding. */
  readonly eigen?: EigenPlacement;
  readonly exits: ExitRoutes;
  readonly riskTier: RiskTier;
}

/** Lower-cased address, for comparing addresses without a checksum library. */
export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
