package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private static final String MIXED = CliRun.rel("validate/mixed");

  private static String golden(String name) throws IOException {
    return Files.readString(CliRun.resource("golden/" + name), StandardCharsets.UTF_8)
        .replace("@MIXED@", MIXED);
  }

  @Test
  void jsonOutputIsStable() throws IOException {
    CliRun r = CliRun.run("validate", "--format", "json", MIXED);
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).isEqualTo(golden("validate-mixed.jsonl"));
    assertThat(r.err).isEqualTo("5 documents in 3 files: 2 valid, 3 invalid; "
        + "2 YAML files skipped (no Backstage entity; --all checks them too)\n");
  }

  @Test
  void textOutputNamesFileLineFieldAndShowsTheLine() throws IOException {
    CliRun r = CliRun.run("validate", "--verbose", MIXED);
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).isEqualTo(golden("validate-mixed.txt"));
  }

  @Test
  void allChecksEveryYamlFileInFoldersButHiddenOnes() {
    CliRun r = CliRun.run("validate", "--all", MIXED);
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).contains("repo/deploy/deployment.yaml:2: kind (document 1, deployment:default/shop)")
        .contains("repo/openapi.yaml:1: apiVersion is missing (document 1)")
        .doesNotContain(".github");
    assertThat(r.out).endsWith("7 documents in 5 files: 2 valid, 5 invalid\n");
  }

  @Test
  void fileNamedDirectlyIsAlwaysChecked() {
    CliRun r = CliRun.run("validate", "--format", "json", MIXED + "/repo/deploy/deployment.yaml");
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).contains("\"valid\":false")
        .contains("No processor recognized the entity deployment:default/shop");
  }

  @Test
  void globsAndValidFilesExitZero() {
    CliRun r = CliRun.run("validate", MIXED + "/**/catalog-info.yml", CliRun.rel("validate/ok"));
    assertThat(r.status).as(r.out + r.err).isZero();
    assertThat(r.out).isEqualTo("2 documents in 2 files: 2 valid, 0 invalid\n");
  }

  @Test
  void usageErrorsExitTwo() {
    CliRun missing = CliRun.run("validate", "no/such/folder");
    assertThat(missing.status).isEqualTo(2);
    assertThat(missing.err).contains("no such file or folder: no/such/folder");
    CliRun glob = CliRun.run("validate", MIXED + "/**/*.json");
    assertThat(glob.status).isEqualTo(2);
    assertThat(glob.err).contains("no file matches " + MIXED + "/**/*.json");
    assertThat(CliRun.run("validate", "--format", "xml", MIXED).status).isEqualTo(2);
    assertThat(CliRun.run("validate").status).isEqualTo(2);
  }

  /**
   * Regression: a path with braces (a templated skeleton path) was read as a glob and failed with
   * a regex error (exit 2). A path that exists as written is a file; only typed globs are globs.
   */
  @Test
  void pathsWithBracesThatExistAreFilesNotGlobs(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("skeleton/${{values.name}}"));
    Path valid = folder.resolve("catalog-info.yaml");
    Files.writeString(valid, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: skeleton\nspec:\n  type: service\n  lifecycle: experimental\n  owner: team\n");
    CliRun ok = CliRun.run("validate", valid.toString());
    assertThat(ok.status).as(ok.out + ok.err).isZero();
    assertThat(ok.out).isEqualTo("1 document in 1 file: 1 valid, 0 invalid\n");

    // the folder as written, and a glob below it
    assertThat(CliRun.run("validate", folder.toString()).status).isZero();
    CliRun globbed = CliRun.run("validate", folder + "/*.yaml");
    assertThat(globbed.status).as(globbed.out + globbed.err).isZero();

    Path templated = Files.createDirectories(dir.resolve("{{ values.owner }}"))
        .resolve("catalog-info.yaml");
    Files.writeString(templated, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: ${{ values.name }}\nspec:\n  type: service\n  lifecycle: x\n  owner: team\n");
    CliRun invalid = CliRun.run("validate", templated.toString());
    assertThat(invalid.status).as(invalid.out + invalid.err).isEqualTo(1);
    assertThat(invalid.out).contains("metadata.name");

    // a brace path that does not exist is a usage error that says so, not a regex error
    CliRun missing = CliRun.run("validate", dir + "/skeleton/${{values.other}}/catalog-info.yaml");
    assertThat(missing.status).isEqualTo(2);
    assertThat(missing.err).contains("no such file or folder");
  }

  @Test
  void unreadableYamlIsOneInvalidDocumentWithItsLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("catalog-info.yaml");
    Files.writeString(f, "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: x\n  name: y\n");
    CliRun r = CliRun.run("validate", "--format", "json", f.toString());
    assertThat(r.status).isEqualTo(1);
    assertThat(r.out).startsWith("{\"file\":\"" + f.toString().replace('\\', '/')
        + "\",\"document\":0,\"line\":5,\"ref\":null,\"valid\":false,\"errors\":[{\"field\":\"\","
        + "\"message\":\"YAML error at " + f + " document 1 line 5: duplicate key \\\"name\\\"");
  }

  @Test
  void progressBarText() {
    assertThat(Progress.render(523, 1000, 10, "files")).isEqualTo("[#####.....]  523/1000 files  52%");
    assertThat(Progress.render(1000, 1000, 10, "files")).isEqualTo("[##########] 1000/1000 files 100%");
  }
}
