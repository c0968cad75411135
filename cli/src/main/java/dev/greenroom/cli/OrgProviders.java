package dev.greenroom.cli;

import dev.greenroom.catalog.ldap.LdapOrgEntityProvider;
import dev.greenroom.catalog.ldap.LdapOrgException;
import dev.greenroom.catalog.ldap.LdapProviderConfig;
import dev.greenroom.catalog.msgraph.MicrosoftGraphException;
import dev.greenroom.catalog.msgraph.MicrosoftGraphOrgEntityProvider;
import dev.greenroom.catalog.msgraph.MicrosoftGraphProviderConfig;
import dev.greenroom.catalog.processing.EntityProvider;
import dev.greenroom.cli.config.AppConfig;
import dev.greenroom.cli.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The org providers {@code serve} runs: one {@link LdapOrgEntityProvider} per {@code
 * catalog.providers.ldapOrg.<id>} and one {@link MicrosoftGraphOrgEntityProvider} per {@code
 * catalog.providers.microsoftGraphOrg.<id>}, each on its config's {@code schedule} (required, as
 * in Backstage when the code gives none), on {@code serve}'s scheduler. {@link #close()} stops
 * their schedules.
 */
final class OrgProviders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OrgProviders.class);

  private final List<EntityProvider> providers;
  private final List<AutoCloseable> closeables;

  private OrgProviders(List<EntityProvider> providers, List<AutoCloseable> closeables) {
    this.providers = List.copyOf(providers);
    this.closeables = List.copyOf(closeables);
  }

  /**
   * Reads the providers' config and builds them, scheduled, not yet connected.
   *
   * @throws ConfigException naming the key of a bad entry
   */
  static OrgProviders fromConfig(AppConfig config, ScheduledExecutorService scheduler) {
    List<LdapProviderConfig> ldap;
    List<MicrosoftGraphProviderConfig> graph;
    try {
      ldap = LdapProviderConfig.readAll(config.tree());
      graph = MicrosoftGraphProviderConfig.readAll(config.tree());
    } catch (LdapOrgException | MicrosoftGraphException e) {
      throw new ConfigException(e.getMessage());
    }
    for (LdapProviderConfig c : ldap) {
      requireSchedule(c.schedule() != null, LdapProviderConfig.KEY + "." + c.id());
    }
    for (MicrosoftGraphProviderConfig c : graph) {
      requireSchedule(c.schedule() != null, MicrosoftGraphProviderConfig.KEY + "." + c.id());
    }
    List<EntityProvider> providers = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    for (LdapProviderConfig c : ldap) {
      LdapOrgEntityProvider p = LdapOrgEntityProvider.builder(c).scheduler(scheduler).build();
      providers.add(p);
      closeables.add(p);
      LOG.info("Org provider {}: {} on {}", p.name(), c.target(), describe(c.schedule()));
    }
    for (MicrosoftGraphProviderConfig c : graph) {
      MicrosoftGraphOrgEntityProvider p =
          MicrosoftGraphOrgEntityProvider.builder(c).scheduler(scheduler).build();
      providers.add(p);
      closeables.add(p);
      LOG.info("Org provider {}: tenant {} at {} on {}", p.name(), c.tenantId(), c.target(),
          describe(c.schedule()));
    }
    return new OrgProviders(providers, closeables);
  }

  private static void requireSchedule(boolean present, String key) {
    if (!present) {
      throw new ConfigException(key + ".schedule is required (frequency and timeout), as"
          + " Backstage requires it when no code gives one");
    }
  }

  private static String describe(@Nullable Object schedule) {
    return String.valueOf(schedule);
  }

  /** The providers, to add to the engine. */
  List<EntityProvider> providers() {
    return providers;
  }

  /** Stops the schedules. Idempotent. */
  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c, e);
      }
    }
  }
}
