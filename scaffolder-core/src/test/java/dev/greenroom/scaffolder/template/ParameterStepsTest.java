package dev.greenroom.scaffolder.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Parameter steps' {@code when}, as Backstage's router resolves them before validating a task or
 * dry run (plugin-scaffolder-common's resolveParameterSteps and filterHiddenStepValues).
 */
class ParameterStepsTest {
  @TempDir Path tmp;

  private static final Template TEMPLATE = Template.fromYaml("t.yaml", """
      apiVersion: scaffolder.backstage.io/v1beta3
      kind: Template
      metadata: { name: when-demo }
      spec:
        type: service
        parameters:
          - required: [cloud]
            properties:
              cloud: { type: string, enum: [AWS, GCP] }
              region: { type: string }
          - when: ${{ parameters.cloud === 'AWS' }}
            required: [awsRegion]
            properties:
              awsRegion: { type: string }
              region: { type: string }
          - when: parameters.cloud == 'GCP'
            required: [gcpProject]
            properties:
              gcpProject: { type: string }
              settings:
                type: object
                properties: { zone: { type: string } }
          - when: ${{ parameters.cloud.replaceAll('A', 'B') }}
            properties:
              shown: { type: string }   # a condition that fails shows its step
          - when: false
            properties:
              never: { type: string }
        steps: []
      """, null);

  private Scaffolder scaffolder() {
    return Scaffolder.builder().defaultActions().workspaceRoot(tmp).build();
  }

  @Test
  void hiddenStepsAreNotValidatedAndTheirValuesAreDropped() {
    JsonNode values = Json.parse("""
        {"cloud": "AWS", "awsRegion": "eu-west-1", "region": "eu", "gcpProject": "p",
         "settings": {"zone": "a"}, "shown": "yes", "never": "x", "extra": 1}""");
    Scaffolder s = scaffolder();
    assertThat(s.validate(TEMPLATE, values)).isEmpty();
    ParameterSteps.Resolved r = s.parameterSteps(TEMPLATE, values);
    assertThat(r.visible()).containsExactly(true, true, false, true, false);
    // gcpProject, settings and never are declared only by hidden steps; a value no step declares
    // stays, as in Backstage
    assertThat(r.values()).isEqualTo(Json.parse("""
        {"cloud": "AWS", "awsRegion": "eu-west-1", "region": "eu", "shown": "yes",
         "extra": 1}"""));
  }

  @Test
  void aVisibleStepIsStillValidated() {
    Scaffolder s = scaffolder();
    assertThat(s.validate(TEMPLATE, Json.parse("{\"cloud\": \"GCP\"}")))
        .extracting(ParameterError::field).containsExactly("gcpProject");
    assertThat(s.validate(TEMPLATE, Json.parse("{\"cloud\": \"GCP\", \"gcpProject\": \"p\"}")))
        .isEmpty();
  }

  @Test
  void withoutConditionsTheValuesAreLeftAsTheyCame() {
    Template plain = Template.fromYaml("p.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: plain }
        spec:
          type: service
          parameters:
            - properties: { a: { type: string } }
          steps: []
        """, null);
    JsonNode values = Json.parse("{\"a\": \"1\", \"b\": 2}");
    assertThat(scaffolder().parameterSteps(plain, values).values()).isSameAs(values);
  }
}
