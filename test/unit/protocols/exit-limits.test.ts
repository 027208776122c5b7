import { describe, expect, it } from 'vitest';
import type { DepositLrtAction, WithdrawAction } from '../../../src/domain/plan.ts';
import { exitLimitBreaches, kelpDelaySeconds, renzoClaimCooldownSeconds, type ExitLimits } from '../../../src/protocols/exit-limits.ts';

const E = 10n ** 18n;

function withdraw(positionId: string, route: WithdrawAction['route'], amountLrt: bigint, expectedOutWei = amountLrt): WithdrawAction {
  return { kind: 'withdraw', positionId, route, amountLrt, fairValueWei: amountLrt, expectedOutWei, minOutWei: expectedOutWei, costWei: 0n, slippageBps: 0, delaySeconds: 0, gas: 100_000, why: 'test' } as WithdrawAction;
}

const LIMITS: Record<string, ExitLimits> = {
  rsETH: { protocol: 'Kelp', symbol: 'rsETH', minQueuedLrt: E / 100n },
  rswETH: { protocol: 'Swell', symbol: 'rswETH', minQueuedLrt: 5n * E / 1000n, maxQueuedLrt: 500n * E },
  ezETH: { protocol: 'Renzo', symbol: 'ezETH', instantCapacityWei: 40n * E },
  weETH: { protocol: 'ether.fi', symbol: 'weETH', instantAllowed: false },
};

describe('exit limits', () => {
  it('names the protocol and the numbers of every breach', () => {
    const breaches = exitLimitBreaches(
      [withdraw('rsETH', 'queued', E / 200n), withdraw('rswETH', 'queued', 600n * E), withdraw('ezETH', 'instant', 50n * E), withdraw('weETH', 'instant', 3n * E)],
      (id) => LIMITS[id],
    );
    expect(breaches.map((b) => b.message)).toEqual([
      'Kelp: queued withdrawal of 0.0050 rsETH is below the minimum of 0.0100 rsETH',
      'Swell: queued withdrawal of 600.0000 rswETH is above the maximum of 500.0000 rswETH per request',
      'Renzo: instant exit paying 50.0000 ETH exceeds what it can pay now, 40.0000 ETH',
      'ether.fi: the instant exit of 3.0000 weETH is refused by the protocol now (canRedeem is false)',
    ]);
  });

  it('accepts exits inside the limits, and other routes', () => {
    const ok = [withdraw('rsETH', 'queued', E / 100n), withdraw('rswETH', 'queued', 500n * E), withdraw('ezETH', 'instant', 40n * E), withdraw('rsETH', 'dex', 1n), withdraw('unknown', 'queued', 1n)];
    expect(exitLimitBreaches(ok, (id) => LIMITS[id])).toEqual([]);
  });

  it('refuses mints and exits a protocol closes to the vault, per route, and never a DEX trade', () => {
    const closed: Record<string, ExitLimits> = {
      pufETH: { protocol: 'Puffer', symbol: 'pufETH', mintRefusal: 'its AccessManager does not let 0xV call depositETH now', instantRefusal: 'its AccessManager does not let 0xV call redeem now' },
      rswETH: { protocol: 'Swell', symbol: 'rswETH', queuedRefusal: 'the whitelist is on and 0xV is not on it' },
    };
    const mint = (positionId: string, amountWei: bigint, route?: DepositLrtAction['route']): DepositLrtAction => ({ kind: 'deposit-lrt', positionId, amountWei, expectedLrt: amountWei, minLrt: amountWei, ...(route ? { route } : {}), gas: 1, why: 'test' });
    const breaches = exitLimitBreaches(
      [mint('pufETH', 2n * E), withdraw('pufETH', 'instant', 3n * E), withdraw('rswETH', 'queued', E), mint('rswETH', 4n * E), mint('pufETH', 5n * E, 'dex'), withdraw('pufETH', 'dex', 6n * E)],
      (id) => closed[id],
    );
    expect(breaches.map((b) => b.message)).toEqual([
      'Puffer: minting 2.0000 ETH of pufETH is refused: its AccessManager does not let 0xV call depositETH now',
      'Puffer: the instant exit of 3.0000 pufETH is refused: its AccessManager does not let 0xV call redeem now',
      'Swell: the queued withdrawal of 1.0000 rswETH is refused: the whitelist is on and 0xV is not on it',
    ]);
  });

  it('Renzo waits for the larger cooldown; Kelp counts blocks plus the unlock', () => {
    expect(renzoClaimCooldownSeconds(604_800, 1_209_600)).toBe(1_209_600);
    expect(renzoClaimCooldownSeconds(604_800)).toBe(604_800);
    expect(kelpDelaySeconds(57_600, 12, 86_400)).toBe(777_600);
  });
});
