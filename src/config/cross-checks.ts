/**
 * Rules that span several fields or sections of the config: unique names and addresses,
 * references between sections (reward token symbols, strategy symbols), and settings that
 * are each valid alone but make no sense together. They run once every field has parsed, so
 * they can rely on the shapes; each problem is reported at the field that has to change.
 *
 * The input type lists only what these rules read, which keeps this file independent of
 * `schema.ts` (which uses it).
 */
import type { z } from 'zod';

export interface CrossCheckInput {
  lrts: readonly { symbol: string; exits: { dexV3?: unknown } }[];
  universe: { uniswapV3?: unknown };
  eigenlayer: {
    strategies: Partial<Record<string, string>>;
    operators: readonly { name: string; address: string; operatorSets: readonly { avs: string; id: number; rewardToken: string }[] }[];
    rewardTokens: readonly { symbol: string }[];
  };
  vaults: readonly { name: string; address: string; strategy?: unknown }[];
  strategy?: unknown;
  execution: {
    relays: readonly { name: string }[];
    allowPublicMempool: boolean;
    maxFeePerGasGwei: number;
    maxPriorityFeePerGasGwei: number;
  };
  telemetry: { metricsPort: number; healthPort: number };
}

type Path = (string | number)[];

/** Reports every cross-field problem of a parsed config on `ctx`. */
export function crossCheckConfig(config: CrossCheckInput, ctx: z.RefinementCtx): void {
  const report = (path: Path, message: string): void => ctx.addIssue({ code: 'custom', path, message });

  reportDuplicates(config.vaults.map((v) => v.name.toLowerCase()), ['vaults'], 'name', 'vault name', report);
  reportDuplicates(config.vaults.map((v) => v.address), ['vaults'], 'address', 'vault address', report);
  reportDuplicates(config.lrts.map((l) => l.symbol), ['lrts'], 'symbol', 'LRT symbol', report);
  reportDuplicates(config.eigenlayer.operators.map((o) => o.name), ['eigenlayer', 'operators'], 'name', 'operator name', report);
  reportDuplicates(config.eigenlayer.rewardTokens.map((t) => t.symbol), ['eigenlayer', 'rewardTokens'], 'symbol', 'reward token symbol', report);
  reportDuplicates(config.execution.relays.map((r) => r.name), ['execution', 'relays'], 'name', 'relay name', report);

  if (config.strategy === undefined) {
    config.vaults.forEach((vault, i) => {
      if (vault.strategy === undefined) {
        report(['vaults', i, 'strategy'], `vault "${vault.name}" has no strategy and there is no top-level strategy to inherit`);
      }
    });
  }

  const lrtSymbols = new Set(config.lrts.map((l) => l.symbol));
  for (const symbol of Object.keys(config.eigenlayer.strategies)) {
    if (!lrtSymbols.has(symbol)) {
      report(['eigenlayer', 'strategies', symbol], `no LRT ${symbol} is configured under lrts`);
    }
  }

  if (config.universe.uniswapV3 === undefined) {
    config.lrts.forEach((lrt, i) => {
      if (lrt.exits.dexV3 !== undefined) report(['lrts', i, 'exits', 'dexV3'], 'a Uniswap V3 exit needs universe.uniswapV3 (factory, quoter, router)');
    });
  }

  const rewardSymbols = new Set(config.eigenlayer.rewardTokens.map((t) => t.symbol));
  config.eigenlayer.operators.forEach((operator, i) => {
    const seen = new Set<string>();
    operator.operatorSets.forEach((set, j) => {
      const path: Path = ['eigenlayer', 'operators', i, 'operatorSets', j];
      if (!rewardSymbols.has(set.rewardToken)) {
        const known = [...rewardSymbols].join(', ') || '(none configured)';
        report([...path, 'rewardToken'], `unknown reward token "${set.rewardToken}"; eigenlayer.rewardTokens has: ${known}`);
      }
      const key = `${set.avs}/${set.id}`;
      if (seen.has(key)) report([...path, 'id'], `operator set ${set.id} of this AVS is listed twice for ${operator.name}`);
      seen.add(key);
    });
  });

  const execution = config.execution;
  // relays: [] with allowPublicMempool is accepted: the executor then sends single-transaction
  // plans (vault backend, one-call eoa plans) to the public mempool (src/execution/public-fallback.ts).
  if (execution.relays.length === 0 && !execution.allowPublicMempool) {
    report(['execution', 'relays'], 'configure at least one relay (or set allowPublicMempool: true, which exposes trades to front-running and executes single-transaction plans only: eoa backend plans with several transactions will not execute without a relay)');
  }
  if (execution.maxPriorityFeePerGasGwei > execution.maxFeePerGasGwei) {
    report(['execution', 'maxPriorityFeePerGasGwei'], 'must not exceed maxFeePerGasGwei');
  }

  const { metricsPort, healthPort } = config.telemetry;
  if (metricsPort !== 0 && metricsPort === healthPort) {
    report(['telemetry', 'healthPort'], 'must differ from metricsPort (or be 0 to disable)');
  }
}

function reportDuplicates(
  values: readonly string[],
  listPath: Path,
  field: string,
  what: string,
  report: (path: Path, message: string) => void,
): void {
  const firstIndex = new Map<string, number>();
  values.forEach((value, i) => {
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, i);
      return;
    }
    report([...listPath, i, field], `duplicate ${what}: already used by ${[...listPath, first].join('.')}`);
  });
}
