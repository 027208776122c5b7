/**
 * The RestakingVault owned and guarded by the DAO's Safe, end to end on the devnet with the
 * real Safe 1.4.1: the deployer hands ownership over (Ownable2Step), the Safe accepts it and
 * makes itself guardian in one MultiSendCallOnly batch, a widening change (higher loss
 * limits) is queued by a Safe transaction, cannot be applied before the timelock, and is
 * applied by another Safe transaction after it; the Safe as guardian pauses at once. The old
 * owner key can no longer change anything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contract, Interface, Wallet, parseEther } from 'ethers';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { rawRpc } from '../../../src/devnet/anvil.ts';
import { devAccountKey } from '../../../src/devnet/deploy-eigenlayer.ts';
import { VAULT_ADMIN_ABI, VAULT_EVENTS_ABI, VAULT_KEEPER_ABI } from '../../../src/protocols/vault/abi.ts';
import { SAFE_ABI } from '../../../src/safe/abi.ts';
import { governanceTx, vaultAdminCall, type GovernanceTx } from '../../../src/safe/governance.ts';
import { encodeExecTransaction, packSignatures } from '../../../src/safe/safe-tx.ts';
import { signSafeTx } from '../../../src/safe/signatures.ts';
import { startExecHarness, type ExecHarness } from '../execution/harness.ts';

let h: ExecHarness;
beforeAll(async () => {
  h = await startExecHarness();
}, 240_000);
afterAll(async () => h?.stop());

const owners = [10, 11, 12].map((i) => new Wallet(devAccountKey(i)));
const vaultAbi = new Interface([...VAULT_ADMIN_ABI, ...VAULT_KEEPER_ABI, ...VAULT_EVENTS_ABI]);

/** Sends `data` to `to` from `wallet` through the public RPC and mines it; returns the receipt. */
async function send(wallet: Wallet, to: string, data: string) {
  const signer = wallet.connect(h.provider);
  const tx = await signer.sendTransaction({ to, data, gasLimit: 1_000_000n, maxFeePerGas: parseEther('0.0000002'), maxPriorityFeePerGas: 1_000_000_000n });
  await h.world.mine(1);
  const receipt = await h.provider.getTransactionReceipt(tx.hash);
  if (receipt === null) throw new Error('not mined');
  return receipt;
}

async function governance(calls: Parameters<typeof governanceTx>[0]): Promise<GovernanceTx> {
  const d = h.world.deployment;
  const safe = new Contract(d.safe.treasury.address, SAFE_ABI, h.provider);
  const nonce = (await safe.getFunction('nonce')()) as bigint;
  return governanceTx(calls, nonce, { chainId: d.chainId, verifyingContract: d.safe.treasury.address }, d.safe.multiSendCallOnly);
}

/** Two owners sign; the third sends execTransaction (any account could). */
async function execute(g: GovernanceTx) {
  const d = h.world.deployment;
  const domain = { chainId: d.chainId, verifyingContract: d.safe.treasury.address };
  const sigs = await Promise.all(owners.slice(0, 2).map((o) => signSafeTx(o, domain, g.safeTx, 0)));
  const data = encodeExecTransaction(g.safeTx, packSignatures(new Map(sigs.map((s) => [s.owner, s.signature]))));
  return { data, send: () => send(owners[2]!, d.safe.treasury.address, data) };
}

it('the Safe owns and guards the vault; a timelocked change goes through two Safe transactions', async () => {
  const d = h.world.deployment;
  const safeAddress = d.safe.treasury.address;
  const vaultAddress = d.vaults.main.address;
  const vault = new Contract(vaultAddress, vaultAbi, h.provider);
  const deployer = new Wallet(DEV_KEYS.deployer);

  // The deployer also signs the market simulator's transactions at the top of every produced
  // block, so its one governance transaction goes straight into a block of its own on Anvil.
  const head0 = (await h.provider.getBlock('latest'))!;
  const handoff = await deployer.signTransaction({
    type: 2, chainId: d.chainId, nonce: await h.provider.getTransactionCount(deployer.address, 'latest'), to: vaultAddress, data: vaultAbi.encodeFunctionData('transferOwnership', [safeAddress]),
    gasLimit: 200_000n, maxFeePerGas: parseEther('0.0000002'), maxPriorityFeePerGas: 1_000_000_000n,
  });
  const handoffHash = (await rawRpc(d.anvilUrl, 'eth_sendRawTransaction', [handoff])) as string;
  await rawRpc(d.anvilUrl, 'evm_mine', [head0.timestamp + 12]);
  expect((await h.provider.getTransactionReceipt(handoffHash))?.status).toBe(1);
  expect(await vault.getFunction('pendingOwner')()).toBe(safeAddress);
  const handover = await governance([vaultAdminCall(vaultAddress, 'acceptOwnership', []), vaultAdminCall(vaultAddress, 'setGuardian', [safeAddress])]);
  expect(handover.safeTx.operation).toBe(1);
  expect((await (await execute(handover)).send()).status).toBe(1);
  expect(await vault.getFunction('owner')()).toBe(safeAddress);
  expect(await vault.getFunction('guardian')()).toBe(safeAddress);

  // The old owner key is powerless now.
  await expect(h.provider.estimateGas({ from: deployer.address, to: vaultAddress, data: vaultAbi.encodeFunctionData('queueLossLimits', [60, 250]) })).rejects.toThrow();

  const queue = await governance([vaultAdminCall(vaultAddress, 'queueLossLimits', [60, 250])]);
  expect(queue.safeTx.operation).toBe(0);
  expect(queue.safeTx.to).toBe(vaultAddress);
  const queued = await (await execute(queue)).send();
  expect(queued.status).toBe(1);
  const event = queued.logs.filter((l) => l.address === vaultAddress).map((l) => vaultAbi.parseLog(l)).find((e) => e?.name === 'ChangeQueued');
  const id = event?.args[0] as string;
  expect(id).toMatch(/^0x[0-9a-f]{64}$/);
  expect(await vault.getFunction('maxLossBps')()).toBe(50n);

  // Before the timelock the Safe transaction reverts (safeTxGas 0: the inner revert reverts all).
  const apply = await governance([vaultAdminCall(vaultAddress, 'applyChange', [id])]);
  const early = await execute(apply);
  await expect(h.provider.estimateGas({ from: owners[2]!.address, to: safeAddress, data: early.data })).rejects.toThrow();

  const head = (await h.provider.getBlock('latest'))!;
  await rawRpc(d.anvilUrl, 'evm_mine', [head.timestamp + d.vaults.main.timelockSeconds + 1]);
  expect((await early.send()).status).toBe(1);
  expect(await vault.getFunction('maxLossBps')()).toBe(60n);
  expect(await vault.getFunction('maxWindowLossBps')()).toBe(250n);

  // The Safe as guardian pauses at once.
  expect((await (await execute(await governance([vaultAdminCall(vaultAddress, 'pause', [])]))).send()).status).toBe(1);
  expect(await vault.getFunction('paused')()).toBe(true);
}, 180_000);
