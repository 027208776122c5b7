import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/domain/errors.ts';
import { NO_REWARD_RATES, directoryRewardRatesSource, publishedRatesInput } from '../../../src/observe/reward-rates-source.ts';

const ASSET = '0x00000000000000000000000000000000000000ee';
const AVS = '0x00000000000000000000000000000000000000a1';
const TOKEN = '0x00000000000000000000000000000000000000b1';
const STRATEGY = '0x00000000000000000000000000000000000000c1';
const dirs: string[] = [];

function dirWith(content: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'rk-rates-'));
  dirs.push(dir);
  if (content !== undefined) writeFileSync(join(dir, 'operator-sets.json'), content);
  return dir;
}

const good = {
  version: 1,
  asset: ASSET,
  operatorSets: [
    { name: 'avs-a:0', avs: AVS, operatorSetId: 0, rewardToken: TOKEN, apr: 0.012, publishedAt: 1_717_200_000, strategies: [STRATEGY] },
    { avs: AVS, operatorSetId: 1, rewardToken: TOKEN, apr: 0, publishedAt: 1_717_200_012 },
  ],
};

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('directoryRewardRatesSource', () => {
  it('reads a good file, ignoring keys meant for people', async () => {
    const rates = await directoryRewardRatesSource(dirWith(JSON.stringify(good))).rates();
    expect(rates).toEqual({
      asset: ASSET,
      rates: [
        { avs: AVS, operatorSetId: 0, rewardToken: TOKEN, apr: 0.012, publishedAt: 1_717_200_000, strategies: [STRATEGY] },
        { avs: AVS, operatorSetId: 1, rewardToken: TOKEN, apr: 0, publishedAt: 1_717_200_012 },
      ],
    });
  });

  it('has nothing when the file or the directory is missing', async () => {
    expect(await directoryRewardRatesSource(dirWith(undefined)).rates()).toBeUndefined();
    expect(await directoryRewardRatesSource(join(tmpdir(), 'rk-rates-does-not-exist-4711')).rates()).toBeUndefined();
    expect(await NO_REWARD_RATES.rates()).toBeUndefined();
  });

  it('throws an InputError naming the bad field', async () => {
    const bad = { ...good, operatorSets: [{ ...good.operatorSets[0], apr: 'high' }] };
    const err = await directoryRewardRatesSource(dirWith(JSON.stringify(bad))).rates().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).shortMessage).toBe('Invalid published reward rates');
    expect((err as InputError).details.some((d) => d.startsWith('field operatorSets.0.apr: '))).toBe(true);

    const badAddress = await directoryRewardRatesSource(dirWith(JSON.stringify({ ...good, asset: '0x12' }))).rates().catch((e: unknown) => e);
    expect((badAddress as InputError).details.some((d) => d.startsWith('field asset: '))).toBe(true);

    const notJson = await directoryRewardRatesSource(dirWith('{"version": 1,')).rates().catch((e: unknown) => e);
    expect(notJson).toBeInstanceOf(InputError);
    expect((notJson as InputError).shortMessage).toBe('published reward rates file is not JSON');
  });
});

describe('publishedRatesInput', () => {
  it('turns a malformed file into a reason instead of an error', async () => {
    const bad = { ...good, operatorSets: [{ ...good.operatorSets[0], operatorSetId: -1 }] };
    const input = await publishedRatesInput(directoryRewardRatesSource(dirWith(JSON.stringify(bad))), ASSET);
    expect(input?.ok).toBe(false);
    expect(input?.ok === false && input.reason).toMatch(/^Invalid published reward rates; file: .*operator-sets\.json; field operatorSets\.0\.operatorSetId: /);
  });

  it('passes good rates on, refuses rates in another asset, and is undefined without a source or file', async () => {
    const dir = dirWith(JSON.stringify(good));
    const ok = await publishedRatesInput(directoryRewardRatesSource(dir), ASSET.toUpperCase().replace('0X', '0x'));
    expect(ok?.ok && ok.published.rates[0]?.apr).toBe(0.012);
    const other = await publishedRatesInput(directoryRewardRatesSource(dir), '0x00000000000000000000000000000000000000dd');
    expect(other).toEqual({ ok: false, reason: `rates are valued in ${ASSET}, not the vault asset 0x00000000000000000000000000000000000000dd` });
    expect(await publishedRatesInput(undefined, ASSET)).toBeUndefined();
    expect(await publishedRatesInput(directoryRewardRatesSource(dirWith(undefined)), ASSET)).toBeUndefined();
  });

  it('turns any failure of a source into a reason', async () => {
    const input = await publishedRatesInput({ rates: () => Promise.reject(new Error('socket hang up')) }, ASSET);
    expect(input).toEqual({ ok: false, reason: 'socket hang up' });
  });
});
