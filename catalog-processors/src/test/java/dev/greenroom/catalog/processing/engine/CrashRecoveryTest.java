package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.Catalog;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.testsupport.PgSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery: a server process is killed ({@code kill -9}) in the middle of an ingest and
 * started again on the same database; the catalog must settle to the full, correct state in about
 * the time a fresh ingest takes. Each ingest runs in a child JVM ({@link CrashIngestChild}) over a
 * generated catalog; the parent times a fresh ingest, kills a second child once part of the
 * catalog is visible, restarts it, and then checks every entity and relation.
 *
 * <p>Regression: on H2 the restart crawled (one thread spinning in H2's row locks inside {@code
 * MERGE INTO gr_deferred}), taking minutes or never finishing.
 */
class CrashRecoveryTest {
  private static final int ENTITIES = 5_000;

  @TempDir static Path shared;
  @TempDir Path dir;
  private static GeneratedCatalog catalog;

  @BeforeAll
  static void writeCatalog() throws IOException {
    catalog = GeneratedCatalog.write(ENTITIES, shared.resolve("catalog"));
  }

  @Test
  void h2FileRecoversFromKillMidIngest() throws Exception {
    Path fresh = dir.resolve("fresh/catalog");
    Path crashed = dir.resolve("crashed/catalog");
    crashAndRecover("h2", fresh.toString(), crashed.toString(),
        () -> JdbcEntityStore.h2File(crashed));
  }

  @Test
  void postgresRecoversFromKillMidIngest() throws Exception {
    PgSchema fresh = new PgSchema("gr_crash_fresh");
    PgSchema crashed = new PgSchema("gr_crash_killed");
    fresh.recreate();
    crashed.recreate();
    try {
      crashAndRecover("pg", fresh.url(), crashed.url(), () -> JdbcEntityStore.postgres(crashed.url()));
    } finally {
      fresh.drop();
      crashed.drop();
    }
  }

  private void crashAndRecover(
      String backend, String freshDb, String crashedDb, Supplier<JdbcEntityStore> reopen)
      throws Exception {
    long total = catalog.total();
    Child first = Child.start(dir.resolve("fresh.log"), backend, freshDb, catalog.location(), total);
    Duration freshTime = first.awaitDone(Duration.ofMinutes(3));

    Child killed = Child.start(dir.resolve("killed.log"), backend, crashedDb, catalog.location(), total);
    long at = killed.awaitProgress(total * 2 / 5, Duration.ofMinutes(3));
    killed.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(at).as("entities visible when killed").isLessThan(total);

    Duration bound = max(freshTime.multipliedBy(3), Duration.ofSeconds(30));
    Child restarted = Child.start(dir.resolve("restarted.log"), backend, crashedDb, catalog.location(), total);
    Duration recovery = restarted.awaitDone(bound);
    System.out.printf("%s: fresh ingest %d ms; killed at %d of %d entities; recovery %d ms%n",
        backend, freshTime.toMillis(), at, total, recovery.toMillis());

    try (JdbcEntityStore store = reopen.get(); Catalog c = Catalog.builder().store(store).build()) {
      Map<EntityRef, Set<String>> served = new HashMap<>();
      for (Entity e : TestCatalogs.all(c)) {
        Set<String> rs = new TreeSet<>();
        e.relations().forEach(r -> rs.add(r.type() + " " + r.targetRef()));
        served.put(e.ref(), rs);
      }
      assertThat((long) served.size()).isEqualTo(total);
      catalog.relations().forEach((ref, rs) -> assertThat(served.get(ref)).as(ref.toString()).isEqualTo(rs));
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A child JVM running {@link CrashIngestChild}, its output read on a thread of its own. */
  private static final class Child {
    final Process process;
    final long started = System.nanoTime();
    final Path log;
    volatile long progress;
    volatile long doneAt = -1;
    final CountDownLatch done = new CountDownLatch(1);

    private Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      Thread reader = new Thread(this::read, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path log, String backend, String db, Path location, long expected)
        throws IOException {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"),
          CrashIngestChild.class.getName(), backend, db, location.toString(),
          Long.toString(expected)));
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      return new Child(p, log);
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("progress ")) {
            progress = Long.parseLong(line.substring(9));
          } else if (line.startsWith("done ")) {
            doneAt = System.nanoTime();
            done.countDown();
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    }

    /** Waits for the child to report a complete catalog; the time since it was started. */
    Duration awaitDone(Duration timeout) throws Exception {
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the catalog did not settle within " + timeout + ": " + progress
            + " entities visible; log:\n" + tail());
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return Duration.ofNanos(doneAt - started);
    }

    /** Waits until at least {@code count} entities are visible; the count then. */
    long awaitProgress(long count, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (progress < count && System.nanoTime() < deadline && process.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(progress).as("progress before the kill; log:\n" + tail()).isGreaterThanOrEqualTo(count);
      return progress;
    }

    private String tail() throws IOException {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
  }
}
