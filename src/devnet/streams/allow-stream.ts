/**
 * Lets a vault still in its set-up phase claim and sell an LRT reward stream, as
 * src/vault-admin/vault-spec.ts derives it from the keeper's calls: the distributor's
 * claim(account, …) with the account (head word 0) bound to the vault, the stream token's pool
 * as a swap counterparty, and the router as a spender of the token. Returns the record with
 * these additions, so the deployment says what the vault accepts.
 */
import { FunctionFragment } from 'ethers';
import type { Deployer } from '../deployer.ts';
import { wordMask, type VaultCallRuleRecord, type VaultDeployment } from '../deploy-vault.ts';
import type { StreamContracts } from './devnet-stream.ts';

const CLAIM = FunctionFragment.from('function claim(address account, uint256 cumulativeAmount, bytes32 expectedMerkleRoot, bytes32[] merkleProof)');

/** @example const main = await allowRewardStream(deployer, unsealed, core.streams.weETH, uniswap.router) */
export async function allowRewardStream(deployer: Deployer, record: VaultDeployment, stream: StreamContracts, router: string): Promise<VaultDeployment> {
  const vault = deployer.at('RestakingVault', record.address);
  const pool = { label: `uniswapV2:WETH/${stream.symbol}`, address: stream.pair };
  await deployer.send(vault, 'queueCounterparty', [pool.address]);
  const spender = { token: stream.token, tokenLabel: stream.symbol, spender: router, spenderLabel: 'uniswapV2Router' };
  await deployer.send(vault, 'queueSpender', [spender.token, spender.spender]);
  const rules: VaultCallRuleRecord[] = [
    { label: `${stream.symbol}.distributor.claim`, target: stream.distributor, signature: CLAIM.format('sighash'), selector: CLAIM.selector, allowValue: false, selfWords: [0], counterpartyWords: [] },
    { label: `${stream.symbol}.approve`, target: stream.token, signature: 'approve(address,uint256)', selector: '0x095ea7b3', allowValue: false, selfWords: [], counterpartyWords: [] },
  ];
  for (const r of rules) await deployer.send(vault, 'queueCallRule', [r.target, r.selector, { allowed: true, allowValue: false, selfWords: wordMask(r.selfWords), counterpartyWords: 0 }]);
  return { ...record, pools: [...record.pools, pool], spenders: [...record.spenders, spender], callRules: [...record.callRules, ...rules] };
}
