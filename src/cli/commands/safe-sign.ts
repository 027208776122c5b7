/** `keeper safe sign` and `keeper safe import-signature`: owner signatures onto a pending proposal. */
import { readFile } from 'node:fs/promises';
import { Contract, Wallet } from 'ethers';
import { loadSecret } from '../../config/secrets.ts';
import { InputError } from '../../domain/errors.ts';
import { SAFE_ABI } from '../../safe/abi.ts';
import type { ProposalSignature, SafeProposal } from '../../safe/proposal.ts';
import { recoverOwnerSignature, signSafeTx } from '../../safe/signatures.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';
import { withSafeContext, type SafeCommandContext } from './safe-context.ts';

interface SignOptions {
  config: string;
  deployment?: string;
  json?: boolean;
  keyFile?: string;
  keyEnv?: string;
}

export async function runSafeSign(id: string, o: SignOptions, io: CliIo): Promise<void> {
  if ((o.keyFile === undefined) === (o.keyEnv === undefined)) throw new InputError('give exactly one of --key-file and --key-env', { details: ['the owner key never goes on the command line'] });
  const key = await loadSecret(o.keyFile !== undefined ? { file: o.keyFile } : { env: o.keyEnv as string }, io.env, (p) => readFile(p, 'utf8'));
  let owner: Wallet;
  try {
    owner = new Wallet(key);
  } catch (cause) {
    throw new InputError('the owner key is not a private key', { details: [o.keyFile !== undefined ? `file: ${o.keyFile}` : `variable: ${o.keyEnv}`], cause });
  }
  await withSafeContext(o, io, async (ctx) => {
    const p = await ctx.store.resolve(id);
    const owners = await currentOwners(ctx, p);
    if (!owners.some((a) => a.toLowerCase() === owner.address.toLowerCase())) throw new InputError('this key is not an owner of the Safe', { details: [`key address: ${owner.address}`, `owners: ${owners.join(', ')}`] });
    const sig = await signSafeTx(owner, { chainId: p.chainId, verifyingContract: p.safe }, p.safeTx, Math.floor(Date.now() / 1000));
    await addAndReport(ctx, p, sig, o, io);
  });
}

export async function runSafeImportSignature(id: string, signature: string, o: Omit<SignOptions, 'keyFile' | 'keyEnv'>, io: CliIo): Promise<void> {
  await withSafeContext(o, io, async (ctx) => {
    const p = await ctx.store.resolve(id);
    const sig = recoverOwnerSignature(signature, { chainId: p.chainId, verifyingContract: p.safe }, p.safeTx, await currentOwners(ctx, p), Math.floor(Date.now() / 1000));
    await addAndReport(ctx, p, sig, o, io);
  });
}

async function currentOwners(ctx: SafeCommandContext, p: SafeProposal): Promise<string[]> {
  return (await new Contract(p.safe, SAFE_ABI, ctx.provider).getFunction('getOwners')()) as string[];
}

async function addAndReport(ctx: SafeCommandContext, p: SafeProposal, sig: ProposalSignature, o: { json?: boolean }, io: CliIo): Promise<void> {
  const next = await ctx.store.update(p.id, (x) => ({ ...x, signatures: [...x.signatures.filter((s) => s.owner.toLowerCase() !== sig.owner.toLowerCase()), sig] }));
  const count = next.signatures.length;
  if (o.json) io.stdout(`${toJson({ proposal: next.id, owner: sig.owner, kind: sig.kind, signatures: count, threshold: next.threshold }, 2)}\n`);
  else io.stdout(`signed ${next.id} as ${sig.owner} (${sig.kind}): ${count} of ${next.threshold} signatures${count >= next.threshold ? ' — ready: keeper safe execute' : ''}\n`);
}
