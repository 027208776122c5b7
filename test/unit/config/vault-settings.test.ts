import { describe, expect, it } from 'vitest';
import { resolveVaultSettings } from '../../../src/config/vault-settings.ts';
import { formatSummary, summariseConfig } from '../../../src/config/summary.ts';
import { baseConfig, parse } from './helpers.ts';

describe('resolveVaultSettings', () => {
  it('inherits the default strategy and the global limits when a vault overrides nothing', () => {
    const config = parse(baseConfig());
    const alpha = resolveVaultSettings(config, config.vaults[0]!);
    expect(alpha.strategy).toEqual(config.strategy);
    expect(alpha.risk).toEqual(config.risk);
    expect(alpha.compounding).toEqual(config.compounding);
  });

  it('merges overrides field by field, nested sections included', () => {
    const raw = baseConfig();
    raw.risk = { minIdleBps: 300, depeg: { thresholdBps: 150, exit: false } };
    raw.compounding = { swapSlippageBps: 40 };
    raw.vaults[1].risk = { minIdleBps: 1000, depeg: { exit: true }, minNetGain: { safetyMultiple: 4 } };
    raw.vaults[1].compounding = { enabled: false };
    const config = parse(raw);
    const beta = resolveVaultSettings(config, config.vaults[1]!);
    expect(beta.strategy).toEqual({ name: 'threshold', params: { minChangeBps: 100 } });
    expect(beta.risk.minIdleBps).toBe(1000);
    expect(beta.risk.depeg).toEqual({ thresholdBps: 150, exit: true, confirmSeconds: 600, maxGasWaitSeconds: 43_200 });
    expect(beta.risk.minNetGain).toEqual({ horizonDays: 30, safetyMultiple: 4 });
    expect(beta.risk.maxWeightPerPositionBps).toBe(4000);
    expect(beta.compounding).toEqual({ enabled: false, minValueToCostMultiple: 3, swapSlippageBps: 40, checkEverySeconds: 3600, timing: 'gas-optimal' });
    // The global settings are not modified by the merge.
    expect(config.risk.depeg.exit).toBe(false);
    expect(config.risk.minIdleBps).toBe(300);
  });
});

describe('summariseConfig', () => {
  it('lists vaults with their effective strategy, positions with exits, and no URLs', () => {
    const summary = summariseConfig(parse(baseConfig()));
    expect(summary.vaults).toEqual([
      { name: 'alpha', backend: 'vault', strategy: 'risk-adjusted-yield' },
      { name: 'beta', backend: 'eoa', strategy: 'threshold' },
    ]);
    expect(summary.positions).toEqual([
      { symbol: 'weETH', protocol: 'etherfi', riskTier: 1, exits: ['dex', 'queued'], restaked: true },
      { symbol: 'rsETH', protocol: 'kelp', riskTier: 2, exits: ['queued'], restaked: false },
    ]);
    const text = formatSummary(summary).join('\n');
    expect(text).toContain('vaults (2): alpha [vault, risk-adjusted-yield], beta [eoa, threshold]');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('https://');
  });
});
