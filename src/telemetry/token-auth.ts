/**
 * Bearer-token access to the queue dashboard (it can retry, remove and promote jobs, so it
 * is an operator tool, not a public page).
 *
 * Comparison is constant-time: both sides are hashed to fixed-length digests first, so
 * neither the content nor the length of the token leaks through response timing.
 *
 * A browser cannot add an Authorization header by itself, so `/dashboard?token=…` once
 * sets an HttpOnly, SameSite=Strict cookie holding a digest of the token (not the token)
 * and redirects to the same URL without the query; later requests carry the cookie.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const COOKIE_NAME = 'rk_dashboard';

/** Constant-time equality of two secrets of any length. @example tokensEqual('a', 'a') // true */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  // Digest equality already implies equal input; the length check is free and exact.
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** What the session cookie stores: a digest bound to this purpose, so the cookie is not the token itself. */
export function sessionValue(token: string): string {
  return createHash('sha256').update(`restake-keeper dashboard session\0${token}`, 'utf8').digest('hex');
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Express middleware admitting requests with the right bearer token, session cookie, or
 * (once, for browsers) `?token=` query parameter; everything else gets 401.
 *
 * @example app.use('/dashboard', requireToken(token, '/dashboard'), board.getRouter());
 */
export function requireToken(expected: string, cookiePath: string): RequestHandler {
  const session = sessionValue(expected);
  return (req: Request, res: Response, next: NextFunction): void => {
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== undefined && tokensEqual(bearer, expected)) return next();
    const cookie = cookieValue(req.headers.cookie, COOKIE_NAME);
    if (cookie !== undefined && tokensEqual(cookie, session)) return next();

    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (query !== undefined && tokensEqual(query, expected)) {
      const secure = req.secure ? '; Secure' : '';
      res.setHeader('Set-Cookie', `${COOKIE_NAME}=${session}; Path=${cookiePath}; HttpOnly; SameSite=Strict${secure}`);
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="keeper dashboard"');
    res.status(401).type('text/plain').send('unauthorized: send Authorization: Bearer <dashboard token>\n');
  };
}
