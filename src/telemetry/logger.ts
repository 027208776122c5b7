/**
 * The keeper's structured logger (pino).
 *
 * Secrets must never reach a log line, whatever object a caller passes: the redact paths
 * below cover the places keys and tokens live in our config and dependency objects, and
 * error serialisation strips credentials from URLs inside messages.
 */
import { pino, stdSerializers, type Logger, type DestinationStream } from 'pino';
import { redactSecrets } from '../domain/errors.ts';

export type { Logger } from 'pino';

export const REDACTED_PATHS: readonly string[] = [
  'privateKey',
  '*.privateKey',
  '*.*.privateKey',
  'authKey',
  '*.authKey',
  '*.*.authKey',
  'secrets',
  '*.secrets',
  'password',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-flashbots-signature"]',
  'token',
  '*.token',
  'dashboardToken',
  '*.dashboardToken',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty single-line output for people at a terminal instead of JSON lines. */
  pretty?: boolean;
  destination?: DestinationStream;
}

/** Creates the root logger; components take `logger.child({ component })` from it. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    base: { app: 'restake-keeper' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: {
      err: (err: Error) => {
        const serialised = stdSerializers.err(err);
        serialised.message = redactSecrets(serialised.message);
        if (serialised.stack) serialised.stack = redactSecrets(serialised.stack);
        return serialised;
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) return pino(config, prettyDestination());
  // Logs go to stderr so that a command's stdout stays clean for --json output.
  return pino(config, pino.destination(2));
}

/**
 * A dependency-free human-readable destination: `HH:MM:SS level component msg key=value`.
 * pino-pretty would do this too, but it is a large dependency for one line of formatting.
 */
function prettyDestination(): DestinationStream {
  const skip = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname']);
  const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
  return {
    write(line: string): void {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        process.stderr.write(line);
        return;
      }
      const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
      const level = levelNames[Number(entry.level)] ?? String(entry.level);
      const fields = Object.entries(entry)
        .filter(([key]) => !skip.has(key))
        .map(([key, value]) => `${key}=${formatValue(value)}`)
        .join(' ');
      process.stderr.write(`${time} ${level} ${String(entry.msg ?? '')}${fields ? `  ${fields}` : ''}\n`);
    },
  };
}

function formatValue(value: unknown): string {
  if (value && typeof value === 'object' && 'message' in value && 'type' in value) {
    return JSON.stringify((value as { message: unknown }).message);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
