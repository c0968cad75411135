package dev.greenroom.techdocs.render;

/**
 * Rewrites the destination of a link or image while a page renders: the generator turns relative
 * {@code .md} links into folder-style page URLs and asset paths into paths relative to the page's
 * output folder.
 */
@FunctionalInterface
public interface LinkRewriter {
  /** Keeps every destination as written. */
  LinkRewriter NONE = (destination, image) -> destination;

  /**
   * The destination to write.
   *
   * @param destination the destination as written in the Markdown
   * @param image true for an image, false for a link
   * @return the destination to render
   */
  String rewrite(String destination, boolean image);
}
