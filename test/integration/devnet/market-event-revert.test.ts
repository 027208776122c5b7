/**
 * A market event whose transaction reverts changes nothing on chain, so the scenario built
 * on it would test nothing; the simulator reports it as an error. Here: avs-a "slashes"
 * op-beta in operator set 1, which op-beta is not in, so the AllocationManager refuses.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const lines: Record<string, unknown>[] = [];
let world: DevnetWorld;

beforeAll(async () => {
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'info', destination }), stateDir: mkdtempSync(join(tmpdir(), 'rk-market-revert-')) });
});

afterAll(async () => {
  await world?.stop();
});

describe('market events that revert', () => {
  it('are reported as errors with the transaction, and a valid slash is not', async () => {
    world.market.inject({ kind: 'slash', avs: 'avs-a', operatorSetId: 1, operator: 'op-beta', fraction: 0.2 });
    await world.mine(2);
    const reverted = lines.filter((l) => l.msg === 'market event transaction reverted');
    expect(reverted).toHaveLength(1);
    expect(reverted[0]).toMatchObject({ event: 'slash', hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });

    world.market.inject({ kind: 'slash', avs: 'avs-a', operatorSetId: 1, operator: 'op-alpha', fraction: 0.2 });
    await world.mine(2);
    expect(lines.filter((l) => l.msg === 'market event transaction reverted')).toHaveLength(1);
  });
});
