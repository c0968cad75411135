package dev.greenroom.catalog.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EntityProjectionTest {
  private static final ObjectNode ENTITY =
      (ObjectNode)
          Json.parse(
              """
              {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
               "metadata":{"name":"a","annotations":{"backstage.io/view-url":"u","x":"y"}},
               "spec":{"type":"service"}}
              """);

  @Test
  void keepsOnlyNamedSubtrees() {
    ObjectNode out = EntityProjection.parse(List.of("kind,metadata.name", "spec")).apply(ENTITY);
    assertThat(Json.write(out))
        .isEqualTo("{\"kind\":\"Component\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"type\":\"service\"}}");
  }

  @Test
  void gluesSegmentsForKeysWithDots() {
    ObjectNode out =
        EntityProjection.parse(List.of("metadata.annotations.backstage.io/view-url")).apply(ENTITY);
    assertThat(Json.write(out))
        .isEqualTo("{\"metadata\":{\"annotations\":{\"backstage.io/view-url\":\"u\"}}}");
  }

  @Test
  void missingPathsAreLeftOut() {
    assertThat(Json.write(EntityProjection.parse(List.of("spec.nope", "relations")).apply(ENTITY)))
        .isEqualTo("{}");
  }

  @Test
  void arrayPathsAreRefused() {
    assertThatThrownBy(() -> EntityProjection.parse(List.of("relations[0]")))
        .hasMessage("Invalid field \"relations[0]\", array type fields are not supported");
  }
}
