package dev.greenroom.catalog.ldap;

import dev.greenroom.catalog.ldap.internal.LdapClient;
import dev.greenroom.catalog.ldap.internal.LdapOrgReader;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.schedule.ScheduledOrgEntityProvider;
import dev.greenroom.catalog.processing.schedule.SchedulingBuilder;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Backstage's {@code LdapOrgEntityProvider}: reads the users and groups of one {@code
 * catalog.providers.ldapOrg.<id>} entry and replaces the provider's entities with them (a full
 * mutation) on every run. The module's entry point.
 *
 * <pre>{@code
 * for (LdapProviderConfig c : LdapProviderConfig.readAll(appConfigTree)) {
 *   engineBuilder.provider(LdapOrgEntityProvider.builder(c)
 *       .scheduler(hostScheduler)      // runs on c.schedule(); without a scheduler, call read()
 *       .executor(hostWorkers)
 *       .build());
 * }
 * }</pre>
 *
 * <p>Each entity gets Backstage's location annotations, {@code ldap://<id>/<url-encoded DN>}, and
 * the location key {@code ldap-org-provider:<id>}. A run that fails (the server is down, the bind
 * is refused, a search fails) applies nothing, so the catalog keeps the last good entities; the
 * error names the provider, the target and, for a bind, the bind DN, never the secret. Each run
 * opens one connection and closes it, as Backstage's does. The builder's {@code schedule}
 * overrides the config's. The connection, schedule and run are {@link ScheduledOrgEntityProvider}'s:
 * {@link #read()} throws {@link LdapOrgException} when the read fails. Thread-safe.
 */
public final class LdapOrgEntityProvider extends ScheduledOrgEntityProvider<LdapOrg> {
  private final LdapProviderConfig config;
  private final Duration timeout;
  private final int maxEntries;
  private final int maxMessageBytes;
  private final @Nullable LdapTransformer userTransformer;
  private final @Nullable LdapTransformer groupTransformer;

  private LdapOrgEntityProvider(Builder b) {
    super("LdapOrgEntityProvider:" + b.config.id(), "LDAP", "ldap-org-provider:" + b.config.id(),
        b, b.config.schedule(), LdapProviderConfig.KEY + "." + b.config.id() + ".schedule",
        LdapOrgException::new);
    this.config = b.config;
    this.timeout = b.timeout;
    this.maxEntries = b.maxEntries;
    this.maxMessageBytes = b.maxMessageBytes;
    this.userTransformer = b.userTransformer;
    this.groupTransformer = b.groupTransformer;
  }

  /** A builder for the provider of one config entry. */
  public static Builder builder(LdapProviderConfig config) {
    return new Builder(config);
  }

  /** The provider's config. */
  public LdapProviderConfig config() {
    return config;
  }

  /**
   * Reads the directory without applying anything (for a dry run or a test).
   *
   * @throws LdapOrgException when the read fails
   */
  @Override
  public LdapOrg readOrg() {
    try (LdapClient client = LdapClient.connect(config, timeout, maxEntries, maxMessageBytes)) {
      return LdapOrgReader.read(client, config, userTransformer, groupTransformer);
    } catch (LdapOrgException e) {
      throw new LdapOrgException(name() + ": " + e.getMessage(), e);
    }
  }

  /** {@code ldap://<id>/<url-encoded DN>}, or the entity's name without a DN. */
  @Override
  protected String location(Entity e) {
    String dn = e.metadata().annotation(LdapOrgReader.DN_ANNOTATION);
    return "ldap://" + config.id() + "/"
        + encodeUriComponent(dn != null && !dn.isEmpty() ? dn : e.ref().name());
  }

  @Override
  protected String source() {
    return "from " + config.target();
  }

  /** Builds an {@link LdapOrgEntityProvider}. */
  public static final class Builder extends SchedulingBuilder<Builder> {
    private final LdapProviderConfig config;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxEntries = 200_000;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private @Nullable LdapTransformer userTransformer;
    private @Nullable LdapTransformer groupTransformer;

    private Builder(LdapProviderConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Backstage's {@code userTransformer}: decides each User from the default one. */
    public Builder userTransformer(LdapTransformer transformer) {
      this.userTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** Backstage's {@code groupTransformer}: decides each Group from the default one. */
    public Builder groupTransformer(LdapTransformer transformer) {
      this.groupTransformer = Objects.requireNonNull(transformer, "transformer");
      return this;
    }

    /** The connect timeout and the limit on each LDAP response (default 60 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The most entries one search may return (default 200,000); more fails the read. */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
      }
      this.maxEntries = maxEntries;
      return this;
    }

    /** The largest LDAP message read (default 16 MiB). */
    public Builder maxMessageBytes(int maxMessageBytes) {
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was "
            + maxMessageBytes);
      }
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws LdapOrgException when a scheduler is given but neither the config nor the builder
     *     has a schedule
     */
    public LdapOrgEntityProvider build() {
      return new LdapOrgEntityProvider(this);
    }
  }
}
