package dev.greenroom.catalog.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.model.Entity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader: documents, YAML 1.2 core scalars, lines, and every limit. */
class EntityYamlReaderTest {
  private static final EntityYamlReader R = EntityYamlReader.create();

  @Test
  void skipsEmptyDocumentsAndCountsIndexAndLine() {
    List<RawDocument> docs = R.read("f.yaml", "---\n---\na: 1\n---\n~\n---\n\n\nb: [x, y]\n");
    assertThat(docs).hasSize(2);
    assertThat(docs.get(1).index()).isEqualTo(1);
    assertThat(docs.get(1).line()).isEqualTo(9);
    assertThat(docs.get(1).lineOf("b.1")).isEqualTo(9);
    assertThat(R.read("f.yaml", "# only a comment\n")).isEmpty();
  }

  @Test
  void yaml12CoreScalarsAndNoMergeKeys() {
    RawDocument d = R.read("f", "a: yes\nb: on\nc: true\nd: 0o17\ne: ~\nf: '1'\ng: 1.5\nbase: &b {x: 1}\nm:\n  <<: *b\n").get(0);
    assertThat(d.root().get("a").isString()).isTrue();
    assertThat(d.root().get("b").asString()).isEqualTo("on");
    assertThat(d.root().get("c").isBoolean()).isTrue();
    assertThat(d.root().get("d").intValue()).isEqualTo(15);
    assertThat(d.root().get("e").isNull()).isTrue();
    assertThat(d.root().get("f").isString()).isTrue();
    assertThat(d.root().get("m").has("<<")).isTrue();
    assertThat(d.root().get("m").has("x")).isFalse();
  }

  @Test
  void jsonFilesAreRead() {
    assertThat(R.read("f.json", "{\"a\": [1, {\"b\": null}]}").get(0).root().get("a").size()).isEqualTo(2);
  }

  @Test
  void yamlErrorNamesFileDocumentAndLine() {
    assertThatThrownBy(() -> R.read("catalog-info.yaml", "a: 1\n---\nb: 2\nc: [\n"))
        .isInstanceOf(CatalogReadException.class)
        .hasMessageStartingWith("YAML error at catalog-info.yaml document 2 line");
    assertThatThrownBy(() -> R.read("f.yaml", "a: 1\na: 2\n")).hasMessageContaining("duplicate key");
  }

  @Test
  void maxFileSize() {
    EntityYamlReader small = EntityYamlReader.builder().maxFileBytes(10).build();
    assertThatThrownBy(() -> small.read("f.yaml", "a: 12345678901\n"))
        .isInstanceOf(CatalogReadException.class).hasMessageContaining("larger than the limit of 10");
    assertThat(EntityYamlReader.DEFAULT_MAX_FILE_BYTES).isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void maxDepth() {
    String deep = "a: ".repeat(1) + "[".repeat(150) + "]".repeat(150);
    assertThatThrownBy(() -> R.read("f.yaml", deep)).hasMessageContaining("nesting deeper than the limit of 100");
    assertThat(EntityYamlReader.builder().maxDepth(200).build().read("f.yaml", deep)).hasSize(1);
  }

  @Test
  void billionLaughsFailsFast() {
    StringBuilder sb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char p = (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ", ").append('*').append(p);
      }
      sb.append("]\n");
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> R.read("bomb.yaml", sb.toString()))
        .isInstanceOf(CatalogReadException.class).hasMessageContaining("alias");
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void maxAliases() {
    EntityYamlReader r = EntityYamlReader.builder().maxAliases(2).build();
    assertThatThrownBy(() -> r.read("f.yaml", "a: &x 1\nb: [*x, *x, *x]\n"))
        .hasMessageContaining("more than 2 aliases");
  }

  @Test
  void maxDocuments() {
    EntityYamlReader r = EntityYamlReader.builder().maxDocuments(2).build();
    assertThatThrownBy(() -> r.read("f.yaml", "a: 1\n---\nb: 1\n---\nc: 1\n"))
        .hasMessageContaining("more than 2 documents");
  }

  @Test
  void writerRoundTrips() {
    Entity e = Entity.fromJson("{\"apiVersion\":\"v1\",\"kind\":\"K\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"on\":\"yes\"}}");
    String yaml = EntityWriter.toYaml(List.of(e, e));
    List<RawDocument> back = R.read("out.yaml", yaml);
    assertThat(back).hasSize(2);
    assertThat(Entity.fromJson(back.get(1).root())).isEqualTo(e);
    assertThat(Entity.fromJson(R.read("out.json", EntityWriter.toJson(List.of(e))).get(0).root().get(0))).isEqualTo(e);
  }
}
