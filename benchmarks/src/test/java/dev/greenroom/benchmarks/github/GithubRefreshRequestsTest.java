package dev.greenroom.benchmarks.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.github.GithubEntityProvider;
import dev.greenroom.catalog.github.GithubProviders;
import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.location.CatalogRules;
import dev.greenroom.integrations.ScmIntegrations;
import dev.greenroom.integrations.github.FakeGithub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests to GitHub per refresh of a 1,000-repository organisation: the discovery provider's
 * listing (GraphQL, pages of 100) and the catalog's reads of the 1,000 Location targets, first
 * from an empty catalog, then again with nothing changed (every Location reprocessed, as the
 * processing interval would). Counted on the fake, by kind; printed as the table in {@code
 * benchmarks/README.md}. The assertions hold the shape (an unchanged re-read sends only
 * conditional requests or sha checks), not timings. The full 1,000 repositories with {@code
 * -Dgreenroom.bench.github=true}; 100 otherwise, to keep the build short.
 */
class GithubRefreshRequestsTest {
  static final int REPOS = Boolean.getBoolean("greenroom.bench.github") ? 1000 : 100;
  static final long PAGES = (REPOS + 99) / 100;
  static final String TOKEN = "ghp_benchToken00000000000000000000000000";
  static FakeGithub github;

  @BeforeAll
  static void org() throws Exception {
    github = new FakeGithub().token(TOKEN);
    for (int i = 0; i < REPOS; i++) {
      String name = String.format("svc-%04d", i);
      Map<String, byte[]> files = new TreeMap<>();
      files.put("catalog-info.yaml", ("apiVersion: backstage.io/v1alpha1\nkind: Component\n"
          + "metadata:\n  name: " + name + "\nspec:\n  type: service\n  lifecycle: production\n"
          + "  owner: team-" + (i % 20) + "\n").getBytes(StandardCharsets.UTF_8));
      files.put("README.md", ("# " + name + "\n").getBytes(StandardCharsets.UTF_8));
      github.repo("bench", name, files);
    }
  }

  @AfterAll
  static void stop() {
    github.close();
  }

  @Test
  void oneFilePerRepository() throws Exception {
    Map<String, Long> first = new LinkedHashMap<>();
    Map<String, Long> again = new LinkedHashMap<>();
    run("/catalog-info.yaml", first, again);
    print("catalogPath: /catalog-info.yaml", first, again);
    assertThat(first.get("graphql")).isEqualTo(PAGES);
    assertThat(first.get("contents 200")).isEqualTo(REPOS);
    assertThat(again.get("graphql")).isEqualTo(PAGES);
    assertThat(again.get("contents 200")).isZero();
    assertThat(again.get("contents conditional (304)")).isEqualTo(REPOS);
    assertThat(again.get("total")).isEqualTo(PAGES + REPOS);
  }

  @Test
  void aGlobPerRepository() throws Exception {
    Map<String, Long> first = new LinkedHashMap<>();
    Map<String, Long> again = new LinkedHashMap<>();
    run("/**/catalog-info.yaml", first, again);
    print("catalogPath: /**/catalog-info.yaml", first, again);
    assertThat(first.get("commit sha checks")).isEqualTo(REPOS);
    assertThat(first.get("git trees")).isEqualTo(REPOS);
    assertThat(first.get("git blobs")).isEqualTo(REPOS);
    assertThat(again.get("commit sha checks")).isEqualTo(REPOS);
    assertThat(again.get("git trees") + again.get("git blobs")).isZero();
    assertThat(again.get("total")).isEqualTo(PAGES + REPOS);
  }

  private void run(String catalogPath, Map<String, Long> first, Map<String, Long> again)
      throws Exception {
    ScmIntegrations scm = ScmIntegrations.builder().config(Json.parse("{\"github\": [{\"host\": \""
        + github.host() + "\", \"apiBaseUrl\": \"" + github.apiBaseUrl() + "\", \"token\": \""
        + TOKEN + "\"}]}")).build();
    GithubProviders providers = GithubProviders.builder()
        .config(Json.parse("{\"github\": {\"organization\": \"bench\", \"host\": \""
            + github.host() + "\", \"catalogPath\": \"" + catalogPath
            + "\", \"pageSizes\": {\"repositories\": 100}}}"))
        .integrations(scm)
        .build();
    GithubEntityProvider provider = providers.discoveryProviders().get(0);
    try (CatalogEngine engine = CatalogEngine.builder()
        .rules(CatalogRules.allowAll())
        .urlReader(scm.urlReader())
        .provider(provider)
        .processingInterval(Duration.ofDays(1))
        .build()) {
      engine.start();
      github.clearLog();
      long t0 = System.nanoTime();
      provider.refresh();
      assertThat(engine.awaitIdle(Duration.ofMinutes(10))).isTrue();
      count(first, System.nanoTime() - t0);
      assertThat(engine.catalog().entity(EntityRef.parse(
          "component:default/" + String.format("svc-%04d", REPOS - 1))))
          .isPresent();

      github.clearLog();
      t0 = System.nanoTime();
      provider.refresh();
      for (int i = 0; i < REPOS; i++) {
        String target = "https://" + github.host() + "/bench/" + String.format("svc-%04d", i)
            + "/blob/main/" + catalogPath.substring(1);
        engine.refresh(EntityRef.of("location", "default",
            GithubEntityProvider.locationName("url", target)));
      }
      assertThat(engine.awaitIdle(Duration.ofMinutes(10))).isTrue();
      count(again, System.nanoTime() - t0);
    }
  }

  private static void count(Map<String, Long> into, long nanos) {
    List<FakeGithub.Request> log = github.requests();
    into.put("graphql", n(log, r -> r.path().equals("/api/graphql")));
    into.put("contents 200", n(log, r -> r.path().contains("/contents/")
        && r.ifNoneMatch().equals("null")));
    into.put("contents conditional (304)", n(log, r -> r.path().contains("/contents/")
        && !r.ifNoneMatch().equals("null")));
    into.put("commit sha checks", n(log, r -> r.path().endsWith("/status")));
    into.put("git trees", n(log, r -> r.path().contains("/git/trees/")));
    into.put("git blobs", n(log, r -> r.path().contains("/git/blobs/")));
    into.put("total", (long) log.size());
    into.put("seconds", Math.round(nanos / 1e9));
  }

  private static long n(List<FakeGithub.Request> log, Predicate<FakeGithub.Request> p) {
    return log.stream().filter(p).count();
  }

  private static void print(String title, Map<String, Long> first, Map<String, Long> again) {
    System.out.println("| " + title + " | first read | unchanged re-read |");
    System.out.println("|---|---:|---:|");
    first.forEach((k, v) -> System.out.println("| " + k + " | " + v + " | " + again.get(k) + " |"));
  }
}
