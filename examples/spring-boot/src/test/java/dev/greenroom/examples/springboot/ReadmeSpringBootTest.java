package dev.greenroom.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Spring Boot" snippets are this service's own: the {@code application.yaml} line
 * for line, and every dependency of the Maven snippet is one of this module's, so the service's
 * tests run what the README shows.
 */
class ReadmeSpringBootTest {
  private static final Path README = Path.of("../../README.md");

  private static String section() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n## Spring Boot\n");
    assertThat(start).as("README has a '## Spring Boot' section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static String block(String section, String language) {
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(m.find()).as("a ```%s block in the Spring Boot section", language).isTrue();
    return m.group(1);
  }

  @Test
  void theApplicationYamlSnippetIsTheServicesLineForLine() throws Exception {
    List<String> snippet = block(section(), "yaml").lines().toList();
    List<String> actual =
        Files.readAllLines(Path.of("src/main/resources/application.yaml"), StandardCharsets.UTF_8);
    assertThat(snippet).containsExactlyElementsOf(actual);
  }

  @Test
  void everyDependencyOfTheMavenSnippetIsOneOfTheServices() throws Exception {
    String xml = block(section(), "xml");
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    Matcher d = Pattern.compile(
            "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "(?:\\s*<version>([^<]+)</version>)?(?:\\s*<scope>([^<]+)</scope>)?")
        .matcher(xml);
    List<String> found = new ArrayList<>();
    while (d.find()) {
      String expected = "<dependency><groupId>" + d.group(1) + "</groupId><artifactId>"
          + d.group(2) + "</artifactId>"
          + (d.group(4) != null ? "<scope>" + d.group(4) + "</scope>" : "") + "</dependency>";
      assertThat(pom).as("examples/spring-boot/pom.xml declares %s", expected).contains(expected);
      if (d.group(3) != null) {
        assertThat(d.group(3)).as("the snippet's version of %s", d.group(2))
            .isEqualTo(projectVersion(pom));
      }
      found.add(d.group(2));
    }
    assertThat(found).contains("greenroom-spring-boot-starter", "spring-boot-starter-actuator",
        "micrometer-registry-prometheus");
  }

  private static String projectVersion(String pom) {
    Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
