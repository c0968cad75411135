package dev.greenroom.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.CatalogProcessor;
import dev.greenroom.catalog.processing.location.UrlReader;
import dev.greenroom.catalog.store.EntityStore;
import dev.greenroom.catalog.store.jdbc.JdbcEntityStore;
import dev.greenroom.http.HttpApi;
import dev.greenroom.http.scaffolder.ScaffolderApiPlugin;
import dev.greenroom.http.scorecard.ScorecardsApiPlugin;
import dev.greenroom.http.techdocs.TechDocsApiPlugin;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.task.TaskStore;
import dev.greenroom.scorecard.Scorecards;
import dev.greenroom.spring.boot.internal.BackstageAppConfig;
import dev.greenroom.techdocs.TechDocs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration on H2: what it builds, what backs off, what switches off. */
class GreenroomAutoConfigurationTest {
  static final Path CATALOG = Path.of("src/test/resources/catalog").toAbsolutePath();

  static final AutoConfigurations ALL = AutoConfigurations.of(
      DataSourceAutoConfiguration.class,
      GreenroomThreadsAutoConfiguration.class,
      GreenroomCatalogAutoConfiguration.class,
      GreenroomScaffolderAutoConfiguration.class,
      GreenroomTechDocsAutoConfiguration.class,
      GreenroomScorecardsAutoConfiguration.class,
      GreenroomHttpAutoConfiguration.class,
      GreenroomActuatorAutoConfiguration.class);

  static ApplicationContextRunner h2() {
    return new ApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:gr-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "spring.datasource.username=sa",
            "greenroom.scaffolder.working-directory=target/scaffolder-" + UUID.randomUUID(),
            "greenroom.techdocs.publish-directory=target/techdocs-" + UUID.randomUUID());
  }

  @Test
  void buildsTheCatalogOnTheApplicationsDataSourceAndProcessesTheConfiguredLocations() {
    h2().withPropertyValues(
            "greenroom.catalog.locations[0].type=file",
            "greenroom.catalog.locations[0].target=" + CATALOG.resolve("all.yaml"),
            "greenroom.catalog.locations[1].type=file",
            "greenroom.catalog.locations[1].target=" + CATALOG.resolve("org.yaml"))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).hasSingleBean(JdbcEntityStore.class).hasSingleBean(CatalogEngine.class)
              .hasSingleBean(UrlReader.class).hasSingleBean(Scaffolder.class)
              .hasSingleBean(TaskStore.class).hasSingleBean(ScaffolderApiPlugin.class)
              .hasSingleBean(TechDocs.class).hasSingleBean(TechDocsApiPlugin.class)
              .hasSingleBean(Scorecards.class).hasSingleBean(ScorecardsApiPlugin.class)
              .hasSingleBean(HttpApi.class).hasSingleBean(GreenroomHealthIndicator.class)
              .hasSingleBean(GreenroomInfoContributor.class);
          CatalogEngine engine = ctx.getBean(CatalogEngine.class);
          assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
          assertThat(engine.catalog().entity(EntityRef.parse("component:default/payments")))
              .isPresent();
          // default rules: Component, API and Location, not Group: org.yaml is refused
          assertThat(engine.catalog().entity(EntityRef.parse("group:default/team-a"))).isEmpty();
          assertThat(ctx.getBean(HttpApi.class).pluginIds())
              .contains("catalog", "scaffolder", "techdocs", "tech-insights", "scorecards");

          Health health = ctx.getBean(GreenroomHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("processingDue", 0L).containsEntry("oldestDueSeconds", 0L)
              .containsKey("stitchQueued").containsKey("tasks");

          Info.Builder info = new Info.Builder();
          ctx.getBean(GreenroomInfoContributor.class).contribute(info);
          assertThat(info.build().getDetails().get("greenroom"))
              .isEqualTo(Map.of("entities", Map.of("Component", 1L, "API", 1L, "Location", 1L)));
        });
  }

  @Test
  void appConfigLocationsRulesAndReadingAllowApplyWithPlaceholdersFromTheEnvironment() {
    h2().withPropertyValues(
            "greenroom.app-config=classpath:app-config.yaml",
            "catalog.dir=" + CATALOG)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          BackstageAppConfig app = ctx.getBean(BackstageAppConfig.class);
          assertThat(app.readingAllow()).containsExactly("docs.example.test/public");
          assertThat(app.integrations().gitlab()).hasSize(1);
          CatalogEngine engine = ctx.getBean(CatalogEngine.class);
          assertThat(engine.awaitIdle(Duration.ofSeconds(60))).isTrue();
          // the app-config's rules allow Group
          assertThat(engine.catalog().entity(EntityRef.parse("group:default/team-a"))).isPresent();
        });
  }

  @Test
  void aMissingAppConfigFailsTheStartNamingTheFile() {
    h2().withPropertyValues("greenroom.app-config=classpath:no-such-app-config.yaml")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageContaining("greenroom.app-config: classpath:no-such-app-config.yaml does not exist"));
  }

  @Test
  void anUnresolvablePlaceholderInTheAppConfigNamesTheFileAndKey() {
    h2().withPropertyValues("greenroom.app-config=classpath:app-config.yaml")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
            "Invalid config in 'classpath:app-config.yaml' at catalog.locations[0].target:"
                + " Could not resolve placeholder 'catalog.dir'"));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final UrlReader READER = (url, etag, max) -> {
      throw new IllegalStateException("not used");
    };

    @Bean
    UrlReader myReader() {
      return READER;
    }

    @Bean
    EntityStore myStore() {
      return JdbcEntityStore.h2InMemory("own-" + UUID.randomUUID());
    }

    @Bean
    HttpApi myApi() {
      return HttpApi.builder().build();
    }
  }

  @Test
  void beansBackOffWhenTheApplicationDefinesItsOwn() {
    h2().withUserConfiguration(OwnBeans.class).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).hasSingleBean(UrlReader.class).hasSingleBean(EntityStore.class)
          .hasSingleBean(HttpApi.class);
      assertThat(ctx.getBean(UrlReader.class)).isSameAs(OwnBeans.READER);
      assertThat(ctx).hasBean("myStore").doesNotHaveBean("greenroomEntityStore");
      assertThat(ctx).hasBean("myApi").doesNotHaveBean("greenroomHttpApi");
      assertThat(ctx).hasSingleBean(CatalogEngine.class);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Plugins {
    static final CatalogProcessor PROCESSOR = () -> "TestProcessor";

    @Bean
    CatalogProcessor myProcessor() {
      return PROCESSOR;
    }

    @Bean
    TemplateAction myAction() {
      return new TemplateAction() {
        @Override
        public String id() {
          return "test:hello";
        }

        @Override
        public void execute(dev.greenroom.scaffolder.action.ActionContext ctx) {
          ctx.output("greeting", "hello");
        }
      };
    }
  }

  @Test
  void everyProcessorAndActionBeanIsWiredIn() {
    h2().withUserConfiguration(Plugins.class).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(CatalogEngine.class).processors()).contains(Plugins.PROCESSOR);
      assertThat(ctx.getBean(Scaffolder.class).action("test:hello")).isPresent();
      assertThat(ctx.getBean(Scaffolder.class).action("fetch:template")).isPresent();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class ApiBeans {
    @Bean
    dev.greenroom.http.auth.Authenticator onlyTokenHolders() {
      return headers -> headers.firstValue("authorization")
          .filter("Bearer letmein"::equals)
          .map(h -> (java.security.Principal) () -> "user:default/jane");
    }

    @Bean
    dev.greenroom.http.ApiPlugin hello() {
      return new dev.greenroom.http.ApiPlugin() {
        @Override
        public String id() {
          return "hello";
        }

        @Override
        public void routes(dev.greenroom.http.Router router) {
          router.get("/", java.util.Set.of(), call -> call.json(200,
              dev.greenroom.catalog.json.Json.object().put("hello", "world")));
        }
      };
    }
  }

  @Test
  void theApplicationsAuthenticatorAndApiPluginsAreMounted() {
    h2().withUserConfiguration(ApiBeans.class).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      HttpApi api = ctx.getBean(HttpApi.class);
      assertThat(api.pluginIds()).contains("hello", "catalog", "scaffolder");
      assertThat(api.authenticate(headers(Map.of()))).isEmpty();
      assertThat(api.authenticate(headers(Map.of("authorization", "Bearer letmein"))))
          .hasValueSatisfying(p -> assertThat(p.getName()).isEqualTo("user:default/jane"));
    });
    // without one, every caller is let in, as HttpApi does by default
    h2().run(ctx -> assertThat(ctx.getBean(HttpApi.class).authenticate(headers(Map.of())))
        .isPresent());
  }

  private static java.net.http.HttpHeaders headers(Map<String, String> h) {
    Map<String, java.util.List<String>> m = new java.util.HashMap<>();
    h.forEach((k, v) -> m.put(k, java.util.List.of(v)));
    return java.net.http.HttpHeaders.of(m, (a, b) -> true);
  }

  @Test
  void eachModuleSwitchesOff() {
    h2().withPropertyValues("greenroom.scaffolder.enabled=false").run(ctx -> {
      assertThat(ctx).hasSingleBean(CatalogEngine.class).doesNotHaveBean(Scaffolder.class)
          .doesNotHaveBean(TaskStore.class).doesNotHaveBean(ScaffolderApiPlugin.class);
      assertThat(ctx.getBean(HttpApi.class).pluginIds()).doesNotContain("scaffolder");
    });
    h2().withPropertyValues("greenroom.techdocs.enabled=false", "greenroom.scorecards.enabled=false")
        .run(ctx -> {
          assertThat(ctx).doesNotHaveBean(TechDocs.class).doesNotHaveBean(Scorecards.class);
          assertThat(ctx.getBean(HttpApi.class).pluginIds())
              .doesNotContain("techdocs", "tech-insights", "scorecards").contains("scaffolder");
        });
    h2().withPropertyValues("greenroom.http.enabled=false").run(ctx ->
        assertThat(ctx).hasSingleBean(CatalogEngine.class).doesNotHaveBean(HttpApi.class)
            .doesNotHaveBean(ScaffolderApiPlugin.class));
    h2().withPropertyValues("greenroom.catalog.enabled=false").run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx).doesNotHaveBean(CatalogEngine.class).doesNotHaveBean(EntityStore.class)
          .doesNotHaveBean(Scaffolder.class).doesNotHaveBean(GreenroomHealthIndicator.class);
    });
  }

  @Test
  void anUnknownGreenroomKeyFailsTheStartNamingTheKey() {
    h2().withPropertyValues("greenroom.foo=1").run(ctx ->
        assertThat(ctx).hasFailed().getFailure()
            .hasStackTraceContaining("greenroom.foo"));
    h2().withPropertyValues("greenroom.scaffolder.concurency=4").run(ctx ->
        assertThat(ctx).hasFailed().getFailure()
            .hasStackTraceContaining("greenroom.scaffolder.concurency"));
  }

  @Test
  void aValueOfTheWrongTypeFailsTheStartNamingTheKey() {
    h2().withPropertyValues("greenroom.scaffolder.concurrency=many").run(ctx ->
        assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
            "Failed to bind properties under 'greenroom.scaffolder.concurrency' to int"));
    h2().withPropertyValues("greenroom.health.timeout=soon").run(ctx ->
        assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining(
            "Failed to bind properties under 'greenroom.health.timeout' to java.time.Duration"));
  }

  @Test
  void aBadBasePathFailsTheStartNamingTheKey() {
    assertThat(GreenroomHttpAutoConfiguration.normalizeBasePath("/backstage/")).isEqualTo("/backstage");
    assertThat(GreenroomHttpAutoConfiguration.normalizeBasePath("")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GreenroomHttpAutoConfiguration.normalizeBasePath("backstage"))
        .hasMessageContaining("greenroom.http.base-path");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GreenroomHttpAutoConfiguration.normalizeBasePath("/a b"))
        .hasMessageContaining("greenroom.http.base-path");
  }
}
