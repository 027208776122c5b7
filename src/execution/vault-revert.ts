/**
 * Names the guard behind a RestakingVault revert in a simulation error, so an operator reads
 * "call 1 'approve rsETH → withdrawal manager': SpenderNotAllowed(…)" instead of raw bytes.
 * Call indexes in the vault's errors are positions in the execute() array: the calls built
 * for the plan, in order.
 */
import { Interface } from 'ethers';
import { VAULT_ERRORS_ABI } from '../protocols/vault/abi.ts';
import type { Call } from './call.ts';

const errors = new Interface(VAULT_ERRORS_ABI);
const INDEXED = new Set(['CallToSelf', 'MissingSelector', 'CallNotAllowed', 'ValueNotAllowed', 'ArgumentMissing', 'RecipientNotVault', 'CounterpartyNotAllowed', 'SpenderNotAllowed', 'CallFailed']);

/**
 * The message with the first decodable vault error appended in words; unchanged when none is found.
 * @example explainVaultRevert('execution reverted (0x20641573…)', calls) // '… [vault: call 0 "approve rsETH → withdrawal manager": SpenderNotAllowed(…)]'
 */
export function explainVaultRevert(message: string, calls: readonly Call[]): string {
  for (const hex of message.match(/0x[0-9a-fA-F]{8,}/g) ?? []) {
    let parsed: ReturnType<Interface['parseError']>;
    try {
      parsed = errors.parseError(hex);
    } catch {
      continue;
    }
    if (parsed === null) continue;
    const args = parsed.args.map((a) => String(a));
    const index = INDEXED.has(parsed.name) ? Number(parsed.args[0]) : undefined;
    const call = index === undefined ? undefined : calls[index];
    const where = call === undefined ? '' : `call ${index} "${call.label}": `;
    return `${message} [vault: ${where}${parsed.name}(${args.join(', ')})]`;
  }
  return message;
}
