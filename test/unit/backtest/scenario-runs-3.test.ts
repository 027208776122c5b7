/** Shard 4 of the shipped scenarios' backtest runs (see scenario-runs.ts). */
import { describeScenarioShard } from './scenario-runs.ts';

describeScenarioShard(3);
