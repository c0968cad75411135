package dev.greenroom.search;

import java.util.Map;

/**
 * Backstage's {@code highlight}: each matched field's whole value with the matches between {@code
 * preTag} and {@code postTag}, which the frontend replaces with its own markup.
 *
 * @param preTag the opening tag, unique per engine ({@code <uuid>}, as Backstage's Lunr engine)
 * @param postTag the closing tag
 * @param fields field name to its marked value, only for fields that matched
 */
public record Highlight(String preTag, String postTag, Map<String, String> fields) {
  public Highlight {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
