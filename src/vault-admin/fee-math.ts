/**
 * The vault's fee arithmetic (contracts/vault/VaultFeeMath.sol) in TypeScript, integer for
 * integer: the same roundings in the same order, so a test can hold the contract to literal
 * numbers and a property test can explore what a chain test cannot (years, extreme prices).
 * `keeper vault diff` uses it to show the fees owed right now.
 *
 * Terms are ERC-4626's with the virtual offset: `assets` is totalAssets + 1 and `supply` is
 * totalSupply + 10**decimalsOffset; `unit` is one whole share (10**decimals).
 *
 * @example
 *   accrueFees({ assets: 101n * 10n ** 18n + 1n, supply: 100n * 10n ** 21n + 1000n, unit: 10n ** 21n,
 *                highWaterMark: 10n ** 18n, managementBps: 200, performanceBps: 1000, elapsedSeconds: 0n })
 */
import { mulDiv } from '../domain/units.ts';

export const FEE_BPS = 10_000n;
export const FEE_YEAR_SECONDS = 365n * 86_400n;

export interface FeeAccrualInput {
  assets: bigint;
  supply: bigint;
  unit: bigint;
  highWaterMark: bigint;
  managementBps: number;
  performanceBps: number;
  elapsedSeconds: bigint;
}

export interface FeeAccrual {
  managementShares: bigint;
  performanceShares: bigint;
  /** The high-water mark after the accrual: never below the one before. */
  mark: bigint;
}

/** Shares worth `fee` of `assets` once minted: fee * supply / (assets - fee). */
export function feeShares(fee: bigint, assets: bigint, supply: bigint): bigint {
  return fee === 0n ? 0n : mulDiv(fee, supply, assets - fee);
}

/** What VaultFeeMath.accrue returns for the same inputs. */
export function accrueFees(i: FeeAccrualInput): FeeAccrual {
  const perYear = mulDiv(i.assets, BigInt(i.managementBps) * i.elapsedSeconds, FEE_BPS * FEE_YEAR_SECONDS);
  const management = perYear < i.assets / 2n ? perYear : i.assets / 2n;
  const managementShares = feeShares(management, i.assets, i.supply);
  const supply = i.supply + managementShares;
  const price = mulDiv(i.assets, i.unit, supply);
  if (price <= i.highWaterMark) return { managementShares, performanceShares: 0n, mark: i.highWaterMark };
  const gain = i.assets - mulDiv(i.highWaterMark, supply, i.unit, 'up');
  const performanceShares = feeShares(mulDiv(gain, BigInt(i.performanceBps), FEE_BPS), i.assets, supply);
  const mark = mulDiv(i.assets, i.unit, supply + performanceShares);
  return { managementShares, performanceShares, mark: mark < i.highWaterMark ? i.highWaterMark : mark };
}

/** Share price in asset wei per whole share, as the vault converts: (totalAssets + 1) * unit / (totalSupply + virtual). */
export function sharePrice(totalAssets: bigint, totalSupply: bigint, unit: bigint, virtualShares: bigint): bigint {
  return mulDiv(totalAssets + 1n, unit, totalSupply + virtualShares);
}
