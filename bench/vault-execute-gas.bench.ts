/**
 * Gas of RestakingVault.execute on an automining Anvil with the devnet protocols and the
 * devnet vault configuration (src/devnet/deploy-vault.ts): the 5-call rebalance (unwrap, Renzo
 * depositETH, approve, depositIntoStrategy, delegateTo), a 2-call Uniswap V2 swap (approve,
 * swapExactTokensForTokens WETH -> weETH, a small loss), and a zero-loss unwrap. Figures are
 * receipts' gasUsed; `npm run bench -- vault-execute-gas` prints them.
 */
import { Contract, Interface, JsonRpcProvider, MaxUint256, Wallet, ZeroHash, parseEther, type InterfaceAbi, type TransactionReceipt } from 'ethers';
import { fileURLToPath } from 'node:url';
import { startAnvil } from '../src/devnet/anvil.ts';
import { compileContracts } from '../src/solidity/compile.ts';
import { Deployer } from '../src/devnet/deployer.ts';
import { DEV_KEYS } from '../src/devnet/accounts.ts';
import { deployUniswap, deployWeth } from '../src/devnet/dex/uniswap.ts';
import { deployLrts, type LrtSymbol } from '../src/devnet/deploy-lrts.ts';
import { createLrtControls } from '../src/devnet/lrt-controls.ts';
import { deployEigenLayer } from '../src/devnet/deploy-eigenlayer.ts';
import { seedLrtPools } from '../src/devnet/seed.ts';
import { deployVault } from '../src/devnet/deploy-vault.ts';
import { RESTAKING_VAULT_ABI } from '../src/protocols/vault/abi.ts';
import { RENZO_RESTAKE_MANAGER_ABI } from '../src/protocols/renzo/abi.ts';
import type { BenchRun, Figure } from './figure.ts';

const ERC20 = new Interface(['function approve(address spender, uint256 amount) returns (bool)', 'function deposit() payable', 'function withdraw(uint256 wad)']);
const RENZO = new Interface(RENZO_RESTAKE_MANAGER_ABI);
const EIGEN = new Interface([
  'function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)',
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
]);
const ROUTER = new Interface(['function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[])']);

export const run: BenchRun = async () => {
  const projectRoot = fileURLToPath(new URL('..', import.meta.url));
  const { artifacts } = compileContracts({ projectRoot, sourceDirs: ['contracts'] });
  const anvil = await startAnvil({ noMining: false });
  const provider = new JsonRpcProvider(anvil.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 20, cacheTimeout: -1 });
  try {
    const owner = new Wallet(DEV_KEYS.deployer, provider);
    const keeper = new Wallet(DEV_KEYS.keeper, provider);
    const user = new Wallet(DEV_KEYS.user, provider);
    const deployer = new Deployer(provider, owner, artifacts);
    const weth = await (await deployWeth(deployer)).getAddress();
    const uniswap = await deployUniswap(deployer, weth);
    const lrts = await deployLrts(deployer, { weth });
    const eigenlayer = await deployEigenLayer(deployer, {
      rpcUrl: anvil.rpcUrl, provider, lrtTokens: Object.fromEntries(Object.values(lrts).map((l) => [l.symbol, l.token])), rewardsUpdater: owner.address, minWithdrawalDelayBlocks: 5, activationDelaySeconds: 10,
    });
    const controls = createLrtControls({ get: (name) => artifacts.get(name) });
    await seedLrtPools(deployer, uniswap, Object.values(lrts), (s) => controls.readRate(provider, lrts, s as LrtSymbol), { lrtStockEth: parseEther('20000'), poolDepthEth: parseEther('5000') });
    const info = await deployVault(deployer, { weth, lrts, eigenlayer, uniswap, keeper: keeper.address });
    const vault = new Contract(info.address, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, keeper);
    const send = async (c: Contract, fn: string, args: unknown[], value = 0n): Promise<TransactionReceipt> => {
      const receipt = (await (await c.getFunction(fn)(...args, { gasLimit: 5_000_000n, value })).wait()) as TransactionReceipt;
      if (receipt.status !== 1) throw new Error(`${fn} reverted`);
      return receipt;
    };
    const wethAsUser = new Contract(weth, ERC20, user);
    await send(wethAsUser, 'deposit', [], parseEther('100'));
    await send(wethAsUser, 'approve', [info.address, MaxUint256]);
    await send(new Contract(info.address, RESTAKING_VAULT_ABI as unknown as InterfaceAbi, user), 'deposit', [parseEther('100'), user.address]);

    const call = (target: string, data: string, value = 0n): { target: string; value: bigint; data: string } => ({ target, value, data });
    const ezETH = lrts.ezETH.token;
    const rebalance = await send(vault, 'execute', [[
      call(weth, ERC20.encodeFunctionData('withdraw', [parseEther('40')])),
      call(lrts.ezETH.contracts.restakeManager, RENZO.encodeFunctionData('depositETH', [0n]), parseEther('40')),
      call(ezETH, ERC20.encodeFunctionData('approve', [eigenlayer.strategyManager, parseEther('30')])),
      call(eigenlayer.strategyManager, EIGEN.encodeFunctionData('depositIntoStrategy', [eigenlayer.strategies.ezETH, ezETH, parseEther('30')])),
      call(eigenlayer.delegationManager, EIGEN.encodeFunctionData('delegateTo', [eigenlayer.operators[0]?.address, { signature: '0x', expiry: 0n }, ZeroHash])),
    ]]);
    const swap = await send(vault, 'execute', [[
      call(weth, ERC20.encodeFunctionData('approve', [uniswap.router, parseEther('1')])),
      call(uniswap.router, ROUTER.encodeFunctionData('swapExactTokensForTokens', [parseEther('1'), 0n, [weth, lrts.weETH.token], info.address, 2n ** 40n])),
    ]]);
    const unwrap = await send(vault, 'execute', [[call(weth, ERC20.encodeFunctionData('withdraw', [parseEther('1')]))]]);
    const figures: Figure[] = [
      { name: 'vault_execute_gas_rebalance_5_calls', value: Number(rebalance.gasUsed), unit: 'gas' },
      { name: 'vault_execute_gas_swap_2_calls_lossy', value: Number(swap.gasUsed), unit: 'gas' },
      { name: 'vault_execute_gas_unwrap_1_call', value: Number(unwrap.gasUsed), unit: 'gas' },
    ];
    return figures;
  } finally {
    provider.destroy();
    await anvil.stop();
  }
};
