/**
 * The devnet's Safe 1.4.1 is the published one and the DAO treasury is a real 2-of-3 Safe:
 * the deployed runtime code equals the artifacts' deployedBytecode, the treasury answers as
 * Safe 1.4.1 with Anvil accounts 10-12 as owners, and holds WETH, weETH and ezETH.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Contract, Wallet } from 'ethers';
import { SAFE_ABI } from '../../../src/safe/abi.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { startExecHarness, type ExecHarness } from '../execution/harness.ts';

let h: ExecHarness;
beforeAll(async () => {
  h = await startExecHarness();
}, 240_000);
afterAll(async () => h?.stop());

it('deploys the published Safe 1.4.1 bytecode and a funded 2-of-3 treasury', async () => {
  const s = h.world.deployment.safe;
  const require = createRequire(import.meta.url);
  const base = '@safe-global/safe-contracts/build/artifacts/contracts';
  for (const [address, path] of [
    [s.singleton, 'Safe.sol/Safe.json'],
    [s.proxyFactory, 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json'],
    [s.multiSendCallOnly, 'libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json'],
    [s.fallbackHandler, 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json'],
  ] as const) {
    const artifact = require(`${base}/${path}`) as { deployedBytecode: string };
    // None of the four has immutables: the runtime code is byte for byte the artifact's.
    expect(await h.provider.getCode(address), path).toBe(artifact.deployedBytecode);
  }
  const treasury = new Contract(s.treasury.address, SAFE_ABI, h.provider);
  expect(await treasury.getFunction('VERSION')()).toBe('1.4.1');
  expect(await treasury.getFunction('getThreshold')()).toBe(2n);
  const owners = ((await treasury.getFunction('getOwners')()) as string[]).map((o) => o.toLowerCase()).sort();
  expect(owners).toEqual([10, 11, 12].map((i) => new Wallet(devAccountKey(i)).address.toLowerCase()).sort());
  const d = h.world.deployment;
  expect(await h.balance(d.weth, s.treasury.address)).toBe(60n * 10n ** 18n);
  expect(await h.balance(d.lrts.weETH.token, s.treasury.address)).toBe(24n * 10n ** 18n);
  expect(await h.balance(d.lrts.ezETH.token, s.treasury.address)).toBe(15n * 10n ** 18n);
}, 60_000);
