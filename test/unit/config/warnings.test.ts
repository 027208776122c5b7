import { describe, expect, it } from 'vitest';
import { configWarnings } from '../../../src/config/warnings.ts';
import { baseConfig, parse } from './helpers.ts';

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
});
