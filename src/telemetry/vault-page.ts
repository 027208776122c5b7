/**
 * Mounts the vault page next to the queue board: `/vaults` (the HTML) and `/vaults/data.json`
 * (the model it draws, also handy for scripts), behind the dashboard's bearer token, since
 * it shows balances and decisions. A failing read answers 503 with the reason, and the
 * page keeps its last drawing and retries.
 */
import type { Express, Request, Response } from 'express';
import type { Logger } from './logger.ts';
import { requireToken } from './token-auth.ts';
import { vaultPageHtml } from './vault-page-html.ts';

export const VAULT_PAGE_PATH = '/vaults';

/** @example mountVaultPage(app, token, () => buildVaultPage(sources), logger) */
export function mountVaultPage(app: Express, token: string, load: () => Promise<unknown>, logger: Logger): void {
  const auth = requireToken(token, VAULT_PAGE_PATH);
  app.get(`${VAULT_PAGE_PATH}/data.json`, auth, async (_req: Request, res: Response) => {
    try {
      const model = await load();
      res.setHeader('Cache-Control', 'no-store');
      res.json(model);
    } catch (err) {
      logger.warn({ err }, 'vault page data failed');
      res.status(503).json({ error: err instanceof Error ? err.message.split('\n')[0] : String(err) });
    }
  });
  app.get(VAULT_PAGE_PATH, auth, (_req: Request, res: Response) => {
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.send(vaultPageHtml());
  });
}
