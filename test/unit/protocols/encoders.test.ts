/**
 * Protocol encoders against literal calldata: selectors are the mainnet ones, arguments in
 * mainnet order, ETH markers where the protocols want them.
 */
import { describe, expect, it } from 'vitest';
import { encodeApprove, encodeUnwrapWeth, encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { encodeClaimWithdraw, encodeRedeemWeEth, encodeRequestWithdraw, encodeUnwrapWeEth } from '../../../src/protocols/etherfi/encode.ts';
import { encodeRenzoClaim, encodeRenzoInstantWithdraw, encodeRenzoQueueWithdraw } from '../../../src/protocols/renzo/encode.ts';
import { encodeKelpCompleteWithdrawal, encodeKelpInitiateWithdrawal } from '../../../src/protocols/kelp/encode.ts';
import { encodePufferRedeem } from '../../../src/protocols/puffer/encode.ts';
import { encodeSwellCreateWithdrawRequest, encodeSwellFinalizeWithdrawal } from '../../../src/protocols/swell/encode.ts';
import {
  encodeCompleteQueuedWithdrawal,
  encodeDelegateTo,
  encodeDepositIntoStrategy,
  encodeQueueWithdrawal,
  firstCompletableBlock,
  withdrawalRoot,
} from '../../../src/protocols/eigenlayer/encode.ts';
import { encodeSwapExactTokensForTokens, minOutFromRate } from '../../../src/protocols/uniswap/encode.ts';

const A = '0x1111111111111111111111111111111111111111';
const B = '0x2222222222222222222222222222222222222222';
const C = '0x3333333333333333333333333333333333333333';
const word = (hex: string): string => hex.replace(/^0x/, '').padStart(64, '0');
const ETH = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const W = { staker: A, delegatedTo: B, withdrawer: A, nonce: 7n, startBlock: 100, strategies: [C], scaledShares: [5n] };

describe('ERC-20 and WETH', () => {
  it('approve(spender, amount), deposit(), withdraw(wad)', () => {
    expect(encodeApprove(A, B, 1000n)).toEqual({ to: A, value: 0n, data: `0x095ea7b3${word(B)}${word('3e8')}` });
    expect(encodeWrapEth(A, 5n)).toEqual({ to: A, value: 5n, data: '0xd0e30db0' });
    expect(encodeUnwrapWeth(A, 5n).data).toBe(`0x2e1a7d4d${word('5')}`);
  });
});

describe('LRT exits', () => {
  it('ether.fi: redeemWeEth to native ETH, unwrap, requestWithdraw, claimWithdraw', () => {
    expect(encodeRedeemWeEth(A, 1000n, B).data).toBe(`0x50cd3742${word('3e8')}${word(B)}${word(ETH)}`);
    expect(encodeUnwrapWeEth(A, 3n).data).toBe(`0xde0e9a3e${word('3')}`);
    expect(encodeRequestWithdraw(A, B, 1000n).data).toBe(`0x397a1b28${word(B)}${word('3e8')}`);
    expect(encodeClaimWithdraw(A, 9n).data).toBe(`0xb13acedd${word('9')}`);
  });

  it('Renzo: instant withdraw carries minOut; queue withdraw and claim by index', () => {
    expect(encodeRenzoInstantWithdraw(A, 1000n, 990n).data).toBe(`0xe63697c8${word('3e8')}${word(ETH)}${word('3de')}`);
    expect(encodeRenzoQueueWithdraw(A, 1000n).data).toBe(`0x00f714ce${word('3e8')}${word(ETH)}`);
    expect(encodeRenzoClaim(A, 2n, B).data).toBe(`0xddd5e1b2${word('2')}${word(B)}`);
  });

  it('Kelp: initiateWithdrawal(ETH, amount, referral) and completeWithdrawal(ETH, referral)', () => {
    const referral = `${word('e')}72657374616b652d6b6565706572${'0'.repeat(36)}`;
    expect(encodeKelpInitiateWithdrawal(A, 1000n).data).toBe(`0xc5a67b01${word(ETH)}${word('3e8')}${word('60')}${referral}`);
    expect(encodeKelpCompleteWithdrawal(A).data).toBe(`0xd3a86833${word(ETH)}${word('40')}${referral}`);
  });

  it('Puffer redeem(shares, receiver, owner); Swell request and finalize', () => {
    expect(encodePufferRedeem(A, 1000n, B, B).data).toBe(`0xba087652${word('3e8')}${word(B)}${word(B)}`);
    expect(encodeSwellCreateWithdrawRequest(A, 1000n).data).toBe(`0x74dc9d1a${word('3e8')}`);
    expect(encodeSwellFinalizeWithdrawal(A, 4n).data).toBe(`0x5e15c749${word('4')}`);
  });
});

describe('EigenLayer', () => {
  it('depositIntoStrategy goes to the StrategyManager with (strategy, token, amount)', () => {
    expect(encodeDepositIntoStrategy(A, B, C, 1000n)).toEqual({ to: A, value: 0n, data: `0xe7a050aa${word(B)}${word(C)}${word('3e8')}` });
  });

  it('delegateTo with an empty approver signature and zero salt', () => {
    expect(encodeDelegateTo(A, B).data).toBe(`0xeea9064b${word(B)}${word('60')}${word('0')}${word('40')}${word('0')}${word('0')}`);
  });

  it('queueWithdrawals with one params entry', () => {
    expect(encodeQueueWithdrawal(A, C, 5n, B).data.slice(0, 10)).toBe('0x0dd8dd02');
    expect(encodeQueueWithdrawal(A, C, 5n, B).data).toContain(`${word('1')}${word(C)}${word('1')}${word('5')}`);
  });

  it('completeQueuedWithdrawal carries the whole struct (nonce, startBlock) and receiveAsTokens', () => {
    const data = encodeCompleteQueuedWithdrawal(A, W, [B]).data;
    expect(data.slice(0, 10)).toBe('0xe4cc3f90');
    expect(data).toContain(`${word(A)}${word(B)}${word(A)}${word('7')}${word('64')}`);
    expect(data.slice(10 + 128, 10 + 192)).toBe(word('1'));
  });

  it('withdrawal root = keccak256(abi.encode(withdrawal)); completion strictly after the delay', () => {
    expect(withdrawalRoot(W)).toBe('0xd08f4f2e3efc76a9102c66aecf66463a1ecbe8125f6db086dd6c0d486979865f');
    expect(withdrawalRoot({ ...W, nonce: 8n })).not.toBe(withdrawalRoot(W));
    expect(firstCompletableBlock(100, 50)).toBe(151);
  });
});

describe('Uniswap V2', () => {
  it('swapExactTokensForTokens(amountIn, minOut, path, to, deadline)', () => {
    const data = encodeSwapExactTokensForTokens(A, 1000n, 990n, [B, C], A, 1_700_000_000n).data;
    expect(data).toBe(`0x38ed1739${word('3e8')}${word('3de')}${word('a0')}${word(A)}${word('6553f100')}${word('2')}${word(B)}${word(C)}`);
  });

  it('min-out comes from the protocol rate less the slippage', () => {
    expect(minOutFromRate(10n ** 18n, 1_050_000_000_000_000_000n, 50)).toBe(1_044_750_000_000_000_000n);
    expect(minOutFromRate(0n, 10n ** 18n, 50)).toBe(0n);
  });
});
