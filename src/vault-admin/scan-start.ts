/**
 * The first block `keeper vault diff` reads the vault's allowlist events from. Surplus rules,
 * spenders and counterparties are only found from those events, so the scan must start at or
 * before the vault's deployment; from genesis it is complete but slow on mainnet (and many RPC
 * providers refuse so wide a log range). The vault's own `deployedAtBlock` is the right start,
 * but only for that vault: a diff of another address (--address) cannot use it.
 */
import { InputError } from '../domain/errors.ts';

export interface DiffScanStart {
  block: number;
  /** `option`: --from-block; `config`: vaults[].deployedAtBlock; `genesis`: neither applies. */
  source: 'option' | 'config' | 'genesis';
  /** Why the start is what it is, as the diff prints it after "from block N". */
  note: string;
}

export interface ScanStartInput {
  /** --from-block as typed, if given. */
  fromBlockOption?: string;
  deployedAtBlock?: number;
  /** false when --address names a vault other than the config entry's. */
  isConfigVault: boolean;
}

/**
 * @example diffScanStart({ deployedAtBlock: 21_000_000, isConfigVault: true }) // { block: 21000000, source: 'config', note: 'vaults[].deployedAtBlock' }
 */
export function diffScanStart(input: ScanStartInput): DiffScanStart {
  if (input.fromBlockOption !== undefined) {
    if (!/^\d+$/.test(input.fromBlockOption)) throw new InputError('--from-block must be a block number (a whole number, 0 or more)', { details: [`--from-block: ${input.fromBlockOption}`] });
    return { block: Number(input.fromBlockOption), source: 'option', note: '--from-block' };
  }
  if (!input.isConfigVault) {
    return { block: 0, source: 'genesis', note: "--address is not the config vault's address, so its vaults[].deployedAtBlock does not apply; give --from-block to start at this vault's deployment" };
  }
  if (input.deployedAtBlock !== undefined) return { block: input.deployedAtBlock, source: 'config', note: 'vaults[].deployedAtBlock' };
  return { block: 0, source: 'genesis', note: "set vaults[].deployedAtBlock to start at the vault's deployment" };
}
