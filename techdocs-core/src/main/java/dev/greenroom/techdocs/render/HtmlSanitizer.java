package dev.greenroom.techdocs.render;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans the HTML of docs pages before they are published, on jsoup's {@link Safelist}: Markdown
 * may hold raw HTML, and TechDocs pages are served from the API's origin, so a page must not carry
 * scripts however it is opened.
 *
 * <p>Kept: what MkDocs Material's markup and Backstage's TechDocs reader need — headings with their
 * ids, paragraphs, lists (task-list checkboxes, disabled), tables, {@code pre}/{@code code} with
 * their {@code language-*} classes, images, admonitions ({@code div.admonition}, {@code
 * p.admonition-title}), {@code details}/{@code summary}, {@code class}, {@code id}, {@code title}
 * and ARIA labels on any element, and links that are relative, fragments, {@code http(s)} or {@code
 * mailto}. Removed: {@code script}, {@code style}, {@code iframe}, {@code object}, {@code embed},
 * {@code form}, {@code meta} (refresh), {@code base}, {@code link}, inline {@code style}, every
 * {@code on*} handler, and {@code javascript:}, {@code data:} or other URLs in links and images.
 */
public final class HtmlSanitizer {
  /** The base against which relative URLs are checked; never appears in the output. */
  private static final String BASE = "https://techdocs.invalid/site/page/";

  private static final Safelist SAFELIST = safelist();
  private static final Document.OutputSettings OUTPUT =
      new Document.OutputSettings().prettyPrint(false).charset("UTF-8")
          .escapeMode(Entities.EscapeMode.base);

  private HtmlSanitizer() {}

  /** The tags, attributes and URL schemes a page may keep. */
  public static Safelist safelist() {
    return new Safelist()
        .addTags("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
            "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
            "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "li", "mark", "ol", "p",
            "pre", "q", "s", "samp", "section", "small", "span", "strike", "strong", "sub", "summary",
            "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var")
        .addAttributes(":all", "class", "id", "title", "lang", "dir", "role", "aria-label",
            "aria-hidden", "aria-labelledby", "aria-describedby", "align")
        .addAttributes("a", "href", "name", "rel", "target", "download", "hreflang")
        .addAttributes("img", "src", "alt", "width", "height", "loading")
        .addAttributes("td", "colspan", "rowspan")
        .addAttributes("th", "colspan", "rowspan", "scope")
        .addAttributes("col", "span", "width")
        .addAttributes("colgroup", "span", "width")
        .addAttributes("ol", "start", "type", "reversed")
        .addAttributes("ul", "type")
        .addAttributes("li", "value")
        .addAttributes("details", "open")
        .addAttributes("blockquote", "cite")
        .addAttributes("q", "cite")
        .addAttributes("time", "datetime")
        .addAttributes("input", "checked")
        .addEnforcedAttribute("input", "type", "checkbox")
        .addEnforcedAttribute("input", "disabled", "disabled")
        .addProtocols("a", "href", "http", "https", "mailto", "#")
        .addProtocols("img", "src", "http", "https")
        .addProtocols("blockquote", "cite", "http", "https")
        .addProtocols("q", "cite", "http", "https")
        .preserveRelativeLinks(true);
  }

  /** Cleans a fragment of a page's body (rendered Markdown with its raw HTML). */
  public static String fragment(String html) {
    return Jsoup.clean(html, BASE, SAFELIST, OUTPUT);
  }

  /**
   * Cleans a whole HTML document copied from the docs source: its body is cleaned as {@link
   * #fragment}, its head is replaced by a charset and its (escaped) title.
   */
  public static String document(String html) {
    Document dirty = Jsoup.parse(html, BASE);
    Document clean = new Cleaner(SAFELIST).clean(dirty);
    clean.outputSettings(OUTPUT);
    String title = dirty.title();
    return "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(title)
        + "</title>\n</head>\n<body>\n" + clean.body().html() + "\n</body>\n</html>\n";
  }

  /**
   * A URL the page chrome may link to ({@code edit_uri}, external nav entries): relative, a
   * fragment, {@code http(s)} or {@code mailto}; anything else becomes {@code #}.
   */
  public static String safeUrl(String url) {
    String u = url.strip();
    StringBuilder scheme = new StringBuilder();
    for (int i = 0; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c == ':') {
        String s = scheme.toString().toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https") || s.equals("mailto") ? u : "#";
      }
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "#"; // browsers strip these inside a scheme ("java\tscript:")
      }
      scheme.append(c);
    }
    return u;
  }
}
