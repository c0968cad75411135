package dev.greenroom.techdocs.render;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Markdown page rendered to an HTML fragment.
 *
 * @param html the content HTML (no page chrome)
 * @param firstH1 the text of the first level-1 heading, or null
 * @param headings every heading with its anchor id, in order (the table of contents)
 * @param text the page's plain text, whitespace collapsed
 * @param sections the text under each heading (the page's text before the first heading has a
 *     null anchor), for the search index
 */
public record RenderedPage(
    String html, @Nullable String firstH1, List<Heading> headings, String text, List<Section> sections) {

  public RenderedPage {
    headings = List.copyOf(headings);
    sections = List.copyOf(sections);
  }

  /**
   * A heading.
   *
   * @param level 1 to 6
   * @param id the anchor id
   * @param text the heading's plain text
   */
  public record Heading(int level, String id, String text) {}

  /**
   * The text under one heading.
   *
   * @param heading the heading, or null for the text before the first one
   * @param text plain text, whitespace collapsed
   */
  public record Section(@Nullable Heading heading, String text) {}
}
