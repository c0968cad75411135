package dev.greenroom.http.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A permission a {@link PermissionPolicy} decides, named as Backstage names them ({@code
 * catalog.entity.read}). The catalog's and the scaffolder's are constants here, with Backstage's
 * names ({@code catalog-common} and {@code scaffolder-common} permissions.ts); a plugin declares
 * its own with {@link #of(String, boolean)} and asks for it with {@code Call.require}.
 *
 * @param backstageName the dotted name, for example {@code catalog.entity.read}
 * @param entityResource true when the permission concerns entities, so that a {@link
 *     PermissionDecision.Conditional} applies; a conditional decision on any other permission
 *     counts as a denial
 */
public record Permission(String backstageName, boolean entityResource) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");

  /** Read entities (lists, single reads, facets, ancestry). */
  public static final Permission ENTITY_READ = of("catalog.entity.read", true);
  /** Register entities (the frontend's Create and Register buttons ask for it). */
  public static final Permission ENTITY_CREATE = of("catalog.entity.create", false);
  /** Delete an entity. */
  public static final Permission ENTITY_DELETE = of("catalog.entity.delete", true);
  /** Schedule an entity for refresh. */
  public static final Permission ENTITY_REFRESH = of("catalog.entity.refresh", true);
  /** Validate an entity. */
  public static final Permission ENTITY_VALIDATE = of("catalog.entity.validate", false);
  /** Read registered locations. */
  public static final Permission LOCATION_READ = of("catalog.location.read", false);
  /** Register a location. */
  public static final Permission LOCATION_CREATE = of("catalog.location.create", false);
  /** Analyze a location. */
  public static final Permission LOCATION_ANALYZE = of("catalog.location.analyze", false);
  /** Unregister a location. */
  public static final Permission LOCATION_DELETE = of("catalog.location.delete", false);
  /**
   * Forget an unprocessed entity's processing state (Backstage's {@code
   * catalog-unprocessed-entities-common}).
   */
  public static final Permission UNPROCESSED_DELETE =
      of("catalog.entities.unprocessed.delete", false);
  /** Start a scaffolder task (also a dry run, and a retry). */
  public static final Permission TASK_CREATE = of("scaffolder.task.create", false);
  /** Read scaffolder tasks and their events. */
  public static final Permission TASK_READ = of("scaffolder.task.read", false);
  /** Cancel a scaffolder task. */
  public static final Permission TASK_CANCEL = of("scaffolder.task.cancel", false);
  /**
   * Approve or reject a scaffolder task that waits for approval; the caller must also be one of
   * the step's approvers.
   */
  public static final Permission TASK_APPROVE = of("scaffolder.task.approve", false);

  public Permission {
    Objects.requireNonNull(backstageName, "backstageName");
    if (!NAME.matcher(backstageName).matches()) {
      throw new IllegalArgumentException(
          "permission names are dotted lower-case words, like catalog.entity.read: " + backstageName);
    }
  }

  /**
   * A permission of a plugin's own.
   *
   * @param backstageName dotted lower-case words, for example {@code scorecards.facts.push}
   * @param entityResource whether a conditional decision (an entity filter) may apply
   */
  public static Permission of(String backstageName, boolean entityResource) {
    return new Permission(backstageName, entityResource);
  }

  /** Backstage's {@code type}: {@code resource} for entity permissions, else {@code basic}. */
  public String type() {
    return entityResource ? "resource" : "basic";
  }

  /** Backstage's {@code attributes.action}, read off the name's last word; empty when none. */
  public java.util.Optional<String> action() {
    String last = backstageName.substring(backstageName.lastIndexOf('.') + 1);
    return switch (last) {
      case "read", "create", "update", "delete" -> java.util.Optional.of(last);
      default -> java.util.Optional.empty();
    };
  }

  @Override
  public String toString() {
    return backstageName;
  }
}
