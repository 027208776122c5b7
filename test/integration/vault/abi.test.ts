/**
 * The keeper's human-readable vault ABI (src/protocols/vault/abi.ts) against the compiled
 * RestakingVault: every fragment exists with the same signature and mutability, every custom
 * error the vault can revert with decodes, every event is known, and the runtime code fits
 * the 24 KiB mainnet limit (Anvil here runs without it).
 */
import { describe, expect, it } from 'vitest';
import { Interface, type InterfaceAbi } from 'ethers';
import { compileContracts } from '../../../src/solidity/compile.ts';
import { RESTAKING_VAULT_ABI } from '../../../src/protocols/vault/abi.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

const artifact = compileContracts({ projectRoot: PROJECT_ROOT, sourceDirs: ['contracts'] }).artifacts.get('RestakingVault');
const compiled = new Interface((artifact?.abi ?? []) as InterfaceAbi);
const ours = new Interface(RESTAKING_VAULT_ABI as unknown as InterfaceAbi);

/** OpenZeppelin internals that cannot surface from the vault's external entry points as used. */
const UNREACHABLE_ERRORS = new Set([
  'AddressEmptyCode(address)',
  'SafeERC20FailedOperation(address)',
  'MathOverflowedMulDiv()',
  'OwnableInvalidOwner(address)',
  'ERC20InsufficientAllowance(address,uint256,uint256)',
  'ERC20InsufficientBalance(address,uint256,uint256)',
  'ERC20InvalidApprover(address)',
  'ERC20InvalidReceiver(address)',
  'ERC20InvalidSender(address)',
  'ERC20InvalidSpender(address)',
]);

describe('vault ABI fragments', () => {
  it('every function fragment matches the compiled contract, mutability included', () => {
    const mismatches: string[] = [];
    ours.forEachFunction((fn) => {
      const real = compiled.getFunction(fn.selector);
      if (real === null || real.format('sighash') !== fn.format('sighash') || real.stateMutability !== fn.stateMutability) {
        mismatches.push(fn.format('sighash'));
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('covers every compiled error (bar unreachable OpenZeppelin internals) and every event', () => {
    const missingErrors: string[] = [];
    compiled.forEachError((e) => {
      const sig = e.format('sighash');
      if (!UNREACHABLE_ERRORS.has(sig) && ours.getError(e.selector)?.format('sighash') !== sig) missingErrors.push(sig);
    });
    expect(missingErrors).toEqual([]);
    const missingEvents: string[] = [];
    compiled.forEachEvent((e) => {
      if (ours.getEvent(e.topicHash)?.format('sighash') !== e.format('sighash')) missingEvents.push(e.format('sighash'));
    });
    expect(missingEvents).toEqual([]);
  });

  it('has no fragment the contract lacks', () => {
    const extra: string[] = [];
    ours.forEachError((e) => {
      if (compiled.getError(e.selector) === null) extra.push(e.format('sighash'));
    });
    ours.forEachEvent((e) => {
      if (compiled.getEvent(e.topicHash) === null) extra.push(e.format('sighash'));
    });
    expect(extra).toEqual([]);
  });

  it('fits the 24,576-byte runtime code limit of mainnet', () => {
    const bytes = ((artifact?.deployedBytecode.length ?? 0) - 2) / 2;
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(24_576);
  });
});
