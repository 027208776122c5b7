import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KeeperConfig } from '../../../src/config/schema.ts';
import type { DevnetDeployment } from '../../../src/devnet/deployment.ts';
import { devnetConfig } from '../../../src/keeper/devnet-config.ts';
import { observeTargets } from '../../../src/keeper/targets.ts';
import { chooseOperator, positionSpecs } from '../../../src/keeper/universe.ts';
import { riskLimits } from '../../../src/keeper/settings.ts';
import { loadStrategyRegistry } from '../../../strategies/registry.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEPLOYMENT = JSON.parse(readFileSync(`${ROOT}test/unit/config/fixtures/deployment.json`, 'utf8')) as DevnetDeployment;
const ALPHA = '0x4000000000000000000000000000000000000001';
const BETA = '0x4000000000000000000000000000000000000002';
const AVS_A = '0x5000000000000000000000000000000000000001';
let config: KeeperConfig;

beforeAll(async () => {
  config = await devnetConfig({ projectRoot: ROOT, deployment: DEPLOYMENT, strategies: await loadStrategyRegistry() });
});

describe('config → positions', () => {
  it('gives every LRT a liquid position and every LRT with a strategy a restaked one, delegated to the first operator by default', () => {
    const specs = positionSpecs(config);
    expect(specs.map((s) => s.id)).toEqual(['weETH', 'weETH-restaked', 'ezETH', 'ezETH-restaked', 'rsETH', 'rsETH-restaked', 'pufETH', 'pufETH-restaked', 'rswETH', 'rswETH-restaked']);
    expect(specs[0]).toEqual({
      id: 'weETH',
      symbol: 'weETH',
      protocol: 'etherfi',
      token: '0x2000000000000000000000000000000000000001',
      exits: { dex: { feeBps: 30 }, instant: { feeBps: 30 }, queued: { delaySeconds: 86_400 } },
      riskTier: 1,
    });
    expect(specs[1]).toMatchObject({
      id: 'weETH-restaked',
      riskTier: 2,
      eigen: {
        strategy: '0x2000000000000000000000000000000000000003',
        operator: ALPHA,
        operatorSets: [
          { avs: AVS_A, id: 0, rewardToken: '0x6000000000000000000000000000000000000001' },
          { avs: AVS_A, id: 1, rewardToken: '0x6100000000000000000000000000000000000001' },
        ],
      },
    });
    expect(specs[1]?.eigen?.withdrawalDelaySeconds).toBeUndefined();
  });

  it('follows the operator the holder is delegated to, and the observed withdrawal delay', () => {
    const specs = positionSpecs(config, { delegatedTo: BETA, withdrawalDelayBlocks: 50 });
    expect(specs[3]?.eigen).toMatchObject({ operator: BETA, withdrawalDelaySeconds: 600 });
    expect(specs[3]?.eigen?.operatorSets.map((s) => s.rewardToken)).toEqual(['0x6000000000000000000000000000000000000001', '0x6200000000000000000000000000000000000001']);
    expect(chooseOperator(config, BETA)).toMatchObject({ name: 'op-beta', source: 'delegated' });
    // Not delegated (e.g. after leaving a slashed operator): the first configured one not slashed.
    expect(chooseOperator(config, undefined, [ALPHA])).toMatchObject({ name: 'op-beta', address: BETA, source: 'configured' });
    expect(chooseOperator(config, undefined, [ALPHA, BETA])).toMatchObject({ name: 'op-alpha', source: 'configured' });
    expect(chooseOperator(config, ALPHA, [ALPHA])).toMatchObject({ name: 'op-alpha', source: 'delegated' });
    expect(positionSpecs(config, { slashedOperators: [ALPHA] })[1]?.eigen?.operator).toBe(BETA);
    // Delegated to an operator the config does not know: valued, but without operator sets.
    const stranger = '0x4000000000000000000000000000000000000009';
    expect(chooseOperator(config, stranger)).toEqual({ name: 'unconfigured', address: stranger, operatorSets: [], source: 'delegated' });
    expect(chooseOperator({ ...config, eigenlayer: { ...config.eigenlayer, operators: [] } }, undefined)).toBeUndefined();
    expect(positionSpecs({ ...config, eigenlayer: { ...config.eigenlayer, operators: [] } }).every((s) => s.eigen === undefined)).toBe(true);
  });

  it('observes the vault holder with each protocol\'s own rate read', () => {
    const vault = config.vaults.find((v) => v.name === 'devnet-eoa');
    if (vault === undefined) throw new Error('no vault');
    const targets = observeTargets(config, vault, positionSpecs(config));
    expect(targets.holder).toBe('0x7100000000000000000000000000000000000001');
    expect(targets.lrts.map((l) => [l.symbol, l.rate.call.label, l.instant?.read.call.label ?? '-', l.liquidPositionId, l.restaked?.positionId])).toEqual([
      ['weETH', 'weETH.getRate', 'etherfi.totalRedeemableAmount', 'weETH', 'weETH-restaked'],
      ['ezETH', 'ezETH.rateProvider.getRate', 'renzo.instantWithdrawer.getBufferDetails', 'ezETH', 'ezETH-restaked'],
      ['rsETH', 'rsETH.oracle.rsETHPrice', '-', 'rsETH', 'rsETH-restaked'],
      ['pufETH', 'pufETH.convertToAssets', 'pufETH.maxRedeem', 'pufETH', 'pufETH-restaked'],
      ['rswETH', 'rswETH.getRate', '-', 'rswETH', 'rswETH-restaked'],
    ]);
    expect(targets.lrts[3]?.rate.call.args).toEqual([10n ** 18n]);
    expect(targets.eigen?.operators.map((o) => [o.name, o.operatorSets.length])).toEqual([['op-alpha', 2], ['op-beta', 2]]);
  });

  it('maps the risk config onto the engine limits one to one', () => {
    expect(riskLimits(config.risk)).toEqual(config.risk);
  });
});
