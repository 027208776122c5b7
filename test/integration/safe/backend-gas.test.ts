/**
 * Gas of the same rebalance through each backend on the devnet, printed as GAS lines: `eoa`
 * (one transaction per call in one bundle), `vault` (one RestakingVault.execute with its guards
 * and two valuations), `safe-propose` (one Safe execTransaction, 2-of-3 ECDSA signatures,
 * DELEGATECALL to MultiSendCallOnly) and `safe-module` (one SafeKeeperModule.execute: the vault's
 * guards and two valuations of the Safe, each call through execTransactionFromModule). Each run
 * must land and move the holder's balances.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Wallet, getBytes, parseEther } from 'ethers';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { vaultBackend } from '../../../src/execution/backend.ts';
import { safeModuleBackend } from '../../../src/execution/safe-module-backend.ts';
import type { SafeModuleDeployment } from '../../../src/devnet/deploy-safe.ts';
import type { Action } from '../../../src/domain/plan.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { createProposalStore } from '../../../src/safe/proposal-store.ts';
import { proposePlan } from '../../../src/safe/propose.ts';
import { executeProposal } from '../../../src/safe/execute-proposal.ts';
import { recoverOwnerSignature, signSafeTx } from '../../../src/safe/signatures.ts';
import { createFlashbotsRelay } from '../../../src/execution/relay-client.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { startExecHarness, planOf, type ExecHarness } from '../execution/harness.ts';
import { depositWeEth, dexSell } from '../execution/actions.ts';
import { setUpModule, withCosts } from './module-fixture.ts';

let h: ExecHarness;
let module: SafeModuleDeployment;
beforeAll(async () => {
  h = await startExecHarness();
  module = await setUpModule(h);
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('10'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('10')) });
}, 240_000);
afterAll(async () => h?.stop());

const gas: Record<string, bigint> = {};

async function viaSafe(actions: Action[], label: string): Promise<void> {
  const d = h.world.deployment;
  const store = createProposalStore(h.redis, h.prefix);
  const proposed = await proposePlan(
    { provider: h.provider, targets: h.targets, specs: h.specs, withdrawals: h.withdrawals, store, vault: 'gas-safe', safe: d.safe.treasury.address, multiSendCallOnly: d.safe.multiSendCallOnly, proposer: h.keeper.address, ttlSeconds: 3_600, simulationToleranceBps: 10 },
    planOf(actions, await h.provider.getBlockNumber()),
  );
  if (proposed.status !== 'proposed') throw new Error(`not proposed: ${proposed.status}`);
  const p = proposed.proposal;
  const domain = { chainId: p.chainId, verifyingContract: p.safe };
  const a = await signSafeTx(new Wallet(devAccountKey(10)), domain, p.safeTx, 0);
  const b = recoverOwnerSignature(await new Wallet(devAccountKey(11)).signMessage(getBytes(p.id)), domain, p.safeTx, p.owners, 0);
  await store.update(p.id, (x) => ({ ...x, signatures: [a, b] }));
  const out = await h.mining(executeProposal({ ...(await execDeps()), store }, p));
  expect(out.status).toBe('executed');
  if (out.status === 'executed') gas[`safe-propose ${label}`] = out.result.gasUsed ?? 0n;
}

async function viaModule(actions: Action[], label: string): Promise<void> {
  const d = h.world.deployment;
  const executor = await h.executor({ backend: safeModuleBackend(d.safe.treasury.address, module.address), settings: { vault: 'gas-module' } });
  const out = await h.mining(executor.execute(withCosts(planOf(actions, await h.provider.getBlockNumber()))));
  expect(out.status, out.reason).toBe('included');
  gas[`safe-module ${label}`] = out.gasUsed ?? 0n;
}

async function execDeps() {
  const d = h.world.deployment;
  return {
    provider: h.provider, signer: h.keeper, relays: [await createFlashbotsRelay('devnet-relay', d.relayUrl, h.provider, new Wallet(DEV_KEYS.relayAuth), d.chainId)],
    intents: h.intents, withdrawals: h.withdrawals, targets: h.targets, specs: h.specs, logger: createLogger({ level: 'silent' }),
    settings: { vault: 'gas-safe', blocksToTarget: 3, allowPublicMempool: false, simulationToleranceBps: 10, pollIntervalMs: 40, blockWaitTimeoutMs: 20_000, maxFeePerGasWei: parseEther('0.0000002'), maxPriorityFeePerGasWei: 2_000_000_000n, maxBaseFeeWei: parseEther('0.0000002') },
  };
}

it('measures one rebalance through eoa, vault, safe-propose and safe-module', async () => {
  const d = h.world.deployment;
  // Mint weETH from 2 WETH: all three holders have WETH (the vault 1000, the Safe 60, the keeper 10).
  const eoa = await h.mining((await h.executor({ settings: { vault: 'gas-eoa' } })).execute(planOf([await depositWeEth(h, parseEther('2'))], await h.provider.getBlockNumber())));
  expect(eoa.status).toBe('included');
  gas['eoa mint'] = eoa.gasUsed ?? 0n;
  const vault = await h.mining(
    (await h.executor({ backend: vaultBackend(d.vaults.main.address), settings: { vault: 'gas-vault' } })).execute(planOf([await depositWeEth(h, parseEther('2'))], await h.provider.getBlockNumber())),
  );
  expect(vault.status, vault.reason).toBe('included');
  gas['vault mint'] = vault.gasUsed ?? 0n;
  await viaSafe([await depositWeEth(h, parseEther('2'))], 'mint');
  await viaModule([await depositWeEth(h, parseEther('2'))], 'mint');

  // Sell 3 ezETH on the DEX and mint weETH with 2 WETH: the keeper and the Safe hold ezETH.
  const eoa2 = await h.mining((await h.executor({ settings: { vault: 'gas-eoa' } })).execute(planOf([await dexSell(h, 'ezETH', parseEther('3')), await depositWeEth(h, parseEther('2'))], await h.provider.getBlockNumber())));
  expect(eoa2.status).toBe('included');
  gas['eoa sell+mint'] = eoa2.gasUsed ?? 0n;
  await viaSafe([await dexSell(h, 'ezETH', parseEther('3')), await depositWeEth(h, parseEther('2'))], 'sell+mint');
  await viaModule([await dexSell(h, 'ezETH', parseEther('3')), await depositWeEth(h, parseEther('2'))], 'sell+mint');
  for (const [k, v] of Object.entries(gas)) process.stdout.write(`GAS ${k}: ${v}\n`);
  for (const v of Object.values(gas)) expect(v).toBeGreaterThan(21_000n);
}, 180_000);
