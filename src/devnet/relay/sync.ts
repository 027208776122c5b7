/**
 * Coordination between block building and everything that reads the chain.
 *
 * Building a block tries candidates on Anvil and rolls back the ones that fail, so for a few
 * milliseconds Anvil shows trial blocks that will never be final. A reader that saw one (say,
 * a client checking whether its bundle landed) would draw a wrong conclusion, so reads wait
 * while a build holds the gate, and a build waits for reads already in flight.
 */

/** A readers-writer gate: many `shared` holders at once, or one `exclusive`, writers first. */
export class ChainGate {
  private readers = 0;
  private writer = false;
  private waitingWriters = 0;
  private wakeups: Array<() => void> = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.writer || this.waitingWriters > 0) await this.sleep();
    this.readers += 1;
    try {
      return await fn();
    } finally {
      this.readers -= 1;
      this.wake();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.waitingWriters += 1;
    try {
      while (this.writer || this.readers > 0) await this.sleep();
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
