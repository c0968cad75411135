package dev.greenroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.catalog.model.Relation;
import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.processing.builtin.Processors;
import dev.greenroom.catalog.processing.location.CatalogRules;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeownersProcessorTest {
  @TempDir Path repo;

  @BeforeEach
  void repository() {
    Engines.write(repo.resolve(".github/CODEOWNERS"), """
        # default owners, then more specific rules: the last match wins
        *                   @acme/platform
        /services/payments/ @acme/payments @alice
        *.md                docs@acme.example
        """);
    Engines.write(repo.resolve("services/payments/catalog-info.yaml"), Engines.component("payments", ""));
    Engines.write(repo.resolve("services/search/catalog-info.yaml"), Engines.component("search", ""));
    Engines.write(repo.resolve("services/legacy/catalog-info.yaml"),
        Engines.component("legacy", "  owner: user:bob\n"));
  }

  private CatalogEngine.Builder engine() {
    CatalogEngine.Builder b = CatalogEngine.builder().rules(CatalogRules.allowAll()).processingDisabled();
    for (String s : new String[] {"payments", "search", "legacy"}) {
      b.location("file", repo.resolve("services/" + s + "/catalog-info.yaml").toString());
    }
    return b;
  }

  private static Entity entity(CatalogEngine engine, String ref) {
    return engine.catalog().entity(EntityRef.parse(ref)).orElseThrow(
        () -> new AssertionError(ref + " missing; errors: " + engine.state().get(EntityRef.parse(ref))
            .map(s -> s.errors().toString()).orElse("none")));
  }

  @Test
  void registeredExplicitlyItFillsTheOwnerFromTheLastMatchingRule() {
    try (CatalogEngine engine = Engines.started(engine().processor(new CodeownersProcessor()).build())) {
      Entity payments = entity(engine, "component:default/payments");
      assertThat(payments.specString("owner")).isEqualTo("group:default/payments");
      assertThat(payments.metadata().annotation(CodeownersProcessor.SOURCE_ANNOTATION))
          .isEqualTo(".github/CODEOWNERS:3");
      assertThat(payments.relations()).contains(new Relation("ownedBy", EntityRef.parse("group:default/payments")));
      assertThat(entity(engine, "component:default/search").specString("owner"))
          .isEqualTo("group:default/platform");
      // an owner written in the file is kept
      assertThat(entity(engine, "component:default/legacy").specString("owner")).isEqualTo("user:bob");
    }
  }

  @Test
  void foundByDiscoveryThroughMetaInfServices() {
    assertThat(Processors.discover(getClass().getClassLoader()))
        .anyMatch(p -> p instanceof CodeownersProcessor);
    try (CatalogEngine engine = Engines.started(engine().discoverProcessors().build())) {
      assertThat(entity(engine, "component:default/search").specString("owner"))
          .isEqualTo("group:default/platform");
    }
  }

  @Test
  void withoutItAComponentWithoutOwnerIsInvalid() {
    try (CatalogEngine engine = Engines.started(engine().build())) {
      assertThat(engine.catalog().entity(EntityRef.parse("component:default/search"))).isEmpty();
      assertThat(engine.state().get(EntityRef.parse("component:default/search")).orElseThrow().errors())
          .singleElement().asString().contains("must have required property 'owner'");
    }
  }

  @Test
  void patternsFollowGitHubsRules() {
    assertThat(CodeownersProcessor.toRegex("*").matcher("a/b/catalog-info.yaml").matches()).isTrue();
    assertThat(CodeownersProcessor.toRegex("/services/").matcher("services/x/catalog-info.yaml").matches()).isTrue();
    assertThat(CodeownersProcessor.toRegex("/services/").matcher("other/services/x.yaml").matches()).isFalse();
    assertThat(CodeownersProcessor.toRegex("services/").matcher("other/services/x.yaml").matches()).isTrue();
    assertThat(CodeownersProcessor.toRegex("docs/*").matcher("docs/a.md").matches()).isTrue();
    assertThat(CodeownersProcessor.toRegex("docs/*").matcher("docs/a/b.md").matches()).isFalse(); // as GitHub documents
    assertThat(CodeownersProcessor.toRegex("**/catalog-info.yaml").matcher("catalog-info.yaml").matches()).isTrue();
    assertThat(CodeownersProcessor.toRegex("*.yaml").matcher("x/y.yml").matches()).isFalse();
  }
}
