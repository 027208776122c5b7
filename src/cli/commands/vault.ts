/**
 * `keeper vault deploy` and `keeper vault diff`: a fund manager's own RestakingVault.
 *
 * deploy compiles contracts/vault from this checkout, deploys it with the signer key (the
 * config's secrets.signerKey, or --deployer-key-env), configures exactly what the config's
 * keeper plans need (src/vault-admin/vault-spec.ts), sets fees, seals, hands ownership to
 * --owner, and writes the deployment record and the solc standard-JSON input for explorer
 * verification. diff compares a deployed vault with the config and prints the owner's
 * transactions (raw calldata and Safe Transaction Builder batches).
 *
 * The vault's own `address` in the config is not needed to deploy: while it is an unset
 * ${VARIABLE}, the deploy fills it with the deployer's address just to load the config.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { Contract, JsonRpcProvider, Wallet, getAddress, isAddress } from 'ethers';
import { loadConfigWithStrategies } from '../../config/load-with-strategies.ts';
import { loadSecret } from '../../config/secrets.ts';
import { parseConfigYaml } from '../../config/yaml.ts';
import type { KeeperConfig, SecretRef } from '../../config/schema.ts';
import { InputError } from '../../domain/errors.ts';
import { targetsFromConfig } from '../../execution/targets-config.ts';
import { txBuilderBatchOf } from '../../safe/formats.ts';
import { compileContracts, standardJsonInput } from '../../solidity/compile.ts';
import { deployRestakingVault, type VaultDeployParams } from '../../vault-admin/deploy.ts';
import { DEFAULT_LOG_CHUNK_BLOCKS } from '../../chain/log-chunks.ts';
import { diffVault, type VaultDiff } from '../../vault-admin/diff.ts';
import { diffScanStart } from '../../vault-admin/scan-start.ts';
import { deriveVaultSpec } from '../../vault-admin/vault-spec.ts';
import { toJson } from '../format/json.ts';
import { logScanProgress } from '../format/log-scan-progress.ts';
import type { CliIo } from '../io.ts';
import { formatVaultDiff } from './vault-text.ts';

/** The checkout whose contracts/ is compiled: three levels up from the sources, four from the build (dist/src/cli/commands). */
const PROJECT_ROOT = [new URL('../../..', import.meta.url), new URL('../../../..', import.meta.url)].map((u) => fileURLToPath(u)).find((root) => existsSync(join(root, 'contracts', 'vault'))) ?? fileURLToPath(new URL('../../..', import.meta.url));
const VAULT_SOURCE = 'contracts/vault/RestakingVault.sol';

interface CommonOptions {
  config: string;
  vault?: string;
  deployment?: string;
  json?: boolean;
}

export interface DeployOptions extends CommonOptions {
  owner: string;
  guardian: string;
  keeper?: string;
  deployerKeyEnv?: string;
  timelock: string;
  maxLossBps: string;
  maxWindowLossBps: string;
  feeRecipient?: string;
  managementFeeBps: string;
  performanceFeeBps: string;
  managementFeeCapBps?: string;
  performanceFeeCapBps?: string;
  name: string;
  symbol: string;
  out: string;
}

export interface DiffOptions extends CommonOptions {
  address?: string;
  fromBlock?: string;
  logRange?: string;
  maxLossBps?: string;
  maxWindowLossBps?: string;
  feeRecipient?: string;
  managementFeeBps?: string;
  performanceFeeBps?: string;
  out?: string;
}

export function registerVaultCommands(program: Command, io: CliIo): void {
  const vault = program.command('vault').description('Deploy your own RestakingVault and keep its allowlist in step with the config.');
  vault
    .command('deploy')
    .description('Compile and deploy a RestakingVault, allow exactly what the config\'s keeper plans need, set fees, seal it and hand it to --owner.')
    .requiredOption('-c, --config <file>', 'keeper YAML config (chain, protocols, EigenLayer, signer key)')
    .requiredOption('--owner <address>', 'final owner (e.g. a Safe); it must call acceptOwnership() unless it is the deployer')
    .requiredOption('--guardian <address>', 'may pause and cancel queued changes')
    .option('--keeper <address>', 'keeper address (default: the address of the config\'s secrets.signerKey)')
    .option('--deployer-key-env <NAME>', 'environment variable holding the deployer\'s key (default: the config\'s secrets.signerKey)')
    .option('--vault <name>', 'vault entry of the config (default: the first)')
    .option('--timelock <duration>', 'delay of widening changes: seconds, or 1h / 2d (1 hour .. 30 days)', '1d')
    .option('--max-loss-bps <bps>', 'most an execute may lose, in bps of total assets (max 500)', '50')
    .option('--max-window-loss-bps <bps>', 'most the share price may lose over any 24 h, in bps (max 1000)', '200')
    .option('--fee-recipient <address>', 'receives fee shares; without it no fee is charged')
    .option('--management-fee-bps <bps>', 'management fee per year, in bps of assets', '0')
    .option('--performance-fee-bps <bps>', 'performance fee, in bps of the gain above the high-water mark', '0')
    .option('--management-fee-cap-bps <bps>', 'highest management fee ever allowed (fixed at deploy; default: the fee)')
    .option('--performance-fee-cap-bps <bps>', 'highest performance fee ever allowed (fixed at deploy; default: the fee)')
    .option('--name <name>', 'share token name', 'Restake Keeper Vault WETH')
    .option('--symbol <symbol>', 'share token symbol', 'rkvWETH')
    .option('--out <dir>', 'where the deployment record and the standard-JSON input go', 'deployments')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .option('--json', 'print the deployment record as JSON (raw wei and bps)')
    .action(async (opts: DeployOptions) => runVaultDeploy(opts, io));
  vault
    .command('diff')
    .description('Compare a deployed vault\'s allowlist, limits and fees with the config; print the owner\'s transactions for what differs.')
    .requiredOption('-c, --config <file>', 'keeper YAML config')
    .option('--vault <name>', 'vault entry of the config (default: the first)')
    .option('--address <address>', 'vault address (default: the config entry\'s address)')
    .option('--from-block <n>', 'first block to read the vault\'s allowlist events from (default: the vault\'s vaults[].deployedAtBlock, else 0, a scan from genesis)')
    .option('--log-range <blocks>', `blocks per eth_getLogs request when reading those events (default ${DEFAULT_LOG_CHUNK_BLOCKS}; halved automatically while the RPC provider refuses the range)`)
    .option('--max-loss-bps <bps>', 'wanted per-execute loss limit')
    .option('--max-window-loss-bps <bps>', 'wanted 24 h loss limit')
    .option('--fee-recipient <address>', 'wanted fee recipient (with the two fee options)')
    .option('--management-fee-bps <bps>', 'wanted management fee per year')
    .option('--performance-fee-bps <bps>', 'wanted performance fee')
    .option('--out <dir>', 'also write the owner\'s batches as Safe Transaction Builder files there')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .option('--json', 'print one JSON object (raw units)')
    .action(async (opts: DiffOptions) => runVaultDiff(opts, io));
}

export async function runVaultDeploy(o: DeployOptions, io: CliIo): Promise<void> {
  const raw = readRaw(o.config);
  const keyRef: SecretRef = o.deployerKeyEnv !== undefined ? { env: o.deployerKeyEnv } : signerRefOf(raw);
  const deployerKey = await loadSecret(keyRef, io.env, (p) => readFile(p, 'utf8'));
  const deployerAddress = walletOf(deployerKey, '--deployer-key-env').address;
  const { config, vaultName } = await loadForDeploy(o, io, raw, deployerAddress);
  const params: VaultDeployParams = {
    owner: address('--owner', o.owner),
    guardian: address('--guardian', o.guardian),
    keeper: o.keeper !== undefined ? address('--keeper', o.keeper) : walletOf(await loadSecret(config.secrets.signerKey, io.env, (p) => readFile(p, 'utf8')), 'secrets.signerKey').address,
    timelockSeconds: duration('--timelock', o.timelock, 3_600, 30 * 86_400),
    maxLossBps: bps('--max-loss-bps', o.maxLossBps, 500),
    maxWindowLossBps: bps('--max-window-loss-bps', o.maxWindowLossBps, 1_000),
    name: o.name,
    symbol: o.symbol,
    fees: {
      ...(o.feeRecipient !== undefined ? { recipient: address('--fee-recipient', o.feeRecipient) } : {}),
      managementBps: bps('--management-fee-bps', o.managementFeeBps, 500),
      performanceBps: bps('--performance-fee-bps', o.performanceFeeBps, 5_000),
      managementCapBps: bps('--management-fee-cap-bps', o.managementFeeCapBps ?? o.managementFeeBps, 500),
      performanceCapBps: bps('--performance-fee-cap-bps', o.performanceFeeCapBps ?? o.performanceFeeBps, 5_000),
    },
  };
  if (params.maxWindowLossBps < params.maxLossBps) throw new InputError('--max-window-loss-bps must be at least --max-loss-bps', { details: [`--max-loss-bps: ${params.maxLossBps}`, `--max-window-loss-bps: ${params.maxWindowLossBps}`] });
  if (params.fees.managementBps > params.fees.managementCapBps || params.fees.performanceBps > params.fees.performanceCapBps) {
    throw new InputError('a fee is above its cap', { details: [`management: ${params.fees.managementBps} (cap ${params.fees.managementCapBps})`, `performance: ${params.fees.performanceBps} (cap ${params.fees.performanceCapBps})`] });
  }
  if ((params.fees.managementBps > 0 || params.fees.performanceBps > 0) && params.fees.recipient === undefined) throw new InputError('fees need --fee-recipient', { details: ['--fee-recipient'] });

  const artifact = compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts/vault'] }).artifacts.get('RestakingVault');
  if (artifact === undefined) throw new InputError('RestakingVault did not compile', { details: [VAULT_SOURCE] });
  const verification = standardJsonInput(PROJECT_ROOT, VAULT_SOURCE);
  const provider = providerOf(config);
  try {
    const signer = new Wallet(deployerKey, provider);
    const record = await deployRestakingVault(signer, provider, config, params, artifact, verification.compilerVersion, (line) => io.stderr(`  ${line}\n`));
    const dir = resolve(o.out);
    mkdirSync(dir, { recursive: true });
    const base = join(dir, `${vaultName}-${record.chainId}-${record.address}`);
    writeFileSync(`${base}.json`, `${toJson({ ...record, vaultName }, 2)}\n`);
    writeFileSync(`${base}.standard-input.json`, `${JSON.stringify(verification.input, null, 2)}\n`);
    if (o.json) {
      io.stdout(`${toJson({ ...record, vaultName, recordFile: `${base}.json`, standardInputFile: `${base}.standard-input.json` }, 2)}\n`);
      return;
    }
    const lines = [
      `vault ${vaultName} deployed at ${record.address} on chain ${record.chainId} (block ${record.deployBlock}), ${record.runtimeBytes} bytes of runtime code (limit 24576)`,
      `  keeper ${params.keeper}, guardian ${params.guardian}, timelock ${(params.timelockSeconds / 3600).toFixed(1)} h`,
      `  loss limits: ${(params.maxLossBps / 100).toFixed(2)} % per execute, ${(params.maxWindowLossBps / 100).toFixed(2)} % per 24 h`,
      `  fees: ${params.fees.recipient ? `${(params.fees.managementBps / 100).toFixed(2)} % a year + ${(params.fees.performanceBps / 100).toFixed(2)} % of gains above the high-water mark to ${params.fees.recipient}` : 'none'} (caps ${(params.fees.managementCapBps / 100).toFixed(2)} % / ${(params.fees.performanceCapBps / 100).toFixed(2)} %)`,
      `  allowlist: ${record.spec.callRules.length} call rules, ${record.spec.spenders.length} spenders, ${record.spec.counterparties.length} counterparties, ${record.spec.positions.length} positions, ${record.spec.strategies.length} strategies; set-up sealed`,
      `  record: ${base}.json`,
      `  verification: ${base}.standard-input.json (compiler ${record.compilerVersion}, optimizer 200 runs, evm cancun; constructor arguments in the record)`,
    ];
    if (record.ownershipPending) lines.push(`  owner: ${params.owner} must accept: send to ${record.address} data 0x79ba5097 (acceptOwnership())`);
    lines.push(`next: set the vault in the config (vaults[].address: ${record.address}, vaults[].deployedAtBlock: ${record.deployBlock}, where fees taken start counting), then \`keeper vault diff -c ${o.config}\` shows it in step`);
    io.stdout(`${lines.join('\n')}\n`);
  } finally {
    provider.destroy();
  }
}

export async function runVaultDiff(o: DiffOptions, io: CliIo): Promise<void> {
  const { config } = await loadConfigWithStrategies(o.config, io.env, o.deployment);
  const entry = pickVault(config, o.vault);
  const vaultAddress = o.address !== undefined ? address('--address', o.address) : getAddress(entry.address);
  const scanStart = diffScanStart({
    ...(o.fromBlock !== undefined ? { fromBlockOption: o.fromBlock } : {}),
    ...(entry.deployedAtBlock !== undefined ? { deployedAtBlock: entry.deployedAtBlock } : {}),
    isConfigVault: vaultAddress === getAddress(entry.address),
  });
  const chunkBlocks = o.logRange === undefined ? DEFAULT_LOG_CHUNK_BLOCKS : logRange(o.logRange);
  const provider = providerOf(config);
  try {
    const targets = await targetsFromConfig(config, provider);
    const router = new Contract(config.universe.uniswap.router, ['function factory() view returns (address)'], provider);
    const factory = new Contract((await router.getFunction('factory')()) as string, ['function getPair(address, address) view returns (address)'], provider);
    const spec = await deriveVaultSpec(config, targets, vaultAddress, async (a, b) => (await factory.getFunction('getPair')(a, b)) as string);
    const fees = o.feeRecipient === undefined ? undefined : { recipient: address('--fee-recipient', o.feeRecipient), managementBps: bps('--management-fee-bps', o.managementFeeBps ?? '0', 500), performanceBps: bps('--performance-fee-bps', o.performanceFeeBps ?? '0', 5_000) };
    const diff = await diffVault(provider, vaultAddress, spec, {
      ...(o.maxLossBps !== undefined ? { maxLossBps: bps('--max-loss-bps', o.maxLossBps, 500) } : {}),
      ...(o.maxWindowLossBps !== undefined ? { maxWindowLossBps: bps('--max-window-loss-bps', o.maxWindowLossBps, 1_000) } : {}),
      ...(fees ? { fees } : {}),
    }, { fromBlock: scanStart.block, chunkBlocks, onProgress: logScanProgress('allowlist events', chunkBlocks, io.stderr) });
    const batches = safeBatches(diff);
    if (o.out !== undefined) {
      mkdirSync(resolve(o.out), { recursive: true });
      if (batches.now) writeFileSync(join(resolve(o.out), 'now.safe.json'), `${JSON.stringify(batches.now, null, 2)}\n`);
      if (batches.afterTimelock) writeFileSync(join(resolve(o.out), 'after-timelock.safe.json'), `${JSON.stringify(batches.afterTimelock, null, 2)}\n`);
    }
    // Exit 2 when the vault needs owner transactions, so a script or CI job can alert on drift.
    if (diff.differences.length > 0) process.exitCode = 2;
    io.stdout(o.json ? `${toJson({ ...diff, eventsFrom: scanStart, safeTransactionBuilder: batches }, 2)}\n` : formatVaultDiff(diff, scanStart, o.out));
  } finally {
    provider.destroy();
  }
}

function safeBatches(diff: VaultDiff): { now?: object; afterTimelock?: object } {
  const createdAt = Math.floor(Date.now() / 1000);
  const batch = (calls: VaultDiff['now'], name: string): object => txBuilderBatchOf({ chainId: diff.chainId, safe: diff.onChain.owner, createdAt, calls, name, description: calls.map((c) => c.label).join('; ') });
  return {
    ...(diff.now.length > 0 ? { now: batch(diff.now, `RestakingVault ${diff.vault}: narrow and queue`) } : {}),
    ...(diff.afterTimelock.length > 0 ? { afterTimelock: batch(diff.afterTimelock, `RestakingVault ${diff.vault}: apply after the timelock`) } : {}),
  };
}

function readRaw(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError('cannot read the config file', { details: [`--config: ${file}`], cause });
  }
  const raw = parseConfigYaml(text, file);
  if (raw === null || typeof raw !== 'object') throw new InputError('the config is not a YAML mapping', { details: [`--config: ${file}`] });
  return raw as Record<string, unknown>;
}

function signerRefOf(raw: Record<string, unknown>): SecretRef {
  const ref = (raw.secrets as { signerKey?: { env?: unknown; file?: unknown } } | undefined)?.signerKey;
  if (typeof ref?.env === 'string') return { env: ref.env };
  if (typeof ref?.file === 'string') return { file: ref.file };
  throw new InputError('no deployer key: give --deployer-key-env or secrets.signerKey in the config', { details: ['secrets.signerKey'] });
}

/** Loads the config; an unset ${VARIABLE} as the vault's own address is filled with the deployer's address (not used by the deploy). */
async function loadForDeploy(o: DeployOptions, io: CliIo, raw: Record<string, unknown>, stand: string): Promise<{ config: KeeperConfig; vaultName: string }> {
  const vaults = Array.isArray(raw.vaults) ? (raw.vaults as { name?: unknown; address?: unknown }[]) : [];
  const entry = o.vault === undefined ? vaults[0] : vaults.find((v) => v.name === o.vault);
  if (entry === undefined) throw new InputError('no such vault in the config', { details: [`--vault: ${o.vault ?? '(first)'}`, `vaults: ${vaults.map((v) => String(v.name)).join(', ') || 'none'}`] });
  const placeholder = typeof entry.address === 'string' ? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(entry.address)?.[1] : undefined;
  const env = placeholder !== undefined && !io.env[placeholder] ? { ...io.env, [placeholder]: stand } : io.env;
  const { config } = await loadConfigWithStrategies(o.config, env, o.deployment);
  pickVault(config, String(entry.name));
  return { config, vaultName: String(entry.name) };
}

function pickVault(config: KeeperConfig, name: string | undefined): KeeperConfig['vaults'][number] {
  const entry = name === undefined ? config.vaults[0] : config.vaults.find((v) => v.name === name);
  if (entry === undefined) throw new InputError('no such vault in the config', { details: [`--vault: ${name}`, `vaults: ${config.vaults.map((v) => v.name).join(', ')}`] });
  // The allowlist is what a vault-backed keeper sends (no LRT queues); other backends plan differently.
  if (entry.backend !== 'vault') throw new InputError('the vault entry must have backend: vault', { details: [`vaults[${config.vaults.indexOf(entry)}].backend: ${entry.backend}`] });
  return entry;
}

function providerOf(config: KeeperConfig): JsonRpcProvider {
  return new JsonRpcProvider(config.chain.rpcUrls[0], config.chain.chainId, { staticNetwork: true, pollingInterval: Math.min(config.chain.pollIntervalMs, 1_000), cacheTimeout: -1 });
}

function walletOf(key: string, field: string): Wallet {
  try {
    return new Wallet(key);
  } catch {
    throw new InputError('the key is not a valid private key', { details: [field] });
  }
}

function address(flag: string, value: string): string {
  if (!isAddress(value)) throw new InputError(`${flag} must be an address`, { details: [`${flag}: ${value}`] });
  return getAddress(value);
}

function bps(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new InputError(`${flag} must be a whole number of bps from 0 to ${max}`, { details: [`${flag}: ${value}`] });
  return n;
}

function logRange(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 1_000_000) throw new InputError('--log-range must be a whole number of blocks from 1 to 1000000', { details: [`--log-range: ${value}`] });
  return n;
}

/** `3600`, `90m`, `6h`, `1d` → seconds, within [min, max]. */
function duration(flag: string, value: string, min: number, max: number): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3_600, d: 86_400 } as const)[m[2] as '' | 's' | 'm' | 'h' | 'd'] : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < min || seconds > max) throw new InputError(`${flag} must be between 1h and 30d (seconds, or with s/m/h/d)`, { details: [`${flag}: ${value}`] });
  return seconds;
}
