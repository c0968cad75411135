package dev.greenroom.catalog.query;

import dev.greenroom.catalog.model.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a cursor-paged query, in the shape of Backstage's {@code {items, totalItems,
 * pageInfo}}.
 *
 * <p>The page holds the entities as read and the projection to apply to them, so that an answer
 * that asks for no projection can write each entity's stored text ({@link Entity#toJsonString()})
 * as it is; {@link #items()} builds the projected trees for callers that want trees.
 *
 * @param entities the entities of the page, in page order, unprojected
 * @param projection the {@code fields} projection asked for ({@link EntityProjection#all()} for
 *     none)
 * @param totalItems the number of matching entities, or 0 when not counted
 * @param nextCursor the cursor of the next page, or null on the last page
 * @param prevCursor the cursor of the previous page, or null on the first page
 */
public record EntityPage(
    List<Entity> entities,
    EntityProjection projection,
    long totalItems,
    @Nullable String nextCursor,
    @Nullable String prevCursor) {
  public EntityPage {
    entities = List.copyOf(entities);
    Objects.requireNonNull(projection, "projection");
  }

  /** The items as JSON trees, projected: new trees, made on each call. */
  public List<ObjectNode> items() {
    List<ObjectNode> out = new ArrayList<>(entities.size());
    for (Entity e : entities) {
      out.add(projection.apply(e.toJson()));
    }
    return out;
  }
}
