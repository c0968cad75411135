package dev.greenroom.scaffolder.task;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task to create.
 *
 * @param spec the task spec (stored as given)
 * @param secrets the form secrets; stored apart from the task and removed when it ends
 * @param createdBy the user entity ref of the creator, or null
 */
public record NewTask(ObjectNode spec, Map<String, String> secrets, @Nullable String createdBy) {
  public NewTask {
    Objects.requireNonNull(spec, "spec");
    secrets = Map.copyOf(secrets);
  }
}
