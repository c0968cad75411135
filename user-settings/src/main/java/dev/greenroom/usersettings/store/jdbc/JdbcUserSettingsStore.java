package dev.greenroom.usersettings.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.greenroom.catalog.store.StoreException;
import dev.greenroom.catalog.store.jdbc.DataSources;
import dev.greenroom.catalog.store.jdbc.InList;
import dev.greenroom.catalog.store.jdbc.JdbcDatabase;
import dev.greenroom.catalog.store.jdbc.JdbcOptions;
import dev.greenroom.catalog.store.jdbc.SchemaMigrations;
import dev.greenroom.usersettings.BucketKey;
import dev.greenroom.usersettings.UserSettingsException;
import dev.greenroom.usersettings.UserSettingsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UserSettingsStore} in the table {@code gr_user_settings} of an H2 or PostgreSQL
 * database, usually the catalog's: Backstage's {@code user_settings} table (user ref, bucket, key,
 * JSON text; the three first are the primary key). The schema is migrated ({@link #MIGRATIONS})
 * when the store is made.
 */
public final class JdbcUserSettingsStore implements UserSettingsStore, AutoCloseable {
  /** Schema migrations: scripts under {@code dev/greenroom/usersettings/store/jdbc/<dialect>/}. */
  public static final SchemaMigrations MIGRATIONS =
      new SchemaMigrations(
          "user settings store",
          "gr_user_settings_schema_version",
          JdbcUserSettingsStore.class,
          "/dev/greenroom/usersettings/store/jdbc",
          List.of("V1__user_settings.sql"),
          0x6772757365727301L);

  private final JdbcDatabase db;
  private final boolean postgres;

  private JdbcUserSettingsStore(
      DataSource dataSource, @Nullable AutoCloseable owned, boolean keepOneOpen,
      JdbcOptions options) {
    try {
      this.db = JdbcDatabase.open(dataSource, owned, keepOneOpen, MIGRATIONS, options);
    } catch (StoreException e) {
      throw new UserSettingsException("cannot open the user settings store: " + e.getMessage(), e);
    }
    this.postgres = db.isPostgres();
  }

  /** A store on the host's data source (never closed by the store). Migrates the schema. */
  public static JdbcUserSettingsStore create(DataSource dataSource) {
    return new JdbcUserSettingsStore(dataSource, null, false, JdbcOptions.defaults());
  }

  /** A store on a named in-memory H2 database that lives as long as the store. */
  public static JdbcUserSettingsStore h2InMemory(String name) {
    HikariDataSource pool = DataSources.h2InMemory(name);
    return new JdbcUserSettingsStore(pool, pool, true, JdbcOptions.defaults());
  }

  /** A store on PostgreSQL with a pool of its own, closed with the store. */
  public static JdbcUserSettingsStore postgres(String jdbcUrl) {
    HikariDataSource pool = DataSources.postgres(jdbcUrl);
    return new JdbcUserSettingsStore(pool, pool, false, JdbcOptions.defaults());
  }

  private <T> T read(HandleCallback<T, RuntimeException> work) {
    try {
      return db.read(work::withHandle);
    } catch (JdbiException e) {
      throw new UserSettingsException("user settings store: " + e.getMessage(), e);
    }
  }

  private void write(HandleCallback<Integer, RuntimeException> work) {
    try {
      db.transaction(work::withHandle);
    } catch (JdbiException e) {
      throw new UserSettingsException("user settings store: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> get(String userEntityRef, BucketKey where) {
    return read(h -> h.createQuery("SELECT value_json FROM gr_user_settings"
            + " WHERE user_ref = :user AND bucket = :bucket AND setting_key = :key")
        .bind("user", userEntityRef)
        .bind("bucket", where.bucket())
        .bind("key", where.key())
        .mapTo(String.class)
        .findOne());
  }

  @Override
  public List<@Nullable String> getAll(String userEntityRef, List<BucketKey> where) {
    Map<String, Set<String>> byBucket = new LinkedHashMap<>();
    for (BucketKey w : where) {
      byBucket.computeIfAbsent(w.bucket(), b -> new LinkedHashSet<>()).add(w.key());
    }
    Map<BucketKey, String> found = read(h -> {
      Map<BucketKey, String> out = new HashMap<>();
      for (Map.Entry<String, Set<String>> e : byBucket.entrySet()) {
        InList.chunks(e.getValue(), chunk -> readChunk(h, userEntityRef, e.getKey(), chunk, out));
      }
      return out;
    });
    List<@Nullable String> out = new ArrayList<>(where.size());
    for (BucketKey w : where) {
      out.add(found.get(w));
    }
    return out;
  }

  private static void readChunk(Handle h, String user, String bucket, List<String> keys,
      Map<BucketKey, String> out) {
    InList.bind(
            h.createQuery("SELECT setting_key, value_json FROM gr_user_settings"
                    + " WHERE user_ref = ? AND bucket = ? AND setting_key IN ("
                    + InList.marks(keys.size()) + ")")
                .bind(0, user)
                .bind(1, bucket),
            2, keys)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.put(new BucketKey(bucket, e.getKey()), e.getValue()));
  }

  @Override
  public void put(String userEntityRef, BucketKey where, String json) {
    String sql = postgres
        ? "INSERT INTO gr_user_settings (user_ref, bucket, setting_key, value_json)"
            + " VALUES (:user, :bucket, :key, :value)"
            + " ON CONFLICT (user_ref, bucket, setting_key) DO UPDATE SET value_json = EXCLUDED.value_json"
        : "MERGE INTO gr_user_settings (user_ref, bucket, setting_key, value_json)"
            + " KEY (user_ref, bucket, setting_key) VALUES (:user, :bucket, :key, :value)";
    write(h -> h.createUpdate(sql)
        .bind("user", userEntityRef)
        .bind("bucket", where.bucket())
        .bind("key", where.key())
        .bind("value", json)
        .execute());
  }

  @Override
  public void remove(String userEntityRef, BucketKey where) {
    write(h -> h.createUpdate("DELETE FROM gr_user_settings"
            + " WHERE user_ref = :user AND bucket = :bucket AND setting_key = :key")
        .bind("user", userEntityRef)
        .bind("bucket", where.bucket())
        .bind("key", where.key())
        .execute());
  }

  /** Closes the pool when the store made it (the host's data source stays open). */
  @Override
  public void close() {
    db.close();
  }
}
