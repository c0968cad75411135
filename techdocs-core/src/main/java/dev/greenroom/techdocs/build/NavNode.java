package dev.greenroom.techdocs.build;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a site's resolved navigation.
 *
 * @param title the title shown
 * @param location the page location relative to the site root ({@code ""}, {@code "sub-page/"}),
 *     or null for a section or an external link
 * @param url an external URL, or null
 * @param children a section's entries
 */
public record NavNode(String title, @Nullable String location, @Nullable String url, List<NavNode> children) {
  public NavNode {
    children = List.copyOf(children);
  }

  /** True for a section (it has no page of its own). */
  public boolean isSection() {
    return location == null && url == null;
  }
}
