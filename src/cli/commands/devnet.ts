/**
 * `keeper devnet up` and `keeper devnet scenario`: the local restaking world, or with
 * `--fork-url` a fork of a live chain for a rehearsal with a mainnet config.
 */
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { InputError } from '../../domain/errors.ts';
import { createLogger, type Logger } from '../../telemetry/logger.ts';
import { startFork } from '../../devnet/fork.ts';
import { startWorld, type WorldTimings } from '../../devnet/world.ts';
import { DEFAULT_DEPLOYMENT_PATH, readDeployment, writeDeployment, type DevnetDeployment } from '../../devnet/deployment.ts';
import { callControl } from '../../devnet/control-server.ts';
import { findScenario, SCENARIOS } from '../../devnet/market/scenarios.ts';
import type { MarketStatus } from '../../devnet/market/simulator.ts';
import type { CliIo } from '../io.ts';
import { onShutdown } from '../shutdown.ts';

export function registerDevnetCommands(program: Command, io: CliIo): void {
  const devnet = program.command('devnet').description('The local restaking world: Anvil, protocol stand-ins, DEX pools, a market simulator and a bundle relay emulator.');

  devnet
    .command('up')
    .description('Start the devnet and keep it running until Ctrl-C; writes the deployment JSON other commands read.')
    .option('--json', 'print the deployment as one JSON object instead of a summary')
    .option('--out <file>', 'where to write the deployment JSON', DEFAULT_DEPLOYMENT_PATH)
    .option('--block-ms <ms>', 'produce a block every this many milliseconds (devnet time advances 12 s per block)', parsePositiveInt('--block-ms'), 1000)
    .option('--log-level <level>', 'pino log level', 'info')
    .option('--fork-url <rpc>', 'fork this live chain instead (no stand-ins deployed; the relay emulator on top) for a rehearsal with a mainnet config; writes .devnet/fork.json unless --out is given')
    .option('--fork-block <n>', 'with --fork-url: the upstream block to fork at (default: its head)', parseNonNegativeInt('--fork-block'))
    .action(async (opts: UpOptions) => {
      const logger = createLogger({ level: opts.logLevel, pretty: !opts.json });
      if (opts.forkUrl !== undefined) {
        await forkUp(opts, io, logger);
        return;
      }
      if (opts.forkBlock !== undefined) throw new InputError('--fork-block needs --fork-url', { details: [`--fork-block: ${opts.forkBlock}`] });
      const out = resolve(opts.out);
      const world = await startWorld({
        projectRoot: projectRoot(),
        logger,
        blockIntervalMs: opts.blockMs,
        // Key files live next to the deployment file config/devnet.yaml reads.
        stateDir: dirname(out),
        seedKeeper: true,
        onProgress: (step) => logger.info(step),
      });
      writeDeployment(out, world.deployment);
      if (opts.json) io.stdout(`${JSON.stringify({ ...world.deployment, timings: world.timings, deploymentFile: out })}\n`);
      else io.stdout(summarise(world.deployment, out, world.timings));
      await onShutdown(async () => {
        await world.stop();
        if (existsSync(out)) rmSync(out);
      }, logger);
    });

  devnet
    .command('scenario')
    .description(`Play a scripted market on the running devnet (${SCENARIOS.map((s) => s.name).join(', ')}).`)
    .argument('[name]', 'scenario name; omit with --list')
    .option('--list', 'list the scenarios and what they do')
    .option('--deployment <file>', 'deployment JSON of the running devnet', DEFAULT_DEPLOYMENT_PATH)
    .option('--no-wait', 'return once the scenario is scheduled instead of following it to the end')
    .option('--json', 'print machine-readable progress lines')
    .action(async (name: string | undefined, opts: { list?: boolean; deployment: string; wait: boolean; json?: boolean }) => {
      if (opts.list || !name) {
        if (opts.json) io.stdout(`${JSON.stringify(SCENARIOS)}\n`);
        else for (const s of SCENARIOS) io.stdout(`${s.name.padEnd(12)} ${s.blocks} blocks  ${s.description}\n`);
        return;
      }
      const scenario = findScenario(name);
      if (!scenario) throw new InputError(`Unknown scenario "${name}"`, { details: [`known: ${SCENARIOS.map((s) => s.name).join(', ')}`] });
      const deployment = readDeployment(resolve(opts.deployment));
      const scheduled = (await callControl(deployment.controlUrl, 'devnet_scenario', [name])) as { startBlock: number; endBlock: number };
      print(io, opts.json, { scenario: name, ...scheduled }, `scenario ${name}: blocks ${scheduled.startBlock}..${scheduled.endBlock}\n`);
      if (!opts.wait) return;
      await followScenario(io, deployment, scheduled.endBlock, opts.json === true);
    });
}

interface UpOptions {
  json?: boolean;
  out: string;
  blockMs: number;
  logLevel: string;
  forkUrl?: string;
  forkBlock?: number;
}

/** `keeper devnet up --fork-url`: Anvil forking the live chain, the relay emulator on top, nothing deployed. */
async function forkUp(opts: UpOptions, io: CliIo, logger: Logger): Promise<void> {
  const out = resolve(opts.out === DEFAULT_DEPLOYMENT_PATH ? join(dirname(DEFAULT_DEPLOYMENT_PATH), 'fork.json') : opts.out);
  const fork = await startFork({
    forkUrl: opts.forkUrl!,
    ...(opts.forkBlock !== undefined ? { forkBlock: opts.forkBlock } : {}),
    blockIntervalMs: opts.blockMs,
    logger,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(fork.info, null, 2)}\n`);
  if (opts.json) io.stdout(`${JSON.stringify({ ...fork.info, file: out })}\n`);
  else {
    const i = fork.info;
    io.stdout([
      `fork up (chain ${i.chainId}, forked at block ${i.forkBlock} of ${i.forkUrl}; nothing deployed)`,
      `  rpc:    ${i.rpcUrl}   (put it first in chain.rpcUrls)`,
      `  relay:  ${i.relayUrl}   (the only execution.relays entry)`,
      `  anvil:  ${i.anvilUrl}   (anvil_setBalance / anvil_impersonateAccount for your signer)`,
      `  info:   ${out}`,
      'Then: npx keeper config validate <config> --rpc; npx keeper plan -c <config>. Ctrl-C stops it.',
    ].join('\n') + '\n');
  }
  await onShutdown(async () => {
    await fork.stop();
    if (existsSync(out)) rmSync(out);
  }, logger);
}

async function followScenario(io: CliIo, deployment: DevnetDeployment, endBlock: number, json: boolean): Promise<void> {
  let seen = 0;
  for (;;) {
    const status = (await callControl(deployment.controlUrl, 'devnet_status')) as MarketStatus;
    for (const applied of status.applied.slice(seen)) {
      print(io, json, applied, `  block ${applied.block}: ${applied.description}\n`);
    }
    seen = status.applied.length;
    if (status.lastBlock >= endBlock) {
      print(io, json, { done: true, block: status.lastBlock }, `done at block ${status.lastBlock}\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function print(io: CliIo, json: boolean | undefined, value: unknown, text: string): void {
  io.stdout(json ? `${JSON.stringify(value)}\n` : text);
}

function summarise(d: DevnetDeployment, file: string, timings: WorldTimings): string {
  const lines = [
    `devnet up (chain ${d.chainId}, start block ${d.startBlock})`,
    `  rpc:        ${d.rpcUrl}`,
    `  relay:      ${d.relayUrl}`,
    `  control:    ${d.controlUrl}`,
    `  sidecar:    ${d.sidecarUrl}`,
    `  deployment: ${file}`,
    `  WETH ${d.weth}   Multicall3 ${d.multicall3}`,
    ...Object.values(d.lrts).map((l) => `  ${l.symbol.padEnd(7)} ${l.token}  pool ${d.uniswap.pairs[l.symbol] ?? '-'}`),
    `  EigenLayer StrategyManager ${d.eigenlayer.strategyManager}  DelegationManager ${d.eigenlayer.delegationManager}`,
    `  DAO treasury Safe ${d.safe.treasury.address} (Safe ${d.safe.version}, ${d.safe.treasury.threshold} of ${d.safe.treasury.owners.length}; owner keys in the state dir: safe-owner-1..3.key)`,
    `  timings: ${Object.entries(timings).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`,
    'Ctrl-C stops it. In another terminal: npx keeper devnet scenario --list',
  ];
  return `${lines.join('\n')}\n`;
}

function parseNonNegativeInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InputError(`${flag} must be a whole number`, { details: [`got: ${value}`] });
    return n;
  };
}

function parsePositiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`${flag} must be a positive whole number`, { details: [`got: ${value}`] });
    return n;
  };
}

function projectRoot(): string {
  return resolve(new URL('../../..', import.meta.url).pathname);
}
