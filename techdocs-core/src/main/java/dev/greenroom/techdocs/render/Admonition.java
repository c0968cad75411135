package dev.greenroom.techdocs.render;

import org.commonmark.node.CustomBlock;
import org.jspecify.annotations.Nullable;

/**
 * An admonition block ({@code !!! note "Title"}), or a collapsible one from {@code
 * pymdownx.details} ({@code ??? note}, open when written {@code ???+}). Its children are the
 * indented content.
 */
public final class Admonition extends CustomBlock {
  private final String type;
  private final @Nullable String title;
  private final boolean collapsible;
  private final boolean open;

  /**
   * An admonition.
   *
   * @param type the kind, for example {@code note} or {@code warning}; used as CSS class
   * @param title the title; null for the default (the capitalised type), empty for none
   * @param collapsible true for {@code ???} blocks
   * @param open true for {@code ???+} blocks
   */
  public Admonition(String type, @Nullable String title, boolean collapsible, boolean open) {
    this.type = type;
    this.title = title;
    this.collapsible = collapsible;
    this.open = open;
  }

  /** The kind, lower case. */
  public String type() {
    return type;
  }

  /** The title to show: the written one, or the capitalised type; empty for none. */
  public String title() {
    if (title != null) {
      return title;
    }
    return Character.toUpperCase(type.charAt(0)) + type.substring(1);
  }

  /** True for {@code ???} blocks. */
  public boolean collapsible() {
    return collapsible;
  }

  /** True for {@code ???+} blocks (shown open). */
  public boolean open() {
    return open;
  }
}
