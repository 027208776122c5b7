/**
 * `keeper plan` and `keeper execute` decide with the daemon's state: with the day's turnover
 * already used up, plan no longer says ACT for a rebalance the daemon would hold, and says
 * why; a keeper pause or a plan in flight holds it too; execute warns, refuses (exit 2) and
 * sends nothing unless --ignore-turnover.
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
import { runPlan } from '../../../src/cli/commands/plan.ts';
import { pauseVault, resumeVault } from '../../../src/ops/pause.ts';
import { createTurnoverLedger } from '../../../src/queue/turnover.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import type { PlanReport } from '../../../src/cli/format/report-model.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';
import { chainScopedPrefix } from '../../../src/state/chain-scope.ts';
import { startExecHarness, type ExecHarness } from './harness.ts';

let h: ExecHarness;
let configFile: string;
let prefix: string;

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-daemon-view-'));
  h = await startExecHarness({ stateDir });
  const root = h.prefix.slice(0, -1);
  const d = h.world.deployment;
  // Keeper state lives under the chain's scope (src/state/chain-scope.ts).
  prefix = chainScopedPrefix(root, d.chainId, d.instanceId);
  // A book inside every cap with idle cash to deploy: its rebalance is discretionary (no
  // forced cap repair, which the turnover limit never holds back).
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('15'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('25')) });
  const deploymentFile = join(stateDir, 'deployment.json');
  writeDeployment(deploymentFile, d);
  const yaml = readFileSync(join(PROJECT_ROOT, 'config', 'devnet.yaml'), 'utf8')
    .replace('deployment: .devnet/deployment.json', `deployment: ${deploymentFile}`)
    .replace('file: .devnet/keeper.key', `file: ${join(stateDir, 'keeper.key')}`)
    .replace('file: .devnet/relay-auth.key', `file: ${join(stateDir, 'relay-auth.key')}`)
    .replace('prefix: rk-devnet', `prefix: ${root}`);
  configFile = join(stateDir, 'keeper.yaml');
  writeFileSync(configFile, yaml);
});

afterAll(async () => {
  await h?.stop();
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let text = '';
  let errText = '';
  return { io: { stdout: (t) => (text += t), stderr: (t) => (errText += t), version: 'test', env: {} }, out: () => text, err: () => errText };
}

async function plan(json: boolean): Promise<{ report: PlanReport; text: string }> {
  const { io, out } = capture();
  process.exitCode = undefined;
  await runPlan({ config: configFile, vault: 'devnet-eoa', json, logLevel: 'silent' }, io);
  return json ? { report: (JSON.parse(out()) as { vaults: PlanReport[] }).vaults[0]!, text: '' } : { report: undefined as never, text: out() };
}

describe('keeper plan with the daemon state', () => {
  it('acts on a fresh day and reports the daemon state it decided with', async () => {
    const { report } = await plan(true);
    expect(report.decision).toMatchObject({ act: true, kind: 'rebalance' });
    // config/devnet.yaml gives devnet-eoa a 50% daily turnover limit.
    expect(report.daemon).toMatchObject({ turnoverUsedTodayBps: 0, turnoverLimitBps: 5000, lastRebalanceAt: null, paused: null, openPlans: [], holds: [] });
  });

  it('holds a rebalance once the day turnover has landed, and says so', async () => {
    const { report: fresh } = await plan(true);
    await createTurnoverLedger(h.redis, prefix).add('devnet-eoa', fresh.timestamp, 5000, 'devnet-eoa-1-0xfeed');
    const { report } = await plan(true);
    expect(report.daemon?.turnoverUsedTodayBps).toBe(5000);
    expect(report.decision.act && report.decision.kind === 'rebalance').toBe(false);
    const { text } = await plan(false);
    expect(text).toContain("daemon state: 50.00% of the day's 50.00% turnover used");
    expect(text).not.toMatch(/decision: ACT \(rebalance\)/);
  });

  it('keeper execute warns, refuses and sends nothing; --ignore-turnover decides as on a fresh day', async () => {
    const received = h.world.relay.stats().bundles.received;
    const { io, err, out } = capture();
    process.exitCode = undefined;
    await runExecute({ config: configFile, vault: 'devnet-eoa', dryRun: true, json: true, logLevel: 'silent' }, io);
    expect(process.exitCode).toBe(2);
    expect(err()).toContain("turnover has landed; the rebalance this tick would make");
    expect((JSON.parse(out()) as { status: string }).status).toBe('hold');
    const forced = capture();
    process.exitCode = undefined;
    await runExecute({ config: configFile, vault: 'devnet-eoa', dryRun: true, ignoreTurnover: true, json: true, logLevel: 'silent' }, forced.io);
    expect((JSON.parse(forced.out()) as { status: string }).status).toBe('simulated');
    expect(process.exitCode).toBeUndefined();
    expect(h.world.relay.stats().bundles.received).toBe(received);
  });

  it('says the daemon waits while the vault is paused', async () => {
    await h.redis.del(...(await h.redis.keys(`${prefix}:turnover*`)));
    await pauseVault(h.redis, prefix, { vault: 'devnet-eoa', since: Date.now(), reason: 'audit', by: 'ops' });
    try {
      const { report } = await plan(true);
      expect(report.daemon?.paused).toMatchObject({ reason: 'audit', by: 'ops' });
      expect(report.daemon?.holds).toEqual(['vault paused with keeper pause by ops: audit']);
      const { text } = await plan(false);
      expect(text).toContain('decision: HOLD (rebalance planned, but the daemon waits: vault paused with keeper pause by ops: audit)');
    } finally {
      await resumeVault(h.redis, prefix, 'devnet-eoa');
      process.exitCode = undefined;
    }
  });
});
