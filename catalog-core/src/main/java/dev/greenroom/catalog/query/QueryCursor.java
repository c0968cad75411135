package dev.greenroom.catalog.query;

import dev.greenroom.catalog.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state of a cursor-paged query between pages, encoded like Backstage's cursors: standard
 * base64 of a JSON object with {@code orderFields}, {@code orderFieldValues}, {@code isPrevious},
 * {@code fullTextFilter}, {@code totalItems}, {@code firstSortFieldValues} and either {@code query}
 * (for predicate queries) or {@code filter}. Backstage's client peeks at the {@code query} key to
 * choose between GET and POST, so it is present exactly for predicate queries.
 *
 * @param filter the filter of the query
 * @param fromPredicate whether the query came from a JSON predicate
 * @param order the sort field, or null
 * @param fullText the effective full-text filter, or null
 * @param afterValue the sort value of the boundary row, or null
 * @param afterRef the canonical ref of the boundary row
 * @param isPrevious true when this cursor fetches the page before the boundary
 * @param firstValue the sort value of the very first row of the result
 * @param firstRef the ref of the very first row of the result
 * @param totalItems the count carried from the first page
 */
public record QueryCursor(
    EntityPredicate filter,
    boolean fromPredicate,
    @Nullable SortField order,
    @Nullable FullTextFilter fullText,
    @Nullable String afterValue,
    String afterRef,
    boolean isPrevious,
    @Nullable String firstValue,
    @Nullable String firstRef,
    long totalItems) {

  /** The cursor as opaque text. */
  public String encode() {
    ObjectNode n = Json.object();
    ArrayNode of = n.putArray("orderFields");
    if (order != null) {
      of.addObject().put("field", order.field()).put("order", order.descending() ? "desc" : "asc");
    }
    ArrayNode values = n.putArray("orderFieldValues");
    if (order != null) {
      values.add(afterValue);
    }
    values.add(afterRef);
    n.put("isPrevious", isPrevious);
    if (fullText != null) {
      ObjectNode ft = n.putObject("fullTextFilter").put("term", fullText.term());
      ArrayNode fields = ft.putArray("fields");
      fullText.fields().forEach(fields::add);
    }
    n.set(fromPredicate ? "query" : "filter", EntityFilters.toJson(filter));
    if (firstRef != null) {
      ArrayNode first = n.putArray("firstSortFieldValues");
      if (order != null) {
        first.add(firstValue);
      }
      first.add(firstRef);
    }
    n.put("totalItems", totalItems);
    return Base64.getEncoder()
        .encodeToString(Json.write(n).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor made by {@link #encode()}.
   *
   * @throws InvalidQueryException ({@code Malformed cursor: ...}) for anything else
   */
  public static QueryCursor decode(String text) {
    if (text.isEmpty()) {
      throw new InvalidQueryException("Cursor cannot be empty");
    }
    try {
      JsonNode n = Json.parse(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
      SortField order = null;
      JsonNode of = n.path("orderFields");
      if (of.isArray() && of.size() > 0) {
        JsonNode f = of.get(0);
        order = new SortField(f.get("field").stringValue(), "desc".equals(f.path("order").asString()));
      }
      List<JsonNode> values = new ArrayList<>(n.get("orderFieldValues").values());
      int expected = order == null ? 1 : 2;
      if (values.size() != expected) {
        throw new IllegalArgumentException("orderFieldValues has " + values.size() + " values");
      }
      String afterValue = order == null ? null : nullableText(values.get(0));
      String afterRef = values.get(values.size() - 1).stringValue();
      FullTextFilter ft = null;
      JsonNode ftn = n.get("fullTextFilter");
      if (ftn != null && ftn.isObject()) {
        List<String> fields = new ArrayList<>();
        ftn.path("fields").forEach(x -> fields.add(x.stringValue()));
        ft = new FullTextFilter(ftn.get("term").stringValue(), fields);
      }
      boolean fromPredicate = n.has("query");
      EntityPredicate filter =
          EntityFilters.parsePredicate(fromPredicate ? n.get("query") : n.get("filter"));
      String firstValue = null;
      String firstRef = null;
      JsonNode first = n.get("firstSortFieldValues");
      if (first != null && first.isArray() && first.size() == expected) {
        firstValue = order == null ? null : nullableText(first.get(0));
        firstRef = first.get(first.size() - 1).stringValue();
      }
      return new QueryCursor(
          filter,
          fromPredicate,
          order,
          ft,
          afterValue,
          afterRef,
          n.path("isPrevious").asBoolean(false),
          firstValue,
          firstRef,
          n.path("totalItems").asLong(0));
    } catch (InvalidQueryException e) {
      throw new InvalidQueryException("Malformed cursor: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new InvalidQueryException("Malformed cursor: could not be parsed");
    }
  }

  private static @Nullable String nullableText(JsonNode n) {
    return n == null || n.isNull() ? null : n.stringValue();
  }
}
