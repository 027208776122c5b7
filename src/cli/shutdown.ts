/**
 * Waits for SIGINT or SIGTERM, runs the cleanup once, and exits. A second signal while the
 * cleanup runs forces an exit, so a stuck cleanup never traps an operator.
 */
import type { Logger } from '../telemetry/logger.ts';

export function onShutdown(cleanup: () => Promise<void>, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting without finishing cleanup');
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      cleanup()
        .catch((err: unknown) => logger.error({ err }, 'cleanup failed'))
        .finally(() => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
          resolve();
        });
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
