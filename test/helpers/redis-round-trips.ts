/**
 * Counts the Redis commands a piece of code sends and how many round trips it waits for one
 * after another. Every ioredis command (plain, eval, pipeline and MULTI members) goes through
 * the client's sendCommand, which this wraps on the one instance.
 *
 * A round trip is counted by depth: a command sent while no earlier answer has arrived shares
 * the first round trip; a command sent after an answer of depth d arrived is at depth d + 1
 * (it waited for that answer, or could have). `roundTrips` is the deepest command: the Redis
 * latency of the code in round-trip times, however many commands ran side by side.
 */
import type { Redis } from 'ioredis';

export interface RedisCounter {
  /** Commands sent since the last reset. */
  readonly commands: number;
  /** Round trips waited for one after another since the last reset. */
  readonly roundTrips: number;
  /** Starts counting afresh; call it with nothing in flight. */
  reset(): void;
  /** Puts the client's own sendCommand back. */
  restore(): void;
}

type Send = (command: { name?: string; promise?: Promise<unknown> }, ...rest: unknown[]) => unknown;

/** @example const counter = countRedisRoundTrips(redis); await tick(); counter.roundTrips // 4 */
export function countRedisRoundTrips(redis: Redis): RedisCounter {
  const target = redis as unknown as { sendCommand: Send };
  const original = target.sendCommand;
  let commands = 0;
  let deepest = 0;
  /** The deepest command whose answer has arrived. */
  let answered = 0;
  let generation = 0;
  target.sendCommand = function (this: unknown, command, ...rest) {
    const depth = answered + 1;
    const mine = generation;
    commands++;
    deepest = Math.max(deepest, depth);
    const done = () => {
      if (mine === generation) answered = Math.max(answered, depth);
    };
    command.promise?.then(done, done);
    return original.call(this, command, ...rest);
  };
  return {
    get commands() {
      return commands;
    },
    get roundTrips() {
      return deepest;
    },
    reset() {
      generation++;
      commands = 0;
      deepest = 0;
      answered = 0;
    },
    restore() {
      target.sendCommand = original;
    },
  };
}
