/**
 * Plan actions → contract calls for the holder of the position. Pure: every address comes
 * from the execution targets, every amount from the plan or from records read beforehand
 * (tracked withdrawals, the rewards claim), so the same plan always gives the same calldata.
 *
 * Native ETH: deposits take ETH, and several exits pay ETH (ether.fi and Renzo instant exits,
 * and the four LRT queues: ether.fi claimWithdraw, Renzo claim, Kelp completeWithdrawal,
 * Swell finalizeWithdrawal). The builder keeps a running ETH float, spends it on deposits
 * first, unwraps WETH only for the shortfall and wraps what is left at the end, so a plan
 * never relies on ETH it cannot prove it will receive. The float starts with the book's
 * native ETH (`nativeWei`) and grows by what earlier calls are sure to pay (their min-outs).
 *
 * Why not wrap exactly what an exit paid, in the same bundle: a call's ETH value is fixed when
 * the transaction is signed, and what an exit pays is only known in the block that includes it
 * (the rate moves; a queue pays the lower of two values). Wrapping more than arrived would
 * spend the keeper's gas ETH on the eoa backend and revert on the vault. So the bundle wraps
 * what is guaranteed, and the rest is never lost from sight: native ETH is part of the book.
 * On the vault backend the vault holds no gas, so its whole native balance is book (and
 * RestakingVault.totalAssets counts it). On the eoa backend book ETH and gas ETH share one
 * balance, so the book's share is a ledger of each landed plan's exact native delta net of the
 * gas it paid (src/reconcile/native-book.ts): an exit paying 104.685 ETH of which 104.37 was
 * wrapped credits 0.315 ETH, never the operator's gas top-ups. Observe counts the book's native
 * ETH as idle, and the next bundle sweeps it (spends it on deposits or wraps it), so no wei
 * of proceeds stays native beyond one plan.
 */
import type { Action, DepositLrtAction, WithdrawAction } from '../domain/plan.ts';
import type { LrtSymbol, PositionSpec } from '../domain/types.ts';
import { InputError } from '../domain/errors.ts';
import { encodeApprove, encodeUnwrapWeth, encodeWrapEth } from '../protocols/erc20/encode.ts';
import { encodeClaimWithdraw, encodeRedeemWeEth, encodeRequestWithdraw, encodeUnwrapWeEth } from '../protocols/etherfi/encode.ts';
import { encodeRenzoClaim, encodeRenzoInstantWithdraw, encodeRenzoQueueWithdraw } from '../protocols/renzo/encode.ts';
import { encodeKelpCompleteWithdrawal, encodeKelpInitiateWithdrawal } from '../protocols/kelp/encode.ts';
import { encodePufferRedeem } from '../protocols/puffer/encode.ts';
import { encodeSwellCreateWithdrawRequest, encodeSwellFinalizeWithdrawal } from '../protocols/swell/encode.ts';
import {
  encodeCompleteQueuedWithdrawal,
  encodeDelegateTo,
  encodeDepositIntoStrategy,
  encodeProcessClaim,
  encodeQueueWithdrawal,
  encodeUndelegate,
} from '../protocols/eigenlayer/encode.ts';
import { encodeSwapExactTokensForTokens } from '../protocols/uniswap/encode.ts';
import { encodeStreamClaim } from '../rewards/streams/cumulative-merkle.ts';
import { exitVenue } from '../protocols/exit-venues.ts';
import type { EntryVenue } from '../protocols/uniswap/venue.ts';
import { encodeLrtDepositEth, type TxRequest } from '../protocols/lrt-deposit.ts';
import type { RewardsMerkleClaim } from '../protocols/eigenlayer/rewards-merkle.ts';
import type { TrackedWithdrawal } from '../state/withdrawals.ts';
import type { Call } from './call.ts';
import { restakeAmount } from './restake-amount.ts';
import type { ExecutionTargets, LrtTargets } from './targets.ts';

export interface BuildContext {
  /** Holds the position: the vault contract or the keeper's own address. */
  readonly holder: string;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  /** Queued withdrawals by id, for complete-withdrawal actions. */
  readonly withdrawals: ReadonlyMap<string, TrackedWithdrawal>;
  /** The claim for a claim-rewards action, built from the rewards source beforehand. */
  readonly claim?: RewardsMerkleClaim;
  /** Renzo claims address requests by their current index: requestId → index, read just before building. */
  readonly renzoIndices?: ReadonlyMap<string, bigint>;
  /** Swap deadline, unix seconds. */
  readonly deadline: bigint;
  /** Native ETH of the book (not gas), read just before building: swept into this bundle. */
  readonly nativeWei?: bigint;
}

/** Wei eETH left unrequested when queueing weETH: unwrap rounds by share math. */
const ETHERFI_ROUNDING_WEI = 2n;

/**
 * @example buildCalls(plan.actions, { holder, targets, specs, withdrawals: new Map(), deadline })
 */
export function buildCalls(actions: readonly Action[], ctx: BuildContext): Call[] {
  const calls: Call[] = [];
  let ethFloat = ctx.nativeWei ?? 0n;
  // What LRT-queue claims are expected to pay (read from the chain when planned): deposits of
  // the same bundle may spend it (the planner funds them so), but it is never wrapped here:
  // what arrives unspent is swept by the next bundle, so a short claim cannot wrap gas ETH.
  let claimFloat = 0n;
  let undelegated = false;
  const push = (action: number, label: string, tx: TxRequest): void => {
    calls.push({ to: tx.to, data: tx.data, value: tx.value, label, action });
  };
  for (const [i, action] of actions.entries()) {
    switch (action.kind) {
      case 'complete-withdrawal':
        if (completion(action.withdrawalId, ctx, (label, tx) => push(i, label, tx))) claimFloat += action.expectedWei;
        break;
      case 'claim-rewards': {
        if (ctx.claim === undefined || ctx.targets.eigen === undefined) throw new InputError('claim-rewards needs a rewards claim and EigenLayer targets', { details: [`action: ${i}`] });
        push(i, `claim ${action.tokens.length} reward token(s)`, encodeProcessClaim(ctx.targets.eigen.rewardsCoordinator, ctx.claim, ctx.holder));
        break;
      }
      case 'claim-stream':
        // The proof is for the holder: the distributor pays the account named in the call.
        push(i, `claim ${action.symbol} of reward stream ${action.stream}`, { ...encodeStreamClaim({ ...action, account: ctx.holder }), value: 0n });
        break;
      case 'swap-reward':
        push(i, `approve reward → router`, encodeApprove(action.token, ctx.targets.router, action.amountIn));
        push(i, `swap reward ${action.token} → WETH`, encodeSwapExactTokensForTokens(ctx.targets.router, action.amountIn, action.minOutWei, [action.token, ctx.targets.weth], ctx.holder, ctx.deadline));
        break;
      case 'withdraw':
        ethFloat += withdraw(action, lrtOf(action.positionId, ctx), ctx, (label, tx) => push(i, label, tx));
        break;
      case 'eigen-queue-withdrawal':
        // One undelegate queues the shares of every strategy: made once, for the first marked queue.
        if (action.undelegate === true) {
          if (!undelegated) push(i, `undelegate: queue every EigenLayer share and leave the operator`, encodeUndelegate(eigen(ctx).delegationManager, ctx.holder));
          undelegated = true;
        } else push(i, `queue EigenLayer withdrawal (${action.positionId})`, encodeQueueWithdrawal(eigen(ctx).delegationManager, action.strategy, action.depositShares, ctx.holder));
        break;
      case 'deposit-lrt': {
        const fromFloat = ethFloat < action.amountWei ? ethFloat : action.amountWei;
        ethFloat -= fromFloat;
        const fromClaims = claimFloat < action.amountWei - fromFloat ? claimFloat : action.amountWei - fromFloat;
        claimFloat -= fromClaims;
        if (action.route === 'dex') {
          // A DEX buy pays WETH: the native ETH it takes (exit proceeds, due claims held to their
          // amount by the expectations) is wrapped first, the rest is WETH already held.
          if (fromFloat + fromClaims > 0n) push(i, 'wrap ETH for a DEX buy', encodeWrapEth(ctx.targets.weth, fromFloat + fromClaims));
          const lrt = lrtOf(action.positionId, ctx);
          const symbol = specOf(action.positionId, ctx).symbol;
          if (action.venue !== undefined && action.venue !== 'uniswap-v2') {
            const venue = quotedVenue(action.venue, action.positionId, symbol, lrt, ctx);
            const { spender, tx } = venue.buySwap(action.amountWei, action.minLrt, ctx.holder, ctx.deadline);
            push(i, `approve WETH → ${action.venue} router`, encodeApprove(ctx.targets.weth, spender, action.amountWei));
            push(i, `buy ${symbol} on ${venue.label}`, tx);
            break;
          }
          push(i, 'approve WETH → router', encodeApprove(ctx.targets.weth, ctx.targets.router, action.amountWei));
          push(i, `buy ${symbol} on Uniswap V2`, encodeSwapExactTokensForTokens(ctx.targets.router, action.amountWei, action.minLrt, [ctx.targets.weth, lrt.token], ctx.holder, ctx.deadline));
          break;
        }
        const short = action.amountWei - fromFloat - fromClaims;
        if (short > 0n) push(i, 'unwrap WETH for deposit', encodeUnwrapWeth(ctx.targets.weth, short));
        deposit(action, lrtOf(action.positionId, ctx), ctx, (label, tx) => push(i, label, tx));
        break;
      }
      case 'eigen-deposit': {
        const spec = specOf(action.positionId, ctx);
        // After a mint: the expected mint less the rate-drift allowance (restake-amount.ts); held LRT: exactly its amount.
        const amount = restakeAmount(actions, i);
        push(i, `approve ${spec.symbol} → StrategyManager`, encodeApprove(spec.token, eigen(ctx).strategyManager, amount));
        push(i, `restake ${spec.symbol}`, encodeDepositIntoStrategy(eigen(ctx).strategyManager, action.strategy, spec.token, amount));
        break;
      }
      case 'delegate':
        push(i, `delegate to ${action.operator}`, encodeDelegateTo(eigen(ctx).delegationManager, action.operator));
        break;
    }
  }
  if (ethFloat > 0n) calls.push({ ...encodeWrapEth(ctx.targets.weth, ethFloat), label: 'wrap ETH proceeds', action: Math.max(0, actions.length - 1) });
  return calls;
}

type Emit = (label: string, tx: TxRequest) => void;

/** Returns the ETH the exit is sure to pay (0 for routes paying WETH or paying later). */
function withdraw(action: WithdrawAction, lrt: LrtTargets, ctx: BuildContext, emit: Emit): bigint {
  const symbol = specOf(action.positionId, ctx).symbol;
  if (action.route === 'dex' && action.venue !== undefined && action.venue !== 'uniswap-v2') {
    const venue = quotedVenue(action.venue, action.positionId, symbol, lrt, ctx);
    const { spender, tx } = venue.swap(action.amountLrt, action.minOutWei, ctx.holder, ctx.deadline);
    emit(`approve ${symbol} → ${action.venue} router`, encodeApprove(lrt.token, spender, action.amountLrt));
    emit(`sell ${symbol} on ${venue.label}`, tx);
    return 0n;
  }
  if (action.route === 'dex') {
    emit(`approve ${symbol} → router`, encodeApprove(lrt.token, ctx.targets.router, action.amountLrt));
    emit(`sell ${symbol} on Uniswap V2`, encodeSwapExactTokensForTokens(ctx.targets.router, action.amountLrt, action.minOutWei, [lrt.token, ctx.targets.weth], ctx.holder, ctx.deadline));
    return 0n;
  }
  if (action.route === 'instant') {
    switch (lrt.protocol) {
      case 'etherfi':
        emit('approve weETH → redemption manager', encodeApprove(lrt.token, lrt.redemptionManager, action.amountLrt));
        emit('redeem weETH instantly', encodeRedeemWeEth(lrt.redemptionManager, action.amountLrt, ctx.holder));
        return action.minOutWei;
      case 'renzo':
        emit('approve ezETH → instant withdrawer', encodeApprove(lrt.token, lrt.instantWithdrawer, action.amountLrt));
        emit('withdraw ezETH instantly', encodeRenzoInstantWithdraw(lrt.instantWithdrawer, action.amountLrt, action.minOutWei));
        return action.minOutWei;
      case 'puffer':
        emit('redeem pufETH (ERC-4626)', encodePufferRedeem(lrt.token, action.amountLrt, ctx.holder, ctx.holder));
        return 0n;
      default:
        throw new InputError(`${lrt.protocol} has no instant exit`, { details: [`position: ${action.positionId}`] });
    }
  }
  switch (lrt.protocol) {
    case 'etherfi': {
      // eETH is 1:1 with ETH, so the unwrapped amount is the fair value at the protocol rate.
      const eEth = action.fairValueWei;
      const amount = eEth > ETHERFI_ROUNDING_WEI ? eEth - ETHERFI_ROUNDING_WEI : 0n;
      emit('unwrap weETH → eETH', encodeUnwrapWeEth(lrt.token, action.amountLrt));
      emit('approve eETH → liquidity pool', encodeApprove(lrt.eETH, lrt.liquidityPool, amount));
      emit('request ether.fi withdrawal', encodeRequestWithdraw(lrt.liquidityPool, ctx.holder, amount));
      return 0n;
    }
    case 'renzo':
      emit('approve ezETH → withdraw queue', encodeApprove(lrt.token, lrt.withdrawQueue, action.amountLrt));
      emit('queue Renzo withdrawal', encodeRenzoQueueWithdraw(lrt.withdrawQueue, action.amountLrt));
      return 0n;
    case 'kelp':
      emit('approve rsETH → withdrawal manager', encodeApprove(lrt.token, lrt.withdrawalManager, action.amountLrt));
      emit('initiate Kelp withdrawal', encodeKelpInitiateWithdrawal(lrt.withdrawalManager, action.amountLrt));
      return 0n;
    case 'swell':
      emit('approve rswETH → withdrawal NFT', encodeApprove(lrt.token, lrt.withdrawalNft, action.amountLrt));
      emit('create Swell withdraw request', encodeSwellCreateWithdrawRequest(lrt.withdrawalNft, action.amountLrt));
      return 0n;
    default:
      throw new InputError(`${lrt.protocol} has no queued exit`, { details: [`position: ${action.positionId}`] });
  }
}

function deposit(action: DepositLrtAction, lrt: LrtTargets, ctx: BuildContext, emit: Emit): void {
  const symbol = specOf(action.positionId, ctx).symbol;
  switch (lrt.protocol) {
    case 'etherfi':
      if (lrt.depositAdapter === undefined) throw new InputError('ether.fi deposits need the DepositAdapter address', { details: ['targets.lrts.weETH.depositAdapter'] });
      emit(`mint ${symbol}`, encodeLrtDepositEth({ protocol: 'etherfi', token: lrt.token, contracts: { depositAdapter: lrt.depositAdapter } }, action.amountWei, ctx.holder, action.minLrt));
      return;
    case 'renzo':
      emit(`mint ${symbol}`, encodeLrtDepositEth({ protocol: 'renzo', token: lrt.token, contracts: { restakeManager: lrt.restakeManager } }, action.amountWei, ctx.holder, action.minLrt));
      return;
    case 'kelp':
      emit(`mint ${symbol}`, encodeLrtDepositEth({ protocol: 'kelp', token: lrt.token, contracts: { depositPool: lrt.depositPool } }, action.amountWei, ctx.holder, action.minLrt));
      return;
    case 'puffer':
      emit(`mint ${symbol}`, encodeLrtDepositEth({ protocol: 'puffer', token: lrt.token, contracts: { vault: lrt.token } }, action.amountWei, ctx.holder, action.minLrt));
      return;
    case 'swell':
      emit(`mint ${symbol}`, encodeLrtDepositEth({ protocol: 'swell', token: lrt.token, contracts: {} }, action.amountWei, ctx.holder, action.minLrt));
      return;
  }
}

/** Emits the completion of a tracked withdrawal; returns whether it pays native ETH (the LRT queues; EigenLayer pays LRT). */
function completion(id: string, ctx: BuildContext, emit: Emit): boolean {
  const record = ctx.withdrawals.get(id);
  if (record === undefined) throw new InputError('complete-withdrawal for an untracked withdrawal', { details: [`withdrawal: ${id}`] });
  switch (record.kind) {
    case 'eigen':
      emit(`complete EigenLayer withdrawal ${id.slice(0, 10)}`, encodeCompleteQueuedWithdrawal(eigen(ctx).delegationManager, record.withdrawal, record.tokens));
      return false;
    case 'etherfi': {
      const lrt = ctx.targets.lrts.weETH;
      if (lrt?.protocol !== 'etherfi') throw missing('weETH');
      emit(`claim ether.fi request ${record.tokenId}`, encodeClaimWithdraw(lrt.withdrawRequestNft, record.tokenId));
      return true;
    }
    case 'renzo': {
      const lrt = ctx.targets.lrts.ezETH;
      if (lrt?.protocol !== 'renzo') throw missing('ezETH');
      const index = ctx.renzoIndices?.get(record.requestId.toString());
      if (index === undefined) throw new InputError('Renzo claim index not resolved', { details: [`request: ${record.requestId}`] });
      emit(`claim Renzo request ${record.requestId}`, encodeRenzoClaim(lrt.withdrawQueue, index, ctx.holder));
      return true;
    }
    case 'kelp': {
      const lrt = ctx.targets.lrts.rsETH;
      if (lrt?.protocol !== 'kelp') throw missing('rsETH');
      emit('complete Kelp withdrawal', encodeKelpCompleteWithdrawal(lrt.withdrawalManager));
      return true;
    }
    case 'swell': {
      const lrt = ctx.targets.lrts.rswETH;
      if (lrt?.protocol !== 'swell') throw missing('rswETH');
      emit(`finalize Swell request ${record.tokenId}`, encodeSwellFinalizeWithdrawal(lrt.withdrawalNft, record.tokenId));
      return true;
    }
  }
}

/** The configured quoted venue (a V3 pool) of `kind` for this LRT, which a sale or a buy names. */
function quotedVenue(kind: string, positionId: string, symbol: LrtSymbol, lrt: LrtTargets, ctx: BuildContext): EntryVenue {
  const target = ctx.targets.venues?.[symbol]?.find((v) => v.kind === kind);
  if (target === undefined) throw new InputError(`no ${kind} venue configured for ${symbol}`, { details: [`position: ${positionId}`, `targets.venues.${symbol}`] });
  return exitVenue({ symbol, token: lrt.token, weth: ctx.targets.weth, venue: target });
}

function specOf(positionId: string, ctx: BuildContext): PositionSpec {
  const spec = ctx.specs.find((s) => s.id === positionId);
  if (spec === undefined) throw new InputError('plan names an unknown position', { details: [`position: ${positionId}`] });
  return spec;
}

function lrtOf(positionId: string, ctx: BuildContext): LrtTargets {
  const spec = specOf(positionId, ctx);
  const lrt = ctx.targets.lrts[spec.symbol];
  if (lrt === undefined) throw missing(spec.symbol);
  return lrt;
}

function eigen(ctx: BuildContext): NonNullable<ExecutionTargets['eigen']> {
  if (ctx.targets.eigen === undefined) throw new InputError('plan needs EigenLayer but no EigenLayer targets are configured', { details: ['targets.eigen'] });
  return ctx.targets.eigen;
}

function missing(symbol: string): InputError {
  return new InputError(`no execution targets for ${symbol}`, { details: [`targets.lrts.${symbol}`] });
}
