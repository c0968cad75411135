package dev.greenroom.scaffolder.e2e;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.template.TemplateUser;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An action context with another input: how a host action delegates to a built-in. */
final class ForwardingContext implements ActionContext {
  private final ActionContext d;
  private final ObjectNode input;

  ForwardingContext(ActionContext delegate, ObjectNode input) {
    this.d = delegate;
    this.input = input;
  }

  @Override public ObjectNode input() { return input; }
  @Override public Path workspace() { return d.workspace(); }
  @Override public Path resolve(String relative) { return d.resolve(relative); }
  @Override public void output(String name, JsonNode value) { d.output(name, value); }
  @Override public void log(String message) { d.log(message); }
  @Override public Path createTemporaryDirectory() { return d.createTemporaryDirectory(); }
  @Override public boolean isDryRun() { return d.isDryRun(); }
  @Override public TemplateUser user() { return d.user(); }
  @Override public Map<String, String> secrets() { return d.secrets(); }
  @Override public String taskId() { return d.taskId(); }
  @Override public String stepId() { return d.stepId(); }
  @Override public String templateRef() { return d.templateRef(); }
  @Override public @Nullable String templateBaseUrl() { return d.templateBaseUrl(); }
  @Override public dev.greenroom.scaffolder.template.@Nullable TemplateProvenance provenance() {
    return d.provenance();
  }
  @Override public @Nullable JsonNode each() { return d.each(); }
  @Override public JsonNode checkpoint(String key, Supplier<JsonNode> work) {
    return d.checkpoint(key, work);
  }
  @Override public boolean isCancelled() { return d.isCancelled(); }
}
