interface Waiter<T> {
  readonly predicate: (item: T) => boolean;
  readonly resolve: (item: T) => void;
}

/** What a local sink received, in order, with a way to wait for a matching item (past or future). */
export class Recorder<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  /** `describe` renders an item for the timeout message, so a failing test shows what did arrive. */
  constructor(
    private readonly what: string,
    private readonly describe: (item: T) => string,
  ) {}

  add(item: T): void {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(item)) {
        waiter.resolve(item);
      }
    }
  }

  all(): T[] {
    return [...this.items];
  }

  waitFor(predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const seen = this.items.find(predicate);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `no matching ${this.what} within ${timeoutMs}ms; got ${this.items.length}: ` +
              this.items.map(this.describe).join(', '),
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
