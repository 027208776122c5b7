/**
 * Gives the devnet keeper account a realistic starting book, so `keeper plan` has something
 * to manage right after `keeper devnet up`: some WETH idle, about 40 % in weETH held liquid
 * and about 30 % in ezETH restaked into EigenLayer and delegated to op-alpha (by default).
 *
 * Transactions go through the devnet's PUBLIC rpcUrl, like any user's: they wait in the relay
 * emulator's mempool and land in the next produced block. With manual mining pass `mine`;
 * with a block timer the function waits for the blocks to come. Two rounds, because the
 * ezETH to restake is only known once the Renzo deposit has minted it.
 */
import { Contract, Interface, JsonRpcProvider, Wallet, ZeroHash, parseEther, type TransactionRequest } from 'ethers';
import { NonRetryableError } from '../domain/errors.ts';
import { ERC20_ABI } from '../protocols/erc20/abi.ts';
import { encodeLrtDepositEth } from '../protocols/lrt-deposit.ts';
import { DEV_KEYS } from './accounts.ts';
import type { DevnetDeployment } from './deployment.ts';

export interface SeedKeeperTarget {
  readonly deployment: DevnetDeployment;
  /** Produces blocks (manual mining); omit when the devnet has a block timer. */
  readonly mine?: (blocks?: number) => Promise<number>;
}

export interface SeedKeeperOptions {
  /** Size of the book, wei (default 100 ETH). */
  readonly totalWei?: bigint;
  /** Shares of the book, bps: the rest of 10_000 stays idle as WETH. */
  readonly weEthLiquidBps?: number;
  readonly ezEthRestakedBps?: number;
  /** Operator name (or address) to delegate to; default op-alpha. */
  readonly operator?: string;
  /** Give up waiting after this many blocks (manual) or seconds (timer); default 30. */
  readonly patience?: number;
}

export interface SeedKeeperResult {
  readonly keeper: string;
  readonly wethWei: bigint;
  readonly weEth: bigint;
  readonly ezEthRestaked: bigint;
  readonly operator: string;
  readonly block: number;
}

const WETH_ABI = ['function deposit() payable', 'function balanceOf(address) view returns (uint256)'];
const STRATEGY_MANAGER = new Interface(['function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)']);
const DELEGATION = new Interface([
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
  'function delegatedTo(address staker) view returns (address)',
]);
const ERC20 = new Interface(ERC20_ABI);

/**
 * @example
 *   const world = await startWorld({ projectRoot, logger });
 *   await seedKeeperPosition({ deployment: world.deployment, mine: world.mine });
 */
export async function seedKeeperPosition(target: SeedKeeperTarget, options: SeedKeeperOptions = {}): Promise<SeedKeeperResult> {
  const d = target.deployment;
  const total = options.totalWei ?? parseEther('100');
  const weEthWei = (total * BigInt(options.weEthLiquidBps ?? 4_000)) / 10_000n;
  const ezEthWei = (total * BigInt(options.ezEthRestakedBps ?? 3_000)) / 10_000n;
  if (weEthWei + ezEthWei > total) throw new NonRetryableError('seed shares exceed the book', { details: [`weEthLiquidBps + ezEthRestakedBps > 10000`] });
  const wethWei = total - weEthWei - ezEthWei;
  const operatorName = options.operator ?? 'op-alpha';
  const operator = d.eigenlayer.operators.find((o) => o.name === operatorName || o.address.toLowerCase() === operatorName.toLowerCase());
  if (operator === undefined) throw new NonRetryableError('unknown devnet operator', { details: [`operator: ${operatorName}`, `known: ${d.eigenlayer.operators.map((o) => o.name).join(', ')}`] });
  const strategy = d.eigenlayer.strategies.ezETH;
  if (strategy === undefined) throw new NonRetryableError('devnet has no ezETH strategy');

  const provider = new JsonRpcProvider(d.rpcUrl, d.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
  try {
    const keeper = new Wallet(DEV_KEYS.keeper, provider);
    const send = sender(keeper, provider, d.chainId);
    const round1 = [
      await send({ to: d.weth, data: new Interface(WETH_ABI).encodeFunctionData('deposit', []), value: wethWei, gasLimit: 80_000n }, 'wrap WETH'),
      await send({ ...encodeLrtDepositEth(d.lrts.weETH, weEthWei, keeper.address, 0n), gasLimit: 400_000n }, 'deposit weETH'),
      await send({ ...encodeLrtDepositEth(d.lrts.ezETH, ezEthWei, keeper.address, 0n), gasLimit: 400_000n }, 'deposit ezETH'),
    ];
    await waitFor(provider, target, round1, options.patience ?? 30);

    const ezEth = (await new Contract(d.lrts.ezETH.token, ERC20, provider).getFunction('balanceOf')(keeper.address)) as bigint;
    const delegated = String(await new Contract(d.eigenlayer.delegationManager, DELEGATION, provider).getFunction('delegatedTo')(keeper.address));
    const round2 = [
      await send({ to: d.lrts.ezETH.token, data: ERC20.encodeFunctionData('approve', [d.eigenlayer.strategyManager, ezEth]), gasLimit: 80_000n }, 'approve ezETH'),
      await send({ to: d.eigenlayer.strategyManager, data: STRATEGY_MANAGER.encodeFunctionData('depositIntoStrategy', [strategy, d.lrts.ezETH.token, ezEth]), gasLimit: 400_000n }, 'restake ezETH'),
    ];
    if (/^0x0{40}$/.test(delegated)) {
      round2.push(await send({ to: d.eigenlayer.delegationManager, data: DELEGATION.encodeFunctionData('delegateTo', [operator.address, { signature: '0x', expiry: 0n }, ZeroHash]), gasLimit: 400_000n }, 'delegate'));
    }
    const block = await waitFor(provider, target, round2, options.patience ?? 30);
    const weEth = (await new Contract(d.lrts.weETH.token, ERC20, provider).getFunction('balanceOf')(keeper.address)) as bigint;
    return { keeper: keeper.address, wethWei, weEth, ezEthRestaked: ezEth, operator: operator.address, block };
  } finally {
    provider.destroy();
  }
}

interface Sent {
  readonly hash: string;
  readonly what: string;
}

function sender(wallet: Wallet, provider: JsonRpcProvider, chainId: number): (tx: TransactionRequest, what: string) => Promise<Sent> {
  let nonce: number | undefined;
  return async (tx, what) => {
    nonce ??= await provider.getTransactionCount(wallet.address, 'pending');
    const signed = await wallet.signTransaction({ ...tx, nonce: nonce++, chainId, type: 2, maxFeePerGas: parseEther('0.000001'), maxPriorityFeePerGas: 1_000_000_000n });
    const hash = (await provider.send('eth_sendRawTransaction', [signed])) as string;
    return { hash, what };
  };
}

/** Mines (or waits) until every transaction has a receipt; any revert is an error. */
async function waitFor(provider: JsonRpcProvider, target: SeedKeeperTarget, sent: readonly Sent[], patience: number): Promise<number> {
  for (let attempt = 0; attempt <= patience; attempt++) {
    if (target.mine) await target.mine(1);
    else if (attempt > 0) await new Promise((r) => setTimeout(r, 1_000));
    const receipts = await Promise.all(sent.map((s) => provider.getTransactionReceipt(s.hash)));
    if (receipts.every((r) => r !== null)) {
      const failed = sent.filter((_, i) => receipts[i]?.status !== 1);
      if (failed.length > 0) throw new NonRetryableError('keeper seed transaction reverted', { details: failed.map((f) => `${f.what}: ${f.hash}`) });
      return Math.max(...receipts.map((r) => r?.blockNumber ?? 0));
    }
  }
  throw new NonRetryableError('keeper seed transactions were not mined', { details: sent.map((s) => `${s.what}: ${s.hash}`) });
}
