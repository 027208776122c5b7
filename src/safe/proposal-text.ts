/** A proposal as a person reads it: plain units, the hash to check on a hardware wallet, who signed. */
import type { SafeProposal } from './proposal.ts';

/** One line for `keeper safe proposals` and `keeper status`. */
export function proposalLine(p: SafeProposal): string {
  const signed = `${new Set(p.signatures.map((s) => s.owner.toLowerCase())).size}/${p.threshold} signatures`;
  const when = p.status === 'pending' ? `expires ${new Date(p.expiresAt * 1000).toISOString()}` : (p.reason ?? '');
  return `${p.id.slice(0, 12)}… ${p.vault} ${p.status} · ${p.plan.kind} · nonce ${p.safeTx.nonce} · ${signed} · ${when}`;
}

/** The full proposal for `keeper safe show`. */
export function proposalText(p: SafeProposal): string {
  const signers = p.signatures.map((s) => `  ${s.owner} (${s.kind})`);
  const missing = p.owners.filter((o) => !p.signatures.some((s) => s.owner.toLowerCase() === o.toLowerCase()));
  return [
    `proposal ${p.id}`,
    `  status: ${p.status}${p.reason ? ` (${p.reason})` : ''}`,
    `  vault ${p.vault} · Safe ${p.safe} · chain ${p.chainId} · Safe nonce ${p.safeTx.nonce}`,
    `  plan ${p.planId}: ${p.plan.kind}: ${p.plan.reason}`,
    `  created ${new Date(p.createdAt * 1000).toISOString()}, expires ${new Date(p.expiresAt * 1000).toISOString()} (chain time)`,
    `Safe transaction: DELEGATECALL ${p.safeTx.to} (MultiSendCallOnly) with ${p.calls.length} calls:`,
    ...p.calls.map((c, i) => `  ${i + 1}. ${c.label} → ${c.to}${c.value > 0n ? ` (value ${(Number(c.value) / 1e18).toFixed(4)} ETH)` : ''}`),
    `simulated: gas ${p.simulation.gasUsed} at block ${p.simulation.block} via ${p.simulation.via}`,
    'expected balance changes of the Safe:',
    ...p.outcomes.map((o) => `  ${o.text}`),
    `signatures: ${new Set(p.signatures.map((s) => s.owner.toLowerCase())).size} of ${p.threshold} needed`,
    ...signers,
    ...(missing.length > 0 && p.status === 'pending' ? [`  not signed yet: ${missing.join(', ')}`] : []),
    ...(p.execution?.block !== undefined ? [`executed in block ${p.execution.block}, gas ${p.execution.gasUsed}, tx ${p.execution.txHash ?? '?'}`] : []),
    'sign: check that your wallet shows this safeTxHash, or sign the EIP-712 data from --json (typedData)',
  ].join('\n');
}
