/**
 * Hold: keep the current weights. Rewards are still claimed and compounded by the planner;
 * only the allocation between positions stays as it is.
 */
import { z } from 'zod';
import { defineStrategy } from './types.ts';
import { currentAsTarget } from './lib/eligibility.ts';

export const hold = defineStrategy({
  name: 'hold',
  description: 'Keep the current weights (compounding only).',
  paramsSchema: z.strictObject({}),
  decide(input) {
    return currentAsTarget(input, 'hold: keep current weights');
  },
});

export default hold;
