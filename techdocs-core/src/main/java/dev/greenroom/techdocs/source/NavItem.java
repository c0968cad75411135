package dev.greenroom.techdocs.source;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One entry of a {@code mkdocs.yml} {@code nav}, or of the nav derived from the docs folder. */
public sealed interface NavItem permits NavItem.Page, NavItem.Section, NavItem.Link, NavItem.Include {

  /** The title shown in the navigation, or null to take the page's own. */
  @Nullable String title();

  /**
   * A Markdown page.
   *
   * @param title the nav title, or null
   * @param path the page's path relative to the docs folder, for example {@code code/sample.md}
   */
  record Page(@Nullable String title, String path) implements NavItem {
    public Page {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A titled group of entries.
   *
   * @param title the section title
   * @param children the entries, in order
   */
  record Section(String title, List<NavItem> children) implements NavItem {
    public Section {
      Objects.requireNonNull(title, "title");
      children = List.copyOf(children);
    }
  }

  /**
   * A link to an absolute URL.
   *
   * @param title the link text
   * @param url the URL
   */
  record Link(String title, String url) implements NavItem {}

  /**
   * A {@code mkdocs-monorepo-plugin} include, {@code "!include path/mkdocs.yml"}: the other
   * project's pages under its {@code site_name}.
   *
   * @param title the section title
   * @param configPath the included {@code mkdocs.yml}, relative to the including file's folder
   */
  record Include(String title, String configPath) implements NavItem {}
}
