import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, requireToken, sessionValue, tokensEqual } from '../../../src/telemetry/token-auth.ts';

const TOKEN = 'a3f1c9e07b2d4e6f8a0b1c2d3e4f5a6b';

interface Answer {
  status?: number;
  headers: Record<string, string>;
  redirect?: { status: number; url: string };
  passed: boolean;
}

function call(req: { authorization?: string; cookie?: string; query?: Record<string, unknown>; originalUrl?: string }): Answer {
  const answer: Answer = { headers: {}, passed: false };
  const request = {
    headers: { authorization: req.authorization, cookie: req.cookie },
    query: req.query ?? {},
    originalUrl: req.originalUrl ?? '/dashboard/',
    secure: false,
  } as unknown as Request;
  const response = {
    setHeader(name: string, value: string) {
      answer.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      answer.status = code;
      return this;
    },
    type() {
      return this;
    },
    send() {
      return this;
    },
    redirect(status: number, url: string) {
      answer.redirect = { status, url };
    },
  } as unknown as Response;
  requireToken(TOKEN, '/dashboard')(request, response, (() => (answer.passed = true)) as NextFunction);
  return answer;
}

describe('tokensEqual', () => {
  it('is true only for identical strings', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN, `${TOKEN}x`)).toBe(false);
    expect(tokensEqual(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => tokensEqual(a, b) === (a === b)));
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header and nothing else', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer   ${TOKEN} `)).toBe(TOKEN);
    expect(bearerToken(`Basic ${TOKEN}`)).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('requireToken', () => {
  it('admits the right bearer token', () => {
    expect(call({ authorization: `Bearer ${TOKEN}` }).passed).toBe(true);
  });

  it('refuses a missing or wrong token with 401 and a Bearer challenge', () => {
    for (const authorization of [undefined, `Bearer ${TOKEN.slice(1)}`, `Bearer ${TOKEN}0`, TOKEN]) {
      const a = call(authorization === undefined ? {} : { authorization });
      expect(a.passed).toBe(false);
      expect(a.status).toBe(401);
      expect(a.headers['www-authenticate']).toMatch(/^Bearer/);
    }
  });

  it('turns a right ?token= into a cookie holding a digest, and redirects without the token', () => {
    const a = call({ query: { token: TOKEN }, originalUrl: `/dashboard/queue/observe?token=${TOKEN}&page=2` });
    expect(a.passed).toBe(false);
    expect(a.redirect).toEqual({ status: 303, url: '/dashboard/queue/observe?page=2' });
    const cookie = a.headers['set-cookie'] ?? '';
    expect(cookie).toContain(`rk_dashboard=${sessionValue(TOKEN)}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
  });

  it('admits the session cookie and refuses a wrong one or a wrong ?token=', () => {
    expect(call({ cookie: `other=1; rk_dashboard=${sessionValue(TOKEN)}` }).passed).toBe(true);
    expect(call({ cookie: `rk_dashboard=${sessionValue('wrong-token-0123456789')}` }).status).toBe(401);
    // The raw token is not a valid cookie: only the digest is.
    expect(call({ cookie: `rk_dashboard=${TOKEN}` }).status).toBe(401);
    expect(call({ query: { token: 'nope' } }).status).toBe(401);
  });
});
