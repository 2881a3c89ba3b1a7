// The store: CDR storage behind repository interfaces, SQLite by default.

/** Repository interfaces (what a PostgreSQL store would implement too). */
export type { CdrQuery, CdrRepository, CrashRecovery, StoreStats, StoredCall } from './repository.ts';
/** Opens the SQLite store (WAL, migrations, repositories). */
export { openSqliteStore, type SqliteStoreOptions, type Store } from './sqlite-store.ts';
/** Schema migrations (versioned, forward only). */
export { MIGRATIONS, migrate, type Migration } from './migrations.ts';
/** Query limits of the CDR list. */
export { DEFAULT_CDR_LIMIT, MAX_CDR_LIMIT } from './sqlite-cdr-repository.ts';
