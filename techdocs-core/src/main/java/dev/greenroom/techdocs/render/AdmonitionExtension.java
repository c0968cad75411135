package dev.greenroom.techdocs.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.node.Block;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.parser.block.AbstractBlockParser;
import org.commonmark.parser.block.AbstractBlockParserFactory;
import org.commonmark.parser.block.BlockContinue;
import org.commonmark.parser.block.BlockStart;
import org.commonmark.parser.block.MatchedBlockParser;
import org.commonmark.parser.block.ParserState;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Python-Markdown's {@code admonition} and {@code pymdownx.details} for commonmark-java: a line
 * {@code !!! type "optional title"} (or {@code ???}/{@code ???+} for a collapsible block) opens a
 * block whose content is indented by four spaces; it renders as MkDocs does, {@code <div
 * class="admonition type"><p class="admonition-title">Title</p>...</div>} or {@code <details
 * class="type"><summary>Title</summary>...</details>}.
 */
public final class AdmonitionExtension implements Parser.ParserExtension, HtmlRenderer.HtmlRendererExtension {
  private static final Pattern START =
      Pattern.compile("^(!!!|\\?\\?\\?\\+?)[ \\t]+([A-Za-z0-9_-]+)(?:[ \\t]+\"([^\"]*)\")?[ \\t]*$");

  private AdmonitionExtension() {}

  /** The extension, for both the parser and the HTML renderer. */
  public static Extension create() {
    return new AdmonitionExtension();
  }

  /**
   * Ends admonitions the way Python-Markdown does: an unindented line right after an admonition's
   * content starts a new block. CommonMark would take it as a lazy continuation of the
   * admonition's last paragraph, so a blank line is inserted before it. Fenced code is left alone.
   */
  static String endBlocks(String markdown) {
    if (!markdown.contains("!!!") && !markdown.contains("???")) {
      return markdown;
    }
    String[] lines = markdown.split("\n", -1);
    StringBuilder sb = new StringBuilder(markdown.length() + 16);
    java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
    String fence = null;
    boolean prevBlank = true;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      int indent = indentOf(line);
      boolean blank = trimmed.isEmpty();
      if (fence == null && !blank) {
        boolean closed = false;
        while (!open.isEmpty() && indent < open.peek() + 4) {
          open.pop();
          closed = true;
        }
        if (closed && !prevBlank) {
          sb.append('\n');
        }
        if (START.matcher(trimmed).matches()) {
          open.push(indent);
        }
      }
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        String marker = trimmed.substring(0, 3);
        if (fence == null) {
          fence = marker;
        } else if (fence.equals(marker)) {
          fence = null;
        }
      }
      sb.append(line);
      if (i < lines.length - 1) {
        sb.append('\n');
      }
      prevBlank = blank;
    }
    return sb.toString();
  }

  private static int indentOf(String line) {
    int col = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        col++;
      } else if (c == '\t') {
        col += 4 - (col % 4);
      } else {
        break;
      }
    }
    return col;
  }

  @Override
  public void extend(Parser.Builder builder) {
    builder.customBlockParserFactory(new Factory());
  }

  @Override
  public void extend(HtmlRenderer.Builder builder) {
    builder.nodeRendererFactory(Renderer::new);
  }

  private static final class Factory extends AbstractBlockParserFactory {
    @Override
    public BlockStart tryStart(ParserState state, MatchedBlockParser matched) {
      if (state.getIndent() >= 4) {
        return BlockStart.none();
      }
      CharSequence line = state.getLine().getContent();
      String rest = line.subSequence(state.getNextNonSpaceIndex(), line.length()).toString();
      Matcher m = START.matcher(rest);
      if (!m.matches()) {
        return BlockStart.none();
      }
      String marker = m.group(1);
      Admonition block = new Admonition(
          m.group(2).toLowerCase(java.util.Locale.ROOT), m.group(3), marker.startsWith("?"), marker.equals("???+"));
      return BlockStart.of(new BlockParser(block)).atIndex(line.length());
    }
  }

  private static final class BlockParser extends AbstractBlockParser {
    private final Admonition block;

    BlockParser(Admonition block) {
      this.block = block;
    }

    @Override
    public Block getBlock() {
      return block;
    }

    @Override
    public boolean isContainer() {
      return true;
    }

    @Override
    public boolean canContain(Block childBlock) {
      return true;
    }

    @Override
    public BlockContinue tryContinue(ParserState state) {
      if (state.isBlank()) {
        return BlockContinue.atIndex(state.getNextNonSpaceIndex());
      }
      if (state.getIndent() >= 4) {
        return BlockContinue.atColumn(state.getColumn() + 4);
      }
      return BlockContinue.none();
    }
  }

  private static final class Renderer implements NodeRenderer {
    private final HtmlNodeRendererContext context;
    private final HtmlWriter html;

    Renderer(HtmlNodeRendererContext context) {
      this.context = context;
      this.html = context.getWriter();
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(Admonition.class);
    }

    @Override
    public void render(Node node) {
      Admonition a = (Admonition) node;
      html.line();
      Map<String, String> attrs = new LinkedHashMap<>();
      if (a.collapsible()) {
        attrs.put("class", a.type());
        if (a.open()) {
          attrs.put("open", "open");
        }
        html.tag("details", attrs);
        html.tag("summary");
        html.text(a.title());
        html.tag("/summary");
      } else {
        attrs.put("class", "admonition " + a.type());
        html.tag("div", attrs);
        if (!a.title().isEmpty()) {
          html.tag("p", Map.of("class", "admonition-title"));
          html.text(a.title());
          html.tag("/p");
        }
      }
      html.line();
      Node child = a.getFirstChild();
      while (child != null) {
        Node next = child.getNext();
        context.render(child);
        child = next;
      }
      html.line();
      html.tag(a.collapsible() ? "/details" : "/div");
      html.line();
    }
  }
}
