package dev.greenroom.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class SyntheticCatalogTest {

  static String sha256(List<ObjectNode> entities) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (ObjectNode e : entities) {
      md.update(e.toString().getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The digests of the generator as it stood in the benchmarks module (checked there once against
   * the peer's gen-catalog.mjs): moving or tidying it must not change one draw, or Greenroom and
   * Backstage would be measured on different data.
   */
  @Test
  void theCatalogIsTheOneTheBenchmarksWereMeasuredOn() throws Exception {
    assertThat(sha256(SyntheticCatalog.generate(20, 42)))
        .isEqualTo("7d0b1ba571471da8fa4a1e9cb7de171c091b9783c046f4bd364f1643c16b8d01");
    assertThat(sha256(SyntheticCatalog.generate(1000, 42)))
        .isEqualTo("a1652be803c37af4eb9aa16200dede5eefcbaeae9a62488d9a3d930f96c023fc");
    assertThat(sha256(SyntheticCatalog.generate(10_000, 42)))
        .isEqualTo("a5856abe52d5a8ad881d59315be4f311f295dc5bc32b4fbcacbed3c6c685aded");
  }

  @Test
  void shapeAndDeterminism() throws Exception {
    List<ObjectNode> all = SyntheticCatalog.generate(1000, 42);
    assertThat(all).hasSize(1000);
    Map<String, Long> kinds = all.stream()
        .collect(Collectors.groupingBy(e -> e.path("kind").asString(), Collectors.counting()));
    assertThat(kinds).containsEntry("Domain", 5L).containsEntry("Group", 30L)
        .containsEntry("User", 150L).containsEntry("System", 40L).containsEntry("API", 150L)
        .containsEntry("Resource", 100L).containsEntry("Component", 525L);
    ObjectNode org = all.get(5); // after the five Domains, the root of the Group tree
    assertThat(org.path("kind").asString()).isEqualTo("Group");
    assertThat(org.path("metadata").path("name").asString()).isEqualTo("org");
    assertThat(org.path("spec").path("type").asString()).isEqualTo("organization");
    assertThat(all.get(999).path("metadata").path("name").asString()).isEqualTo("component-00524");
    assertThat(sha256(SyntheticCatalog.generate(1000, 42))).isEqualTo(sha256(all));
    assertThat(sha256(SyntheticCatalog.generate(1000, 7))).isNotEqualTo(sha256(all));
    assertThatThrownBy(() -> SyntheticCatalog.generate(19, 42))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 20, was 19");
  }
}
