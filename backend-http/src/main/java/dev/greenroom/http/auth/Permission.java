package dev.greenroom.http.auth;

/**
 * The permissions a {@link PermissionPolicy} decides, with Backstage's names ({@code
 * catalog-common} and {@code scaffolder-common} permissions.ts).
 */
public enum Permission {
  /** Read entities (lists, single reads, facets, ancestry). */
  ENTITY_READ("catalog.entity.read", true),
  /** Delete an entity. */
  ENTITY_DELETE("catalog.entity.delete", true),
  /** Schedule an entity for refresh. */
  ENTITY_REFRESH("catalog.entity.refresh", true),
  /** Validate an entity. */
  ENTITY_VALIDATE("catalog.entity.validate", false),
  /** Read registered locations. */
  LOCATION_READ("catalog.location.read", false),
  /** Register a location. */
  LOCATION_CREATE("catalog.location.create", false),
  /** Analyze a location. */
  LOCATION_ANALYZE("catalog.location.analyze", false),
  /** Unregister a location. */
  LOCATION_DELETE("catalog.location.delete", false),
  /** Start a scaffolder task (also a dry run, and a retry). */
  TASK_CREATE("scaffolder.task.create", false),
  /** Read scaffolder tasks and their events. */
  TASK_READ("scaffolder.task.read", false),
  /** Cancel a scaffolder task. */
  TASK_CANCEL("scaffolder.task.cancel", false);

  private final String backstageName;
  private final boolean entityResource;

  Permission(String backstageName, boolean entityResource) {
    this.backstageName = backstageName;
    this.entityResource = entityResource;
  }

  /** Backstage's permission name, for example {@code catalog.entity.read}. */
  public String backstageName() {
    return backstageName;
  }

  /**
   * True when the permission concerns entities, so a {@link PermissionDecision.Conditional}
   * applies; a conditional decision on any other permission counts as a denial.
   */
  public boolean entityResource() {
    return entityResource;
  }
}
