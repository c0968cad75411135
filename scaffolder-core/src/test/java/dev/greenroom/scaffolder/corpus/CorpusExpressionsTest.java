package dev.greenroom.scaffolder.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.render.RenderException;
import dev.greenroom.scaffolder.render.TemplateRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code ${{ }}} string in the steps and outputs of the corpus' v1beta3 templates renders
 * with our engine; the only failures are calls to filters that a plugin of the original
 * installation provides (Roadie's {@code now}), exactly as Backstage without that plugin fails.
 */
class CorpusExpressionsTest {
  @Test
  void everyCorpusExpressionRenders() throws Exception {
    TemplateRenderer r = TemplateRenderer.builder().build();
    JsonNode ctx = Json.parse("""
        {"parameters": {"name": "n", "repoUrl": "github.com?owner=o&repo=r", "environment": "dev",
           "secretType": "api-keys", "repositoryType": "microservice", "enableCI": "Yes",
           "description": "d", "dryRun": false, "tags": ["a"]},
         "steps": {}, "secrets": {"USER_OAUTH_TOKEN": "t"}, "user": {"ref": "user:default/u"},
         "each": {"key": "0", "value": "v"}, "context": {"task": {"id": "t"}}}""");
    Map<String, String> failures = new TreeMap<>();
    int rendered = 0;
    for (CorpusTemplatesTest.Doc d : CorpusTemplatesTest.templates()) {
      if (!"scaffolder.backstage.io/v1beta3".equals(d.root().path("apiVersion").asString(""))) {
        continue;
      }
      List<String> strings = new ArrayList<>();
      collect(d.root().path("spec").path("steps"), strings);
      collect(d.root().path("spec").path("output"), strings);
      for (String s : strings) {
        if (!s.contains("${{") && !s.contains("{%")) {
          continue;
        }
        rendered++;
        try {
          r.renderValue(Json.nodes().stringNode(s), ctx);
        } catch (RenderException e) {
          failures.put(d.file().getFileName() + ": " + s.strip(), e.getMessage());
        }
      }
    }
    assertThat(rendered).isGreaterThan(300);
    // Roadie's demo templates call filters their own backend adds (`now`), and one uses Jinja's
    // `map(attribute=...)`, which Nunjucks does not have: Backstage fails on those too
    assertThat(failures.values()).allSatisfy(m -> assertThat(m)
        .containsAnyOf("Filter [now] does not exist", "Filter [map] does not exist"));
    assertThat(failures).hasSize(12);
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isString()) {
      out.add(n.stringValue());
    } else if (n.isObject()) {
      n.properties().forEach(e -> collect(e.getValue(), out));
    } else if (n.isArray()) {
      n.forEach(c -> collect(c, out));
    }
  }
}
