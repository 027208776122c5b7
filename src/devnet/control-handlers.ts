/**
 * The methods of the devnet control endpoint. Inputs arrive from another process, so each
 * is validated here and a bad one is answered with an error naming the field.
 */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { marketEventSchema } from './market/events.ts';
import { findScenario, SCENARIOS } from './market/scenarios.ts';
import type { MarketSimulator } from './market/simulator.ts';
import type { ControlHandler } from './control-server.ts';

export interface ControlDeps {
  simulator: MarketSimulator;
  mine: (blocks: number) => Promise<number>;
  /** When blocks come from a timer, mining on request would race it; refuse instead. */
  manualMining: boolean;
}

const single = <T extends z.ZodType>(schema: T) => z.tuple([schema]);

function parse<T extends z.ZodType>(schema: T, params: unknown, method: string): z.output<T> {
  const result = schema.safeParse(params);
  if (!result.success) throw new InputError(`Bad params for ${method}`, { details: [z.prettifyError(result.error)] });
  return result.data;
}

export function devnetControlHandlers(deps: ControlDeps): Record<string, ControlHandler> {
  return {
    devnet_status: async () => deps.simulator.status(),
    devnet_event: async (params) => {
      const [event] = parse(single(marketEventSchema), params, 'devnet_event');
      deps.simulator.inject(event);
      return { queued: event };
    },
    devnet_scenario: async (params) => {
      const [name] = parse(single(z.string()), params, 'devnet_scenario');
      const scenario = findScenario(name);
      if (!scenario) throw new InputError(`Unknown scenario "${name}"`, { details: [`known: ${SCENARIOS.map((s) => s.name).join(', ')}`] });
      return deps.simulator.play(scenario);
    },
    devnet_mine: async (params) => {
      if (!deps.manualMining) throw new InputError('This devnet produces blocks on a timer; devnet_mine is only for manual mining');
      const [blocks] = parse(single(z.number().int().min(1).max(1000)), params ?? [1], 'devnet_mine');
      return { block: await deps.mine(blocks) };
    },
  };
}
