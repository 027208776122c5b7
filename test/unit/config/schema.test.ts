import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/domain/errors.ts';
import { ConfigInvalidError } from '../../../src/config/issues.ts';
import { baseConfig, fixtureAddress, parse, problemsOf } from './helpers.ts';
import { placeholderReason } from '../../../src/config/placeholder-address.ts';

// Anvil's public dev key #0: any 32-byte hex must be refused, and this one is no secret.
const PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

describe('parseConfig: a valid config', () => {
  it('parses, applies defaults and normalises addresses to checksum form', () => {
    const config = parse(baseConfig());
    expect(config.universe.weth).toBe('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2');
    expect(config.chain.rpcUrls).toEqual(['https://rpc.example/abc123']);
    expect(config.chain.requestTimeoutMs).toBe(10_000);
    expect(config.risk.maxWeightPerPositionBps).toBe(4_000);
    expect(config.risk.depeg).toEqual({ thresholdBps: 200, exit: true, confirmSeconds: 600, maxGasWaitSeconds: 43_200 });
    expect(config.execution.allowPublicMempool).toBe(false);
    expect(config.execution.blocksToTarget).toBe(3);
    expect(config.queue).toEqual({
      redisUrl: 'redis://127.0.0.1:6379',
      // The default prefix, scoped by the chain (src/state/chain-scope.ts).
      prefix: 'rk:1',
      schedules: { observeEveryBlocks: 1, compoundEverySeconds: 3_600, withdrawalsEverySeconds: 600 },
    });
    expect(config.telemetry.healthPort).toBe(8080);
    expect(config.secrets.signerKey).toEqual({ env: 'KEEPER_SIGNER_KEY' });
    expect(config.lrts[0]?.exits.dex).toEqual({ pair: fixtureAddress('a2'), feeBps: 30 });
  });

  it('returns strategy params as parsed by the strategy schema (defaults included)', () => {
    const config = parse(baseConfig());
    expect(config.strategy).toEqual({ name: 'risk-adjusted-yield', params: { riskPenaltyBpsPerTier: 50, horizonDays: 30 } });
    expect(config.vaults[1]?.strategy).toEqual({ name: 'threshold', params: { minChangeBps: 100 } });
  });

  it('throws an InputError (ConfigInvalidError) with one `path: message` detail per problem', () => {
    const raw = baseConfig();
    raw.chain.chainId = 'one';
    raw.risk = { minIdleBps: 20_000 };
    let caught: unknown;
    try {
      parse(raw, { source: 'my.yaml' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toBeInstanceOf(ConfigInvalidError);
    const err = caught as ConfigInvalidError;
    expect(err.shortMessage).toBe('Invalid config my.yaml: 2 problems');
    expect(err.details).toEqual([
      'chain.chainId: Invalid input: expected number, received string',
      'risk.minIdleBps: Too big: expected number to be <=10000',
    ]);
  });
});

describe('parseConfig: each kind of bad input names its path', () => {
  it('wrong type', () => {
    const raw = baseConfig();
    raw.execution.allowPublicMempool = 'no';
    expect(problemsOf(raw)).toEqual(['execution.allowPublicMempool: Invalid input: expected boolean, received string']);
  });

  it('missing required field', () => {
    const raw = baseConfig();
    delete raw.universe.multicall3;
    expect(problemsOf(raw)).toEqual(['universe.multicall3: missing: required string']);
  });

  it('unknown key at any depth (typos are caught)', () => {
    const raw = baseConfig();
    raw.risk = { maxWeightPerPositonBps: 3000 };
    raw.lrts[0].exits.dex.feeBsp = 30;
    raw.colour = 'blue';
    expect(problemsOf(raw)).toEqual([
      'colour: unknown key (misspelt or not allowed here)',
      'lrts.0.exits.dex.feeBsp: unknown key (misspelt or not allowed here)',
      'risk.maxWeightPerPositonBps: unknown key (misspelt or not allowed here)',
    ]);
  });

  it('bad address and bad checksum', () => {
    const raw = baseConfig();
    raw.universe.weth = '0x1234';
    raw.vaults[0].address = '0xC02AAa39b223FE8D0A0e5C4F27eAD9083C756Cc2';
    expect(problemsOf(raw)).toEqual([
      'universe.weth: not an address: expected 0x followed by 40 hex digits, or deployment:<path>',
      'vaults.0.address: checksum mismatch: write the address all-lowercase or with its correct checksum',
    ]);
  });

  it('unquoted-number-like address given as a number is a type error', () => {
    const raw = baseConfig();
    raw.universe.multicall3 = 1.1e48;
    expect(problemsOf(raw)).toEqual(['universe.multicall3: Invalid input: expected string, received number']);
  });

  it('duplicate vault name (case-insensitive) and duplicate vault address', () => {
    const raw = baseConfig();
    raw.vaults[1].name = 'Alpha';
    raw.vaults.push({ name: 'gamma', address: fixtureAddress('d1').toLowerCase(), backend: 'vault' });
    expect(problemsOf(raw)).toEqual([
      'vaults.1.name: duplicate vault name: already used by vaults.0',
      'vaults.2.address: duplicate vault address: already used by vaults.0',
    ]);
  });

  it('a vault may name the block it was deployed at, a whole block number', () => {
    const raw = baseConfig();
    raw.vaults[0].deployedAtBlock = 21_000_000;
    expect(parse(raw).vaults[0]?.deployedAtBlock).toBe(21_000_000);
    expect(parse(baseConfig()).vaults[0]?.deployedAtBlock).toBeUndefined();
    raw.vaults[0].deployedAtBlock = -1;
    expect(problemsOf(raw)).toEqual(['vaults.0.deployedAtBlock: Too small: expected number to be >=0']);
  });

  it('vault names may not contain characters that break job ids', () => {
    const raw = baseConfig();
    raw.vaults[0].name = 'main:vault';
    expect(problemsOf(raw)).toEqual(['vaults.0.name: use letters, digits, _ . - (no spaces or colons), at most 64']);
  });

  it('protocol fixes the symbol and the contracts', () => {
    const raw = baseConfig();
    raw.lrts[1].symbol = 'ezETH';
    raw.lrts[1].contracts = { liquidityPool: '0x308861a430be4cce5502d0a12724771fc6daf216' };
    expect(problemsOf(raw)).toEqual([
      'lrts.1.contracts.depositPool: missing: required string',
      'lrts.1.contracts.liquidityPool: unknown key (misspelt or not allowed here)',
      'lrts.1.contracts.oracle: missing: required string',
      'lrts.1.contracts.withdrawalManager: missing: required string',
      'lrts.1.symbol: Invalid input: expected "rsETH"',
    ]);
  });

  it('unknown protocol lists the known ones', () => {
    const raw = baseConfig();
    raw.lrts[0].protocol = 'lido';
    expect(problemsOf(raw)).toEqual([
      "lrts.0.protocol: Invalid discriminator value. Expected 'etherfi' | 'renzo' | 'kelp' | 'puffer' | 'swell'",
    ]);
  });

  it('an exit the protocol does not offer, and an LRT with no exit at all', () => {
    const raw = baseConfig();
    raw.lrts[1].exits = { instant: { feeBps: 10 }, queued: { delaySeconds: 1 } };
    expect(problemsOf(raw)).toEqual(['lrts.1.exits.instant: kelp has no instant exit for rsETH; use another route (e.g. dex)']);
    raw.lrts[1].exits = {};
    expect(problemsOf(raw)).toEqual(['lrts.1.exits: configure at least one exit (dex, dexV3, instant or queued): a position must be sellable']);
  });

  it('risk tier out of range and bps out of range', () => {
    const raw = baseConfig();
    raw.lrts[0].riskTier = 6;
    raw.execution.simulationToleranceBps = -1;
    expect(problemsOf(raw)).toEqual([
      'execution.simulationToleranceBps: Too small: expected number to be >=0',
      'lrts.0.riskTier: Too big: expected number to be <=5',
    ]);
  });

  it('bad strategy params are reported under the vault path', () => {
    const raw = baseConfig();
    raw.vaults[1].strategy.params = { minChangeBps: 0, extra: 1 };
    expect(problemsOf(raw)).toEqual([
      'vaults.1.strategy.params.extra: unknown key (misspelt or not allowed here)',
      'vaults.1.strategy.params.minChangeBps: Too small: expected number to be >=1',
    ]);
  });

  it('unknown strategy lists the known ones', () => {
    const raw = baseConfig();
    raw.strategy.name = 'yolo';
    expect(problemsOf(raw)).toEqual([
      'strategy.name: unknown strategy "yolo"; known strategies: risk-adjusted-yield, threshold, equal-weight, hold',
    ]);
  });

  it('a vault without a strategy needs a top-level default', () => {
    const raw = baseConfig();
    delete raw.strategy;
    expect(problemsOf(raw)).toEqual(['vaults.0.strategy: vault "alpha" has no strategy and there is no top-level strategy to inherit']);
  });

  it('cross-section references: reward token and EigenLayer strategy symbols', () => {
    const raw = baseConfig();
    raw.eigenlayer.operators[0].operatorSets[0].rewardToken = 'EIGN';
    raw.eigenlayer.strategies.ezETH = fixtureAddress('f9');
    expect(problemsOf(raw)).toEqual([
      'eigenlayer.operators.0.operatorSets.0.rewardToken: unknown reward token "EIGN"; eigenlayer.rewardTokens has: EIGEN',
      'eigenlayer.strategies.ezETH: no LRT ezETH is configured under lrts',
    ]);
  });

  it('strategies keyed by something that is not an LRT symbol', () => {
    const raw = baseConfig();
    raw.eigenlayer.strategies = { WETH: fixtureAddress('f9') };
    expect(problemsOf(raw)).toEqual(['eigenlayer.strategies.WETH: unknown key (misspelt or not allowed here)']);
  });

  it('no relay and no public mempool means nothing could ever be sent', () => {
    const raw = baseConfig();
    raw.execution.relays = [];
    expect(problemsOf(raw)).toEqual([
      'execution.relays: configure at least one relay (or set allowPublicMempool: true, which exposes trades to front-running and executes single-transaction plans only: eoa backend plans with several transactions will not execute without a relay)',
    ]);
    raw.execution.allowPublicMempool = true;
    expect(parse(raw).execution.relays).toEqual([]);
  });

  it('priority fee above max fee, blocksToTarget above 25', () => {
    const raw = baseConfig();
    raw.execution.maxFeePerGasGwei = 10;
    raw.execution.maxPriorityFeePerGasGwei = 11;
    expect(problemsOf(raw)).toEqual(['execution.maxPriorityFeePerGasGwei: must not exceed maxFeePerGasGwei']);
    raw.execution.maxPriorityFeePerGasGwei = 1;
    raw.execution.blocksToTarget = 26;
    expect(problemsOf(raw)).toEqual(['execution.blocksToTarget: Too big: expected number to be <=25']);
  });

  it('queue prefix with whitespace', () => {
    const raw = baseConfig();
    raw.queue = { prefix: 'my keeper' };
    expect(problemsOf(raw)).toEqual(['queue.prefix: must be non-empty without whitespace']);
  });
});

describe('parseConfig: secrets', () => {
  it('rejects a private key anywhere, without echoing it', () => {
    const raw = baseConfig();
    raw.secrets.signerKey = { value: PRIVATE_KEY };
    raw.vaults[1].strategy.params.note = `key=${PRIVATE_KEY}`;
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^secrets\.signerKey\.value: looks like a private key .*secrets must come from the environment or a file/);
    expect(problems[1]).toMatch(/^vaults\.1\.strategy\.params\.note: looks like a private key/);
    expect(problems.join('\n')).not.toContain(PRIVATE_KEY.slice(2, 20));
  });

  it('rejects a bare 64-hex key too, but not addresses or ordinary strings', () => {
    const raw = baseConfig();
    raw.secrets.relayAuthKey = { file: PRIVATE_KEY.slice(2) };
    expect(problemsOf(raw)).toEqual([expect.stringMatching(/^secrets\.relayAuthKey\.file: looks like a private key/)]);
  });

  it('a secret reference needs exactly one of env and file, and env must be a variable name', () => {
    const raw = baseConfig();
    raw.secrets.signerKey = { env: 'A', file: '/x' };
    raw.secrets.relayAuthKey = {};
    raw.secrets.dashboardToken = { env: 'not a name' };
    expect(problemsOf(raw)).toEqual([
      'secrets.dashboardToken.env: must be an environment variable name (letters, digits, _)',
      'secrets.relayAuthKey: give exactly one of env (a variable name) or file (a path)',
      'secrets.signerKey: give exactly one of env (a variable name) or file (a path)',
    ]);
  });
});

describe('parseConfig: placeholders and deployment references', () => {
  it('a missing env var names the variable and the field, not any value', () => {
    const raw = baseConfig();
    raw.execution.relays[0].url = 'https://relay.example/${RELAY_TOKEN}/${RPC_TOKEN}';
    const problems = problemsOf(raw);
    expect(problems).toEqual([
      'execution.relays.0.url: environment variable RELAY_TOKEN not set (or empty), needed by a ${…} placeholder',
    ]);
    expect(problems.join('\n')).not.toContain('abc123');
  });

  it('an empty env var counts as missing', () => {
    expect(problemsOf(baseConfig(), { env: { RPC_TOKEN: '' } })).toEqual([
      'chain.rpcUrls.0: environment variable RPC_TOKEN not set (or empty), needed by a ${…} placeholder',
    ]);
  });

  it('a URL with the wrong scheme is rejected without echoing the URL', () => {
    const raw = baseConfig();
    raw.queue = { redisUrl: 'http://secret-host.example:6379' };
    const problems = problemsOf(raw);
    expect(problems).toEqual(['queue.redisUrl: URL scheme http: not allowed here (expected one of redis: rediss:)']);
  });

  it('resolves deployment references and reports an unresolvable one with path and reference', () => {
    const raw = baseConfig();
    raw.universe.weth = 'deployment:weth';
    raw.chain.rpcUrls = ['deployment:rpcUrl'];
    raw.vaults[0].address = 'deployment:vaults.main';
    const deployment = {
      file: 'dep.json',
      data: { weth: fixtureAddress('weth'), rpcUrl: 'http://127.0.0.1:8545', vaults: {} },
    };
    expect(problemsOf(raw, { deployment })).toEqual([
      'vaults.0.address: cannot resolve "deployment:vaults.main" in dep.json: no "main" under "vaults"',
    ]);
    raw.vaults[0].address = fixtureAddress('d1');
    const config = parse(raw, { deployment });
    expect(config.universe.weth).toBe(fixtureAddress('weth'));
    expect(config.chain.rpcUrls).toEqual(['http://127.0.0.1:8545']);
  });

  it('a reference without any deployment loaded is an error at its field', () => {
    const raw = baseConfig();
    raw.universe.weth = 'deployment:weth';
    expect(problemsOf(raw)).toEqual(['universe.weth: reference "deployment:weth" needs a deployment file, and none was loaded']);
  });
});

describe('placeholder-looking addresses', () => {
  it('recognises mostly-zero, repeated and counting addresses, not ordinary ones', () => {
    expect(placeholderReason('0x00000000000000000000000000000000000000a1')).toBe('mostly zeros (2 non-zero hex digits)');
    expect(placeholderReason('0x1111111111111111111111111111111111111111')).toBe('one or two hex digits repeated');
    expect(placeholderReason('0x0123456789abcdef0123456789ABCDEF01234567')).toBe('contains the pattern 0123456789');
    expect(placeholderReason('0x1234deadbeef0000000000000000000000005678')).toBe('contains the pattern deadbeef');
    expect(placeholderReason('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2')).toBeUndefined();
    expect(placeholderReason('0x000000000022D473030F116dDEE9F6B43aC78BA3')).toBeUndefined(); // Permit2: a vanity prefix, not a placeholder
  });

  it('are refused at their path outside the devnet chain id, accepted on 31337', () => {
    const raw = baseConfig();
    raw.lrts[0].contracts.redemptionManager = '0x00000000000000000000000000000000000000a1';
    raw.eigenlayer.operators[0].address = '0x2222222222222222222222222222222222222222';
    expect(problemsOf(raw)).toEqual([
      'eigenlayer.operators.0.address: 0x2222222222222222222222222222222222222222 looks like a placeholder (one or two hex digits repeated); use the confirmed address or ${ENV} (allowed only on the devnet chain id 31337)',
      'lrts.0.contracts.redemptionManager: 0x00000000000000000000000000000000000000A1 looks like a placeholder (mostly zeros (2 non-zero hex digits)); use the confirmed address or ${ENV} (allowed only on the devnet chain id 31337)',
    ]);
    raw.chain.chainId = 31337;
    expect(parse(raw).lrts[0]).toMatchObject({ contracts: { redemptionManager: '0x00000000000000000000000000000000000000A1' } });
  });

  it('an address may come from ${ENV}; unset is an error at the field', () => {
    const raw = baseConfig();
    raw.lrts[0].contracts.depositAdapter = '${ADAPTER}';
    expect(problemsOf(raw)).toEqual(['lrts.0.contracts.depositAdapter: environment variable ADAPTER not set (or empty), needed by a ${…} placeholder']);
    expect(parse(raw, { env: { RPC_TOKEN: 'x', ADAPTER: fixtureAddress('adapter').toLowerCase() } }).lrts[0]).toMatchObject({ contracts: { depositAdapter: fixtureAddress('adapter') } });
  });
});

describe('safe-module vaults', () => {
  it('accepts a Safe with its module, and names safe.module when it is missing', () => {
    const raw = baseConfig();
    raw.vaults.push({ name: 'dao', address: fixtureAddress('safe'), backend: 'safe-module', safe: { module: fixtureAddress('module') } });
    const config = parse(raw);
    expect(config.vaults[2]?.safe?.module).toBe(fixtureAddress('module'));
    const bad = baseConfig();
    bad.vaults.push({ name: 'dao', address: fixtureAddress('safe'), backend: 'safe-module' });
    expect(problemsOf(bad)).toEqual(['vaults.2.safe.module: a safe-module vault needs the address of its SafeKeeperModule (safe.module)']);
  });
});
