/**
 * The BullMQ dashboard (@bull-board) on the operations HTTP server, behind a bearer token.
 *
 * The token comes from `secrets.dashboardToken` ({ env } or { file }); with none configured
 * the dashboard is simply not mounted and one log line says so, because an unauthenticated
 * dashboard can delete and retry jobs of a keeper that moves money.
 *
 * Jobs show readable names and their data in plain units (src/queue/job-summary.ts), not the
 * payload's `{"$big": …}` JSON.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import { InputError } from '../domain/errors.ts';
import type { SecretRef } from '../config/schema.ts';
import { loadSecret, type ReadSecretFile } from '../config/secrets.ts';
import type { Logger } from './logger.ts';
import { requireToken } from './token-auth.ts';
import { jobSummary, jobTitle, type JobLike } from '../queue/job-summary.ts';

export const DASHBOARD_PATH = '/dashboard';
/** Shorter tokens are guessable by anyone who can reach the port. */
export const MIN_DASHBOARD_TOKEN_LENGTH = 16;

export interface DashboardHandle {
  /** Replaces the queues shown (the daemon may create queues after the server starts). */
  setQueues(queues: readonly Queue[]): void;
}

/**
 * Resolves the dashboard token; `undefined` (with an info line) when none is configured.
 * @throws InputError when the configured secret is missing, empty or too short.
 */
export async function resolveDashboardToken(
  ref: SecretRef | undefined,
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadSecretFile,
  logger: Logger,
): Promise<string | undefined> {
  if (ref === undefined) {
    logger.info('queue dashboard not mounted: secrets.dashboardToken is not configured');
    return undefined;
  }
  const token = await loadSecret(ref, env, readFile);
  if (token.length < MIN_DASHBOARD_TOKEN_LENGTH) {
    const where = 'env' in ref ? `env: ${ref.env}` : `file: ${ref.file}`;
    throw new InputError(`Dashboard token is shorter than ${MIN_DASHBOARD_TOKEN_LENGTH} characters`, {
      details: [`secrets.dashboardToken (${where})`, 'generate one with: openssl rand -hex 32'],
      code: 'SECRET_WEAK',
    });
  }
  return token;
}

/** A queue for the board, with job names and data a person reads. */
export function readableAdapter(queue: Queue): BullMQAdapter {
  const adapter = new BullMQAdapter(queue);
  adapter.setFormatter('name', (job: JobLike) => jobTitle(queue.name, job));
  adapter.setFormatter('data', (data: unknown) => jobSummary(queue.name, data));
  return adapter;
}

/**
 * Mounts the dashboard at `/dashboard` on `app`, guarded by `token`.
 * @example const board = mountDashboard(app, token, [observeQueue, planQueue]);
 */
export function mountDashboard(app: Express, token: string, queues: readonly Queue[]): DashboardHandle {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  const adapt = (list: readonly Queue[]) => list.map(readableAdapter);
  const board = createBullBoard({
    queues: adapt(queues),
    // @bull-board/express 9.10.1 bundles its own @bull-board/api 9.10.1 next to our 9.10.2:
    // the same shape, but TypeScript sees two declarations of a private field.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'restake-keeper' } },
  });
  app.use(DASHBOARD_PATH, requireToken(token, DASHBOARD_PATH), serverAdapter.getRouter() as Parameters<Express['use']>[1]);
  return { setQueues: (list) => board.replaceQueues(adapt(list)) };
}
