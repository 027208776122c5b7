/**
 * Shared fixtures for the config tests: a fake strategy registry (our own zod schemas, not the
 * real registry) and a small valid config object that tests mutate one field at a time.
 */
import { z } from 'zod';
import { parseConfig, type ParseConfigOptions } from '../../../src/config/load.ts';
import { ConfigInvalidError } from '../../../src/config/issues.ts';
import type { KeeperConfig } from '../../../src/config/schema.ts';

export const FAKE_STRATEGIES: Record<string, z.ZodType> = {
  'risk-adjusted-yield': z.strictObject({
    riskPenaltyBpsPerTier: z.number().int().min(0).max(10_000),
    horizonDays: z.number().int().min(1).max(365).default(30),
  }),
  threshold: z.strictObject({ minChangeBps: z.number().int().min(1).max(10_000) }),
  'equal-weight': z.strictObject({}),
  hold: z.strictObject({}),
};

export const STRATEGY_OPTS = {
  strategyParamsSchema: (name: string): z.ZodType | undefined => FAKE_STRATEGIES[name],
  strategyNames: Object.keys(FAKE_STRATEGIES),
};

export const EXAMPLE_ENV = {
  KEEPER_RPC_TOKEN: 'rpc-token-123',
  KEEPER_FALLBACK_RPC_URL: 'https://fallback.example',
  KEEPER_REDIS_URL: 'redis://127.0.0.1:6379',
  KEEPER_WEBHOOK_TOKEN: 'hook-token',
};

/** A minimal valid config; every test gets a fresh deep copy. */
export function baseConfig(): Record<string, any> {
  return {
    chain: { chainId: 1, rpcUrls: ['https://rpc.example/${RPC_TOKEN}'] },
    universe: {
      weth: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
      multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
      uniswap: {
        factory: '0x5c69bee701ef814a2b6a3edd4b1652cb9cc5aa6f',
        router: '0x7a250d5630b4cf539739df2c5dacb4c659f2488d',
      },
    },
    lrts: [
      {
        symbol: 'weETH',
        protocol: 'etherfi',
        token: '0xcd5fe23c85820f7b72d0926fc9b05b43e359b7ee',
        contracts: {
          liquidityPool: '0x308861a430be4cce5502d0a12724771fc6daf216',
          redemptionManager: '0x00000000000000000000000000000000000000a1',
        },
        exits: { dex: { pair: '0x00000000000000000000000000000000000000a2' }, queued: { delaySeconds: 604800 } },
        riskTier: 1,
      },
      {
        symbol: 'rsETH',
        protocol: 'kelp',
        token: '0xa1290d69c65a6fe4df752f95823fae25cb99e5a7',
        contracts: {
          depositPool: '0x036676389e48133b63a802f8635ad39e752d375d',
          oracle: '0x349a73444b1a310bae67ef67973022020d70020d',
          withdrawalManager: '0x62de59c08eb5dae4b7e6f7a8cad3006d6965ec16',
        },
        exits: { queued: { delaySeconds: 691200 } },
        riskTier: 2,
      },
    ],
    eigenlayer: {
      strategyManager: '0x858646372cc42e1a627fce94aa7a7033e7cf075a',
      delegationManager: '0x39053d51b77dc0d36036fc1fcc8cb819df8ef37a',
      allocationManager: '0x948a420b8cc1d6bfd0b6087c2e7c344a2cd0bc39',
      rewardsCoordinator: '0x7750d328b314effa365a0402ccfd489b80b0adda',
      strategies: { weETH: '0x00000000000000000000000000000000000000f1' },
      operators: [
        {
          name: 'op-one',
          address: '0x00000000000000000000000000000000000000f2',
          operatorSets: [{ avs: '0x00000000000000000000000000000000000000f3', id: 0, rewardToken: 'EIGEN' }],
        },
      ],
      rewardTokens: [{ symbol: 'EIGEN', address: '0xec53bf9167f50cdeb3ae105f56099aaab9061f83' }],
    },
    strategy: { name: 'risk-adjusted-yield', params: { riskPenaltyBpsPerTier: 50 } },
    vaults: [
      { name: 'alpha', address: '0x00000000000000000000000000000000000000d1', backend: 'vault' },
      {
        name: 'beta',
        address: '0x00000000000000000000000000000000000000d2',
        backend: 'eoa',
        strategy: { name: 'threshold', params: { minChangeBps: 100 } },
      },
    ],
    execution: { relays: [{ name: 'flashbots', url: 'https://relay.flashbots.net' }] },
    secrets: { signerKey: { env: 'KEEPER_SIGNER_KEY' }, relayAuthKey: { file: '/run/secrets/relay' } },
  };
}

export const BASE_ENV = { RPC_TOKEN: 'abc123' };

export function parse(raw: unknown, overrides: Partial<ParseConfigOptions> = {}): KeeperConfig {
  return parseConfig(raw, { env: BASE_ENV, ...STRATEGY_OPTS, ...overrides });
}

/** The `path: message` lines of a config that must fail. */
export function problemsOf(raw: unknown, overrides: Partial<ParseConfigOptions> = {}): string[] {
  try {
    parse(raw, overrides);
  } catch (err) {
    if (err instanceof ConfigInvalidError) return [...err.details];
    throw err;
  }
  throw new Error('expected the config to be rejected');
}
