package dev.greenroom.http.scaffolder;

import dev.greenroom.http.auth.PermissionResource;
import dev.greenroom.http.auth.PermissionRule;
import dev.greenroom.http.auth.RuleParams;
import dev.greenroom.scaffolder.task.TaskBroker;
import dev.greenroom.scaffolder.task.TaskRecord;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scaffolder's permission rule on {@code scaffolder-task} resources, as Backstage's
 * scaffolder backend has it: {@code IS_TASK_OWNER} ({@code createdBy}: the task's creator is one
 * of these user refs). Tasks are loaded by id from the task broker. Backstage's template and
 * action rules test resources it never loads by ref (they are applied inside the scaffolder), so
 * they have no {@code apply-conditions} here either.
 */
public final class ScaffolderPermissionRules {
  /** Backstage's resource type of scaffolder tasks. */
  public static final String TASK_RESOURCE_TYPE = "scaffolder-task";

  private ScaffolderPermissionRules() {}

  /** {@code IS_TASK_OWNER}. */
  public static final PermissionRule<TaskRecord> IS_TASK_OWNER = new PermissionRule<>() {
    private final ObjectNode schema = RuleParams.schema(List.of("createdBy"), "createdBy",
        "string[]", "List of creator entity refs; only tasks created by these users will be"
            + " viewable");

    @Override
    public String name() {
      return "IS_TASK_OWNER";
    }

    @Override
    public String description() {
      return "Allows tasks created by certain users to be accessible";
    }

    @Override
    public ObjectNode paramsSchema() {
      return schema.deepCopy();
    }

    @Override
    public boolean apply(TaskRecord task, ObjectNode params) {
      List<String> createdBy = RuleParams.strings(params, "createdBy");
      return task.createdBy() != null && createdBy.contains(task.createdBy());
    }
  };

  /** The {@code scaffolder-task} resource over {@code broker}'s tasks. */
  public static PermissionResource<TaskRecord> taskResource(TaskBroker broker) {
    return PermissionResource.of(TASK_RESOURCE_TYPE, List.of(IS_TASK_OWNER), id -> {
      if (id.isEmpty() || id.length() > 200) {
        return Optional.empty();
      }
      return broker.get(id);
    });
  }
}
