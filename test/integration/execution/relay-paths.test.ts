/**
 * The executor against the relay emulator's awkward paths: bundles not included for several
 * blocks, a failing simulation, `result: null` answers, and a depeg between plan and send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import { encodeLrtDepositEth } from '../../../src/protocols/lrt-deposit.ts';
import { encodeWrapEth } from '../../../src/protocols/erc20/encode.ts';
import { snapshotRecheck } from '../../../src/execution/recheck.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import { startExecHarness, planOf, type ExecHarness } from './harness.ts';
import { dexSell, depositWeEth, rateOf } from './actions.ts';

let h: ExecHarness;

beforeAll(async () => {
  h = await startExecHarness();
  const d = h.world.deployment;
  await h.keeperSends({ ...encodeLrtDepositEth({ protocol: 'renzo', token: d.lrts.ezETH.token, contracts: d.lrts.ezETH.contracts }, parseEther('20'), h.keeper.address, 0n) });
  await h.keeperSends({ ...encodeWrapEth(d.weth, parseEther('5')) });
});

afterAll(async () => {
  await h?.stop();
});

describe('executor on the relay paths', () => {
  it('keeps re-signing for the next blocks while the relay does not include, then lands once it does', async () => {
    h.world.relay.setKnobs({ inclusionProbability: 0 });
    let sends = 0;
    const executor = await h.executor({
      settings: { blocksToTarget: 5 },
      hooks: {
        afterSend: () => {
          sends += 1;
          if (sends === 3) h.world.relay.setKnobs({ inclusionProbability: 1 });
        },
      },
    });
    try {
      const head = await h.provider.getBlockNumber();
      const result = await h.mining(executor.execute(planOf([await dexSell(h, 'ezETH', parseEther('1'))], head)));
      expect(result.status, result.reason).toBe('included');
      expect(result.targetBlocks.length).toBe(3);
      // Consecutive target blocks, each after the head it was signed at: never the current block.
      expect(result.targetBlocks[1]).toBe(result.targetBlocks[0]! + 1);
      expect(result.inclusionBlock).toBe(result.targetBlocks[2]);
      const intent = await h.intents.get(result.planId);
      // One signed attempt per target block, all with the nonces fixed at the first signature.
      expect(intent!.attempts.map((a) => a.targetBlock)).toEqual(result.targetBlocks);
      expect(intent!.nonces).toHaveLength(2);
      expect(intent!.inclusion?.txHashes).toEqual(intent!.attempts[2]?.txHashes);
      const tx = await h.provider.getTransaction(intent!.inclusion!.txHashes[0]!);
      expect(tx?.nonce).toBe(intent!.nonces![0]);
    } finally {
      h.world.relay.setKnobs({ inclusionProbability: 1 });
    }
  });

  it('sends nothing when the simulation fails', async () => {
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const sell = await dexSell(h, 'ezETH', parseEther('1'));
    // A min-out above what the pool pays: the router reverts in simulation.
    const greedy = { ...sell, minOutWei: sell.fairValueWei * 2n };
    const head = await h.provider.getBlockNumber();
    const before = h.world.relay.stats().bundles.received;
    const executor = await h.executor();
    const result = await h.mining(executor.execute(planOf([greedy], head)));
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/simulation: "sell ezETH on Uniswap V2" failed/);
    expect(result.targetBlocks).toEqual([]);
    expect(h.world.relay.stats().bundles.received).toBe(before);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
    expect((await h.intents.get(result.planId))?.status).toBe('failed');
  });

  it('refuses a simulation whose post-state is not the plan (deposit amount the plan did not expect)', async () => {
    const deposit = await depositWeEth(h, parseEther('1'));
    // The plan claims twice the weETH the deposit can mint: the probe after the bundle disagrees.
    const wrong = { ...deposit, expectedLrt: deposit.expectedLrt * 2n, minLrt: deposit.expectedLrt * 2n };
    const executor = await h.executor();
    const result = await h.mining(executor.execute(planOf([wrong], await h.provider.getBlockNumber())));
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/weETH .* below the plan's floor/);
    expect(result.targetBlocks).toEqual([]);
  });

  it('confirms from the chain when the relay answers result: null', async () => {
    h.world.relay.setKnobs({ nullResultMode: true });
    try {
      const executor = await h.executor();
      const result = await h.mining(executor.execute(planOf([await dexSell(h, 'ezETH', parseEther('1'))], await h.provider.getBlockNumber())));
      expect(result.status, result.reason).toBe('included');
      expect(result.bundleHashes).toEqual([]);
      const intent = await h.intents.get(result.planId);
      expect(intent?.attempts[0]?.sentTo[0]?.outcome).toBe('maybe');
    } finally {
      h.world.relay.setKnobs({ nullResultMode: false });
    }
  });

  it('refuses to send when a depeg appears between plan and send', async () => {
    const d = h.world.deployment;
    // A loose min-out, so the simulation alone would let the sale through at the depegged price.
    const sell = await dexSell(h, 'ezETH', parseEther('1'), 2_000);
    const plan = planOf([sell], await h.provider.getBlockNumber());
    h.world.market.inject({ kind: 'depeg', lrt: 'ezETH', bps: 800 });
    await h.world.mine(2);
    const pair = new Contract(d.uniswap.pairs.ezETH!, ['function getReserves() view returns (uint112, uint112, uint32)', 'function token0() view returns (address)'], h.provider);
    const reobserve = async (): Promise<Snapshot> => {
      const [r0, r1] = (await pair.getFunction('getReserves')()) as [bigint, bigint];
      const token0 = (await pair.getFunction('token0')()) as string;
      const ezFirst = token0.toLowerCase() === d.lrts.ezETH.token.toLowerCase();
      const block = (await h.provider.getBlock('latest'))!;
      return {
        chainId: d.chainId, block: block.number, timestamp: block.timestamp, baseFeeWei: block.baseFeePerGas ?? 0n, holder: h.keeper.address as `0x${string}`,
        idleWei: 0n, queuedWithdrawals: [], rewards: [], slashing: [], observedAt: block.timestamp,
        positions: [{ positionId: 'ezETH', rateWad: await rateOf(h, 'ezETH'), dex: ezFirst ? { token: r0, weth: r1 } : { token: r1, weth: r0 }, liquidBalance: 0n, valueWei: 0n }],
      };
    };
    const nonce = await h.provider.getTransactionCount(h.keeper.address, 'latest');
    const sendsBefore = h.world.relay.stats().bundles.received;
    // A loose simulation tolerance too: here the re-check alone must stop the send.
    const executor = await h.executor({ settings: { simulationToleranceBps: 2_000 }, recheck: snapshotRecheck(reobserve, { depeg: { thresholdBps: 150, exit: false }, maxBaseFeeGwei: 200 }, 0) });
    const result = await h.mining(executor.execute(plan));
    expect(result.status).toBe('refused');
    expect(result.reason).toMatch(/^risk re-check before sending: ezETH: DEX price -\d+(\.\d)? bps from the protocol rate/);
    expect(h.world.relay.stats().bundles.received).toBe(sendsBefore);
    expect(await h.provider.getTransactionCount(h.keeper.address, 'latest')).toBe(nonce);
    h.world.market.inject({ kind: 'recover', lrt: 'ezETH' });
  });
});
