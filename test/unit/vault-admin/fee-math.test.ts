import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FEE_YEAR_SECONDS, accrueFees, feeShares, type FeeAccrualInput } from '../../../src/vault-admin/fee-math.ts';
import { mulDiv } from '../../../src/domain/units.ts';

const E18 = 10n ** 18n;
const UNIT = 10n ** 21n; // one whole vault share (WETH's 18 decimals + the vault's offset of 3)
const base: FeeAccrualInput = { assets: 100n * E18, supply: 100n * UNIT, unit: UNIT, highWaterMark: E18, managementBps: 0, performanceBps: 0, elapsedSeconds: 0n };

describe('vault fee accrual', () => {
  it('takes 2 % a year of the assets as shares worth exactly that (management fee)', () => {
    const r = accrueFees({ ...base, managementBps: 200, elapsedSeconds: FEE_YEAR_SECONDS });
    // 2 WETH of 100: 2e18 * 100e21 / 98e18 shares, so the recipient holds 2 % of the new supply.
    expect(r.managementShares).toBe(2_040_816_326_530_612_244_897n);
    expect(r.performanceShares).toBe(0n);
    expect(r.mark).toBe(E18); // the price fell to 0.98: no new mark
  });

  it('accrues the management fee linearly in time: a day is 1/365 of the year', () => {
    const day = accrueFees({ ...base, managementBps: 200, elapsedSeconds: 86_400n });
    // 100 WETH * 2 % / 365 = 0.005479452054794520 WETH, as shares at 1 WETH per share.
    expect(mulDiv(100n * E18, 200n * 86_400n, 10_000n * FEE_YEAR_SECONDS)).toBe(5_479_452_054_794_520n);
    expect(day.managementShares).toBe(feeShares(5_479_452_054_794_520n, 100n * E18, 100n * UNIT));
  });

  it('takes 10 % of the gain above the high-water mark and raises the mark to the price after the fee', () => {
    const r = accrueFees({ ...base, assets: 110n * E18, performanceBps: 1000 });
    // Price 1.10 over a mark of 1.00: 10 WETH gained, 1 WETH fee = 1e18 * 100e21 / 109e18 shares.
    expect(r.performanceShares).toBe(917_431_192_660_550_458_715n);
    expect(r.mark).toBe(1_090_000_000_000_000_000n);
  });

  it('charges no performance fee on a recovery below the mark', () => {
    const r = accrueFees({ ...base, assets: 110n * E18, highWaterMark: 1_200_000_000_000_000_000n, performanceBps: 2000 });
    expect(r.performanceShares).toBe(0n);
    expect(r.mark).toBe(1_200_000_000_000_000_000n);
  });

  it('charges the performance fee only on the part of a rise above the old peak', () => {
    // Peak 1.05, fell, now 1.10: the gain counted is 5 WETH (1.10 - 1.05 per share), not 10.
    const r = accrueFees({ ...base, assets: 110n * E18, highWaterMark: 1_050_000_000_000_000_000n, performanceBps: 2000 });
    expect(r.performanceShares).toBe(feeShares(1n * E18, 110n * E18, 100n * UNIT));
  });

  it('never takes more than half the assets however long nobody accrued', () => {
    const r = accrueFees({ ...base, managementBps: 500, elapsedSeconds: 100n * FEE_YEAR_SECONDS });
    expect(r.managementShares).toBe(100n * UNIT); // half the assets = as many shares as there were
  });

  const inputs = fc.record({
    assets: fc.bigInt({ min: 10n ** 9n, max: 10n ** 27n }),
    supply: fc.bigInt({ min: 10n ** 12n, max: 10n ** 30n }),
    highWaterMark: fc.bigInt({ min: 1n, max: 10n ** 21n }),
    managementBps: fc.integer({ min: 0, max: 500 }),
    performanceBps: fc.integer({ min: 0, max: 5000 }),
    elapsedSeconds: fc.bigInt({ min: 0n, max: 10n * FEE_YEAR_SECONDS }),
  });

  it('never lowers the mark, never charges performance at or below it, and never mints more than the fee is worth', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const input = { ...i, unit: UNIT };
        const r = accrueFees(input);
        expect(r.mark >= i.highWaterMark).toBe(true);
        const supplyAfterManagement = i.supply + r.managementShares;
        if (mulDiv(i.assets, UNIT, supplyAfterManagement) <= i.highWaterMark) expect(r.performanceShares).toBe(0n);
        // The fee shares are worth at most the fees (rounding favours the holders).
        const minted = r.managementShares + r.performanceShares;
        const worth = mulDiv(minted, i.assets, i.supply + minted);
        const management = mulDiv(i.assets, BigInt(i.managementBps) * i.elapsedSeconds, 10_000n * FEE_YEAR_SECONDS);
        const cappedManagement = management < i.assets / 2n ? management : i.assets / 2n;
        const gainCeiling = i.assets; // the performance fee is a share of the gain, itself below the assets
        expect(worth <= cappedManagement + mulDiv(gainCeiling, BigInt(i.performanceBps), 10_000n) + 1n).toBe(true);
        // Holders keep at least the old mark when the price was above it.
        if (r.performanceShares > 0n) expect(mulDiv(i.assets, UNIT, i.supply + minted) >= i.highWaterMark).toBe(true);
      }),
    );
  });
});
