/**
 * Deploys a RestakingVault (contracts/vault) on the devnet and configures it for the five LRTs,
 * EigenLayer and the Uniswap V2 router: valued positions and strategies, the call allowlist
 * with its argument guards, the approve-spender allowlist and the counterparties: operators
 * and the DEX pools swaps may trade through (WETH/LRT and reward/WETH pairs that exist).
 *
 * The configuration is applied during the vault's set-up phase (changes apply at once, deposits
 * are closed) and then sealed, so from the first deposit on every widening change waits for
 * the timelock. The returned description is plain JSON: the keeper and the deployment record
 * use it to know what the vault will accept without asking the chain.
 */
import { Contract, FunctionFragment, Interface, ZeroAddress, parseEther } from 'ethers';
import { InputError } from '../domain/errors.ts';
import type { Deployer } from './deployer.ts';
import type { LrtDeployments, LrtSymbol } from './deploy-lrts.ts';
import { LRT_SYMBOLS } from './deploy-lrts.ts';
import type { EigenLayerDeployment } from './deploy-eigenlayer.ts';

export interface DeployVaultOptions {
  weth: string;
  lrts: LrtDeployments;
  eigenlayer: EigenLayerDeployment;
  /** The router swaps go through, and its factory (whose existing pairs become allowlisted pools). */
  uniswap: { router: string; factory: string };
  keeper: string;
  /** Default: the deployer (who is also the owner). */
  guardian?: string;
  /** Default 1 day; the contract accepts 1 hour .. 30 days. */
  timelockSeconds?: number;
  /** Default 50 (0.5 % of total assets per execute). */
  maxLossBps?: number;
  /** Default 200 (2 % per rolling day). */
  maxWindowLossBps?: number;
  /** Leave the set-up phase open (deposits closed) for tests that configure more. Default true. */
  seal?: boolean;
}

/** One allowlisted (target, selector) and its argument guards, in words of the ABI head. */
export interface VaultCallRuleRecord {
  label: string;
  target: string;
  signature: string;
  selector: string;
  allowValue: boolean;
  /** Head words that must equal the vault's own address (receiver, recipient, to, owner). */
  selfWords: number[];
  /** Head words that must be an allowlisted counterparty (EigenLayer operators). */
  counterpartyWords: number[];
}

export interface VaultDeployment {
  address: string;
  owner: string;
  keeper: string;
  guardian: string;
  timelockSeconds: number;
  maxLossBps: number;
  maxWindowLossBps: number;
  /** Each valued as balance x (staticcall rateTarget with rateData) / 1e18. */
  positions: { symbol: LrtSymbol; token: string; rateTarget: string; rateSignature: string; rateData: string }[];
  strategies: { symbol: LrtSymbol; strategy: string }[];
  counterparties: { label: string; address: string }[];
  /** Pools the vault's swaps may trade through (queued as counterparties too). */
  pools: { label: string; address: string }[];
  spenders: { token: string; tokenLabel: string; spender: string; spenderLabel: string }[];
  callRules: VaultCallRuleRecord[];
}

interface RuleSpec {
  label: string;
  target: string;
  fragment: string;
  allowValue?: boolean;
  selfWords?: number[];
  counterpartyWords?: number[];
}

const APPROVE = 'function approve(address spender, uint256 amount) returns (bool)';
const FACTORY = ['function getPair(address tokenA, address tokenB) view returns (address)'];
const RATES = new Interface([
  'function getRate() view returns (uint256)',
  'function rsETHPrice() view returns (uint256)',
  'function convertToAssets(uint256 shares) view returns (uint256)',
]);

/**
 * Deploys, configures and (by default) seals a vault owned by the deployer.
 *
 * @example
 *   const vault = await deployVault(deployer, { weth, lrts, eigenlayer, uniswap, keeper: accounts.keeper });
 *   deployment.vaults = { main: vault };
 */
export async function deployVault(deployer: Deployer, options: DeployVaultOptions): Promise<VaultDeployment> {
  const owner = deployer.signer.address;
  const guardian = options.guardian ?? owner;
  const timelockSeconds = options.timelockSeconds ?? 86_400;
  const maxLossBps = options.maxLossBps ?? 50;
  const maxWindowLossBps = options.maxWindowLossBps ?? 200;
  if (!Number.isInteger(timelockSeconds) || timelockSeconds < 3_600 || timelockSeconds > 30 * 86_400) {
    throw new InputError('Vault timelock must be between 1 hour and 30 days', { details: [`timelockSeconds: ${timelockSeconds}`] });
  }
  const params = {
    owner,
    keeper: options.keeper,
    guardian,
    delegationManager: options.eigenlayer.delegationManager,
    timelockDelay: BigInt(timelockSeconds),
    maxLossBps,
    maxWindowLossBps,
  };
  const vault = await deployer.deploy('RestakingVault', [options.weth, 'Restake Keeper Vault WETH', 'rkvWETH', params]);
  const address = await vault.getAddress();

  const positions = positionRecords(options.lrts);
  for (const p of positions) await deployer.send(vault, 'queueSetPosition', [p.token, { target: p.rateTarget, data: p.rateData }]);
  const strategies = LRT_SYMBOLS.map((symbol) => ({ symbol, strategy: strategyOf(options.eigenlayer, symbol) }));
  for (const s of strategies) await deployer.send(vault, 'queueAddStrategy', [s.strategy]);
  const counterparties = options.eigenlayer.operators.map((o) => ({ label: o.name, address: o.address }));
  const pools = await poolRecords(deployer, options);
  for (const c of [...counterparties, ...pools]) await deployer.send(vault, 'queueCounterparty', [c.address]);
  const spenders = spenderRecords(options);
  for (const s of spenders) await deployer.send(vault, 'queueSpender', [s.token, s.spender]);
  const callRules = ruleSpecs(options, spenders).map(toRecord);
  for (const r of callRules) {
    const rule = { allowed: true, allowValue: r.allowValue, selfWords: wordMask(r.selfWords), counterpartyWords: wordMask(r.counterpartyWords) };
    await deployer.send(vault, 'queueCallRule', [r.target, r.selector, rule]);
  }
  if (options.seal ?? true) await deployer.send(vault, 'sealSetup');

  return { address, owner, keeper: options.keeper, guardian, timelockSeconds, maxLossBps, maxWindowLossBps, positions, strategies, counterparties, pools, spenders, callRules };
}

/** Bitmask of head-word indexes, as the contract's CallRule expects. */
export function wordMask(words: readonly number[]): number {
  let mask = 0;
  for (const w of words) {
    if (!Number.isInteger(w) || w < 0 || w > 31) throw new InputError('Argument word index out of range', { details: [`word: ${w}`] });
    mask |= 1 << w;
  }
  return mask >>> 0;
}

/** Rates from each protocol's own contract (never DEX spot): the vault's trust assumption. */
function positionRecords(lrts: LrtDeployments): VaultDeployment['positions'] {
  const getRate = { rateSignature: 'getRate()', rateData: RATES.encodeFunctionData('getRate') };
  return [
    { symbol: 'weETH', token: lrts.weETH.token, rateTarget: lrts.weETH.token, ...getRate },
    { symbol: 'ezETH', token: lrts.ezETH.token, rateTarget: lrts.ezETH.contracts.rateProvider, ...getRate },
    { symbol: 'rsETH', token: lrts.rsETH.token, rateTarget: lrts.rsETH.contracts.oracle, rateSignature: 'rsETHPrice()', rateData: RATES.encodeFunctionData('rsETHPrice') },
    {
      symbol: 'pufETH',
      token: lrts.pufETH.token,
      rateTarget: lrts.pufETH.contracts.vault,
      rateSignature: 'convertToAssets(1e18)',
      rateData: RATES.encodeFunctionData('convertToAssets', [parseEther('1')]),
    },
    { symbol: 'rswETH', token: lrts.rswETH.token, rateTarget: lrts.rswETH.token, ...getRate },
  ];
}

function strategyOf(eigenlayer: EigenLayerDeployment, symbol: LrtSymbol): string {
  const strategy = eigenlayer.strategies[symbol];
  if (strategy === undefined || strategy === ZeroAddress) {
    throw new InputError('EigenLayer deployment has no strategy for an LRT', { details: [`symbol: ${symbol}`] });
  }
  return strategy;
}

/**
 * The Uniswap V2 pairs swaps may use: WETH against each LRT and each reward token, where the
 * pair exists. The vault refuses a swap hop through any other pool (SwapPoolNotAllowed), so a
 * keeper key cannot route losses through a pool someone else created.
 */
async function poolRecords(deployer: Deployer, options: DeployVaultOptions): Promise<VaultDeployment['pools']> {
  const factory = new Contract(options.uniswap.factory, FACTORY, deployer.signer.provider);
  const tokens = [...LRT_SYMBOLS.map((symbol) => ({ symbol, address: options.lrts[symbol].token })), ...options.eigenlayer.rewardTokens];
  const pools: VaultDeployment['pools'] = [];
  for (const t of tokens) {
    const pair = (await factory.getFunction('getPair')(options.weth, t.address)) as string;
    if (pair !== ZeroAddress) pools.push({ label: `uniswapV2:WETH/${t.symbol}`, address: pair });
  }
  return pools;
}

/** Who may pull which token: each spender only takes from msg.sender (the vault). */
function spenderRecords(options: DeployVaultOptions): VaultDeployment['spenders'] {
  const { lrts, eigenlayer, uniswap, weth } = options;
  const router = { spender: uniswap.router, spenderLabel: 'uniswapV2Router' };
  const sm = { spender: eigenlayer.strategyManager, spenderLabel: 'strategyManager' };
  const rows: VaultDeployment['spenders'] = [
    { token: weth, tokenLabel: 'WETH', ...router },
    { token: weth, tokenLabel: 'WETH', spender: lrts.pufETH.contracts.vault, spenderLabel: 'pufferVault' },
    { token: lrts.weETH.token, tokenLabel: 'weETH', spender: lrts.weETH.contracts.redemptionManager, spenderLabel: 'etherfiRedemptionManager' },
    { token: lrts.ezETH.token, tokenLabel: 'ezETH', spender: lrts.ezETH.contracts.instantWithdrawer, spenderLabel: 'renzoInstantWithdrawer' },
  ];
  for (const symbol of LRT_SYMBOLS) {
    rows.push({ token: lrts[symbol].token, tokenLabel: symbol, ...sm }, { token: lrts[symbol].token, tokenLabel: symbol, ...router });
  }
  for (const reward of eigenlayer.rewardTokens) rows.push({ token: reward.address, tokenLabel: reward.symbol, ...router });
  return rows;
}

function ruleSpecs(options: DeployVaultOptions, spenders: VaultDeployment['spenders']): RuleSpec[] {
  const { lrts, eigenlayer, uniswap, weth } = options;
  const withdrawalTuple = '(address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares)';
  const claimTuple =
    '(uint32 rootIndex, uint32 earnerIndex, bytes earnerTreeProof, (address earner, bytes32 earnerTokenRoot) earnerLeaf, uint32[] tokenIndices, bytes[] tokenTreeProofs, (address token, uint256 cumulativeEarnings)[] tokenLeaves)';
  const specs: RuleSpec[] = [
    { label: 'WETH.deposit', target: weth, fragment: 'function deposit() payable', allowValue: true },
    { label: 'WETH.withdraw', target: weth, fragment: 'function withdraw(uint256 wad)' },
    // ether.fi
    { label: 'etherfi.depositETHForWeETH', target: lrts.weETH.contracts.depositAdapter, fragment: 'function depositETHForWeETH(address referral) payable returns (uint256)', allowValue: true },
    { label: 'etherfi.redeemWeEth', target: lrts.weETH.contracts.redemptionManager, fragment: 'function redeemWeEth(uint256 weEthAmount, address receiver, address outputToken)', selfWords: [1] },
    // Renzo
    { label: 'renzo.depositETH', target: lrts.ezETH.contracts.restakeManager, fragment: 'function depositETH(uint256 referralId) payable', allowValue: true },
    { label: 'renzo.instantWithdraw', target: lrts.ezETH.contracts.instantWithdrawer, fragment: 'function withdraw(uint256 amount, address redeemToken, uint256 minOut)' },
    // Kelp
    { label: 'kelp.depositETH', target: lrts.rsETH.contracts.depositPool, fragment: 'function depositETH(uint256 minRSETHAmountExpected, string referralId) payable', allowValue: true },
    { label: 'kelp.updateRSETHPrice', target: lrts.rsETH.contracts.oracle, fragment: 'function updateRSETHPrice()' },
    // Puffer (pufETH is the ERC-4626 vault itself)
    { label: 'puffer.depositETH', target: lrts.pufETH.contracts.vault, fragment: 'function depositETH(address receiver) payable returns (uint256)', allowValue: true, selfWords: [0] },
    { label: 'puffer.deposit', target: lrts.pufETH.contracts.vault, fragment: 'function deposit(uint256 assets, address receiver) returns (uint256)', selfWords: [1] },
    { label: 'puffer.redeem', target: lrts.pufETH.contracts.vault, fragment: 'function redeem(uint256 shares, address receiver, address owner) returns (uint256)', selfWords: [1, 2] },
    { label: 'puffer.withdraw', target: lrts.pufETH.contracts.vault, fragment: 'function withdraw(uint256 assets, address receiver, address owner) returns (uint256)', selfWords: [1, 2] },
    // Swell
    { label: 'swell.deposit', target: lrts.rswETH.token, fragment: 'function deposit() payable', allowValue: true },
    // EigenLayer
    { label: 'eigen.depositIntoStrategy', target: eigenlayer.strategyManager, fragment: 'function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)' },
    { label: 'eigen.delegateTo', target: eigenlayer.delegationManager, fragment: 'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)', counterpartyWords: [0] },
    { label: 'eigen.redelegate', target: eigenlayer.delegationManager, fragment: 'function redelegate(address newOperator, (bytes signature, uint256 expiry) newOperatorApproverSig, bytes32 approverSalt) returns (bytes32[])', counterpartyWords: [0] },
    { label: 'eigen.undelegate', target: eigenlayer.delegationManager, fragment: 'function undelegate(address staker) returns (bytes32[])', selfWords: [0] },
    { label: 'eigen.queueWithdrawals', target: eigenlayer.delegationManager, fragment: 'function queueWithdrawals((address[] strategies, uint256[] depositShares, address __deprecated_withdrawer)[] params) returns (bytes32[])' },
    { label: 'eigen.completeQueuedWithdrawal', target: eigenlayer.delegationManager, fragment: `function completeQueuedWithdrawal(${withdrawalTuple} withdrawal, address[] tokens, bool receiveAsTokens)` },
    { label: 'eigen.completeQueuedWithdrawals', target: eigenlayer.delegationManager, fragment: `function completeQueuedWithdrawals(${withdrawalTuple}[] withdrawals, address[][] tokens, bool[] receiveAsTokens)` },
    { label: 'eigen.processClaim', target: eigenlayer.rewardsCoordinator, fragment: `function processClaim(${claimTuple} claim, address recipient)`, selfWords: [1] },
    { label: 'eigen.processClaims', target: eigenlayer.rewardsCoordinator, fragment: `function processClaims(${claimTuple}[] claims, address recipient)`, selfWords: [1] },
    // Uniswap V2: output always to the vault; min-out is the loss check's and the keeper's job.
    { label: 'uniswap.swapExactTokensForTokens', target: uniswap.router, fragment: 'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])', selfWords: [3] },
    { label: 'uniswap.swapTokensForExactTokens', target: uniswap.router, fragment: 'function swapTokensForExactTokens(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[])', selfWords: [3] },
  ];
  const approveTargets = new Map(spenders.map((s) => [s.token.toLowerCase(), s]));
  for (const s of approveTargets.values()) specs.push({ label: `${s.tokenLabel}.approve`, target: s.token, fragment: APPROVE });
  return specs;
}

function toRecord(spec: RuleSpec): VaultCallRuleRecord {
  const fn = FunctionFragment.from(spec.fragment);
  return {
    label: spec.label,
    target: spec.target,
    signature: fn.format('sighash'),
    selector: fn.selector,
    allowValue: spec.allowValue ?? false,
    selfWords: spec.selfWords ?? [],
    counterpartyWords: spec.counterpartyWords ?? [],
  };
}

/** Uniswap V3 swaps a vault may make: single-hop exact-input sales and buys of each LRT on its pool. */
export interface VaultV3Options {
  router: string;
  weth: string;
  /** LRT symbol → its LRT/WETH pool. */
  pools: Readonly<Record<string, string>>;
}

/**
 * Adds Uniswap V3 exits to a vault still in its set-up phase: each LRT/WETH pool as a swap
 * counterparty (the vault resolves exactInputSingle's pool through the router's factory and
 * refuses any other), the router as a spender of each LRT (sales) and of WETH (buys under the
 * rate, src/plan/entry.ts), and SwapRouter.exactInputSingle with
 * the recipient (head word 3 of its static struct) bound to the vault. Returns the record with
 * these additions, so the deployment says what the vault accepts.
 */
export async function allowUniswapV3(deployer: Deployer, record: VaultDeployment, lrts: LrtDeployments, v3: VaultV3Options): Promise<VaultDeployment> {
  const vault = deployer.at('RestakingVault', record.address);
  const pools = LRT_SYMBOLS.flatMap((symbol) => (v3.pools[symbol] ? [{ label: `uniswapV3:WETH/${symbol}`, address: v3.pools[symbol] }] : []));
  for (const p of pools) await deployer.send(vault, 'queueCounterparty', [p.address]);
  const spenders = [
    ...LRT_SYMBOLS.map((symbol) => ({ token: lrts[symbol].token, tokenLabel: symbol, spender: v3.router, spenderLabel: 'uniswapV3Router' })),
    { token: v3.weth, tokenLabel: 'WETH', spender: v3.router, spenderLabel: 'uniswapV3Router' },
  ];
  for (const s of spenders) await deployer.send(vault, 'queueSpender', [s.token, s.spender]);
  const rule = toRecord({
    label: 'uniswapV3.exactInputSingle',
    target: v3.router,
    fragment: 'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params) payable returns (uint256 amountOut)',
    selfWords: [3],
  });
  await deployer.send(vault, 'queueCallRule', [rule.target, rule.selector, { allowed: true, allowValue: false, selfWords: wordMask(rule.selfWords), counterpartyWords: 0 }]);
  return { ...record, pools: [...record.pools, ...pools], spenders: [...record.spenders, ...spenders], callRules: [...record.callRules, rule] };
}

/** Ends a vault's set-up phase: from now on every widening change waits for the timelock. */
export async function sealVault(deployer: Deployer, address: string): Promise<void> {
  await deployer.send(deployer.at('RestakingVault', address), 'sealSetup');
}
