import { AsyncLocalStorage } from 'node:async_hooks';
import { Pool, PoolClient } from 'pg';

interface TransactionScope {
  /** The connection of the transaction running in this async context (the first one it took). */
  client?: PoolClient;
  savepoints: number;
}

const scopes = new AsyncLocalStorage<TransactionScope>();

const NESTED: Readonly<Record<string, (name: string) => string>> = {
  BEGIN: (name) => `SAVEPOINT ${name}`,
  COMMIT: (name) => `RELEASE SAVEPOINT ${name}`,
  ROLLBACK: (name) => `ROLLBACK TO SAVEPOINT ${name}`,
};

/**
 * The pool for the embedded server, where every socket shares one PostgreSQL session and runs one transaction at a
 * time: a query sent on another connection while a transaction is open waits for it to end. Code that reads or
 * writes through the pool in the middle of a transaction (a metric read, a recording rule's sample write) would wait
 * forever. So within `inTransaction`, the pool hands out the transaction's own connection: plain queries run inside
 * the transaction, and a nested BEGIN/COMMIT/ROLLBACK becomes a savepoint, so a nested write stays all or nothing and
 * commits with the outer transaction.
 */
export class EmbeddedSessionPool extends Pool {
  /** Runs `work` (which opens one transaction on this pool) so that the pool uses it for everything `work` does. */
  static inTransaction<T>(work: () => Promise<T>): Promise<T> {
    return scopes.run({ savepoints: 0 }, work);
  }

  // pg's Pool.query takes its connection through connect(callback) as well, so this covers both.
  override connect(): Promise<PoolClient>;
  override connect(
    callback: (error: Error | undefined, client: PoolClient | undefined, done: () => void) => void,
  ): void;
  override connect(
    callback?: (error: Error | undefined, client: PoolClient | undefined, done: () => void) => void,
  ): Promise<PoolClient> | void {
    const scope = scopes.getStore();
    const client = scope === undefined ? super.connect() : this.scopedClient(scope);
    if (callback === undefined) {
      return client;
    }
    client.then(
      (taken) => callback(undefined, taken, () => taken.release()),
      (error: Error) => callback(error, undefined, () => undefined),
    );
  }

  private async scopedClient(scope: TransactionScope): Promise<PoolClient> {
    if (scope.client === undefined) {
      const client = await super.connect();
      const release = client.release.bind(client);
      client.release = (error?: Error | boolean) => {
        scope.client = undefined;
        release(error);
      };
      scope.client = client;
      return client;
    }
    scope.savepoints += 1;
    return nestedClient(scope.client, `forewarn_nested_${scope.savepoints}`);
  }
}

/** The transaction's connection as a nested one: transaction commands become savepoint commands; release is a no-op. */
function nestedClient(client: PoolClient, savepoint: string): PoolClient {
  const query = (text: unknown, ...rest: unknown[]) => {
    const command = typeof text === 'string' ? NESTED[text.trim().toUpperCase()] : undefined;
    return (client.query as (...args: unknown[]) => unknown).call(
      client,
      command === undefined ? text : command(savepoint),
      ...rest,
    );
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') {
        return query;
      }
      if (property === 'release') {
        return () => undefined;
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
