/**
 * `keeper safe …`: DAO mode (`backend: safe-propose`). The keeper proposes (keeper execute on
 * a safe-propose vault); owners review (`proposals`, `show`, `export` for Safe{Wallet}), sign
 * (`sign` with a key from a secret, `import-signature` from any other wallet), and the keeper
 * sends the signed Safe transaction as a private bundle (`execute`).
 */
import type { Command } from 'commander';
import { InputError } from '../../domain/errors.ts';
import { toTxBuilderBatch, toTxServiceProposal } from '../../safe/formats.ts';
import { proposalLine, proposalText } from '../../safe/proposal-text.ts';
import { toJson } from '../format/json.ts';
import type { CliIo } from '../io.ts';
import { withSafeContext } from './safe-context.ts';
import { runSafeExecute } from './safe-execute.ts';
import { runSafeModuleSetup, type ModuleSetupOptions } from './safe-module-setup.ts';
import { runSafeImportSignature, runSafeSign } from './safe-sign.ts';
import { runSafeVaultChange, type VaultChangeOptions } from './safe-vault-change.ts';

interface Common {
  config: string;
  deployment?: string;
  json?: boolean;
}

/** Adds `keeper safe` and its subcommands to the program. */
export function registerSafeCommands(program: Command, io: CliIo): Command {
  const safe = program.command('safe').description("DAO mode: the keeper's proposals to a Safe, owner signatures, execution once signed.");
  const common = (c: Command): Command =>
    c.requiredOption('-c, --config <file>', 'keeper YAML config with a safe-propose vault').option('--deployment <file>', 'deployment JSON for deployment: references').option('--json', 'print JSON (amounts in wei as decimal strings)');

  common(safe.command('proposals').description('List proposals, newest first (pending only unless --all).'))
    .option('--vault <name>', 'only this vault')
    .option('--all', 'also executed, refused, superseded and expired ones')
    .action(async (o: Common & { vault?: string; all?: boolean }) => {
      await withSafeContext(o, io, async (ctx) => {
        const list = await ctx.store.list({ ...(o.vault ? { vault: o.vault } : {}), pendingOnly: o.all !== true });
        if (o.json) io.stdout(`${toJson(list, 2)}\n`);
        else io.stdout(list.length === 0 ? 'no proposals\n' : `${list.map(proposalLine).join('\n')}\n`);
      });
    });

  common(safe.command('show <id>').description('One proposal: calls, simulation, expected changes in plain units, signatures (id: safeTxHash or a prefix).')).action(async (id: string, o: Common) => {
    await withSafeContext(o, io, async (ctx) => {
      const p = await ctx.store.resolve(id);
      io.stdout(o.json ? `${toJson(p, 2)}\n` : `${proposalText(p)}\n`);
    });
  });

  safe
    .command('export <id>')
    .description('A proposal as a Safe Transaction Builder batch file or a Safe Transaction Service proposal body.')
    .requiredOption('-c, --config <file>', 'keeper YAML config with a safe-propose vault')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .requiredOption('--format <format>', 'tx-builder | tx-service')
    .option('--sender <owner>', 'tx-service: the owner whose signature goes with it (default: the first signer)')
    .action(async (id: string, o: Common & { format: string; sender?: string }) => {
      if (o.format !== 'tx-builder' && o.format !== 'tx-service') throw new InputError('--format must be tx-builder or tx-service', { details: [`got: ${o.format}`] });
      await withSafeContext(o, io, async (ctx) => {
        const p = await ctx.store.resolve(id);
        const out = o.format === 'tx-builder' ? toTxBuilderBatch(p) : toTxServiceProposal(p, o.sender);
        io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      });
    });

  common(safe.command('sign <id>').description("Sign a proposal's EIP-712 data with an owner key read from a file or an environment variable."))
    .option('--key-file <path>', 'file holding the owner private key')
    .option('--key-env <name>', 'environment variable holding the owner private key')
    .action(async (id: string, o: Common & { keyFile?: string; keyEnv?: string }) => {
      await runSafeSign(id, o, io);
    });

  common(safe.command('import-signature <id> <signature>').description('Add an owner signature made elsewhere (EIP-712 typed data, or eth_sign of the safeTxHash); it must recover to an owner.')).action(
    async (id: string, signature: string, o: Common) => {
      await runSafeImportSignature(id, signature, o, io);
    },
  );

  common(safe.command('execute <id>').description('Send a proposal signed by enough owners as a private bundle, after re-checking and re-simulating it.'))
    .option('--log-level <level>', 'log level of the stderr logs', 'warn')
    .action(async (id: string, o: Common & { logLevel: string }) => {
      await runSafeExecute(id, o, io);
    });
  safe
    .command('vault-change')
    .description("A RestakingVault governance change as a Safe transaction of the Safe that owns the vault: safeTxHash, EIP-712 data, Transaction Builder batch (JSON). Sends nothing.")
    .requiredOption('-c, --config <file>', 'keeper YAML config (chain and RPC)')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .requiredOption('--safe <address>', 'the Safe that owns the vault')
    .requiredOption('--vault <address>', 'the RestakingVault')
    .requiredOption('--call <fn[:args]>', 'vault admin call, e.g. queueLossLimits:60,250 or applyChange:0x…; repeat for a batch', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--multi-send <address>', 'MultiSendCallOnly for batches (default: the config\'s, else the canonical 1.4.1 one)')
    .action(async (o: VaultChangeOptions) => {
      await runSafeVaultChange(o, io);
    });
  safe
    .command('module-setup')
    .description("The owners' Safe transaction for a safe-module vault's SafeKeeperModule: setup enables it with the allowlist derived from the config (as `keeper vault deploy` derives a vault's), pause pauses it, remove disables it. Prints the safeTxHash, EIP-712 data, Transaction Builder batch. Sends nothing.")
    .requiredOption('-c, --config <file>', 'keeper YAML config with the safe-module vault')
    .option('--deployment <file>', 'deployment JSON for deployment: references')
    .requiredOption('--vault <name>', 'name of the safe-module vault in the config')
    .option('--action <action>', 'setup | pause | remove', 'setup')
    .option('--json', 'print JSON: safeTx, EIP-712 typed data, Transaction Builder batch')
    .action(async (o: ModuleSetupOptions) => {
      await runSafeModuleSetup(o, io);
    });
  return safe;
}
