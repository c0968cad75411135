package dev.greenroom.catalog.model;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The relations Backstage's built-in kinds imply through their {@code spec} fields (Backstage's
 * {@code BuiltinKindsEntityProcessor}): for each field value, the forward relation from the entity
 * and the inverse relation back to it. Short references take the field's default kind and the
 * entity's own namespace. Kind matching is case-sensitive, as in Backstage.
 */
public final class BuiltinRelations {

  /**
   * One row of the table: a {@code spec} field of a kind and the relations it implies.
   *
   * @param kind the kind, exactly as written in entities
   * @param field the {@code spec} field (a string or a list of strings)
   * @param defaultKind the kind assumed for short references, or null if references must name it
   * @param forward the relation from the entity to the target
   * @param inverse the relation from the target back to the entity
   */
  public record Rule(
      String kind, String field, @Nullable String defaultKind, String forward, String inverse) {}

  /** Backstage's table, in its order. */
  public static final List<Rule> RULES =
      List.of(
          new Rule("Component", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF),
          new Rule("Component", "subcomponentOf", "Component", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("Component", "providesApis", "API", RelationTypes.PROVIDES_API, RelationTypes.API_PROVIDED_BY),
          new Rule("Component", "consumesApis", "API", RelationTypes.CONSUMES_API, RelationTypes.API_CONSUMED_BY),
          new Rule("Component", "dependsOn", null, RelationTypes.DEPENDS_ON, RelationTypes.DEPENDENCY_OF),
          new Rule("Component", "dependencyOf", null, RelationTypes.DEPENDENCY_OF, RelationTypes.DEPENDS_ON),
          new Rule("Component", "system", "System", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("API", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF),
          new Rule("API", "system", "System", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("Resource", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF),
          new Rule("Resource", "dependsOn", null, RelationTypes.DEPENDS_ON, RelationTypes.DEPENDENCY_OF),
          new Rule("Resource", "dependencyOf", null, RelationTypes.DEPENDENCY_OF, RelationTypes.DEPENDS_ON),
          new Rule("Resource", "system", "System", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("User", "memberOf", "Group", RelationTypes.MEMBER_OF, RelationTypes.HAS_MEMBER),
          new Rule("Group", "parent", "Group", RelationTypes.CHILD_OF, RelationTypes.PARENT_OF),
          new Rule("Group", "children", "Group", RelationTypes.PARENT_OF, RelationTypes.CHILD_OF),
          new Rule("Group", "members", "User", RelationTypes.HAS_MEMBER, RelationTypes.MEMBER_OF),
          new Rule("System", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF),
          new Rule("System", "domain", "Domain", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("Domain", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF),
          new Rule("Domain", "subdomainOf", "Domain", RelationTypes.PART_OF, RelationTypes.HAS_PART),
          new Rule("Template", "owner", "Group", RelationTypes.OWNED_BY, RelationTypes.OWNER_OF));

  private BuiltinRelations() {}

  /**
   * The edges an entity's {@code spec} implies: for every value, forward then inverse.
   *
   * @throws InvalidEntityRefException when a value is not a reference (for example a short
   *     {@code dependsOn} value, which has no default kind); the message names the field
   */
  public static List<RelationEdge> of(Entity entity) {
    List<RelationEdge> out = new ArrayList<>();
    EntityRef self = entity.ref();
    String kind = entity.kind();
    for (Rule rule : RULES) {
      if (!rule.kind().equals(kind)) {
        continue;
      }
      for (String value : entity.specStrings(rule.field())) {
        EntityRef target;
        try {
          target = EntityRef.parse(value, rule.defaultKind(), self.namespace());
        } catch (InvalidEntityRefException e) {
          throw new InvalidEntityRefException(
              e.getMessage() + " (in spec." + rule.field() + " of " + self + ")");
        }
        out.add(new RelationEdge(self, rule.forward(), target));
        out.add(new RelationEdge(target, rule.inverse(), self));
      }
    }
    return out;
  }
}
