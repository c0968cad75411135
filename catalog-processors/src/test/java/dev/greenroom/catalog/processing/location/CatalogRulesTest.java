package dev.greenroom.catalog.processing.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.catalog.model.Entity;
import dev.greenroom.catalog.processing.LocationSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogRulesTest {
  private static Entity entity(String kind, String type) {
    return Entity.fromJson(
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"" + kind
            + "\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"type\":\"" + type + "\"}}");
  }

  private static final LocationSpec ANY = LocationSpec.of("url", "https://github.com/org/repo/blob/main/catalog-info.yaml");

  @Test
  void defaultsAllowComponentApiAndLocationOnly() {
    CatalogRules rules = CatalogRules.defaults();
    assertThat(rules.isAllowed(entity("Component", "service"), ANY)).isTrue();
    assertThat(rules.isAllowed(entity("api", "openapi"), ANY)).isTrue();
    assertThat(rules.isAllowed(entity("Location", "x"), ANY)).isTrue();
    assertThat(rules.isAllowed(entity("User", "x"), ANY)).isFalse();
    assertThat(rules.isAllowed(entity("Group", "x"), ANY)).isFalse();
    assertThat(CatalogRules.allowAll().isAllowed(entity("User", "x"), ANY)).isTrue();
  }

  @Test
  void fromConfigWithKindsSpecTypesAndLocations() {
    CatalogRules rules = CatalogRules.fromConfig(
        Json.parse("""
            [
              {"allow": ["Component", "API"]},
              {"allow": [{"kind": "Resource", "spec.type": "Database"}]},
              {"allow": ["Template"], "locations": [
                 {"type": "url", "pattern": "https://github.com/org/*/blob/master/template.yaml"}]},
              {"allow": ["System"], "locations": [{"type": "file", "pattern": "/srv/**/systems.yaml"}]}
            ]"""),
        Json.parse("""
            [
              {"type": "url", "target": "https://github.com/org/repo/blob/master/users.yaml",
               "rules": [{"allow": ["User", "Group"]}]},
              {"type": "url", "target": "https://github.com/org/repo/blob/master/plain.yaml"}
            ]"""));
    assertThat(rules.isAllowed(entity("component", "x"), ANY)).isTrue();
    assertThat(rules.isAllowed(entity("Location", "x"), ANY)).isFalse();
    assertThat(rules.isAllowed(entity("Resource", "database"), ANY)).isTrue();
    assertThat(rules.isAllowed(entity("Resource", "s3"), ANY)).isFalse();
    LocationSpec tpl = LocationSpec.of("url", "https://GITHUB.com/org/any/blob/master/template.yaml");
    assertThat(rules.isAllowed(entity("Template", "x"), tpl)).isTrue();
    assertThat(rules.isAllowed(entity("Template", "x"), ANY)).isFalse();
    assertThat(rules.isAllowed(entity("Template", "x"),
        LocationSpec.of("url", "https://github.com/org/a/b/blob/master/template.yaml"))).isFalse();
    LocationSpec users = LocationSpec.of("url", "https://github.com/org/repo/blob/master/users.yaml");
    assertThat(rules.isAllowed(entity("User", "x"), users)).isTrue();
    assertThat(rules.isAllowed(entity("User", "x"), ANY)).isFalse();
    assertThat(rules.isAllowed(entity("System", "x"), LocationSpec.of("file", "/srv/a/b/systems.yaml"))).isTrue();
    assertThat(rules.isAllowed(entity("System", "x"), LocationSpec.of("url", "/srv/a/b/systems.yaml"))).isFalse();
  }

  @Test
  void urlTargetsAreCanonicalisedBeforeMatching() {
    CatalogRules rules = CatalogRules.builder()
        .allowAt(LocationSpec.of("url", "https://github.com/org/repo/blob/master/users.yaml"), "User")
        .build();
    assertThat(rules.isAllowed(entity("User", "x"),
        LocationSpec.of("url", "https://github.com/org/other/../repo/blob/master/%75sers.yaml"))).isTrue();
    assertThat(rules.isAllowed(entity("User", "x"),
        LocationSpec.of("url", "https://someone@github.com/org/repo/blob/master/users.yaml"))).isTrue();
    assertThat(rules.isAllowed(entity("User", "x"),
        LocationSpec.of("url", "https://github.com/org/repo/blob/master/users2.yaml"))).isFalse();
  }

  @Test
  void emptyLocationListMatchesNothing() {
    CatalogRules rules = CatalogRules.fromConfig(
        Json.parse("[{\"allow\": [\"Component\"], \"locations\": []}]"), null);
    assertThat(rules.isAllowed(entity("Component", "x"), ANY)).isFalse();
  }

  @Test
  void fileLocationRulesUseAbsolutePaths() {
    CatalogRules rules = CatalogRules.fromConfig(null, Json.parse(
        "[{\"type\": \"file\", \"target\": \"./users.yaml\", \"rules\": [{\"allow\": [\"User\"]}]}]"));
    String abs = Path.of("users.yaml").toAbsolutePath().normalize().toString();
    assertThat(rules.isAllowed(entity("User", "x"), LocationSpec.of("file", abs))).isTrue();
    assertThat(rules.isAllowed(entity("Component", "x"), LocationSpec.of("file", abs))).isTrue();
    // the rule is bound to that file: a User from another file falls back to the default rules
    String other = Path.of("other", "users.yaml").toAbsolutePath().normalize().toString();
    assertThat(rules.isAllowed(entity("User", "x"), LocationSpec.of("file", other))).isFalse();
    // and the relative target was resolved: the same text as a relative path does not match
    assertThat(rules.isAllowed(entity("User", "x"), LocationSpec.of("file", "./users.yaml")))
        .isFalse();
  }

  @Test
  void badConfigIsNamed() {
    assertThatThrownBy(() -> CatalogRules.fromConfig(Json.parse("[{\"allow\": \"Component\"}]"), null))
        .hasMessageContaining("catalog.rules[0].allow");
    assertThatThrownBy(() -> CatalogRules.fromConfig(Json.parse(
            "[{\"allow\": [\"A\"], \"locations\": [{\"type\": \"url\", \"exact\": \"a\", \"pattern\": \"b\"}]}]"), null))
        .hasMessageContaining("both exact and pattern");
  }
}
