/**
 * How many times this process has changed the database: each statement that changed rows, and each end
 * of a transaction (its rows become visible to other connections at commit, or are undone). What is
 * kept in memory from reads (core/memo.ts) stays valid while the count stays the same, whichever use
 * case wrote: no write has to remember which caches it makes stale.
 */
import type {
  DatabaseConnection,
  Dialect,
  Driver,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  TransactionSettings,
  UnknownRow,
} from "kysely";

/** Raw SQL counts as a write when it says so (the ledger's booking is one statement of CTEs). */
const WRITING_SQL = /\b(insert|update|delete)\b/i;

function writes(node: RootOperationNode): boolean {
  if (node.kind === "SelectQueryNode") return false;
  if (node.kind === "RawNode") return WRITING_SQL.test(node.sqlFragments.join(" "));
  return true;
}

class WriteCounter implements KyselyPlugin {
  readonly #writing = new WeakSet<QueryId>();

  constructor(private readonly changed: () => void) {}

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (writes(node)) this.#writing.add(queryId);
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const changedRows = (result.numAffectedRows ?? 0n) > 0n || result.rows.length > 0;
    if (this.#writing.has(queryId) && changedRows) this.changed();
    return result;
  }
}

function countingEnds(driver: Driver, changed: () => void): Driver {
  return {
    init: () => driver.init(),
    acquireConnection: () => driver.acquireConnection(),
    beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) =>
      driver.beginTransaction(connection, settings),
    commitTransaction: async (connection: DatabaseConnection) => {
      await driver.commitTransaction(connection);
      changed();
    },
    rollbackTransaction: async (connection: DatabaseConnection) => {
      await driver.rollbackTransaction(connection);
      changed();
    },
    releaseConnection: (connection: DatabaseConnection) => driver.releaseConnection(connection),
    destroy: () => driver.destroy(),
  };
}

/** A dialect and a plugin that count this process's writes, and the count. */
export function countWrites(dialect: Dialect) {
  let count = 0;
  const changed = () => {
    count += 1;
  };
  return {
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createDriver: () => countingEnds(dialect.createDriver(), changed),
    } satisfies Dialect,
    plugin: new WriteCounter(changed),
    writes: () => count,
  };
}
