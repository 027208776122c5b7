/**
 * Coordination between block building and everything that reads the chain.
 *
 * Building a block tries candidates on Anvil and rolls back the ones that fail, so for a few
 * milliseconds Anvil shows trial blocks that will never be final. A reader that saw one (say,
 * a client checking whether its bundle landed) would draw a wrong conclusion, so reads wait
 * while a build holds the gate, and a build waits for reads already in flight.
 */

/**
 * A readers-writer gate: many `shared` holders at once, or one `exclusive`, writers first.
 * A `held` section also keeps writers out, for longer work whose own reads go through
 * `shared` paths: while one runs, readers are let in even past waiting writers.
 */
export class ChainGate {
  private readers = 0;
  private holds = 0;
  private writer = false;
  private waitingWriters = 0;
  private wakeups: Array<() => void> = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    // Writers first, except during a hold: no writer can run before it ends anyway, and the
    // holder's own reads must not wait for one (that would deadlock).
    while (this.writer || (this.waitingWriters > 0 && this.holds === 0)) await this.sleep();
    this.readers += 1;
    try {
      return await fn();
    } finally {
      this.readers -= 1;
      this.wake();
    }
  }

  /**
   * Runs `fn` with no writer (no trial block) on the chain, like `shared`, while `fn` may read
   * through `shared` paths itself (the market simulator reads the chain, and may read it through
   * the public proxy, while it prepares the next block).
   */
  async held<T>(fn: () => Promise<T>): Promise<T> {
    while (this.writer || this.waitingWriters > 0) await this.sleep();
    this.holds += 1;
    try {
      return await fn();
    } finally {
      this.holds -= 1;
      this.wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.waitingWriters += 1;
    try {
      while (this.writer || this.readers > 0 || this.holds > 0) await this.sleep();
    } finally {
      this.waitingWriters -= 1;
    }
    this.writer = true;
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.wake();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => this.wakeups.push(resolve));
  }

  private wake(): void {
    const waiting = this.wakeups;
    this.wakeups = [];
    for (const resolve of waiting) resolve();
  }
}

/** Runs tasks one at a time in call order (block production must never overlap itself). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
