package dev.greenroom.catalog.test;

import static dev.greenroom.catalog.test.CatalogAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.greenroom.catalog.model.EntityRef;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit extension, as a service's own test would use it, and run by the JUnit test kit. */
@CatalogFiles(value = "**/*.yaml", root = "classpath:good")
class CatalogExtensionTest {

  @Test
  void classLevelFilesAreInjected(LoadedCatalog catalog) {
    assertThat(catalog.files()).hasSize(2);
    assertThat(catalog).isValid().hasEntityCount(6).hasNoDanglingRefs().everyComponentHasOwner();
  }

  @Test
  @CatalogFiles(value = "services/catalog-info.yaml", root = "classpath:good")
  void methodLevelAnnotationWins(LoadedCatalog catalog) {
    assertThat(catalog.files()).singleElement().asString().endsWith("catalog-info.yaml");
    assertThat(catalog.entity(EntityRef.parse("group:default/team-a"))).isEmpty();
  }

  @Test
  void parameterLevelAnnotationWins(
      @CatalogFiles(value = "bad", root = "classpath:.") LoadedCatalog bad,
      LoadedCatalog good) {
    assertThat(bad).isInvalid().hasProblem("spec.owner", "must be string");
    assertThat(good).isValid();
  }

  @Test
  void aPatternMatchingNothingFailsTheTestInsteadOfPassingVacuously() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Missing.class))
        .configurationParameter("junit.jupiter.conditions.deactivate", "*")
        .execute().testEvents();
    events.assertStatistics(s -> s.started(1).failed(1));
    assertThat(events.failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow().getMessage())
        .contains("@CatalogFiles[catalog/**/*.yaml]: no file matches catalog/**/*.yaml");
  }

  @Test
  void anInvalidCatalogFailsWithFileLineAndField() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Invalid.class))
        .execute().testEvents();
    events.assertStatistics(s -> s.started(1).failed(1));
    String message = events.failed().stream().findFirst().orElseThrow()
        .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow().getMessage();
    assertThat(message).contains("bad/catalog-info.yaml:17: spec.owner (document 2, "
        + "component:default/broken)");
  }

  /** Run only through the test kit above. */
  @CatalogFiles(value = "catalog/**/*.yaml", root = "classpath:good")
  static class Missing {
    @Test
    void neverRuns(LoadedCatalog catalog) {
      assertThat(catalog).isValid();
    }
  }

  /** Run only through the test kit above. */
  @CatalogFiles(value = "bad/*.yaml", root = "classpath:.")
  static class Invalid {
    @Test
    void catalogIsValid(LoadedCatalog catalog) {
      assertThat(catalog).isValid();
    }
  }
}
