package dev.greenroom.catalog.store.jdbc;

import java.util.concurrent.locks.ReentrantLock;

/**
 * What serialises a store's writers for {@link JdbcDatabase#transaction(WriteLock,
 * java.util.function.Function)}: a lock in the JVM, and on PostgreSQL a transaction-scoped advisory
 * lock with this key, so that the writers of several processes on one database wait for each other
 * too. Each store has its own key; two stores that must exclude each other share one instance.
 */
public final class WriteLock {
  private final ReentrantLock jvm = new ReentrantLock();
  private final long advisoryKey;

  /** A lock whose PostgreSQL side is {@code pg_advisory_xact_lock(advisoryKey)}. */
  public WriteLock(long advisoryKey) {
    this.advisoryKey = advisoryKey;
  }

  /** The key of the PostgreSQL advisory lock. */
  public long advisoryKey() {
    return advisoryKey;
  }

  ReentrantLock jvm() {
    return jvm;
  }
}
