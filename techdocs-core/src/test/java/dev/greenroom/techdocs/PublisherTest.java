package dev.greenroom.techdocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.model.EntityRef;
import dev.greenroom.techdocs.build.GeneratedSite;
import dev.greenroom.techdocs.publish.LocalPublisher;
import dev.greenroom.techdocs.publish.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  @TempDir Path tmp;

  static GeneratedSite site(Map<String, byte[]> files) {
    return new GeneratedSite("s", null, "e", 1L, files, List.of(""), List.of(), List.of());
  }

  @Test
  void safePaths() {
    assertThat(Publisher.safePath("")).isEqualTo("index.html");
    assertThat(Publisher.safePath("a/")).isEqualTo("a/index.html");
    assertThat(Publisher.safePath("a/./b.css")).isEqualTo("a/b.css");
    assertThat(Publisher.safePath("a/b/index.html")).isEqualTo("a/b/index.html");
    for (String bad : List.of("..", "../x", "a/../../x", "a/../x", "/etc/passwd", "a\\..\\x", "a\0b", "a\nb")) {
      assertThat(Publisher.safePath(bad)).as(bad).isNull();
    }
  }

  @Test
  void publishStoresUnderTheLowerCasedTripletAndReplacesTheOldSite() throws Exception {
    LocalPublisher pub = new LocalPublisher(tmp.resolve("pub"));
    EntityRef ref = EntityRef.of("Component", "Default", "My-Svc");
    pub.publish(ref, site(Map.of("index.html", "v1".getBytes(), "old/index.html", "old".getBytes(),
        "techdocs_metadata.json", "{\"etag\":\"1\"}".getBytes())));
    assertThat(tmp.resolve("pub/default/component/my-svc/old/index.html")).exists();
    pub.publish(ref, site(Map.of("index.html", "v2".getBytes(), "techdocs_metadata.json", "{\"etag\":\"2\"}".getBytes())));
    assertThat(new String(pub.read(ref, "index.html").orElseThrow())).isEqualTo("v2");
    assertThat(pub.read(ref, "old/index.html")).isEmpty();
    assertThat(pub.metadata(ref).orElseThrow().path("etag").asString()).isEqualTo("2");
    try (var s = Files.list(tmp.resolve("pub/default/component"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("my-svc");
    }
  }

  @Test
  void readsNeverLeaveTheSite() throws Exception {
    LocalPublisher pub = new LocalPublisher(tmp.resolve("pub"));
    EntityRef ref = EntityRef.of("component", "default", "a");
    pub.publish(ref, site(Map.of("index.html", "ok".getBytes())));
    Files.writeString(tmp.resolve("secret.txt"), "secret");
    Files.writeString(tmp.resolve("pub/default/component/b.txt"), "sibling");
    Path link = tmp.resolve("pub/default/component/a/link.txt");
    Files.createSymbolicLink(link, tmp.resolve("secret.txt"));
    assertThat(pub.read(ref, "../../../../secret.txt")).isEmpty();
    assertThat(pub.read(ref, "../b.txt")).isEmpty();
    assertThat(pub.read(ref, "link.txt")).isEmpty();
    assertThat(pub.read(ref, "/etc/passwd")).isEmpty();
    assertThat(pub.read(ref, "")).map(String::new).contains("ok");
  }
}
