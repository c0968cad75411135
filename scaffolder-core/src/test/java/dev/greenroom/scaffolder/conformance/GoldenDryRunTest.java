package dev.greenroom.scaffolder.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.run.WorkspaceFile;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Our dry run of five corpus templates gives exactly the files, file contents, rendered output and
 * steps the real Backstage scaffolder gave (resources/conformance/scaffolder, see its README).
 */
class GoldenDryRunTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"docs-template", "create-react-app", "react-ssr-template",
      "springboot-grpc-template", "conditional-output-demo"})
  void dryRunMatchesBackstage(String name) throws Exception {
    Path root = Path.of(getClass().getResource("/conformance/scaffolder").toURI());
    Path dir = root.resolve(name);
    Template template = Template.fromYaml(name + "/template.yaml",
        Files.readString(dir.resolve("template.yaml")), dir.toUri().toString());
    JsonNode values = Json.parse(Files.readString(root.resolve(name + ".values.json")));
    JsonNode golden = Json.parse(Files.readString(root.resolve(name + ".dry-run.json")));

    Scaffolder scaffolder = Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
    RunResult result = scaffolder.dryRun(template, values, Map.of(), TemplateUser.anonymous());

    Map<String, String> expectedFiles = new TreeMap<>();
    golden.get("files").properties().forEach(e -> expectedFiles.put(e.getKey(),
        e.getValue().stringValue()));
    Map<String, String> actualFiles = new TreeMap<>();
    for (WorkspaceFile f : result.files()) {
      actualFiles.put(f.path(), f.text());
    }
    assertThat(actualFiles.keySet()).isEqualTo(expectedFiles.keySet());
    for (String path : expectedFiles.keySet()) {
      assertThat(actualFiles.get(path)).as(path).isEqualTo(expectedFiles.get(path));
    }
    assertThat(result.output()).isEqualTo(golden.get("output"));
    List<String> steps = new ArrayList<>();
    template.steps().forEach(s -> steps.add(s.id()));
    List<String> goldenSteps = new ArrayList<>();
    golden.get("steps").forEach(s -> goldenSteps.add(s.stringValue()));
    assertThat(steps).isEqualTo(goldenSteps);
    Map<String, JsonNode> outs = new LinkedHashMap<>(result.stepOutputs());
    assertThat(outs.keySet()).containsExactlyElementsOf(goldenSteps);
  }
}
