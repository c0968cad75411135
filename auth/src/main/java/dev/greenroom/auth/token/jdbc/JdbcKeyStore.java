package dev.greenroom.auth.token.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.auth.token.KeyStore;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.InList;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyStore} in the table {@code gr_auth_signing_keys} of an H2 or PostgreSQL database,
 * usually the catalog's: every instance on the database publishes and accepts the others' keys,
 * and tokens outlive a restart. The schema is migrated ({@link #MIGRATIONS}) when the store is
 * made. At most {@link #MAX_KEYS} keys are read, and a stored key longer than {@link
 * #MAX_KEY_LENGTH} characters is skipped.
 */
public final class JdbcKeyStore implements KeyStore, AutoCloseable {
  /** Schema migrations: scripts under {@code dev/greenroom/auth/token/jdbc/<dialect>/}. */
  public static final SchemaMigrations MIGRATIONS = new SchemaMigrations(
      "signing key store",
      "gr_auth_schema_version",
      JdbcKeyStore.class,
      "/dev/greenroom/auth/token/jdbc",
      List.of("V1__signing_keys.sql"),
      0x6772617574680001L);

  /** The most keys read at once (one instance makes one an hour). */
  public static final int MAX_KEYS = 10_000;
  /** The longest stored JWK read. */
  public static final int MAX_KEY_LENGTH = 16_384;

  private final JdbcDatabase db;

  private JdbcKeyStore(DataSource dataSource, @Nullable AutoCloseable owned, boolean keepOneOpen) {
    try {
      this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS,
          JdbcOptions.defaults());
    } catch (StoreException e) {
      throw new IllegalStateException("cannot open the signing key store: " + e.getMessage(), e);
    }
  }

  /** A store on the host's data source (never closed by the store). Migrates the schema. */
  public static JdbcKeyStore create(DataSource dataSource) {
    return new JdbcKeyStore(dataSource, null, false);
  }

  /** A store on a named in-memory H2 database that lives as long as the store. */
  public static JdbcKeyStore h2InMemory(String name) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcKeyStore(pool, pool, true);
  }

  /** A store on PostgreSQL with a pool of its own, closed with the store. */
  public static JdbcKeyStore postgres(String jdbcUrl) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcKeyStore(pool, pool, false);
  }

  private static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
  }

  @Override
  public void addKey(StoredKey key) {
    try {
      db.transaction(h -> h.createUpdate(
              "INSERT INTO gr_auth_signing_keys (kid, key_json, created_at) VALUES (?, ?, ?)")
          .bind(0, key.kid()).bind(1, key.publicJwk()).bind(2, micros(key.createdAt()))
          .execute());
    } catch (JdbiException e) {
      throw new IllegalStateException("cannot store signing key " + key.kid() + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public List<StoredKey> listKeys() {
    try {
      return db.read(h -> h.createQuery(
              "SELECT kid, key_json, created_at FROM gr_auth_signing_keys"
                  + " WHERE LENGTH(key_json) <= " + MAX_KEY_LENGTH
                  + " ORDER BY created_at, kid LIMIT " + MAX_KEYS)
          .map((rs, ctx) -> new StoredKey(rs.getString(1), rs.getString(2),
              Instant.EPOCH.plus(rs.getLong(3), ChronoUnit.MICROS)))
          .list());
    } catch (JdbiException e) {
      throw new IllegalStateException("cannot read signing keys: " + e.getClass().getSimpleName(),
          e);
    }
  }

  @Override
  public void removeKeys(Collection<String> kids) {
    if (kids.isEmpty()) {
      return;
    }
    try {
      db.transaction(h -> {
        InList.chunks(kids, chunk -> InList.bind(h.createUpdate(
                "DELETE FROM gr_auth_signing_keys WHERE kid IN (" + InList.marks(chunk.size()) + ")"),
            0, chunk).execute());
        return null;
      });
    } catch (JdbiException e) {
      throw new IllegalStateException("cannot remove signing keys: "
          + e.getClass().getSimpleName(), e);
    }
  }

  /** Releases what the store owns (a pool it made; never the host's data source). */
  @Override
  public void close() {
    db.close();
  }
}
