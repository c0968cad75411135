package dev.greenroom.scaffolder.action.builtin;

import dev.greenroom.scaffolder.action.ActionContext;
import dev.greenroom.scaffolder.action.TemplateAction;

/** Listed in META-INF/services for {@code Actions.discover()}. */
public final class DiscoveredAction implements TemplateAction {
  @Override
  public String id() {
    return "test:discovered";
  }

  @Override
  public void execute(ActionContext ctx) {
    ctx.output("found", dev.greenroom.catalog.json.Json.nodes().booleanNode(true));
  }
}
