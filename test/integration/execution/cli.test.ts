/**
 * `keeper execute` end to end on the devnet: config/devnet.yaml against a fresh world, the
 * keeper EOA holding a position. A dry run simulates and sends nothing; a real run either
 * lands its bundle or says why not, and prints the figures the operator needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEther } from 'ethers';
import { writeDeployment } from '../../../src/devnet/deployment.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { runExecute } from '../../../src/cli/commands/execute.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { startExecHarness, type ExecHarness } from './harness.ts';

let h: ExecHarness;
let configFile: string;

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-exec-cli-'));
  h = await startExecHarness({ stateDir });
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('30'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('10')) });
  const deploymentFile = join(stateDir, 'deployment.json');
  writeDeployment(deploymentFile, d);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('file: .devnet/keeper.key', `file: ${join(stateDir, 'keeper.key')}`)
    .replace('file: .devnet/relay-auth.key', `file: ${join(stateDir, 'relay-auth.key')}`)
    .replace('prefix: rk-devnet', `prefix: ${h.prefix.slice(0, -1)}`);
  configFile = join(stateDir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
});

afterAll(async () => {
  await h?.stop();
});

function capture(): { io: CliIo; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: () => undefined, version: 'test', env: {} }, out: () => text };
}

describe('keeper execute', () => {
  it('--dry-run simulates and sends nothing', async () => {
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const received = h.world.relay.stats().bundles.received;
    const { io, out } = capture();
    await runExecute({ config: configFile, vault: 'devnet-eoa', dryRun: true, json: true, logLevel: 'silent' }, io);
    const result = JSON.parse(out()) as { status: string; planKind: string; calls?: string[] };
    // The keeper holds ezETH and idle WETH in a world where weETH yields more: the plan acts.
    expect(result.status).toBe('simulated');
    expect(result.calls?.length).toBeGreaterThan(0);
    expect(h.world.relay.stats().bundles.received).toBe(received);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
    process.exitCode = 0;
  });

  it('a real run prints the bundle, target blocks, inclusion and the post-state against the plan', async () => {
    const { io, out } = capture();
    await h.mining(runExecute({ config: configFile, vault: 'devnet-eoa', logLevel: 'silent' }, io), 200);
    const text = out();
    expect(text).toMatch(/^vault devnet-eoa: included/);
    expect(text).toMatch(/target blocks: \d+/);
    expect(text).toMatch(/included in block \d+, gas used \d+/);
    expect(text).toMatch(/post-state vs plan \(on chain\):/);
    process.exitCode = 0;
  });
});
