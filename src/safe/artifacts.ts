/**
 * The Safe 1.4.1 contracts exactly as published in `@safe-global/safe-contracts` (build
 * artifacts, never recompiled): the same bytecode as the canonical mainnet deployments, so
 * what the devnet proves about signatures, nonces and MultiSendCallOnly holds on mainnet.
 */
import { createRequire } from 'node:module';
import type { InterfaceAbi } from 'ethers';

export interface SafeArtifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
}

const PATHS = {
  singleton: 'Safe.sol/Safe.json',
  proxyFactory: 'proxies/SafeProxyFactory.sol/SafeProxyFactory.json',
  multiSendCallOnly: 'libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json',
  fallbackHandler: 'handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json',
} as const;

export type SafeContractName = keyof typeof PATHS;

/** @example safeArtifact('singleton').abi */
export function safeArtifact(name: SafeContractName): SafeArtifact {
  const require = createRequire(import.meta.url);
  const json = require(`@safe-global/safe-contracts/build/artifacts/contracts/${PATHS[name]}`) as { abi: InterfaceAbi; bytecode: string };
  return { abi: json.abi, bytecode: json.bytecode };
}
