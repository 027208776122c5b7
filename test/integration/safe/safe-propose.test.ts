/**
 * `backend: safe-propose` on the devnet with the real Safe 1.4.1 contracts: a plan becomes one
 * MultiSendCallOnly Safe transaction in the 2-of-3 treasury, owners sign it (a key, and an
 * imported eth_sign signature from another wallet), and the keeper executes it through the
 * relay emulator. One signature is not enough; two land it exactly once; a price move past the
 * plan's limits refuses a signed proposal; a newer plan supersedes an older one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, Interface, Wallet, getBytes, parseEther } from 'ethers';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { createFlashbotsRelay } from '../../../src/execution/relay-client.ts';
import { NO_REWARDS } from '../../../src/observe/rewards-source.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { SAFE_ABI } from '../../../src/safe/abi.ts';
import { createProposalStore, type ProposalStore } from '../../../src/safe/proposal-store.ts';
import { proposePlan, type ProposeDeps } from '../../../src/safe/propose.ts';
import { executeProposal, type ExecuteProposalDeps } from '../../../src/safe/execute-proposal.ts';
import { recoverOwnerSignature, signSafeTx } from '../../../src/safe/signatures.ts';
import type { SafeProposal } from '../../../src/safe/proposal.ts';
import { packSignatures } from '../../../src/safe/safe-tx.ts';
import { ownerSignatures } from '../../../src/safe/signatures.ts';
import { createExecutor } from '../../../src/execution/executor.ts';
import { safeExecBackend } from '../../../src/execution/safe-exec-backend.ts';
import { startExecHarness, planOf, type ExecHarness } from '../execution/harness.ts';
import { depositWeEth, dexSell } from '../execution/actions.ts';

let h: ExecHarness;
let store: ProposalStore;
let proposeDeps: ProposeDeps;
let execDeps: ExecuteProposalDeps;
let safe: Contract;
const owners = [10, 11, 12].map((i) => new Wallet(devAccountKey(i)));
const safeEvents = new Interface(SAFE_ABI);

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  store = createProposalStore(h.redis, h.prefix);
  safe = new Contract(d.safe.treasury.address, SAFE_ABI, h.provider);
  proposeDeps = {
    provider: h.provider, targets: h.targets, specs: h.specs, withdrawals: h.withdrawals, store, vault: 'dao-treasury',
    safe: d.safe.treasury.address, multiSendCallOnly: d.safe.multiSendCallOnly, proposer: h.keeper.address, ttlSeconds: 3_600, simulationToleranceBps: 10,
  };
  const relay = await createFlashbotsRelay('devnet-relay', d.relayUrl, h.provider, new Wallet(DEV_KEYS.relayAuth), d.chainId);
  execDeps = {
    provider: h.provider, signer: h.keeper, relays: [relay], intents: h.intents, withdrawals: h.withdrawals, targets: h.targets, specs: h.specs,
    rewards: NO_REWARDS, logger: createLogger({ level: 'silent' }), store,
    settings: { vault: 'dao-treasury', blocksToTarget: 3, allowPublicMempool: false, simulationToleranceBps: 10, pollIntervalMs: 40, blockWaitTimeoutMs: 20_000, maxFeePerGasWei: parseEther('0.0000002'), maxPriorityFeePerGasWei: 2_000_000_000n, maxBaseFeeWei: parseEther('0.0000002') },
  };
}, 240_000);
afterAll(async () => h?.stop());

async function propose(actions: Parameters<typeof planOf>[0]): Promise<SafeProposal> {
  const result = await proposePlan(proposeDeps, planOf(actions, await h.provider.getBlockNumber()));
  if (result.status !== 'proposed') throw new Error(`not proposed: ${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`);
  return result.proposal;
}

async function addSignature(p: SafeProposal, owner: Wallet, via: 'key' | 'eth_sign'): Promise<SafeProposal> {
  const domain = { chainId: p.chainId, verifyingContract: p.safe };
  const sig = via === 'key' ? await signSafeTx(owner, domain, p.safeTx, 0) : recoverOwnerSignature(await owner.signMessage(getBytes(p.id)), domain, p.safeTx, p.owners, 0);
  return store.update(p.id, (x) => ({ ...x, signatures: [...x.signatures, sig] }));
}

describe('safe-propose', () => {
  it('one signature is not enough; 2 of 3 land the batch exactly once', async () => {
    const d = h.world.deployment;
    const treasury = d.safe.treasury.address;
    const sell = await dexSell(h, 'ezETH', parseEther('3'));
    const mint = await depositWeEth(h, parseEther('2'));
    const p = await propose([sell, mint]);
    expect(p.safeTx.operation).toBe(1);
    expect(p.safeTx.to).toBe(d.safe.multiSendCallOnly);
    expect(p.id).toBe(await safe.getFunction('getTransactionHash')(p.safeTx.to, 0n, p.safeTx.data, 1, 0n, 0n, 0n, p.safeTx.gasToken, p.safeTx.refundReceiver, p.safeTx.nonce));
    expect(p.calls.map((c) => c.label)).toEqual(['approve ezETH → router', 'sell ezETH on Uniswap V2', 'unwrap WETH for deposit', 'mint weETH']);
    expect(p.outcomes.map((o) => o.label).sort()).toEqual(['ETH', 'WETH', 'ezETH', 'weETH']);

    const nonce = (await safe.getFunction('nonce')()) as bigint;
    const ez = await h.balance(d.lrts.ezETH.token, treasury);
    const one = await addSignature(p, owners[0]!, 'key');
    const notYet = await executeProposal(execDeps, one);
    expect(notYet.status).toBe('not-ready');
    if (notYet.status === 'not-ready') expect(notYet.reason).toBe('1 of 2 owner signatures');

    const two = await addSignature(one, owners[2]!, 'eth_sign');
    expect(two.signatures.map((s) => s.kind)).toEqual(['eip712', 'eth_sign']);
    const from = await h.provider.getBlockNumber();
    const done = await h.mining(executeProposal(execDeps, two));
    expect(done.status, JSON.stringify(done, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe('executed');
    expect(done.proposal.status).toBe('executed');
    expect(await safe.getFunction('nonce')()).toBe(nonce + 1n);
    expect(await h.balance(d.lrts.ezETH.token, treasury)).toBe(ez - parseEther('3'));

    // Again through the store and through a second executor run: nothing more lands.
    const again = await executeProposal(execDeps, (await store.get(p.id))!);
    expect(again.status).toBe('closed');
    const stale = await executeProposal(execDeps, { ...two, status: 'pending' });
    expect(stale.status).toBe('closed');
    // The executor itself refuses the same plan again: one intent per plan id, ever.
    const { store: _s, ...deps } = execDeps;
    const signatures = packSignatures(ownerSignatures(two.signatures, two.owners));
    const direct = await h.mining(createExecutor({ ...deps, backend: safeExecBackend({ safe: treasury, safeTx: two.safeTx, signatures }) }).execute(two.plan));
    expect(direct.status).toBe('duplicate');
    await h.world.mine(2);
    const logs = await h.provider.getLogs({ address: treasury, fromBlock: from, toBlock: 'latest', topics: [safeEvents.getEvent('ExecutionSuccess')!.topicHash, p.id] });
    expect(logs).toHaveLength(1);
    expect(await safe.getFunction('nonce')()).toBe(nonce + 1n);
  }, 120_000);

  it('refuses a signed proposal after the price moved past its limits', async () => {
    const d = h.world.deployment;
    const treasury = d.safe.treasury.address;
    const p = await propose([await dexSell(h, 'weETH', parseEther('2'))]);
    const signed = await addSignature(await addSignature(p, owners[0]!, 'key'), owners[1]!, 'key');
    h.world.market.inject({ kind: 'depeg', lrt: 'weETH', bps: 800 });
    await h.world.mine(2);
    const nonce = (await safe.getFunction('nonce')()) as bigint;
    const we = await h.balance(d.lrts.weETH.token, treasury);
    const sent = h.world.relay.stats().bundles.received;
    const result = await h.mining(executeProposal(execDeps, signed));
    expect(result.status).toBe('not-executed');
    expect(result.proposal.status).toBe('refused');
    expect(result.proposal.reason).toMatch(/^refused: simulation: "safe.execTransaction\(MultiSendCallOnly, 2 calls\)" failed/);
    expect(h.world.relay.stats().bundles.received).toBe(sent);
    expect(await safe.getFunction('nonce')()).toBe(nonce);
    expect(await h.balance(d.lrts.weETH.token, treasury)).toBe(we);
    h.world.market.inject({ kind: 'recover', lrt: 'weETH' });
    await h.world.mine(2);
  }, 120_000);

  it('a proposal signed after its lifetime is closed as expired, never sent', async () => {
    const d = h.world.deployment;
    const result = await proposePlan({ ...proposeDeps, vault: 'dao-expiry', ttlSeconds: 600 }, planOf([await dexSell(h, 'weETH', parseEther('1'))], await h.provider.getBlockNumber()));
    if (result.status !== 'proposed') throw new Error(result.status);
    const signed = await addSignature(await addSignature(result.proposal, owners[0]!, 'key'), owners[1]!, 'key');
    const head = (await h.provider.getBlock('latest'))!;
    await rawRpc(d.anvilUrl, 'evm_mine', [head.timestamp + 601]);
    const sent = h.world.relay.stats().bundles.received;
    const out = await executeProposal(execDeps, signed);
    expect(out.status).toBe('closed');
    expect(out.proposal.status).toBe('expired');
    expect(h.world.relay.stats().bundles.received).toBe(sent);
  }, 60_000);

  it('a newer plan supersedes the pending one at the same Safe nonce', async () => {
    const older = await propose([await dexSell(h, 'weETH', parseEther('1'))]);
    const newer = await proposePlan(proposeDeps, planOf([await dexSell(h, 'weETH', parseEther('1.5'))], await h.provider.getBlockNumber()));
    expect(newer.status).toBe('proposed');
    if (newer.status !== 'proposed') return;
    expect(newer.superseded).toEqual([older.id]);
    expect(newer.proposal.safeTx.nonce).toBe(older.safeTx.nonce);
    await expect(addSignature(older, owners[0]!, 'key')).rejects.toThrow(/^proposal is already superseded\n/);
    const closed = await executeProposal(execDeps, (await store.get(older.id))!);
    expect(closed.status).toBe('closed');
    if (closed.status === 'closed') expect(closed.reason).toMatch(/^proposal is superseded: replaced by the newer plan 0x/);
  }, 60_000);
});
