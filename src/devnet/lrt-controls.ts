/**
 * The market simulator's levers on the LRT stand-ins, and rate reads through each protocol's
 * OWN rate function (the keeper must not get a different number from a shortcut).
 *
 * Levers return unsigned transaction requests; the simulator signs and sends them with the
 * deployer key (the owner of every devnet knob). ABIs come from the compiled artifacts, so a
 * renamed or re-typed function fails here instead of silently encoding something else.
 */
import { Interface, isError, type InterfaceAbi, type Provider } from 'ethers';
import { InputError, NonRetryableError, RetryableError } from '../domain/errors.ts';
import type { ArtifactSource } from './deployer.ts';
import { LRT_SYMBOLS, NATIVE_ETH, type LrtDeployments, type LrtSymbol } from './deploy-lrts.ts';

export interface TxRequest {
  to: string;
  data: string;
  value: bigint;
}

export interface LrtControls {
  /** Reads the rate (ETH per token, wad) the way the protocol exposes it to integrators. */
  readRate(provider: Provider, lrts: LrtDeployments, symbol: LrtSymbol): Promise<bigint>;
  /** A `devnetAccrue` transaction carrying the ETH that lifts the protocol's rate to the target. */
  accrueTo(provider: Provider, lrts: LrtDeployments, symbol: LrtSymbol, targetRateWad: bigint): Promise<TxRequest>;
  /** Drains or restores the protocol's instant exit (ether.fi, Renzo, Puffer only). */
  setInstantLiquidity(lrts: LrtDeployments, symbol: LrtSymbol, amountWei: bigint): TxRequest;
  /** Kelp's permissionless `updateRSETHPrice()`: the only way its stored price moves. */
  refreshKelpPrice(lrts: LrtDeployments): TxRequest;
}

const WAD = 10n ** 18n;

/** Whether an untyped string (a scenario file, a CLI flag) names one of the five LRTs. */
export function isLrtSymbol(value: string): value is LrtSymbol {
  return (LRT_SYMBOLS as readonly string[]).includes(value);
}

/**
 * Builds the levers from compiled artifacts (the compile result's `artifacts` map).
 *
 * @example
 *   const controls = createLrtControls(artifacts);
 *   const tx = await controls.accrueTo(provider, lrts, 'rsETH', parseEther('1.06'));
 *   await simulatorWallet.sendTransaction(tx); // Kelp's stored price is still the old one
 *   await simulatorWallet.sendTransaction(controls.refreshKelpPrice(lrts));
 */
export function createLrtControls(artifacts: ArtifactSource): LrtControls {
  const iface = (name: string): Interface => {
    const artifact = artifacts.get(name);
    if (!artifact) throw new NonRetryableError('LRT stand-in artifact missing', { details: [`contract: ${name}`, 'compile contracts/devnet/lrt'] });
    return new Interface(artifact.abi as InterfaceAbi);
  };
  const abi = {
    weETH: iface('EtherFiWeETH'),
    eETH: iface('EtherFiEETH'),
    pool: iface('EtherFiLiquidityPool'),
    redemption: iface('EtherFiRedemptionManager'),
    ezETH: iface('RenzoEzETH'),
    restakeManager: iface('RenzoRestakeManager'),
    rateProvider: iface('RenzoRateProvider'),
    instant: iface('RenzoInstantWithdrawer'),
    rsETH: iface('KelpRsETH'),
    kelpPool: iface('KelpDepositPool'),
    kelpOracle: iface('KelpOracle'),
    vault: iface('PufferVault'),
    rswETH: iface('SwellRswETH'),
  };

  async function readRate(provider: Provider, lrts: LrtDeployments, symbol: LrtSymbol): Promise<bigint> {
    switch (symbol) {
      case 'weETH':
        return readUint(provider, abi.weETH, lrts.weETH.token, 'getRate', []);
      case 'ezETH':
        return readUint(provider, abi.rateProvider, lrts.ezETH.contracts.rateProvider, 'getRate', []);
      case 'rsETH':
        return readUint(provider, abi.kelpOracle, lrts.rsETH.contracts.oracle, 'rsETHPrice', []);
      case 'pufETH':
        return readUint(provider, abi.vault, lrts.pufETH.contracts.vault, 'convertToAssets', [WAD]);
      case 'rswETH':
        return readUint(provider, abi.rswETH, lrts.rswETH.token, 'getRate', []);
    }
  }

  async function accrueTo(provider: Provider, lrts: LrtDeployments, symbol: LrtSymbol, targetRateWad: bigint): Promise<TxRequest> {
    const needed = await accrualNeeded(provider, lrts, symbol, targetRateWad);
    const target = accrualTarget(lrts, symbol);
    return { to: target.to, data: target.iface.encodeFunctionData('devnetAccrue', []), value: needed };
  }

  /** ETH to add so the rate reaches the target; rates are linear in the backing (ceil, so never short). */
  async function accrualNeeded(provider: Provider, lrts: LrtDeployments, symbol: LrtSymbol, target: bigint): Promise<bigint> {
    let needed: bigint;
    if (symbol === 'rsETH') {
      // The stored price lags on purpose, so work from the live backing instead.
      const backing = await readUint(provider, abi.kelpPool, lrts.rsETH.contracts.depositPool, 'getTotalAssetDeposits', [NATIVE_ETH]);
      const supply = await readUint(provider, abi.rsETH, lrts.rsETH.token, 'totalSupply', []);
      requireSupply(symbol, supply);
      needed = ceilDiv(target * supply, WAD) - backing;
    } else {
      const rate = await readRate(provider, lrts, symbol);
      const units = await rateDenominator(provider, lrts, symbol);
      requireSupply(symbol, units);
      needed = ceilDiv((target - rate) * units, WAD);
    }
    if (needed < 0n) {
      throw new InputError('Accrual can only raise an LRT rate', {
        details: [`symbol: ${symbol}`, `target rate: ${target}`, 'lower rates come from slashing or DEX events, not accrual'],
      });
    }
    return needed;
  }

  /** What the protocol divides its backing by: shares, supply, or supply + 1 (ERC-4626 offset). */
  async function rateDenominator(provider: Provider, lrts: LrtDeployments, symbol: Exclude<LrtSymbol, 'rsETH'>): Promise<bigint> {
    switch (symbol) {
      case 'weETH':
        return readUint(provider, abi.eETH, lrts.weETH.contracts.eETH, 'totalShares', []);
      case 'ezETH':
        return readUint(provider, abi.ezETH, lrts.ezETH.token, 'totalSupply', []);
      case 'pufETH':
        return (await readUint(provider, abi.vault, lrts.pufETH.contracts.vault, 'totalSupply', [])) + 1n;
      case 'rswETH':
        return readUint(provider, abi.rswETH, lrts.rswETH.token, 'totalSupply', []);
    }
  }

  function accrualTarget(lrts: LrtDeployments, symbol: LrtSymbol): { to: string; iface: Interface } {
    switch (symbol) {
      case 'weETH':
        return { to: lrts.weETH.contracts.liquidityPool, iface: abi.pool };
      case 'ezETH':
        return { to: lrts.ezETH.contracts.restakeManager, iface: abi.restakeManager };
      case 'rsETH':
        return { to: lrts.rsETH.contracts.depositPool, iface: abi.kelpPool };
      case 'pufETH':
        return { to: lrts.pufETH.contracts.vault, iface: abi.vault };
      case 'rswETH':
        return { to: lrts.rswETH.token, iface: abi.rswETH };
    }
  }

  function setInstantLiquidity(lrts: LrtDeployments, symbol: LrtSymbol, amountWei: bigint): TxRequest {
    if (amountWei < 0n) throw new InputError('Instant liquidity cannot be negative', { details: [`symbol: ${symbol}`, `amount: ${amountWei}`] });
    const encode = (to: string, i: Interface): TxRequest => ({ to, data: i.encodeFunctionData('devnetSetInstantLiquidity', [amountWei]), value: 0n });
    switch (symbol) {
      case 'weETH':
        return encode(lrts.weETH.contracts.redemptionManager, abi.redemption);
      case 'ezETH':
        return encode(lrts.ezETH.contracts.instantWithdrawer, abi.instant);
      case 'pufETH':
        return encode(lrts.pufETH.contracts.vault, abi.vault);
      case 'rsETH':
      case 'rswETH':
        throw new InputError('This LRT has no protocol instant exit', { details: [`symbol: ${symbol}`, 'its instant route is the DEX pool'] });
    }
  }

  function refreshKelpPrice(lrts: LrtDeployments): TxRequest {
    return { to: lrts.rsETH.contracts.oracle, data: abi.kelpOracle.encodeFunctionData('updateRSETHPrice', []), value: 0n };
  }

  return { readRate, accrueTo, setInstantLiquidity, refreshKelpPrice };
}

function requireSupply(symbol: LrtSymbol, supply: bigint): void {
  if (supply === 0n) throw new InputError('LRT has no supply, so it has no rate to move', { details: [`symbol: ${symbol}`] });
}

function ceilDiv(a: bigint, b: bigint): bigint {
  if (a <= 0n) return a / b;
  return (a + b - 1n) / b;
}

async function readUint(provider: Provider, iface: Interface, to: string, fn: string, args: readonly unknown[]): Promise<bigint> {
  try {
    const raw = await provider.call({ to, data: iface.encodeFunctionData(fn, args) });
    const [value] = iface.decodeFunctionResult(fn, raw);
    return value as bigint;
  } catch (cause) {
    const details = [`contract: ${to}`, `function: ${fn}`];
    // A revert or an undecodable answer will not change on retry; a transport failure may.
    if (isError(cause, 'CALL_EXCEPTION') || isError(cause, 'BAD_DATA')) {
      throw new NonRetryableError('LRT read reverted', { details, cause });
    }
    throw new RetryableError('LRT read failed', { details, cause });
  }
}
