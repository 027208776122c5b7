/** `keeper run` / `keeper start` log the config's warnings once at startup, as warn lines, and still start. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { daemonLogger } from '../../../src/cli/commands/run.ts';
import { baseConfig, parse } from '../config/helpers.ts';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('daemon startup logger', () => {
  it('logs each config warning once as a pino warn line with its path', () => {
    const raw = baseConfig();
    raw.vaults[1].deployedAtBlock = 21_000_000; // beta, backend eoa: ignored
    const out = capture();
    const logger = daemonLogger(parse(raw), { level: 'info', destination: out.stream });
    logger.info('after startup');
    expect(out.lines()).toEqual([
      expect.objectContaining({
        level: 40,
        path: 'vaults.1.deployedAtBlock',
        msg: 'vaults[1].deployedAtBlock is ignored for backend eoa: only a vault contract (backend: vault) has fees and allowlist events to count from its deployment',
      }),
      expect.objectContaining({ level: 30, msg: 'after startup' }),
    ]);
  });

  it('logs nothing for a config without warnings', () => {
    const out = capture();
    daemonLogger(parse(baseConfig()), { level: 'info', destination: out.stream });
    expect(out.lines()).toEqual([]);
  });
});
