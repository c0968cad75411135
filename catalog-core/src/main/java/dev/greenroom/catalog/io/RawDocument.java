package dev.greenroom.catalog.io;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One non-empty document of a catalog file, as read, not yet validated.
 *
 * @param source the file name or label the document came from
 * @param index the 0-based position among the file's non-empty documents (empty and {@code null}
 *     documents are skipped and not counted, as Backstage's {@code parseEntityYaml} does)
 * @param line the 1-based line where the document's root node starts
 * @param root the document as a JSON tree, in source key order; usually an object, but any JSON
 *     value is possible (a non-object root is reported by the validator, per document)
 * @param fieldLines the 1-based line of each field, keyed by dotted path ({@code metadata.name},
 *     {@code metadata.tags.1}; the root is {@code ""}); empty when line tracking is off
 */
public record RawDocument(
    String source, int index, int line, JsonNode root, Map<String, Integer> fieldLines) {

  /** A document without field line information. */
  public RawDocument(String source, int index, int line, JsonNode root) {
    this(source, index, line, root, Map.of());
  }

  /**
   * The line of a field given by dotted path, falling back to its nearest recorded parent and
   * then to the document line.
   */
  public int lineOf(String dottedPath) {
    String p = dottedPath;
    while (true) {
      Integer l = fieldLines.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return line;
      }
      int dot = p.lastIndexOf('.');
      p = dot < 0 ? "" : p.substring(0, dot);
    }
  }
}
