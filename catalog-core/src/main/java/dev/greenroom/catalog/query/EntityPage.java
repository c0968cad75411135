package dev.greenroom.catalog.query;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a cursor-paged query, in the shape of Backstage's {@code {items, totalItems,
 * pageInfo}}.
 *
 * @param items the (projected) entities of the page
 * @param totalItems the number of matching entities, or 0 when not counted
 * @param nextCursor the cursor of the next page, or null on the last page
 * @param prevCursor the cursor of the previous page, or null on the first page
 */
public record EntityPage(
    List<ObjectNode> items,
    long totalItems,
    @Nullable String nextCursor,
    @Nullable String prevCursor) {
  public EntityPage {
    items = List.copyOf(items);
  }
}
