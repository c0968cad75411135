package dev.greenroom.scaffolder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.integrations.IntegrationsConfig;
import dev.greenroom.scaffolder.action.TemplateAction;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The input schemas the actions expose (what {@code GET /api/scaffolder/v2/actions} lists) name
 * the inputs Backstage 1.56's publish modules have, with Backstage's types: a template that uses
 * them passes the closed-input check, and the template editor offers them.
 */
class ActionSchemasTest {
  static final Map<String, TemplateAction> ACTIONS = PublishActions.builder()
      .integrations(new IntegrationsConfig(List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of()))
      .build().actions().stream()
      .collect(Collectors.toMap(TemplateAction::id, a -> a));

  @ParameterizedTest(name = "{0} has input {1}")
  @CsvSource({
      "github:repo:create, autoInit, boolean",
      "github:repo:create, workflowAccess, string",
      "github:repo:push, requiredCommitSigning, boolean",
      "publish:github:pull-request, filesToDelete, array",
      "publish:github:pull-request, forceFork, boolean",
      "github:actions:dispatch, returnWorkflowRunDetails, boolean",
      "publish:gitlab, skipExisting, boolean",
      "publish:gitlab, ownerUsername, string",
      "gitlab:group:ensureExists, description, string",
      "publish:gitlab:merge-request, assignReviewersFromApprovalRules, boolean",
      "publish:gitlab:merge-request, autoMerge, boolean",
      "publish:gitlab:merge-request, commitAction, string",
  })
  void inputIsDeclared(String action, String input, String type) {
    JsonNode schema = ACTIONS.get(action).inputSchema();
    JsonNode property = schema.path("properties").path(input);
    assertThat(property.isObject()).as(action + " " + input).isTrue();
    JsonNode t = property.path("type");
    assertThat(t.isArray() ? t.get(0).asString() : t.asString()).isEqualTo(type);
  }

  @ParameterizedTest(name = "{0} has output {1}")
  @CsvSource({
      "publish:gitlab, created, boolean",
      "github:actions:dispatch, workflowRunId, number",
      "github:actions:dispatch, workflowRunUrl, string",
      "github:actions:dispatch, workflowRunHtmlUrl, string",
  })
  void outputIsDeclared(String action, String output, String type) {
    JsonNode schema = ACTIONS.get(action).outputSchema();
    assertThat(schema).isNotNull();
    assertThat(schema.path("properties").path(output).path("type").asString()).isEqualTo(type);
  }

  @ParameterizedTest(name = "{0} {1} allows {2}")
  @CsvSource({
      "github:repo:create, workflowAccess, none|organization|user",
      "publish:gitlab:merge-request, commitAction, create|delete|update|skip|auto",
  })
  void enumsAreBackstages(String action, String input, String values) {
    JsonNode e = ACTIONS.get(action).inputSchema().path("properties").path(input).path("enum");
    List<String> got = new java.util.ArrayList<>();
    e.forEach(v -> got.add(v.asString()));
    assertThat(got).containsExactlyInAnyOrder(values.split("\\|"));
  }
}
