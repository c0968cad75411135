package dev.greenroom.scaffolder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;
import dev.greenroom.scaffolder.template.ParameterError;
import dev.greenroom.scaffolder.template.ParameterValidationException;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateException;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TemplateRunnerTest {
  @TempDir Path tmp;

  /** Records every input it gets; echoes {@code input.echo} as output {@code echo}. */
  static final class Recorder implements TemplateAction {
    final List<JsonNode> inputs = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String id() {
      return "test:record";
    }

    @Override
    public JsonNode inputSchema() {
      return Json.parse("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}}}");
    }

    @Override
    public boolean supportsDryRun() {
      return true;
    }

    @Override
    public void execute(ActionContext ctx) {
      calls.incrementAndGet();
      inputs.add(ctx.input());
      if (ctx.input().has("echo")) {
        ctx.output("echo", ctx.input().get("echo"));
      }
      if (ctx.input().has("sayWithSecret")) {
        ctx.log(ctx.input().get("sayWithSecret").asString() + " " + ctx.secrets().get("TOKEN")
            + " and " + ctx.secrets().get("PADDED").strip());
      }
      if (ctx.input().has("say")) {
        ctx.log(ctx.input().get("say").asString());
      }
      if (ctx.input().has("fail")) {
        throw new IllegalStateException(ctx.input().get("fail").asString());
      }
    }
  }

  /** Logs listener events as strings. */
  static final class Events implements RunListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void log(@Nullable String stepId, String message) {
      events.add("log " + stepId + " " + message);
    }

    @Override
    public void stepStarted(String stepId, String name) {
      events.add("started " + stepId);
    }

    @Override
    public void stepCompleted(String stepId, JsonNode output) {
      events.add("completed " + stepId + " " + output);
    }

    @Override
    public void stepFailed(String stepId, String message) {
      events.add("failed " + stepId + " " + message);
    }

    @Override
    public void stepSkipped(String stepId, String reason) {
      events.add("skipped " + stepId + " " + reason);
    }
  }

  private final Recorder recorder = new Recorder();

  private Scaffolder scaffolder() {
    return Scaffolder.builder().defaultActions().action(recorder).workspaceRoot(tmp).build();
  }

  private static Template template(String steps, String extraSpec) {
    return Template.fromYaml("test.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata:
          name: test
        spec:
          type: service
          parameters:
            - title: First
              required: [name]
              properties:
                name: { type: string, pattern: '^[a-z-]+$', ui:autofocus: true }
                count: { type: number, maximum: 10 }
            - title: Second
              properties:
                tags: { type: array, items: { type: string } }
          steps:
        """ + steps.indent(4) + extraSpec, null);
  }

  private RunResult run(Template t, String params, Map<String, String> secrets, RunListener l) {
    return scaffolder().runner().run(RunRequest.builder(t, tmp.resolve("ws"))
        .parameters(Json.parse(params)).secrets(secrets).build(), l);
  }

  @Test
  void eachRunsOncePerItemAndGathersOutputsIntoArrays() {
    Template t = template("""
        - id: loop
          action: test:record
          each: ${{ parameters.tags }}
          input:
            echo: ${{ each.key }}=${{ each.value }}
        - id: after
          action: test:record
          input:
            echo: ${{ steps.loop.output.echo }}
        """, "");
    RunResult r = run(t, "{\"name\":\"a\",\"tags\":[\"x\",\"y\",\"z\"]}", Map.of(), RunListener.NONE);
    assertThat(recorder.calls).hasValue(4);
    assertThat(r.stepOutputs().get("loop")).isEqualTo(Json.parse("{\"echo\":[\"0=x\",\"1=y\",\"2=z\"]}"));
    assertThat(r.stepOutputs().get("after")).isEqualTo(Json.parse("{\"echo\":[\"0=x\",\"1=y\",\"2=z\"]}"));
  }

  @Test
  void eachOverAnObjectUsesPropertyNamesAsKeys() {
    Template t = template("""
        - id: loop
          action: test:record
          each: { a: 1, b: 2 }
          input:
            echo: ${{ each.key }}${{ each.value }}
        """, "");
    RunResult r = run(t, "{\"name\":\"a\"}", Map.of(), RunListener.NONE);
    assertThat(r.stepOutputs().get("loop")).isEqualTo(Json.parse("{\"echo\":[\"a1\",\"b2\"]}"));
  }

  @Test
  void anIfThatNamesEachIsDecidedPerIteration() {
    Template t = template("""
        - id: loop
          action: test:record
          each: [1, 2, 3, 4]
          if: "${{ each.value % 2 == 0 }}"
          input:
            echo: ${{ each.value }}
        """, "");
    RunResult r = run(t, "{\"name\":\"a\"}", Map.of(), RunListener.NONE);
    assertThat(r.stepOutputs().get("loop")).isEqualTo(Json.parse("{\"echo\":[2,4]}"));
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("Skipping iteration 0 of step loop because its if condition was false");
  }

  @Test
  void eachThatIsNotAListFailsTheStepBeforeAnyCall() {
    Template t = template("""
        - id: loop
          action: test:record
          each: ${{ parameters.name }}
          input: {}
        """, "");
    assertThatThrownBy(() -> run(t, "{\"name\":\"a\"}", Map.of(), RunListener.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("must resolve to an array or object");
    assertThat(recorder.calls).hasValue(0);
  }

  @Test
  void ifSkipsStepsWithBackstageTruthiness() {
    Template t = template("""
        - { id: s1, action: test:record, if: "${{ parameters.tags }}", input: { echo: 1 } }
        - { id: s2, action: test:record, if: "${{ parameters.count }}", input: { echo: 2 } }
        - { id: s3, action: test:record, if: false, input: { echo: 3 } }
        - { id: s4, action: test:record, if: "${{ parameters.name === 'a' }}", input: { echo: 4 } }
        - { id: s5, action: test:record, if: "${{ parameters.missing }}", input: { echo: 5 } }
        - { id: s6, action: test:record, if: "${{ not parameters.missing }}", input: { echo: 6 } }
        """, "");
    Events ev = new Events();
    RunResult r = run(t, "{\"name\":\"a\",\"tags\":[],\"count\":0}", Map.of(), ev);
    assertThat(r.stepOutputs()).containsOnlyKeys("s4", "s6");
    assertThat(ev.events).contains("skipped s1 condition was false", "skipped s3 condition was false");
  }

  @Test
  void wholeValueInputsKeepTheirTypeAndEmptyOnesDisappear() {
    Template t = template("""
        - id: s
          action: test:record
          input:
            tags: ${{ parameters.tags }}
            count: ${{ parameters.count }}
            missing: ${{ parameters.nothing }}
            text: "n=${{ parameters.count }}"
        """, "");
    run(t, "{\"name\":\"a\",\"tags\":[\"x\"],\"count\":3}", Map.of(), RunListener.NONE);
    assertThat(recorder.inputs.get(0)).isEqualTo(Json.parse(
        "{\"tags\":[\"x\"],\"count\":3,\"text\":\"n=3\"}"));
  }

  @Test
  void inputIsValidatedAgainstTheActionSchema() {
    Template t = template("""
        - id: s
          action: test:record
          input:
            n: not-a-number
        """, "");
    assertThatThrownBy(() -> run(t, "{\"name\":\"a\"}", Map.of(), RunListener.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("Invalid input passed to action test:record")
        .hasMessageContaining("n");
    assertThat(recorder.calls).hasValue(0);
  }

  @Test
  void parametersAreValidatedPerFieldBeforeAnythingRuns() {
    Template t = template("- { id: s, action: test:record, input: {} }\n", "");
    assertThatThrownBy(() -> run(t, "{\"count\": 11, \"tags\": [1]}", Map.of(), RunListener.NONE))
        .isInstanceOfSatisfying(ParameterValidationException.class, e -> {
          assertThat(e.errors()).extracting(ParameterError::field)
              .containsExactlyInAnyOrder("name", "count", "tags[0]");
          assertThat(e.errors()).filteredOn(x -> x.field().equals("name"))
              .extracting(ParameterError::message).containsExactly("is required");
          assertThat(e.errors()).filteredOn(x -> x.field().equals("tags[0]"))
              .extracting(ParameterError::step).containsExactly(1);
        });
    assertThat(recorder.calls).hasValue(0);
    assertThat(scaffolder().validate(t, Json.parse("{\"name\":\"Bad Name\"}")))
        .extracting(ParameterError::field, ParameterError::keyword)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("name", "pattern"));
    assertThat(scaffolder().validate(t, Json.parse("{\"name\":\"good\"}"))).isEmpty();
  }

  @Test
  void secretsAreMaskedInLogsEventsAndErrorsButReachTheAction() {
    Template t = template("""
        - id: s0
          action: test:record
          input:
            sayWithSecret: "token is"
        - id: s1
          action: test:record
          input:
            say: "token is ${{ secrets.TOKEN }} and padded ${{ secrets.PADDED }}"
            echo: ${{ secrets.TOKEN }}
        - id: s2
          action: test:record
          input:
            say: "derived: ${{ secrets.TOKEN | upper }}"
        - id: s3
          action: debug:log
          input:
            message: "debug ${{ secrets.TOKEN }}"
        - id: s4
          action: test:record
          input:
            fail: "boom with ${{ secrets.TOKEN }}"
        """, "");
    Events ev = new Events();
    Map<String, String> secrets = Map.of("TOKEN", "s3cr3t-value", "PADDED", "  p4dd3d  ");
    assertThatThrownBy(() -> run(t, "{\"name\":\"a\"}", secrets, ev))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("***")
        .hasMessageNotContaining("s3cr3t");
    // step outputs are data the task needs on resume: passed unmasked, never logged
    String all = String.join("\n", ev.events.stream().filter(e -> !e.startsWith("completed "))
        .toList());
    assertThat(all).doesNotContain("s3cr3t-value").doesNotContain("S3CR3T-VALUE")
        .doesNotContain("p4dd3d")
        // a secret (and its trimmed form) inside a longer line
        .contains("log s0 token is *** and ***")
        // strings rendered from secrets (even through a filter) are masked whole, as Backstage does
        .contains("log s1 ***", "log s2 ***", "log s3 ***", "failed s4 ***");
    // the action itself got the real value
    assertThat(recorder.inputs.get(1).get("echo").asString()).isEqualTo("s3cr3t-value");
  }

  @Test
  void secretsAreNotVisibleToOutputOrIf() {
    Template t = template("- { id: s, action: test:record, input: {} }\n", """
          output:
            text:
              - title: t
                content: "secret=${{ secrets.TOKEN }}"
        """);
    RunResult r = run(t, "{\"name\":\"a\"}", Map.of("TOKEN", "s3cr3t-value"), RunListener.NONE);
    assertThat(r.output().toString()).doesNotContain("s3cr3t");
    assertThat(r.output().at("/text/0/content").asString()).isEqualTo("secret=");
  }

  @Test
  void aSecretEchoedThroughAStepOutputIsMaskedInTheRenderedOutput() {
    Template t = template("- { id: s, action: test:record, input: { echo: \"${{ secrets.TOKEN }}\" } }\n", """
          output:
            text:
              - title: t
                content: "leak=${{ steps.s.output.echo }}"
        """);
    RunResult r = run(t, "{\"name\":\"a\"}", Map.of("TOKEN", "s3cr3t-value"), RunListener.NONE);
    assertThat(r.output().at("/text/0/content").asString()).isEqualTo("leak=***");
  }

  @Test
  void completedStepsAreSkippedOnResumeAndTheirOutputsReused() {
    Template t = template("""
        - { id: first, action: test:record, input: { echo: fresh } }
        - { id: second, action: test:record, input: { echo: "${{ steps.first.output.echo }}" } }
        """, "");
    Events ev = new Events();
    RunResult r = scaffolder().runner().run(RunRequest.builder(t, tmp.resolve("ws"))
        .parameters(Json.parse("{\"name\":\"a\"}"))
        .completedSteps(Map.of("first", Json.parse("{\"echo\":\"stored\"}")))
        .build(), ev);
    assertThat(recorder.calls).hasValue(1);
    assertThat(r.stepOutputs().get("second")).isEqualTo(Json.parse("{\"echo\":\"stored\"}"));
    assertThat(ev.events.get(1)).isEqualTo("skipped first completed in a previous run");
  }

  @Test
  void checkpointsShortCircuitWorkDoneInAnEarlierRun() {
    AtomicInteger work = new AtomicInteger();
    TemplateAction once = new TemplateAction() {
      @Override
      public String id() {
        return "test:once";
      }

      @Override
      public void execute(ActionContext ctx) {
        JsonNode v = ctx.checkpoint("create", () -> Json.nodes().numberNode(work.incrementAndGet()));
        ctx.output("n", v);
      }
    };
    Template t = template("- { id: s, action: test:once, input: {} }\n", "");
    Scaffolder s = Scaffolder.builder().action(once).workspaceRoot(tmp).build();
    Checkpoints cp = Checkpoints.inMemory();
    for (int i = 0; i < 2; i++) {
      RunResult r = s.runner().run(RunRequest.builder(t, tmp.resolve("ws"))
          .parameters(Json.parse("{\"name\":\"a\"}")).checkpoints(cp).build());
      assertThat(r.stepOutputs().get("s").get("n").asInt()).isEqualTo(1);
    }
    assertThat(work).hasValue(1);
    assertThat(cp.get("v1.task.checkpoint.s.create")).isPresent();
  }

  @Test
  void cancellationStopsTheRunAndEndsDebugWaitEarly() {
    Template t = template("""
        - { id: wait, action: debug:wait, input: { seconds: 30 } }
        - { id: never, action: test:record, input: {} }
        """, "");
    AtomicBoolean cancelled = new AtomicBoolean();
    long start = System.nanoTime();
    Thread canceller = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      cancelled.set(true);
    });
    canceller.start();
    assertThatThrownBy(() -> scaffolder().runner().run(RunRequest.builder(t, tmp.resolve("ws"))
        .parameters(Json.parse("{\"name\":\"a\"}")).taskId("t1").cancelled(cancelled::get).build()))
        .isInstanceOf(RunCancelledException.class)
        .hasMessage("Step wait (debug:wait) of task t1 has been cancelled.");
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
    assertThat(recorder.calls).hasValue(0);
  }

  @Test
  void dryRunSkipsActionsWithoutDryRunSupportAndListsFiles() throws Exception {
    Template t = template("""
        - id: write
          action: catalog:write
          input:
            entity: { apiVersion: backstage.io/v1alpha1, kind: Component, metadata: { name: x } }
        - id: publish
          action: publish:git
          input: { remoteUrl: "file:///nowhere.git" }
        - id: show
          action: debug:log
          input: { message: "${{ steps.publish.output.remoteUrl }}" }
        """, "");
    RunResult r = scaffolder().dryRun(t, Json.parse("{\"name\":\"a\"}"), Map.of(),
        TemplateUser.of("user:default/jane"));
    assertThat(r.files()).extracting(WorkspaceFile::path).containsExactly("catalog-info.yaml");
    assertThat(r.files().get(0).text()).contains("backstage.io/source-template: template:default/test");
    assertThat(r.log()).extracting(RunResult.LogLine::message)
        .contains("Skipping because publish:git does not support dry-run", "<example>");
    assertThat(Files.exists(Path.of("/nowhere.git"))).isFalse();
  }

  @Test
  void unknownActionsFailClearly() {
    Template t = template("- { id: s, action: acme:nothing, input: {} }\n", "");
    assertThatThrownBy(() -> run(t, "{\"name\":\"a\"}", Map.of(), RunListener.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessage("Template action with ID 'acme:nothing' is not registered.");
  }

  @Test
  void outputIsRenderedAndConditionalItemsDropped() {
    Template t = template("- { id: s, action: test:record, input: { echo: hi } }\n", """
          output:
            links:
              - title: Repo
                url: "https://x/${{ parameters.name }}"
              - if: "${{ parameters.count > 5 }}"
                title: Big
                url: https://big
            text:
              - title: Echo
                content: "${{ steps.s.output.echo }}"
            count: "${{ parameters.count }}"
        """);
    RunResult r = run(t, "{\"name\":\"a\",\"count\":3}", Map.of(), RunListener.NONE);
    assertThat(r.output()).isEqualTo(Json.parse("""
        {"links":[{"title":"Repo","url":"https://x/a"}],"text":[{"title":"Echo","content":"hi"}],
         "count":3}"""));
  }

  @Test
  void olderApiVersionsAreRefused() {
    for (String v : List.of("backstage.io/v1beta2", "backstage.io/v1alpha1",
        "scaffolder.backstage.io/v1beta2")) {
      assertThatThrownBy(() -> Template.fromYaml("old.yaml", "apiVersion: " + v + """

          kind: Template
          metadata: { name: old }
          spec: { type: service, steps: [] }
          """, null))
          .isInstanceOf(TemplateException.class)
          .hasMessageContaining("Unsupported apiVersion")
          .hasMessageContaining(v);
    }
  }
}
