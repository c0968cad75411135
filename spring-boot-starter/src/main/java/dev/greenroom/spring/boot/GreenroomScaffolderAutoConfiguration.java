package dev.greenroom.spring.boot;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.http.scaffolder.ScaffolderApiPlugin;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scaffolder.task.jdbc.JdbcTaskStore;
import dev.greenroom.spring.boot.internal.BackstageAppConfig;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * The scaffolder on the catalog: the built-in actions and every {@link TemplateAction} bean, tasks
 * in the application's database ({@code gr_task_*} tables) run by a worker pool of {@code
 * greenroom.scaffolder.concurrency} started and stopped with the context (tasks on the
 * application's executor, heartbeats and claims on its scheduler: {@link GreenroomThreads}), and
 * its API plugin
 * ({@code /api/scaffolder}). {@code greenroom.scaffolder.enabled=false} switches it off.
 */
@AutoConfiguration(after = GreenroomCatalogAutoConfiguration.class)
@ConditionalOnClass(Scaffolder.class)
@ConditionalOnBooleanProperty(name = "greenroom.scaffolder.enabled", matchIfMissing = true)
@ConditionalOnBean(CatalogEngine.class)
@EnableConfigurationProperties(GreenroomProperties.class)
public class GreenroomScaffolderAutoConfiguration {
  private static final Logger LOG =
      LoggerFactory.getLogger(GreenroomScaffolderAutoConfiguration.class);

  /**
   * Durable tasks in the application's database. Lazy, as the catalog's stores: opened when the
   * workers first use it, which they do once the catalog has started.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean(TaskStore.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  public JdbcTaskStore greenroomTaskStore(DataSource dataSource) {
    return JdbcTaskStore.create(dataSource);
  }

  /** The scaffolder; its workers are started by {@link #greenroomScaffolderLifecycle}. */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Scaffolder greenroomScaffolder(
      CatalogEngine engine,
      UrlReader urlReader,
      GreenroomProperties properties,
      ListableBeanFactory beans,
      @Lazy TaskStore taskStore,
      ObjectProvider<TemplateAction> actions,
      ObjectProvider<BackstageAppConfig> appConfig,
      ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meterRegistry,
      ObjectProvider<GreenroomThreads> threads) {
    GreenroomProperties.Scaffolder settings = properties.getScaffolder();
    if (settings.getConcurrency() < 1) {
      throw new IllegalArgumentException(
          "greenroom.scaffolder.concurrency must be at least 1, not " + settings.getConcurrency());
    }
    Path root = workingDirectory(properties);
    Scaffolder.Builder b = Scaffolder.builder()
        .defaultActions()
        .catalogEngine(engine)
        .urlReader(urlReader)
        .fetchTargets(fetchTargets(properties, appConfig.getIfAvailable()))
        .workspaceRoot(root.resolve("dry-run"))
        .taskWorkingDirectory(root.resolve("work"));
    meterRegistry.ifUnique(b::meterRegistry);
    actions.orderedStream().forEach(b::action);
    // whether there is one task store, asked without creating it: it may not be reachable yet
    if (beans.getBeanNamesForType(TaskStore.class, true, false).length == 1) {
      b.taskStore(taskStore).concurrency(settings.getConcurrency());
      GreenroomThreads t = threads.getIfUnique();
      java.util.concurrent.ExecutorService executor = t == null ? null : t.executorService();
      if (executor != null) {
        b.taskExecutor(executor);
      }
      java.util.concurrent.ScheduledExecutorService scheduler = t == null ? null : t.scheduler();
      if (scheduler != null) {
        b.taskScheduler(scheduler);
      }
    }
    return b.build();
  }

  static Path workingDirectory(GreenroomProperties properties) {
    Path dir = properties.getScaffolder().getWorkingDirectory();
    return (dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "greenroom-scaffolder"))
        .toAbsolutePath();
  }

  /** Where {@code fetch:*} may read beyond public hosts: the hosts the URL reader may read. */
  private static RemoteTargets fetchTargets(
      GreenroomProperties properties, @Nullable BackstageAppConfig appConfig) {
    Set<String> hosts = new LinkedHashSet<>();
    for (String spec : GreenroomCatalogAutoConfiguration.readingAllow(properties, appConfig)) {
      String s = spec.trim().replaceFirst("^[a-zA-Z]+://", "");
      int slash = s.indexOf('/');
      hosts.add(slash < 0 ? s : s.substring(0, slash));
    }
    RemoteTargets.Builder b = RemoteTargets.builder();
    for (String host : hosts) {
      try {
        b.allowHost(host);
      } catch (IllegalArgumentException e) {
        LOG.warn("reading allow: {} is not a host fetch:* can allow: {}", host, e.getMessage());
      }
    }
    return b.build();
  }

  /**
   * Starts the task workers once the catalog has started, stops them (not the store) when the
   * context stops.
   */
  @Bean
  @ConditionalOnMissingBean
  public ScaffolderLifecycle greenroomScaffolderLifecycle(Scaffolder scaffolder,
      ObjectProvider<CatalogEngineLifecycle> catalog) {
    return new ScaffolderLifecycle(scaffolder, catalog.getIfUnique());
  }

  /** {@code /api/scaffolder}, when the API is on. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "greenroom.http.enabled", matchIfMissing = true)
  public ScaffolderApiPlugin greenroomScaffolderApiPlugin(
      Scaffolder scaffolder, CatalogEngine engine, GreenroomProperties properties) {
    return ScaffolderApiPlugin.builder(scaffolder, engine.catalog())
        .dryRunDirectory(workingDirectory(properties).resolve("dry-run"))
        .build();
  }
}
