/**
 * What a config may say but the keeper ignores: not wrong enough to refuse the file, but an
 * operator who wrote it expects an effect it will not have. `keeper config validate` prints
 * these as warnings and still exits 0; `keeper run` (and `keeper start`) logs them once at startup.
 */
import type { ConfigProblem } from './issues.ts';
import type { KeeperConfig } from './schema.ts';
import { RATE_HISTORY_MAX_AGE_SECONDS, RATE_HISTORY_MAX_SAMPLES, rateHistoryDays } from '../state/rate-history.ts';
import { SECONDS_PER_DAY } from '../domain/units.ts';

/**
 * @example configWarnings(config) // [{ path: 'vaults.1.deployedAtBlock', message: 'vaults[1].deployedAtBlock is ignored for backend eoa: …' }]
 */
export function configWarnings(config: KeeperConfig): ConfigProblem[] {
  const deployments = config.vaults.flatMap((vault, i) =>
    // Only a vault contract has a deployment: fees taken and `keeper vault diff` start there.
    vault.backend !== 'vault' && vault.deployedAtBlock !== undefined
      ? [{ path: `vaults.${i}.deployedAtBlock`, message: `vaults[${i}].deployedAtBlock is ignored for backend ${vault.backend}: only a vault contract (backend: vault) has fees and allowlist events to count from its deployment` }]
      : [],
  );
  return [...deployments, ...rateSpacingWarnings(config)];
}

/** A rate sample spacing whose 20,000 samples hold less than the 35 days of rates the history keeps for the estimator. */
function rateSpacingWarnings(config: KeeperConfig): ConfigProblem[] {
  const spacing = config.queue.schedules.rateSampleEverySeconds;
  if (spacing === undefined || rateHistoryDays(spacing) * SECONDS_PER_DAY >= RATE_HISTORY_MAX_AGE_SECONDS) return [];
  const needed = Math.ceil(RATE_HISTORY_MAX_AGE_SECONDS / RATE_HISTORY_MAX_SAMPLES);
  return [{
    path: 'queue.schedules.rateSampleEverySeconds',
    message: `a rate sample every ${spacing} s keeps ${rateHistoryDays(spacing).toFixed(1)} days of rates in ${RATE_HISTORY_MAX_SAMPLES} samples, under the ${RATE_HISTORY_MAX_AGE_SECONDS / SECONDS_PER_DAY} days the estimator reads (its 30-day noise and write-down window): use at least ${needed} s`,
  }];
}
