package dev.greenroom.scaffolder.publish;

import dev.greenroom.catalog.json.Json;
import dev.greenroom.scaffolder.Scaffolder;
import dev.greenroom.scaffolder.action.RemoteTargets;
import dev.greenroom.scaffolder.run.Checkpoints;
import dev.greenroom.scaffolder.run.RunListener;
import dev.greenroom.scaffolder.run.RunRequest;
import dev.greenroom.scaffolder.run.RunResult;
import dev.greenroom.scaffolder.template.Template;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import dev.greenroom.integrations.IntegrationsConfig;

/**
 * Runs templates whose steps call the publishing actions, through the scaffolder's own runner (so
 * input validation, checkpoints, secret masking and dry runs are the real ones), and keeps every
 * log line and step error for the assertions.
 */
final class Runs {
  final Path workspace;
  final Scaffolder scaffolder;
  final List<String> log = new CopyOnWriteArrayList<>();

  Runs(Path tmp, IntegrationsConfig integrations, @Nullable String allowedHost) throws Exception {
    this.workspace = Files.createDirectories(tmp.resolve("ws"));
    RemoteTargets.Builder targets = RemoteTargets.builder();
    if (allowedHost != null) {
      targets.allowHost(allowedHost);
    }
    PublishActions publish = PublishActions.builder().integrations(integrations)
        .targets(targets.build()).defaultAuthor("Greenroom Bot", "bot@greenroom.dev")
        .defaultCommitMessage("first").build();
    this.scaffolder = Scaffolder.builder().defaultActions().actions(publish.actions())
        .workspaceRoot(tmp.resolve("dry")).build();
  }

  /** Writes a file into the workspace. */
  Runs file(String rel, String content) throws Exception {
    Path p = workspace.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return this;
  }

  static Template template(String steps) {
    return Template.fromYaml("t.yaml", """
        apiVersion: scaffolder.backstage.io/v1beta3
        kind: Template
        metadata: { name: publish }
        spec:
          type: service
          steps:
        """ + steps.indent(4), null);
  }

  RunResult run(String steps, Map<String, String> secrets, Checkpoints checkpoints) {
    return scaffolder.runner().run(RunRequest.builder(template(steps), workspace)
        .parameters(Json.object()).secrets(secrets).checkpoints(checkpoints).build(),
        new RunListener() {
          @Override
          public void log(@Nullable String stepId, String message) {
            log.add(message);
          }

          @Override
          public void stepFailed(String stepId, String message) {
            log.add(message);
          }
        });
  }

  RunResult run(String steps) {
    return run(steps, Map.of(), Checkpoints.inMemory());
  }

  RunResult dryRun(String steps) {
    return scaffolder.dryRun(template(steps), Json.object(), Map.of(),
        TemplateUser.of("user:default/jane"));
  }
}
