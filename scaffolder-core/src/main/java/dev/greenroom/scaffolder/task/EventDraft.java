package dev.greenroom.scaffolder.task;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event to append, before the store gives it an id and a time.
 *
 * @param type the kind of event
 * @param body the body; must not hold secrets
 */
public record EventDraft(TaskEventType type, ObjectNode body) {
  public EventDraft {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
  }
}
