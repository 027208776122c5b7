import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsDeploymentRef, interpolateEnv, resolveDeploymentRef } from '../../../src/config/resolve.ts';
import { findSecretLikeValues, looksLikeSecret } from '../../../src/config/secret-scan.ts';

const DEPLOYMENT = {
  file: 'fixtures/deployment.json',
  data: { lrts: { weETH: { token: '0xabc' } }, list: ['0xfirst', '0xsecond'], chainId: 31337 },
};

describe('interpolateEnv', () => {
  it('fills every placeholder', () => {
    expect(interpolateEnv('https://${HOST}/v2/${TOKEN}', { HOST: 'rpc.example', TOKEN: 't0k' })).toEqual({
      ok: true,
      value: 'https://rpc.example/v2/t0k',
    });
  });

  it('lists every missing variable, never a value', () => {
    expect(interpolateEnv('${A}${B}${C}', { B: 'present-value' })).toEqual({
      ok: false,
      message: 'environment variables A, C not set (or empty), needed by a ${…} placeholder',
    });
  });

  it('rejects malformed placeholders', () => {
    expect(interpolateEnv('https://x/${TOKEN', { TOKEN: 'a' }).ok).toBe(false);
    expect(interpolateEnv('https://x/${1BAD}', {}).ok).toBe(false);
    expect(interpolateEnv('https://x/${}', {}).ok).toBe(false);
  });

  it('leaves strings without placeholders unchanged (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('${')),
        (s) => {
          expect(interpolateEnv(s, {})).toEqual({ ok: true, value: s });
        },
      ),
    );
  });

  it('substitutes any value verbatim, even one that looks like a placeholder (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (value, before, after) => {
        fc.pre(!before.includes('${') && !after.includes('${'));
        expect(interpolateEnv(`${before}\${X_1}${after}`, { X_1: value })).toEqual({ ok: true, value: `${before}${value}${after}` });
      }),
    );
  });
});

describe('resolveDeploymentRef', () => {
  it('follows dotted paths and numeric list indices', () => {
    expect(resolveDeploymentRef('deployment:lrts.weETH.token', DEPLOYMENT)).toEqual({ ok: true, value: '0xabc' });
    expect(resolveDeploymentRef('deployment:list.1', DEPLOYMENT)).toEqual({ ok: true, value: '0xsecond' });
  });

  it('names the missing segment and the file', () => {
    expect(resolveDeploymentRef('deployment:lrts.ezETH.token', DEPLOYMENT)).toEqual({
      ok: false,
      message: 'cannot resolve "deployment:lrts.ezETH.token" in fixtures/deployment.json: no "ezETH" under "lrts"',
    });
    expect(resolveDeploymentRef('deployment:nope', DEPLOYMENT)).toEqual({
      ok: false,
      message: 'cannot resolve "deployment:nope" in fixtures/deployment.json: no "nope" at the top level',
    });
  });

  it('refuses non-string targets, malformed paths and inherited properties', () => {
    expect(resolveDeploymentRef('deployment:chainId', DEPLOYMENT)).toEqual({
      ok: false,
      message: '"deployment:chainId" in fixtures/deployment.json is a number, expected a string',
    });
    expect(resolveDeploymentRef('deployment:lrts..token', DEPLOYMENT).ok).toBe(false);
    expect(resolveDeploymentRef('deployment:', DEPLOYMENT).ok).toBe(false);
    expect(resolveDeploymentRef('deployment:lrts.constructor', DEPLOYMENT).ok).toBe(false);
  });

  it('finds references anywhere in a tree', () => {
    expect(containsDeploymentRef({ a: [{ b: 'x' }, { c: 'deployment:y' }] })).toBe(true);
    expect(containsDeploymentRef({ a: [1, 'deployment-ish', null] })).toBe(false);
  });
});

describe('secret scan', () => {
  const hex = (length: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'.split('')), minLength: length, maxLength: length });

  it('flags any 0x + 64 hex inside any string (property)', () => {
    fc.assert(
      fc.property(hex(64), fc.string(), fc.string(), (key, before, after) => {
        fc.pre(!/^[0-9a-fA-F]/.test(after));
        expect(looksLikeSecret(`${before}0x${key}${after}`)).toBe(true);
      }),
    );
  });

  it('never flags an address or a 64-hex string with more digits around it (property)', () => {
    fc.assert(
      fc.property(hex(40), (address) => {
        expect(looksLikeSecret(`0x${address}`)).toBe(false);
      }),
    );
    expect(looksLikeSecret(`0x${'a'.repeat(66)}`)).toBe(false);
  });

  it('reports paths, including keys that look like secrets, never values', () => {
    const key = `0x${'1f'.repeat(32)}`;
    expect(findSecretLikeValues({ a: [{ b: key }], [key]: 1, c: 'fine' })).toEqual([['a', 0, 'b'], ['<key>']]);
  });
});
