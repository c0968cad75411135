package dev.greenroom.techdocs.render;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jspecify.annotations.Nullable;

/**
 * Markdown to HTML for docs pages, on commonmark-java with GFM tables, autolinks, admonitions
 * ({@link AdmonitionExtension}) and heading anchors (ids from the heading-anchor extension's {@link
 * IdGenerator}, unique per page). Links and images pass through a {@link LinkRewriter}. The HTML
 * comes out cleaned by {@link HtmlSanitizer} (raw HTML in Markdown keeps no scripts, handlers,
 * frames or {@code javascript:} URLs). Thread-safe; pages larger than {@link #MAX_CHARS} are
 * refused.
 */
public final class MarkdownRenderer {
  /** The largest page accepted, in characters. */
  public static final int MAX_CHARS = 4 * 1024 * 1024;

  private final List<Extension> extensions =
      List.of(TablesExtension.create(), AutolinkExtension.create(), AdmonitionExtension.create());
  private final Parser parser = Parser.builder().extensions(extensions).build();

  /**
   * Renders one page.
   *
   * @param markdown the page source
   * @param links rewrites link and image destinations
   * @throws IllegalArgumentException when the page is larger than {@link #MAX_CHARS}
   */
  public RenderedPage render(String markdown, LinkRewriter links) {
    if (markdown.length() > MAX_CHARS) {
      throw new IllegalArgumentException("page larger than " + MAX_CHARS + " characters");
    }
    Node doc = parser.parse(AdmonitionExtension.endBlocks(markdown));
    IdGenerator ids = IdGenerator.builder().build();
    Map<Node, String> headingIds = new IdentityHashMap<>();
    List<RenderedPage.Heading> headings = new ArrayList<>();
    String[] firstH1 = {null};
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        String text = collapse(plain(heading));
        String id = ids.generateId(text);
        headingIds.put(heading, id);
        headings.add(new RenderedPage.Heading(heading.getLevel(), id, text));
        if (heading.getLevel() == 1 && firstH1[0] == null) {
          firstH1[0] = text;
        }
      }

      @Override
      public void visit(Link link) {
        link.setDestination(links.rewrite(link.getDestination(), false));
        visitChildren(link);
      }

      @Override
      public void visit(Image image) {
        image.setDestination(links.rewrite(image.getDestination(), true));
        visitChildren(image);
      }
    });
    Map<Node, Map<String, String>> extraAttrs = attributeLists(doc);
    taskLists(doc, extraAttrs);
    HtmlRenderer renderer =
        HtmlRenderer.builder()
            .extensions(extensions)
            .attributeProviderFactory(ctx -> (node, tag, attrs) -> {
              String id = headingIds.get(node);
              if (id != null) {
                attrs.put("id", id);
              }
              Map<String, String> extra = extraAttrs.get(node);
              if (extra != null) {
                attrs.putAll(extra);
              }
            })
            .build();
    String html = HtmlSanitizer.fragment(renderer.render(doc));

    List<RenderedPage.Section> sections = new ArrayList<>();
    RenderedPage.Heading current = null;
    StringBuilder sb = new StringBuilder();
    StringBuilder all = new StringBuilder();
    int h = 0;
    for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading) {
        if (current != null || sb.length() > 0) {
          sections.add(new RenderedPage.Section(current, collapse(sb.toString())));
        }
        current = headings.get(h++);
        sb.setLength(0);
        all.append(current.text()).append(' ');
        continue;
      }
      String t = plain(n);
      sb.append(t).append(' ');
      all.append(t).append(' ');
    }
    if (current != null || sb.length() > 0) {
      sections.add(new RenderedPage.Section(current, collapse(sb.toString())));
    }
    return new RenderedPage(html, firstH1[0], headings, collapse(all.toString()), sections);
  }

  private static final java.util.regex.Pattern ATTR_LIST = java.util.regex.Pattern.compile("^\\{(:?)\\s*([^}]*)\\}");
  private static final java.util.regex.Pattern ATTR = java.util.regex.Pattern.compile(
      "([A-Za-z][A-Za-z0-9_-]*)=\"([^\"]*)\"|([A-Za-z][A-Za-z0-9_-]*)='([^']*)'|\\.([A-Za-z0-9_-]+)|#([A-Za-z0-9_-]+)");
  private static final java.util.Set<String> ALLOWED_ATTRS =
      java.util.Set.of("download", "title", "target", "rel", "width", "height", "alt", "class", "id", "align");

  /**
   * Python-Markdown's {@code attr_list} after a link or image ({@code [a](f.py){: download="x"}}):
   * the braces are removed from the text and their attributes (a safe subset: no event handlers,
   * no URLs) go on the element.
   */
  private static Map<Node, Map<String, String>> attributeLists(Node doc) {
    Map<Node, Map<String, String>> out = new IdentityHashMap<>();
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        take(link);
        visitChildren(link);
      }

      @Override
      public void visit(Image image) {
        take(image);
        visitChildren(image);
      }

      private void take(Node node) {
        if (!(node.getNext() instanceof Text t)) {
          return;
        }
        java.util.regex.Matcher m = ATTR_LIST.matcher(t.getLiteral());
        if (!m.find()) {
          return;
        }
        String inner = m.group(2).strip();
        if (m.group(1).isEmpty() && (inner.isEmpty() || !ATTR.matcher(inner).replaceAll("").isBlank())) {
          return; // braces without a colon are attributes only when they hold nothing else
        }
        Map<String, String> attrs = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher a = ATTR.matcher(inner);
        StringBuilder classes = new StringBuilder();
        while (a.find()) {
          if (a.group(5) != null) {
            classes.append(classes.length() == 0 ? "" : " ").append(a.group(5));
          } else if (a.group(6) != null) {
            attrs.put("id", a.group(6));
          } else {
            String name = (a.group(1) != null ? a.group(1) : a.group(3)).toLowerCase(java.util.Locale.ROOT);
            String value = a.group(1) != null ? a.group(2) : a.group(4);
            if (ALLOWED_ATTRS.contains(name)) {
              attrs.put(name, value);
            }
          }
        }
        if (classes.length() > 0) {
          attrs.put("class", classes.toString());
        }
        out.put(node, attrs);
        t.setLiteral(t.getLiteral().substring(m.end()));
      }
    });
    return out;
  }

  /**
   * {@code pymdownx.tasklist}: a list item starting with {@code [ ]} or {@code [x]} gets a disabled
   * checkbox and the class {@code task-list-item}.
   */
  private static void taskLists(Node doc, Map<Node, Map<String, String>> attrs) {
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(org.commonmark.node.ListItem item) {
        Node first = item.getFirstChild();
        if (first instanceof org.commonmark.node.Paragraph p && p.getFirstChild() instanceof Text t) {
          String lit = t.getLiteral();
          if (lit.length() >= 3 && lit.charAt(0) == '[' && lit.charAt(2) == ']'
              && (lit.length() == 3 || lit.charAt(3) == ' ')
              && (lit.charAt(1) == ' ' || lit.charAt(1) == 'x' || lit.charAt(1) == 'X')) {
            boolean checked = lit.charAt(1) != ' ';
            HtmlInline box = new HtmlInline();
            box.setLiteral("<input type=\"checkbox\" disabled" + (checked ? " checked" : "") + "> ");
            t.insertBefore(box);
            t.setLiteral(lit.substring(Math.min(lit.length(), 4)));
            attrs.computeIfAbsent(item, k -> new java.util.LinkedHashMap<>()).put("class", "task-list-item");
          }
        }
        visitChildren(item);
      }
    });
  }

  /** The plain text of a node: text, code and raw HTML without its tags. */
  static String plain(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(new AbstractVisitor() {
      @Override
      public void visit(Text text) {
        sb.append(text.getLiteral());
      }

      @Override
      public void visit(Code code) {
        sb.append(code.getLiteral());
      }

      @Override
      public void visit(FencedCodeBlock block) {
        sb.append(' ').append(block.getLiteral()).append(' ');
      }

      @Override
      public void visit(IndentedCodeBlock block) {
        sb.append(' ').append(block.getLiteral()).append(' ');
      }

      @Override
      public void visit(HtmlBlock block) {
        sb.append(' ').append(stripTags(block.getLiteral())).append(' ');
      }

      @Override
      public void visit(HtmlInline html) {
        // tags carry no text
      }

      @Override
      public void visit(SoftLineBreak b) {
        sb.append(' ');
      }

      @Override
      public void visit(HardLineBreak b) {
        sb.append(' ');
      }

      @Override
      public void visit(CustomBlock block) {
        if (block instanceof Admonition a) {
          sb.append(' ').append(a.title()).append(' ');
        }
        visitChildren(block);
        sb.append(' ');
      }

      @Override
      public void visit(org.commonmark.node.CustomNode node) {
        visitChildren(node);
        sb.append(' ');
      }

      @Override
      protected void visitChildren(Node parent) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
          c.accept(this);
          if (c instanceof org.commonmark.node.Block) {
            sb.append(' ');
          }
        }
      }
    });
    return sb.toString();
  }

  private static String stripTags(String html) {
    return html.replaceAll("(?s)<!--.*?-->", " ").replaceAll("<[^>]*>", " ");
  }

  /** Collapses runs of whitespace into one space and trims. */
  static String collapse(@Nullable String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
