package dev.greenroom.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Greenroom's settings under {@code greenroom.*} in {@code application.yaml}. Unknown keys fail the
 * start ({@code ignoreUnknownFields = false}), naming the key, as do values of the wrong type.
 *
 * <pre>{@code
 * greenroom:
 *   app-config: classpath:app-config.yaml   # optional: a Backstage app-config.yaml
 *   catalog:
 *     locations:
 *       - type: file
 *         target: ./catalog/all.yaml
 *   scaffolder:
 *     concurrency: 4
 *   http:
 *     base-path: /backstage                  # the API at /backstage/api/*
 * }</pre>
 */
@ConfigurationProperties(prefix = "greenroom", ignoreUnknownFields = false)
public class GreenroomProperties {
  /**
   * A Backstage app-config.yaml (a file path, or a classpath: resource) whose catalog.locations,
   * catalog.rules, integrations and backend.reading.allow apply, after the settings here.
   */
  private @Nullable String appConfig;

  private final Catalog catalog = new Catalog();
  private final Reading reading = new Reading();
  private final Scaffolder scaffolder = new Scaffolder();
  private final Techdocs techdocs = new Techdocs();
  private final Scorecards scorecards = new Scorecards();
  private final Http http = new Http();
  private final Health health = new Health();

  public @Nullable String getAppConfig() {
    return appConfig;
  }

  public void setAppConfig(@Nullable String appConfig) {
    this.appConfig = appConfig;
  }

  public Catalog getCatalog() {
    return catalog;
  }

  public Reading getReading() {
    return reading;
  }

  public Scaffolder getScaffolder() {
    return scaffolder;
  }

  public Techdocs getTechdocs() {
    return techdocs;
  }

  public Scorecards getScorecards() {
    return scorecards;
  }

  public Http getHttp() {
    return http;
  }

  public Health getHealth() {
    return health;
  }

  /** The catalog: store on the application's DataSource, engine, locations. */
  public static class Catalog {
    /** Whether to build the catalog (store, engine, URL reader). */
    private boolean enabled = true;

    /** Locations read at start, as Backstage's catalog.locations. */
    private List<Location> locations = new ArrayList<>();

    /** How often every entity is processed again (Backstage's processingInterval). */
    private @Nullable Duration processingInterval;

    /**
     * Processing threads of a pool of the engine's own; when unset (the default) processors run
     * on the application's executor (see GreenroomThreads).
     */
    private @Nullable Integer threads;

    /**
     * Location types that may be registered through the API (POST /api/catalog/locations);
     * default url only, as in Backstage.
     */
    private List<String> allowedLocationTypes = new ArrayList<>(List.of("url"));

    /** How the catalog tries again when its database cannot be opened at start. */
    private final StartRetry startRetry = new StartRetry();

    public StartRetry getStartRetry() {
      return startRetry;
    }

    public List<String> getAllowedLocationTypes() {
      return allowedLocationTypes;
    }

    public void setAllowedLocationTypes(List<String> allowedLocationTypes) {
      this.allowedLocationTypes = allowedLocationTypes;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<Location> getLocations() {
      return locations;
    }

    public void setLocations(List<Location> locations) {
      this.locations = locations;
    }

    public @Nullable Duration getProcessingInterval() {
      return processingInterval;
    }

    public void setProcessingInterval(@Nullable Duration processingInterval) {
      this.processingInterval = processingInterval;
    }

    public @Nullable Integer getThreads() {
      return threads;
    }

    public void setThreads(@Nullable Integer threads) {
      this.threads = threads;
    }
  }

  /**
   * Retries of the catalog's start while its database cannot be opened (not reachable, not
   * created yet): the first after {@code initial-delay}, each next one twice as late, at most
   * {@code max-delay} apart, until the database answers or the application stops.
   */
  public static class StartRetry {
    /** The delay before the first retry. */
    private Duration initialDelay = Duration.ofSeconds(1);

    /** The longest delay between two retries. */
    private Duration maxDelay = Duration.ofMinutes(1);

    public Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }
  }

  /** One catalog location. */
  public static class Location {
    /** The location type: file or url. */
    private String type = "";

    /** The file path or URL. */
    private String target = "";

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getTarget() {
      return target;
    }

    public void setTarget(String target) {
      this.target = target;
    }
  }

  /** Plain HTTP reading of url locations outside the configured integrations. */
  public static class Reading {
    /**
     * Hosts (with an optional path prefix, host[:port][/path]) the plain HTTP reader may read, as
     * Backstage's backend.reading.allow.
     */
    private List<String> allow = new ArrayList<>();

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }
  }

  /** The scaffolder: templates, actions, durable tasks run by a worker pool. */
  public static class Scaffolder {
    /** Whether to build the scaffolder and mount /api/scaffolder. */
    private boolean enabled = true;

    /** How many tasks run at a time. */
    private int concurrency = 2;

    /** Where task workspaces and dry runs are written; default a folder under java.io.tmpdir. */
    private @Nullable Path workingDirectory;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }

    public @Nullable Path getWorkingDirectory() {
      return workingDirectory;
    }

    public void setWorkingDirectory(@Nullable Path workingDirectory) {
      this.workingDirectory = workingDirectory;
    }
  }

  /** TechDocs, when greenroom-techdocs-core is on the classpath. */
  public static class Techdocs {
    /** Whether to build TechDocs and mount /api/techdocs. */
    private boolean enabled = true;

    /** Where built sites are published; default a folder under java.io.tmpdir. */
    private @Nullable Path publishDirectory;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Path getPublishDirectory() {
      return publishDirectory;
    }

    public void setPublishDirectory(@Nullable Path publishDirectory) {
      this.publishDirectory = publishDirectory;
    }
  }

  /** Scorecards and tech insights, when greenroom-scorecard-core is on the classpath. */
  public static class Scorecards {
    /** Whether to build scorecards and mount /api/tech-insights and /api/scorecards. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Backstage's REST API as a servlet. */
  public static class Http {
    /** Whether to mount the API servlet. */
    private boolean enabled = true;

    /** The path the API is mounted under: the routes are at base-path + /api/*. */
    private String basePath = "";

    /** The largest request body the API reads, in bytes. */
    private long maxBodyBytes = 1024 * 1024;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBasePath() {
      return basePath;
    }

    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    public long getMaxBodyBytes() {
      return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }
  }

  /** The Actuator health indicator. */
  public static class Health {
    /** How long the health check waits for the database before it reports DOWN. */
    private Duration timeout = Duration.ofSeconds(3);

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
