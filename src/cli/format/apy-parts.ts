/**
 * A net APY and the parts it is the sum of, in one line a person can check by hand:
 * "net 3.10% = LRT 2.90% + AVS 0.40% − fees 0.20%". Parts that are zero are left out so a
 * liquid position reads "net 2.90% = LRT 2.90%"; streams and slashing appear only where they
 * count, so the sum shown always adds up.
 */
import { formatPct } from './table.ts';

export interface ApyParts {
  readonly netApy: number;
  readonly lrtApy: number;
  readonly avsApr: number;
  readonly streamApr?: number;
  readonly feesApy?: number;
  readonly slashingApy?: number;
}

/** @example apyPartsText({ netApy: 0.031, lrtApy: 0.029, avsApr: 0.004, feesApy: 0.002 }) // 'net 3.10% = LRT 2.90% + AVS 0.40% − fees 0.20%' */
export function apyPartsText(e: ApyParts): string {
  const added: [string, number][] = [['AVS', e.avsApr], ['streams', e.streamApr ?? 0]];
  const taken: [string, number][] = [['fees', e.feesApy ?? 0], ['slashing', e.slashingApy ?? 0]];
  const parts = [`LRT ${formatPct(e.lrtApy)}`];
  for (const [name, x] of added) if (x !== 0) parts.push(`+ ${name} ${formatPct(x)}`);
  for (const [name, x] of taken) if (x !== 0) parts.push(`− ${name} ${formatPct(x)}`);
  return `net ${formatPct(e.netApy)} = ${parts.join(' ')}`;
}
