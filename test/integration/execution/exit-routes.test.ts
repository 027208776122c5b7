/**
 * Every exit route on the devnet ends with the protocol's payment in the book: idle WETH plus
 * the book's native ETH (the vault's whole ETH balance; on the eoa backend the native ledger's
 * credit, never the gas ETH), within 1 wei of what the protocol paid, as read from the call
 * trace of the included transactions. Per route the test prints a ROUTE line: value planned,
 * value paid, what main's code counted as idle (the WETH change alone: its bundles wrap the
 * min-out of an instant exit and nothing of a queue completion) and what is counted now.
 *
 * Routes: instant (ether.fi, Renzo; both backends), queued (ether.fi, Renzo, Kelp, Swell on
 * the eoa backend: the RestakingVault neither values nor may hold LRT-queue tickets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, Interface, Transaction, Wallet, parseEther } from 'ethers';
import { createFlashbotsRelay } from '../../../src/execution/relay-client.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import type { Action, WithdrawAction } from '../../../src/domain/plan.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { mulWad, subtractBps, weiToNumber } from '../../../src/domain/units.ts';
import { eoaBackend, vaultBackend } from '../../../src/execution/backend.ts';
import type { ExecutionResult, Executor } from '../../../src/execution/executor.ts';
import { completionPlan } from '../../../src/execution/withdrawal-lifecycle.ts';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { bookNative, createNativeBook, type NativeBook } from '../../../src/reconcile/native-book.ts';
import { createIntentStore, type IntentStore } from '../../../src/state/intents.ts';
import { createWithdrawalStore, type WithdrawalStore } from '../../../src/state/withdrawals.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { rateOf } from './actions.ts';

const E = 10n ** 18n;
let h: ExecHarness;
let vault: string;
let nativeBook: NativeBook;
const rows: string[] = [];

const RATE_ABI = ['function getRate() view returns (uint256)'];
const OWNER_ABI = ['function owner() view returns (address)'];

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  vault = d.vaults.main.address;
  nativeBook = createNativeBook(h.redis, h.prefix);
  // The keeper's book: every LRT minted from its own ETH, and some WETH.
  for (const symbol of ['weETH', 'ezETH', 'rsETH', 'rswETH'] as const) {
    const lrt = d.lrts[symbol];
    await h.keeperSends({ ...encodeLrtDepositEth({ protocol: lrt.protocol, token: lrt.token, contracts: lrt.contracts } as never, parseEther('30'), h.keeper.address, 0n) });
  }
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('5')) });
});

afterAll(async () => {
  for (const row of rows) console.info(row);
  await h?.stop();
});

const specsFor = (): PositionSpec[] => {
  const d = h.world.deployment;
  return [
    ...h.specs.filter((s) => s.id === 'weETH' || s.id === 'ezETH').map((s) => (s.id === 'ezETH' ? { ...s, exits: { ...s.exits, queued: { delaySeconds: 7 * 86_400 } } } : s)),
    { id: 'rsETH', symbol: 'rsETH', protocol: 'kelp', token: d.lrts.rsETH.token as `0x${string}`, exits: { queued: { delaySeconds: 86_400 } }, riskTier: 2 },
    { id: 'rswETH', symbol: 'rswETH', protocol: 'swell', token: d.lrts.rswETH.token as `0x${string}`, exits: { queued: { delaySeconds: 86_400 } }, riskTier: 2 },
  ];
};

interface Book {
  executor: Executor;
  holder: string;
  name: string;
  intents: IntentStore;
  withdrawals: WithdrawalStore;
  idle(): Promise<bigint>;
}

async function eoaBook(): Promise<Book> {
  const name = 'test-eoa';
  const intents = createIntentStore(h.redis, `${h.prefix}${name}:`);
  const withdrawals = createWithdrawalStore(h.redis, `${h.prefix}${name}:`);
  const executor = await h.executor({ backend: eoaBackend(h.keeper.address), specs: specsFor(), intents, withdrawals, nativeBook, settings: { vault: name } });
  return {
    executor, holder: h.keeper.address, name, intents, withdrawals,
    idle: async () => (await h.balance(h.world.deployment.weth)) + bookNative(await nativeBook.credit(name), await h.provider.getBalance(h.keeper.address)),
  };
}

async function vaultBook(): Promise<Book> {
  const name = 'devnet-main';
  const intents = createIntentStore(h.redis, `${h.prefix}${name}:`);
  const withdrawals = createWithdrawalStore(h.redis, `${h.prefix}${name}:`);
  const executor = await h.executor({ backend: vaultBackend(vault), specs: specsFor(), intents, withdrawals, settings: { vault: name } });
  return {
    executor, holder: vault, name, intents, withdrawals,
    idle: async () => (await h.balance(h.world.deployment.weth, vault)) + (await h.provider.getBalance(vault)),
  };
}

/** ETH the protocols sent to `holder` in the included transactions (WETH unwraps excluded), from the call trace. */
async function paidTo(book: Book, result: ExecutionResult): Promise<bigint> {
  const intent = await book.intents.get(result.planId);
  let paid = 0n;
  const weth = h.world.deployment.weth.toLowerCase();
  const walk = (frame: { from?: string; to?: string; value?: string; calls?: unknown[] }): void => {
    if (frame.to?.toLowerCase() === book.holder.toLowerCase() && frame.from?.toLowerCase() !== weth && frame.value !== undefined) paid += BigInt(frame.value);
    for (const c of frame.calls ?? []) walk(c as typeof frame);
  };
  for (const hash of intent?.inclusion?.txHashes ?? []) walk(await h.world.anvilProvider.send('debug_traceTransaction', [hash, { tracer: 'callTracer' }]));
  return paid;
}

async function run(book: Book, actions: Action[], movedWei = 0n): Promise<ExecutionResult> {
  const plan = planOf(actions, await h.provider.getBlockNumber());
  // Fees as the planner totals them (the vault's valuation may fall by them).
  const feesWei = actions.reduce((s, a) => s + (a.kind === 'withdraw' && a.route === 'instant' ? a.costWei : 0n), 0n);
  const result = await h.mining(book.executor.execute({ ...plan, totals: { ...plan.totals, movedWei, feesWei } }));
  expect(result.status, result.reason).toBe('included');
  expect(result.postChecks?.every((c) => c.ok), JSON.stringify(result.postChecks, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(true);
  return result;
}

async function instantExit(positionId: 'weETH' | 'ezETH', amountLrt: bigint, feeBps: number): Promise<WithdrawAction> {
  const fair = mulWad(amountLrt, await rateOf(h, positionId));
  return {
    kind: 'withdraw', positionId, route: 'instant', amountLrt, fairValueWei: fair, expectedOutWei: subtractBps(fair, feeBps), minOutWei: subtractBps(fair, feeBps + 30),
    costWei: fair - subtractBps(fair, feeBps), slippageBps: feeBps, delaySeconds: 0, gas: 300_000, why: `instant ${positionId}`,
  };
}

function record(route: string, planned: bigint, paid: bigint, wethDelta: bigint, idleDelta: bigint): void {
  const f = (w: bigint): string => weiToNumber(w).toFixed(4);
  rows.push(`ROUTE ${route}: planned ${f(planned)} ETH | protocol paid ${f(paid)} | in the book before (WETH only, main) ${f(wethDelta)} (${f(paid - wethDelta)} left out) | after ${f(idleDelta)} (diff ${idleDelta - paid} wei)`);
}

async function measured(route: string, book: Book, planned: bigint, go: () => Promise<ExecutionResult>): Promise<void> {
  const wethBefore = await h.balance(h.world.deployment.weth, book.holder);
  const idleBefore = await book.idle();
  // The bundle also sweeps the book's native ETH left by earlier plans: not this route's proceeds.
  const sweptBefore = idleBefore - wethBefore;
  const result = await go();
  const paid = await paidTo(book, result);
  const wethDelta = (await h.balance(h.world.deployment.weth, book.holder)) - wethBefore - sweptBefore;
  const idleDelta = (await book.idle()) - idleBefore;
  record(route, planned, paid, wethDelta, idleDelta);
  expect(paid).toBeGreaterThan(0n);
  expect(idleDelta - paid <= 1n && paid - idleDelta <= 1n).toBe(true);
}

/**
 * A devnet operator step (finalise, unlock, process) signed by the stand-in's owner, the
 * devnet deployer, and sent as a one-transaction bundle for the next block.
 */
async function asOwner(contract: string, fragment: string, args: readonly unknown[]): Promise<void> {
  const d = h.world.deployment;
  const owner = new Wallet(DEV_KEYS.deployer, h.provider);
  expect(((await new Contract(contract, OWNER_ABI, h.provider).getFunction('owner')()) as string).toLowerCase()).toBe(owner.address.toLowerCase());
  const iface = new Interface([fragment]);
  const name = (iface.fragments[0] as unknown as { name: string }).name;
  const data = iface.encodeFunctionData(name, args);
  // Fails here, with the revert reason, rather than as a bundle the relay leaves out.
  await h.provider.call({ from: owner.address, to: contract, data });
  const relay = await createFlashbotsRelay('devnet-relay', d.relayUrl, h.provider, new Wallet(DEV_KEYS.relayAuth), d.chainId);
  // The deployer is also the market simulator's key, whose moves open every block with nonces
  // read at that moment: one bundle per plausible nonce after them, and the one that fits lands.
  for (let attempt = 0; attempt < 4; attempt++) {
    const baseFee = (await h.provider.getBlock('latest'))?.baseFeePerGas ?? 0n;
    const latest = await h.provider.getTransactionCount(owner.address, 'latest');
    const target = (await h.provider.getBlockNumber()) + 1;
    const hashes: string[] = [];
    for (let k = 0; k < 24; k++) {
      const raw = await owner.signTransaction({ type: 2, chainId: d.chainId, nonce: latest + k, to: contract, data, gasLimit: 1_000_000n, maxFeePerGas: 3n * baseFee + 1n, maxPriorityFeePerGas: 1n });
      hashes.push(Transaction.from(raw).hash ?? '');
      await relay.send([raw], target);
    }
    await h.world.mine(1);
    for (const hash of hashes) {
      const receipt = await h.provider.getTransactionReceipt(hash);
      if (receipt !== null) return void expect(receipt.status, `${name} as the owner`).toBe(1);
    }
  }
  throw new Error(`${name} as the owner never landed`);
}

async function queueAndComplete(route: string, book: Book, positionId: string, amountLrt: bigint, release: () => Promise<void>): Promise<void> {
  const spec = specsFor().find((s) => s.id === positionId)!;
  const rate = spec.symbol === 'rsETH'
    ? ((await new Contract(h.world.deployment.lrts.rsETH.contracts.oracle, ['function rsETHPrice() view returns (uint256)'], h.provider).getFunction('rsETHPrice')()) as bigint)
    : ((await new Contract(spec.symbol === 'ezETH' ? h.world.deployment.lrts.ezETH.contracts.rateProvider : spec.token, RATE_ABI, h.provider).getFunction('getRate')()) as bigint);
  const fair = mulWad(amountLrt, rate);
  const queue: WithdrawAction = { kind: 'withdraw', positionId, route: 'queued', amountLrt, fairValueWei: fair, expectedOutWei: fair, minOutWei: fair, costWei: 0n, slippageBps: 0, delaySeconds: 86_400, gas: 350_000, why: `queue ${positionId}` };
  await run(book, [queue], fair);
  const [ticket] = (await book.withdrawals.open()).filter((r) => r.positionId === positionId);
  expect(ticket, `${route}: the queued request is tracked`).toBeDefined();
  await release();
  const head = await h.provider.getBlockNumber();
  const complete = completionPlan([{ kind: 'complete-withdrawal', withdrawalId: ticket!.id, positionId, expectedWei: ticket!.expectedWei, gas: 300_000, why: 'complete' }], head, 0, 0n);
  await measured(route, book, ticket!.expectedWei, () => run(book, [...complete.actions], ticket!.expectedWei));
}

describe('exit routes end with the proceeds in the book, within 1 wei of what the protocol paid', () => {
  it('instant ether.fi and Renzo exits, eoa backend', async () => {
    const book = await eoaBook();
    const weEth = await instantExit('weETH', 5n * E, 30);
    await measured('instant weETH (eoa)', book, weEth.expectedOutWei, () => run(book, [weEth], weEth.fairValueWei));
    const ezEth = await instantExit('ezETH', 5n * E, 50);
    await measured('instant ezETH (eoa)', book, ezEth.expectedOutWei, () => run(book, [ezEth], ezEth.fairValueWei));
  });

  it('instant ether.fi and Renzo exits, vault backend', async () => {
    const book = await vaultBook();
    const d = h.world.deployment;
    // The vault mints its LRTs from its own WETH first.
    const mint = (positionId: 'weETH' | 'ezETH', rate: bigint): Action => {
      const expectedLrt = (20n * E * E) / rate;
      return { kind: 'deposit-lrt', positionId, amountWei: 20n * E, expectedLrt, minLrt: subtractBps(expectedLrt, 60), gas: 250_000, why: 'mint' };
    };
    await run(book, [mint('weETH', await rateOf(h, 'weETH')), mint('ezETH', await rateOf(h, 'ezETH'))], 40n * E);
    const weEth = await instantExit('weETH', 5n * E, 30);
    await measured('instant weETH (vault)', book, weEth.expectedOutWei, () => run(book, [weEth], weEth.fairValueWei));
    const ezEth = await instantExit('ezETH', 5n * E, 50);
    await measured('instant ezETH (vault)', book, ezEth.expectedOutWei, () => run(book, [ezEth], ezEth.fairValueWei));
    expect(await h.balance(d.lrts.weETH.token, vault)).toBeGreaterThan(0n);
  });

  it('queued ether.fi, Renzo, Kelp and Swell exits, eoa backend', async () => {
    const book = await eoaBook();
    const d = h.world.deployment;
    const nft = d.lrts.weETH.contracts.withdrawRequestNft;
    await queueAndComplete('queued weETH (eoa)', book, 'weETH', 3n * E, async () => {
      const [t] = (await book.withdrawals.open()).filter((r) => r.kind === 'etherfi');
      await asOwner(nft, 'function finalizeRequests(uint256 requestId)', [t?.kind === 'etherfi' ? t.tokenId : 0n]);
    });
    // Renzo's cooldown (7 days on the devnet) shortened by its owner, so the claim is due at once.
    await asOwner(d.lrts.ezETH.contracts.withdrawQueue, 'function updateCoolDownPeriod(uint256 newCoolDownPeriod)', [0n]);
    await queueAndComplete('queued ezETH (eoa)', book, 'ezETH', 3n * E, async () => void (await h.world.mine(1)));
    await queueAndComplete('queued rsETH (eoa)', book, 'rsETH', 3n * E, async () => {
      const manager = d.lrts.rsETH.contracts.withdrawalManager;
      await asOwner(manager, 'function setWithdrawalDelayBlocks(uint256 blocks)', [1n]);
      await h.world.mine(2);
      await asOwner(manager, 'function unlockQueue(address asset, uint256 firstExcludedIndex, uint256 minimumAssetPrice, uint256 minimumRsEthPrice, uint256 maximumAssetPrice, uint256 maximumRsEthPrice)', [
        '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE', 2n ** 64n, 0n, 0n, 2n ** 128n, 2n ** 128n,
      ]);
    });
    await queueAndComplete('queued rswETH (eoa)', book, 'rswETH', 3n * E, async () => {
      const [t] = (await book.withdrawals.open()).filter((r) => r.kind === 'swell');
      await asOwner(d.lrts.rswETH.contracts.withdrawalNft, 'function processWithdrawals(uint256 lastTokenIdToProcess)', [t?.kind === 'swell' ? t.tokenId : 0n]);
    });
  });
});
