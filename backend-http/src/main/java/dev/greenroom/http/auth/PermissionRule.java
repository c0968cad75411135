package dev.greenroom.http.auth;

import tools.jackson.databind.node.ObjectNode;

/**
 * One rule of Backstage's conditional decisions ({@code createPermissionRule}): a named test of a
 * resource with parameters, such as the catalog's {@code IS_ENTITY_OWNER} with {@code {claims:
 * [...]}}. A plugin lists its rules in a {@link PermissionResource}; they are published at {@code
 * /.well-known/backstage/permissions/metadata} and applied at {@code
 * /.well-known/backstage/permissions/apply-conditions}, where a permission backend (or a policy in
 * another service) asks whether a conditional decision allows one resource.
 *
 * <p>Implementations are stateless and thread-safe; {@link #apply} runs on the request thread.
 *
 * @param <R> the resource type the rule tests, for example {@code Entity}
 */
public interface PermissionRule<R> {
  /** The rule's name, upper-case words joined by underscores ({@code IS_ENTITY_OWNER}). */
  String name();

  /** One sentence for policy authors. */
  String description();

  /** The JSON schema of the {@code params} object, as Backstage publishes it ({@code draft-07}). */
  ObjectNode paramsSchema();

  /**
   * Whether {@code resource} passes the rule.
   *
   * @param resource the loaded resource
   * @param params the condition's {@code params} (an empty object when the condition has none)
   * @throws IllegalArgumentException when {@code params} do not fit {@link #paramsSchema()}; the
   *     message names the parameter (the route answers 400 with it). {@link RuleParams} reads
   *     parameters this way.
   */
  boolean apply(R resource, ObjectNode params);
}
