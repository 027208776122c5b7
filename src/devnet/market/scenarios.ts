/**
 * Named, scripted devnet markets. Each is a list of events at block offsets from the moment
 * the scenario starts, so `keeper devnet scenario <name>` replays the same story every time.
 * Numbers are deliberately large so that a keeper with short estimation windows reacts
 * within a few minutes of devnet time.
 */
import type { MarketEvent } from './events.ts';

export interface ScenarioStep {
  atBlock: number;
  event: MarketEvent;
}

export interface Scenario {
  name: string;
  description: string;
  /** Blocks the scenario runs for (the last step may be before the end). */
  blocks: number;
  steps: readonly ScenarioStep[];
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'steady',
    description: 'Yields stay at their starting levels; nothing happens. A keeper should hold.',
    blocks: 50,
    steps: [],
  },
  {
    name: 'crossover',
    description: 'weETH yield falls to 1% while ezETH rises to 9%: a keeper should move from weETH toward ezETH if the gain beats the cost.',
    blocks: 120,
    steps: [
      { atBlock: 1, event: { kind: 'setApy', lrt: 'weETH', apy: 0.01 } },
      { atBlock: 1, event: { kind: 'setApy', lrt: 'ezETH', apy: 0.09 } },
    ],
  },
  {
    name: 'depeg',
    description: 'ezETH trades 8% below its protocol rate on the DEX (shaped like April 2024), then recovers after 80 blocks.',
    blocks: 100,
    steps: [
      { atBlock: 2, event: { kind: 'depeg', lrt: 'ezETH', bps: 800 } },
      { atBlock: 82, event: { kind: 'recover', lrt: 'ezETH' } },
    ],
  },
  {
    name: 'slashing',
    description: 'AVS avs-a slashes operator op-alpha by 20% in operator set 1.',
    blocks: 30,
    steps: [{ atBlock: 2, event: { kind: 'slash', avs: 'avs-a', operatorSetId: 1, operator: 'op-alpha', fraction: 0.2 } }],
  },
  {
    name: 'reward-stop',
    description: 'AVS avs-b stops paying rewards on its operator set 0.',
    blocks: 60,
    steps: [{ atBlock: 2, event: { kind: 'rewardRate', avs: 'avs-b', operatorSetId: 0, apr: 0 } }],
  },
  {
    name: 'gas-spike',
    description: 'The base fee jumps to 400 gwei for 40 blocks, then returns to 8 gwei.',
    blocks: 60,
    steps: [
      { atBlock: 1, event: { kind: 'baseFee', gwei: 400 } },
      { atBlock: 41, event: { kind: 'baseFee', gwei: 8 } },
    ],
  },
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
