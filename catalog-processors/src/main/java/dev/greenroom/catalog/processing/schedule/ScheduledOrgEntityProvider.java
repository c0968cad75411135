package dev.greenroom.catalog.processing.schedule;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.DeferredEntity;
import dev.greenroom.catalog.processing.EntityMutation;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.catalog.processing.EntityProviderConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An org provider (Backstage's LDAP and Microsoft Graph ones): reads all users and groups of one
 * directory and replaces its entities with them, a full mutation, on every run. A subclass says
 * how to read ({@link #readOrg()}) and where each entity comes from ({@link #location}); this
 * class keeps the connection, the schedule and the run.
 *
 * <p>A run ({@link #read()}) reads first and applies after, so one that fails (the directory is
 * down, the credentials are refused) applies nothing and the catalog keeps the last good
 * entities. Each entity gets the location annotations {@code backstage.io/managed-by-location}
 * and {@code managed-by-origin-location} (unless a transformer set them) and the provider's
 * location key. With the builder's scheduler, connecting the provider starts its {@link
 * ProviderSchedule} ({@code <name>:refresh}) on the builder's schedule, else the config's (the
 * code's one overrides, as in Backstage's {@code schedule} option); connected again, the schedule
 * goes on; once closed, none starts. Thread-safe.
 *
 * @param <O> what one read finds
 */
public abstract class ScheduledOrgEntityProvider<O extends ScheduledOrgEntityProvider.Org>
    implements EntityProvider, AutoCloseable {
  /** What one read of a directory found: User and Group entities. */
  public interface Org {
    /** The User entities. */
    List<Entity> users();

    /** The Group entities. */
    List<Entity> groups();
  }

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String name;
  private final String kind;
  private final String locationKey;
  private volatile @Nullable EntityProviderConnection connection;
  /** The refresh schedule, started on connect; none without a scheduler. */
  private final ProviderSchedule schedule;

  /**
   * A provider named {@code name} whose entities carry {@code locationKey}.
   *
   * @param kind what the logs call the directory's entities, such as {@code LDAP}
   * @param scheduling the subclass's builder: scheduler, executor and the code's schedule
   * @param configured the schedule of the provider's config, or null
   * @param scheduleKey the config key of that schedule, named when a scheduler is set but there
   *     is no schedule
   * @param error makes the module's exception from a message
   */
  protected ScheduledOrgEntityProvider(String name, String kind, String locationKey,
      SchedulingBuilder<?> scheduling, @Nullable TaskSchedule configured, String scheduleKey,
      Function<String, ? extends RuntimeException> error) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.locationKey = Objects.requireNonNull(locationKey, "locationKey");
    this.schedule = ProviderSchedule.of(scheduling, name, this::read, scheduling.codeSchedule(),
        configured, scheduleKey, error);
  }

  /** The provider's name, as Backstage names it: the source key of its entities. */
  @Override
  public final String name() {
    return name;
  }

  /**
   * Reads the directory without applying anything (for a dry run or a test).
   *
   * @throws RuntimeException the module's exception, naming the provider, when the read fails
   */
  public abstract O readOrg();

  /** The {@code managed-by-location} of {@code entity}, such as {@code ldap://<id>/<dn>}. */
  protected abstract String location(Entity entity);

  /** Where the logs say they are read, such as {@code from ldaps://ldap.example.com}. */
  protected abstract String source();

  /** Keeps the connection and, with a scheduler, starts the schedule. */
  @Override
  public final void connect(EntityProviderConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
    schedule.start(); // once: connected again, the schedule goes on; closed, nothing starts
  }

  /**
   * Runs a read now (or right after the one going now) on the schedule's threads.
   *
   * @throws IllegalStateException without a scheduler or before the engine connected the provider
   */
  public final void trigger() {
    if (!schedule.trigger()) {
      throw new IllegalStateException(name + " has no schedule running (no scheduler, or not"
          + " connected yet); call read()");
    }
  }

  /**
   * Reads the directory and replaces the provider's entities with what it holds.
   *
   * @return what was read
   * @throws IllegalStateException before the engine has connected the provider
   * @throws RuntimeException the module's exception when the read fails; nothing is applied then
   */
  public final O read() {
    EntityProviderConnection c = connection;
    if (c == null) {
      throw new IllegalStateException(name + " is not connected to an engine yet");
    }
    long start = System.nanoTime();
    log.info("{}: reading {} users and groups {}", name, kind, source());
    O org = readOrg();
    List<DeferredEntity> entities = new ArrayList<>();
    for (Entity e : org.users()) {
      entities.add(new DeferredEntity(withLocation(e), locationKey));
    }
    for (Entity e : org.groups()) {
      entities.add(new DeferredEntity(withLocation(e), locationKey));
    }
    c.applyMutation(EntityMutation.full(entities));
    log.info("{}: committed {} {} users and {} {} groups in {} ms", name, org.users().size(),
        kind, org.groups().size(), kind, (System.nanoTime() - start) / 1_000_000);
    return org;
  }

  private Entity withLocation(Entity e) {
    String location = location(e);
    return e.edit(json -> {
      var ann = json.withObjectProperty("metadata").withObjectProperty("annotations");
      if (!ann.has("backstage.io/managed-by-location")) {
        ann.put("backstage.io/managed-by-location", location);
      }
      if (!ann.has("backstage.io/managed-by-origin-location")) {
        ann.put("backstage.io/managed-by-origin-location", location);
      }
    });
  }

  /** JavaScript's {@code encodeURIComponent}, with which Backstage writes the locations. */
  protected static String encodeUriComponent(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Stops the schedule; a read going now is interrupted. Idempotent. */
  @Override
  public void close() {
    schedule.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
