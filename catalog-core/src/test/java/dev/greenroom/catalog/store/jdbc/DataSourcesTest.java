package dev.greenroom.catalog.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of the H2 databases the stores' factories open. */
class DataSourcesTest {

  @Test
  void fileCacheIsAQuarterOfTheHeapWithinBounds() {
    long mib = 1024L * 1024;
    assertThat(DataSources.h2FileCacheKib(1024 * mib)).isEqualTo(256 * 1024);
    assertThat(DataSources.h2FileCacheKib(32 * mib)).isEqualTo(16 * 1024); // H2's default
    assertThat(DataSources.h2FileCacheKib(16 * 1024 * mib)).isEqualTo(512 * 1024);
    assertThat(DataSources.h2FileCacheKib(Long.MAX_VALUE)).isEqualTo(512 * 1024); // no -Xmx limit
  }

  // A regression: serve's file database kept H2's 16 MiB page cache, and a 100,000-entity catalog
  // under HTTP load spent its time reading and decoding pages that had just been evicted.
  @Test
  void fileDatabaseGetsTheHeapSizedCache(@TempDir Path dir) {
    try (HikariDataSource ds = DataSources.h2File(dir.resolve("cache"))) {
      String max =
          Jdbi.create(ds)
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                  + " WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")
                          .mapTo(String.class)
                          .one());
      long expectedMib = DataSources.h2FileCacheKib(Runtime.getRuntime().maxMemory()) / 1024;
      assertThat(Long.parseLong(max)).isEqualTo(expectedMib).isGreaterThan(16);
    }
  }
}
