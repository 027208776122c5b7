import { describe, expect, it } from 'vitest';
import { configWarnings } from '../../../src/config/warnings.ts';
import { baseConfig, parse } from './helpers.ts';
import { rateSampleSpacing } from '../../../src/keeper/rates.ts';

describe('config warnings: settings the keeper ignores', () => {
  it('names deployedAtBlock on a vault whose backend is not vault (the file still loads)', () => {
    const raw = baseConfig();
    raw.vaults[1].deployedAtBlock = 21_000_000; // beta, backend eoa
    expect(configWarnings(parse(raw))).toEqual([{
      path: 'vaults.1.deployedAtBlock',
      message: 'vaults[1].deployedAtBlock is ignored for backend eoa: only a vault contract (backend: vault) has fees and allowlist events to count from its deployment',
    }]);
  });

  it('says nothing of deployedAtBlock on a vault contract, or of a config without it', () => {
    const raw = baseConfig();
    raw.vaults[0].deployedAtBlock = 21_000_000; // alpha, backend vault
    expect(configWarnings(parse(raw))).toEqual([]);
    expect(configWarnings(parse(baseConfig()))).toEqual([]);
  });

  it('names a rate sample spacing that keeps under 35 days of rates; the default keeps them', () => {
    const raw = baseConfig();
    raw.queue = { ...(raw.queue ?? {}), schedules: { rateSampleEverySeconds: 12 } };
    expect(configWarnings(parse(raw))).toEqual([{
      path: 'queue.schedules.rateSampleEverySeconds',
      message: 'a rate sample every 12 s keeps 2.8 days of rates in 20000 samples, under the 35 days the estimator reads (its 30-day noise and write-down window): use at least 152 s',
    }]);
    raw.queue.schedules.rateSampleEverySeconds = 152;
    expect(configWarnings(parse(raw))).toEqual([]);
  });
});

describe('rate sample spacing', () => {
  it('is 600 s outside the devnet, every observation on it, and what the config says when it says', () => {
    const config = parse(baseConfig());
    expect(config.chain.chainId).not.toBe(31337);
    expect(rateSampleSpacing(config)).toBe(600);
    expect(rateSampleSpacing({ ...config, chain: { ...config.chain, chainId: 31337 } })).toBe(1);
    expect(rateSampleSpacing({ ...config, queue: { ...config.queue, schedules: { ...config.queue.schedules, rateSampleEverySeconds: 300 } } })).toBe(300);
  });
});
