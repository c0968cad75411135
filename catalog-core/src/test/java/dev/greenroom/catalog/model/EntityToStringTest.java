package dev.greenroom.catalog.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityToStringTest {
  private static final String STORED = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
      + "\"metadata\":{\"name\":\"web\",\"namespace\":\"team-a\"},\"spec\":{}}";

  @Test
  void storedEntitiesPrintTheirRefBeforeTheTreeIsRead() {
    // entities read back from the JDBC store carry text only; toString used to read the unset ref
    assertThat(Entity.fromStoredJson(STORED).toString()).isEqualTo("component:team-a/web");
  }

  @Test
  void parsedEntitiesPrintTheDefaultNamespace() {
    assertThat(Entity.fromJson(STORED.replace(",\"namespace\":\"team-a\"", "")).toString())
        .isEqualTo("component:default/web");
  }
}
