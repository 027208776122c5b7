/**
 * Shared fixtures for the config tests: a fake strategy registry (our own zod schemas, not the
 * real registry) and a small valid config object that tests mutate one field at a time.
 */
import { z } from 'zod';
import { getAddress, id } from 'ethers';
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

/** The addresses the example configs leave to the operator (`${NAME}`), each a distinct fixed value. */
export const EXAMPLE_ADDRESS_VARS = [
  'KEEPER_WEETH_WETH_V2_PAIR', 'KEEPER_WEETH_WETH_V3_POOL', 'KEEPER_EZETH_TOKEN', 'KEEPER_RENZO_RESTAKE_MANAGER', 'KEEPER_RENZO_RATE_PROVIDER',
  'KEEPER_RENZO_WITHDRAW_QUEUE', 'KEEPER_RENZO_INSTANT_WITHDRAWER', 'KEEPER_EZETH_WETH_V2_PAIR', 'KEEPER_RSETH_TOKEN',
  'KEEPER_KELP_DEPOSIT_POOL', 'KEEPER_KELP_ORACLE', 'KEEPER_KELP_WITHDRAWAL_MANAGER', 'KEEPER_RSETH_WETH_V2_PAIR', 'KEEPER_EZETH_WETH_V3_POOL', 'KEEPER_RSETH_WETH_V3_POOL',
  'KEEPER_PUFETH_VAULT', 'KEEPER_RSWETH_TOKEN', 'KEEPER_SWELL_WITHDRAWAL_NFT', 'KEEPER_WEETH_STRATEGY', 'KEEPER_OPERATOR',
  'KEEPER_OPERATOR_SET_AVS', 'KEEPER_EIGEN_WETH_V2_PAIR', 'KEEPER_VAULT', 'KEEPER_TREASURY_VAULT_RESERVE',
  'KEEPER_TREASURY_VAULT_YIELD', 'KEEPER_TREASURY_VAULT_GRANTS', 'KEEPER_TREASURY_VAULT_OPS', 'KEEPER_TREASURY_SAFE',
  'KEEPER_TREASURY_AUTO_SAFE', 'KEEPER_TREASURY_SAFE_MODULE',
] as const;

/** A fixed, ordinary-looking address per name (the last 20 bytes of its keccak). */
export function fixtureAddress(name: string): string {
  return getAddress(`0x${id(name).slice(26)}`);
}

export const EXAMPLE_ENV: Record<string, string> = {
  KEEPER_RPC_TOKEN: 'rpc-token-123',
  KEEPER_FALLBACK_RPC_URL: 'https://fallback.example',
  KEEPER_REDIS_URL: 'redis://127.0.0.1:6379',
  KEEPER_WEBHOOK_TOKEN: 'hook-token',
  ...Object.fromEntries(EXAMPLE_ADDRESS_VARS.map((name) => [name, fixtureAddress(name)])),
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
          redemptionManager: fixtureAddress('a1'),
        },
        exits: { dex: { pair: fixtureAddress('a2') }, queued: { delaySeconds: 604800 } },
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
      strategies: { weETH: fixtureAddress('f1') },
      operators: [
        {
          name: 'op-one',
          address: fixtureAddress('f2'),
          operatorSets: [{ avs: fixtureAddress('f3'), id: 0, rewardToken: 'EIGEN' }],
        },
      ],
      rewardTokens: [{ symbol: 'EIGEN', address: '0xec53bf9167f50cdeb3ae105f56099aaab9061f83' }],
    },
    strategy: { name: 'risk-adjusted-yield', params: { riskPenaltyBpsPerTier: 50 } },
    vaults: [
      { name: 'alpha', address: fixtureAddress('d1'), backend: 'vault' },
      {
        name: 'beta',
        address: fixtureAddress('d2'),
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
