package dev.greenroom.catalog.processing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.processing.CatalogEngine;
import dev.greenroom.catalog.validation.EntityValidator;
import dev.greenroom.catalog.validation.ValidationResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The engine's builder checks its arguments and keeps copies of what it is given. */
class EngineBuilderTest {

  @Test
  void durationsMustBePositive() {
    assertThatThrownBy(() -> CatalogEngine.builder().lease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease must be positive");
    assertThatThrownBy(() -> CatalogEngine.builder().pollInterval(Duration.ofMillis(-1)))
        .hasMessageContaining("poll interval must be positive");
    assertThatThrownBy(() -> CatalogEngine.builder().orphanPeriod(Duration.ofSeconds(-1)))
        .hasMessageContaining("orphan period must not be negative");
    assertThatThrownBy(() -> CatalogEngine.builder().lease(null))
        .isInstanceOf(NullPointerException.class);
    CatalogEngine.builder().orphanPeriod(Duration.ZERO); // every round: allowed
  }

  @Test
  void theCallersValidatorBuilderIsNotChangedByTheEngine() {
    EntityValidator.Builder mine = EntityValidator.builder();
    try (CatalogEngine e = CatalogEngine.builder().validator(mine).processingDisabled().build()) {
      assertThat(e).isNotNull();
    }
    // the engine turns built-in kinds and relation checks off in its copy only: the caller's
    // builder still validates a Component without a spec.type as Backstage's built-in kinds do
    ObjectNode component = JsonNodeFactory.instance.objectNode()
        .put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
    component.putObject("metadata").put("name", "web");
    component.putObject("spec").put("owner", "team-a").put("lifecycle", "production");
    ValidationResult r = mine.build().validate(component, "test", 0, null);
    assertThat(r.isValid()).as("the built-in Component kind still checks spec.type").isFalse();
  }

  @Test
  void aCopyIsIndependent() {
    EntityValidator.Builder a = EntityValidator.builder();
    EntityValidator.Builder b = a.copy().builtinKinds(false);
    ObjectNode odd = JsonNodeFactory.instance.objectNode()
        .put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
    odd.putObject("metadata").put("name", "web");
    odd.putObject("spec");
    // the copy was told to skip built-in kinds: the original still checks them
    assertThat(a.build().validate(odd, "t", 0, null).problems().toString())
        .contains("spec");
    assertThat(b.build().validate(odd, "t", 0, null).problems().toString())
        .isNotEqualTo(a.build().validate(odd, "t", 0, null).problems().toString());
  }
}
