package dev.greenroom.techdocs.build;

import static dev.greenroom.techdocs.render.Html.escape;

import dev.greenroom.techdocs.render.HtmlSanitizer;
import dev.greenroom.techdocs.render.RenderedPage;
import dev.greenroom.techdocs.source.MkDocsConfig;
import dev.greenroom.techdocs.source.Paths2;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The page chrome, in the shape of MkDocs Material's markup that Backstage's TechDocs reader
 * transforms: header with the site name, primary nav ({@code md-nav__link}), the article ({@code
 * md-content__inner md-typeset}), the table of contents, previous/next footer. Every URL is relative,
 * so the site works wherever it is served. No scripts: the article is cleaned HTML ({@link
 * HtmlSanitizer}), and the edit link and external nav links keep only safe URL schemes.
 */
final class PageLayout {
  /** A previous or next page. */
  record Neighbour(String title, String location) {}

  private final MkDocsConfig config;
  private final List<NavNode> nav;
  private final String cssPath;

  PageLayout(MkDocsConfig config, List<NavNode> nav, String cssPath) {
    this.config = config;
    this.nav = nav;
    this.cssPath = cssPath;
  }

  String page(
      String location, String title, RenderedPage page, @Nullable Neighbour prev, @Nullable Neighbour next,
      @Nullable String editUrl) {
    String dir = location.isEmpty() ? "" : location.substring(0, location.length() - 1);
    String htmlTitle = location.isEmpty() ? config.siteName() : title + " - " + config.siteName();
    StringBuilder sb = new StringBuilder(page.html().length() + 4096);
    head(sb, htmlTitle, dir);
    // MkDocs Material's frame, which the TechDocs reader's transformers and styles expect:
    // md-container > md-main > md-main__inner > sidebars (primary nav, secondary toc) + content
    sb.append("<div class=\"md-container\" data-md-component=\"container\">\n")
        .append("<main class=\"md-main\" data-md-component=\"main\">\n")
        .append("<div class=\"md-main__inner md-grid\">\n");
    sidebarStart(sb, "primary", "navigation");
    sb.append("<nav class=\"md-nav md-nav--primary\" aria-label=\"Navigation\" data-md-level=\"0\">\n");
    sb.append("<label class=\"md-nav__title\">").append(escape(config.siteName())).append("</label>\n");
    navList(sb, nav, dir, location);
    sb.append("</nav>\n");
    sidebarEnd(sb);
    sidebarStart(sb, "secondary", "toc");
    toc(sb, page.headings());
    sidebarEnd(sb);
    sb.append("<div class=\"md-content\" data-md-component=\"content\">\n");
    sb.append("<article class=\"md-content__inner md-typeset\">\n");
    if (editUrl != null) {
      sb.append("<a href=\"").append(escape(HtmlSanitizer.safeUrl(editUrl)))
          .append("\" title=\"Edit this page\" class=\"md-content__button md-icon\">Edit this page</a>\n");
    }
    if (page.firstH1() == null) {
      sb.append("<h1>").append(escape(title)).append("</h1>\n");
    }
    sb.append(page.html());
    sb.append("</article>\n</div>\n</div>\n</main>\n");
    sb.append("<footer class=\"md-footer\"><div class=\"md-footer__inner md-grid\">\n");
    if (prev != null) {
      sb.append("<a href=\"").append(escape(Paths2.relative(dir, prev.location())))
          .append("\" class=\"md-footer__link md-footer__link--prev\" rel=\"prev\">Previous: ")
          .append(escape(prev.title())).append("</a>\n");
    }
    if (next != null) {
      sb.append("<a href=\"").append(escape(Paths2.relative(dir, next.location())))
          .append("\" class=\"md-footer__link md-footer__link--next\" rel=\"next\">Next: ")
          .append(escape(next.title())).append("</a>\n");
    }
    sb.append("</div></footer>\n</div>\n</body>\n</html>\n");
    return sb.toString();
  }

  private static void sidebarStart(StringBuilder sb, String which, String type) {
    sb.append("<div class=\"md-sidebar md-sidebar--").append(which)
        .append("\" data-md-component=\"sidebar\" data-md-type=\"").append(type).append("\">\n")
        .append("<div class=\"md-sidebar__scrollwrap\"><div class=\"md-sidebar__inner\">\n");
  }

  private static void sidebarEnd(StringBuilder sb) {
    sb.append("</div></div>\n</div>\n");
  }

  String notFound() {
    StringBuilder sb = new StringBuilder();
    head(sb, "404 - Not found - " + config.siteName(), "");
    sb.append("<main class=\"md-main\"><article class=\"md-content__inner md-typeset\">")
        .append("<h1>404 - Not found</h1></article></main>\n</body>\n</html>\n");
    return sb.toString();
  }

  private void head(StringBuilder sb, String htmlTitle, String dir) {
    sb.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
    if (config.siteDescription() != null) {
      sb.append("<meta name=\"description\" content=\"").append(escape(config.siteDescription())).append("\">\n");
    }
    sb.append("<meta name=\"generator\" content=\"greenroom-techdocs\">\n");
    sb.append("<title>").append(escape(htmlTitle)).append("</title>\n");
    sb.append("<link rel=\"stylesheet\" href=\"").append(escape(Paths2.relative(dir, cssPath))).append("\">\n");
    sb.append("</head>\n<body>\n<header class=\"md-header\"><div class=\"md-header__title\">")
        .append(escape(config.siteName())).append("</div></header>\n");
  }

  private void navList(StringBuilder sb, List<NavNode> items, String dir, String current) {
    sb.append("<ul class=\"md-nav__list\">\n");
    for (NavNode n : items) {
      boolean active = current.equals(n.location());
      sb.append("<li class=\"md-nav__item").append(active ? " md-nav__item--active" : "")
          .append(n.isSection() ? " md-nav__item--nested" : "").append("\">");
      if (n.isSection()) {
        sb.append("<span class=\"md-nav__section-title\">").append(escape(n.title())).append("</span>\n");
        navList(sb, n.children(), dir, current);
      } else {
        String href = n.url() != null ? HtmlSanitizer.safeUrl(n.url()) : Paths2.relative(dir, n.location());
        sb.append("<a href=\"").append(escape(href)).append("\" class=\"md-nav__link")
            .append(active ? " md-nav__link--active" : "").append("\">").append(escape(n.title())).append("</a>");
      }
      sb.append("</li>\n");
    }
    sb.append("</ul>\n");
  }

  private static void toc(StringBuilder sb, List<RenderedPage.Heading> headings) {
    boolean any = false;
    for (RenderedPage.Heading h : headings) {
      if (h.level() >= 2 && h.level() <= 3) {
        any = true;
        break;
      }
    }
    if (!any) {
      return;
    }
    sb.append("<nav class=\"md-nav md-nav--secondary\" aria-label=\"Table of contents\">\n")
        .append("<label class=\"md-nav__title\" for=\"__toc\">Table of contents</label>\n")
        .append("<ul class=\"md-nav__list md-toc\" data-md-component=\"toc\">\n");
    for (RenderedPage.Heading h : headings) {
      if (h.level() >= 2 && h.level() <= 3) {
        sb.append("<li class=\"md-nav__item md-toc__item md-toc__item--h").append(h.level())
            .append("\"><a href=\"#").append(escape(h.id()))
            .append("\" class=\"md-nav__link md-toc__link\">").append(escape(h.text()))
            .append("</a></li>\n");
      }
    }
    sb.append("</ul>\n</nav>\n");
  }

  /** The first 8 hex digits of the stylesheet's SHA-256, as mkdocs-material names its own. */
  static String cssHash() {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(css().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String css() {
    return """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;line-height:1.6}
        .md-header{background:#2e7d32;color:#fff;padding:.6rem 1.2rem;font-weight:600}
        .md-sidebar--primary{float:left;width:14rem;padding:1rem}
        .md-sidebar--secondary{float:right;width:14rem;padding:1rem;font-size:.9em}
        .md-nav__list,.md-toc{list-style:none;padding-left:.8rem;margin:0}
        .md-nav__link--active{font-weight:700}
        .md-content{margin:0 15rem;padding:1rem 2rem;min-height:60vh}
        .md-typeset table{border-collapse:collapse}
        .md-typeset td,.md-typeset th{border:1px solid #ccc;padding:.3rem .6rem}
        .md-typeset pre{background:#f5f5f5;padding:.8rem;overflow:auto}
        .admonition,details{border-left:4px solid #448aff;background:#f5f8ff;padding:.4rem 1rem;margin:1rem 0}
        .admonition.warning,.admonition.warn,details.warning{border-color:#ff9100}
        .admonition.tip,details.tip{border-color:#00bfa5}
        .admonition-title,summary{font-weight:700}
        .md-footer{clear:both;padding:1rem 2rem;border-top:1px solid #ddd}
        .md-footer__link--next{float:right}
        """;
  }
}
