/**
 * An LRT reward stream claimed from a cumulative merkle distributor on Anvil: the proof
 * server's proof, checked against the distributor's root, pays; a tampered proof, a root the
 * chain does not hold and a second claim of the same amount are refused before anything is
 * sent (and the first two would also revert on chain).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, parseEther } from 'ethers';
import { startTestChain, type TestChain } from '../../helpers/chain.ts';
import { buildStreamTree } from '../../../src/rewards/streams/merkle-tree.ts';
import { createStreamProofClient } from '../../../src/rewards/streams/proof-client.ts';
import { DISTRIBUTOR_ABI, encodeStreamClaim, verifiedStreamClaim } from '../../../src/rewards/streams/cumulative-merkle.ts';
import { startStreamProofServer, type StreamProofServer } from '../../../src/devnet/streams/proof-server.ts';
import { GAS } from '../../../src/plan/gas.ts';

let chain: TestChain;
let server: StreamProofServer;
let token: Contract;
let distributor: Contract;
let vault: string;
const OTHERS = ['0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', '0x90F79bf6EB2c4f870365E785982E1f101E93b906'];

beforeAll(async () => {
  chain = await startTestChain({ sourceDirs: ['contracts/devnet/common'] });
  vault = chain.wallet('keeper').address;
  token = await chain.deployer.deploy('MockERC20', ['King', 'KING']);
  distributor = await chain.deployer.deploy('CumulativeMerkleDistributor', [await token.getAddress()]);
  await chain.deployer.send(token, 'mint', [await distributor.getAddress(), parseEther('100')]);
  server = await startStreamProofServer();
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await chain?.stop();
});

/** Posts a tree on chain and on the proof server, as the devnet's distribution does. */
async function distribute(vaultCumulative: bigint): Promise<void> {
  const tree = buildStreamTree([{ account: vault, cumulativeAmount: vaultCumulative }, { account: OTHERS[0]!, cumulativeAmount: parseEther('3') }, { account: OTHERS[1]!, cumulativeAmount: 0n }]);
  await chain.deployer.send(distributor, 'setMerkleRoot', [tree.root]);
  server.publish(tree);
}

const client = () => createStreamProofClient({ proofUrl: server.url, timeoutMs: 5_000, retries: 0 });
const balance = async () => (await token.getFunction('balanceOf')(vault)) as bigint;

describe('reward stream claims on Anvil', () => {
  it('a claim with a valid proof pays the cumulative amount minus what was claimed', async () => {
    await distribute(parseEther('5'));
    const claim = await verifiedStreamClaim(chain.provider, await distributor.getAddress(), client(), vault);
    expect(claim.payout).toBe(parseEther('5'));
    const before = await balance();
    const tx = await chain.wallet('keeper').sendTransaction(encodeStreamClaim(claim));
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
    // The planner prices a stream claim at GAS['claim-stream']: it must cover a real one.
    expect(Number(receipt?.gasUsed ?? 0n)).toBeLessThan(GAS['claim-stream']);
    expect((await balance()) - before).toBe(parseEther('5'));

    // A week later the cumulative amount is 7.5: the next claim pays 2.5, not 7.5.
    await distribute(parseEther('7.5'));
    const next = await verifiedStreamClaim(chain.provider, await distributor.getAddress(), client(), vault);
    expect(next.payout).toBe(parseEther('2.5'));
    await (await chain.wallet('keeper').sendTransaction(encodeStreamClaim(next))).wait();
    expect((await balance()) - before).toBe(parseEther('7.5'));
  });

  it('refuses to claim the same amount twice, before sending', async () => {
    await expect(verifiedStreamClaim(chain.provider, await distributor.getAddress(), client(), vault)).rejects.toMatchObject({ code: 'STREAM_NOTHING_TO_CLAIM' });
  });

  it('refuses a tampered proof before sending, and the distributor would refuse it too', async () => {
    await distribute(parseEther('9'));
    server.tamper = (a) => ({ ...a, cumulativeAmount: parseEther('90').toString() });
    try {
      const before = await chain.provider.getTransactionCount(vault);
      await expect(verifiedStreamClaim(chain.provider, await distributor.getAddress(), client(), vault)).rejects.toMatchObject({ code: 'STREAM_PROOF_INVALID' });
      expect(await chain.provider.getTransactionCount(vault)).toBe(before);
      // Sent anyway, the tampered claim reverts with InvalidProof.
      const answer = await client().proofFor(vault);
      const tampered = encodeStreamClaim({ distributor: await distributor.getAddress(), account: vault, cumulativeAmount: answer.cumulativeAmount, root: answer.root, proof: answer.proof, payout: 0n });
      const reverted = await chain.provider.call({ ...tampered, from: vault }).then(() => undefined, (err: { data?: string }) => err.data);
      expect(reverted).toBe(distributor.interface.getError('InvalidProof')?.selector);
    } finally {
      server.tamper = undefined;
    }
  });

  it('refuses a proof for a root the distributor does not hold', async () => {
    // The proof server moves to a new tree the chain never received.
    server.publish(buildStreamTree([{ account: vault, cumulativeAmount: parseEther('20') }, { account: OTHERS[0]!, cumulativeAmount: parseEther('3') }]));
    await expect(verifiedStreamClaim(chain.provider, await distributor.getAddress(), client(), vault)).rejects.toMatchObject({ code: 'STREAM_ROOT_MISMATCH' });
    const onChain = new Contract(await distributor.getAddress(), DISTRIBUTOR_ABI, chain.provider);
    expect((await onChain.getFunction('cumulativeClaimed')(vault)) as bigint).toBe(parseEther('7.5'));
  });
});
