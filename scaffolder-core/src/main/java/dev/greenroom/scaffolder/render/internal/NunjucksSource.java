package dev.greenroom.scaffolder.render.internal;

import dev.greenroom.scaffolder.render.RenderException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites Nunjucks template source into the Pebble dialect the engine is configured for. The
 * template structure is kept (same delimiters, same whitespace-control markers); only what the two
 * languages spell differently is changed:
 *
 * <ul>
 *   <li>every printed expression {@code ${{ e }}} becomes {@code ${{ (e) | __out }}}, so values
 *       print as JavaScript prints them ({@code 3} not {@code 3.0}, arrays comma-joined, {@code
 *       undefined} as nothing);
 *   <li>{@code {% if e %}} / {@code elif} / {@code elseif} test JavaScript truthiness: {@code {%
 *       if (e) is __truthy %}};
 *   <li>{@code {% for k, v in e %}} iterates the pairs of an object (or the rows of an array);
 *   <li>{@code {% raw %}} becomes Pebble's {@code {% verbatim %}};
 *   <li>string literals become single-quoted (Pebble would interpolate {@code #{}} in double quotes);
 *   <li>in code, outside string literals: {@code ===}/{@code !==} become {@code ==}/{@code !=},
 *       {@code &&}/{@code ||}/{@code !} become {@code and}/{@code or}/{@code not}, unquoted object
 *       keys are quoted, and {@code loop.index}/{@code loop.revindex} become 1-based as in Nunjucks;
 *       in Jinja-compatible mode {@code True}/{@code False}/{@code None} become literals; the
 *       {@code null}/{@code none} literals become JSON null (a global), apart from undefined;
 *   <li>{@code trimBlocks} / {@code lstripBlocks} are applied here.
 * </ul>
 */
public final class NunjucksSource {
  private static final Pattern RAW_END =
      Pattern.compile("\\{%-?\\s*end(raw|verbatim)\\s*-?%}");
  private static final Pattern MAP_KEY =
      Pattern.compile("([{,]\\s*)([A-Za-z_$][A-Za-z0-9_$]*)(\\s*:)");
  private static final Pattern LOOP_INDEX = Pattern.compile("\\bloop\\.(index|revindex)\\b(?!0)");
  private static final Pattern LOOP_INDEX0 = Pattern.compile("\\bloop\\.(index|revindex)0\\b");
  private static final Pattern FOR_PAIRS =
      Pattern.compile("^for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+(.+)$",
          Pattern.DOTALL);
  private static final Pattern FOR_ONE =
      Pattern.compile("^for\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+in\\s+(.+)$", Pattern.DOTALL);
  private static final Pattern JINJA_WORDS = Pattern.compile("\\b(True|False|None)\\b");
  /** The literals {@code null} and {@code none}, not as a name after {@code .}/{@code is}. */
  private static final Pattern NULL_LITERAL = Pattern.compile(
      "(?<![.\\w$'])(?<!\\bis\\s{1,9})(?<!\\bis\\s{1,9}not\\s{1,9})\\b(null|none)\\b(?!\\s*:)");

  private final String printOpen;
  private final String printClose;
  private final boolean jinjaCompat;
  private final boolean trimBlocks;
  private final boolean lstripBlocks;
  private int pairCounter;

  /**
   * @param printOpen the variable start, <code>${&#123;</code> or <code>&#123;&#123;</code>
   * @param printClose the variable end, <code>&#125;&#125;</code>
   * @param jinjaCompat Python-style literals ({@code True}, {@code None})
   * @param trimBlocks drop the first newline after a block tag
   * @param lstripBlocks drop spaces and tabs before a block tag at the start of a line
   */
  public NunjucksSource(String printOpen, String printClose, boolean jinjaCompat,
      boolean trimBlocks, boolean lstripBlocks) {
    this.printOpen = printOpen;
    this.printClose = printClose;
    this.jinjaCompat = jinjaCompat;
    this.trimBlocks = trimBlocks;
    this.lstripBlocks = lstripBlocks;
  }

  /** The Pebble source for {@code src}. */
  public String rewrite(String src) {
    StringBuilder out = new StringBuilder(src.length() + 64);
    RenderBudget budget = RenderBudget.current();
    int i = 0;
    int n = src.length();
    // the next position of each kind of tag, searched again only once passed: searching all
    // three from every tag made a template of many tags of one kind quadratic
    int p = -2;
    int t = -2;
    int c = -2;
    while (i < n) {
      budget.checkTime();
      p = p == -1 || p >= i ? p : src.indexOf(printOpen, i);
      t = t == -1 || t >= i ? t : src.indexOf("{%", i);
      c = c == -1 || c >= i ? c : src.indexOf("{#", i);
      int next = min(p, min(t, c));
      if (next < 0) {
        out.append(src, i, n);
        break;
      }
      String text = src.substring(i, next);
      if (next == t && lstripBlocks) {
        text = lstrip(text, out);
      }
      out.append(text);
      if (next != p && next != t) {
        int end = src.indexOf("#}", next + 2);
        if (end < 0) {
          throw new RenderException("unterminated comment starting at offset " + next);
        }
        out.append(src, next, end + 2);
        i = end + 2;
        continue;
      }
      if (next == p) {
        int start = next + printOpen.length();
        int end = findClose(src, start, printClose);
        String inner = src.substring(start, end);
        String lead = "";
        String trail = "";
        if (inner.startsWith("-")) {
          lead = "-";
          inner = inner.substring(1);
        }
        if (inner.endsWith("-")) {
          trail = "-";
          inner = inner.substring(0, inner.length() - 1);
        }
        if (inner.isBlank()) {
          throw new RenderException("empty expression " + printOpen + printClose);
        }
        out.append(printOpen).append(lead).append(" (").append(expression(inner))
            .append(") | __out ")
            .append(trail).append(printClose);
        i = end + printClose.length();
        continue;
      }
      // block tag
      int start = next + 2;
      int end = findClose(src, start, "%}");
      String inner = src.substring(start, end);
      String lead = "";
      String trail = "";
      if (inner.startsWith("-")) {
        lead = "-";
        inner = inner.substring(1);
      }
      if (inner.endsWith("-")) {
        trail = "-";
        inner = inner.substring(0, inner.length() - 1);
      }
      String body = inner.strip();
      String name = body.split("\\s+", 2)[0];
      i = end + 2;
      if (name.equals("raw") || name.equals("verbatim")) {
        Matcher m = RAW_END.matcher(src);
        if (!m.find(i)) {
          throw new RenderException("{% " + name + " %} without {% end" + name + " %}");
        }
        String endTag = m.group();
        out.append("{%").append(lead).append(" verbatim ").append(trail).append("%}")
            .append(src, i, m.start())
            .append(endTag.replace("endraw", "endverbatim"));
        i = m.end();
        i = trimNewline(src, i);
        continue;
      }
      out.append("{%").append(lead).append(' ').append(tag(name, body)).append(' ').append(trail)
          .append("%}");
      i = trimNewline(src, i);
    }
    return out.toString();
  }

  private int trimNewline(String src, int i) {
    if (!trimBlocks) {
      return i;
    }
    if (src.startsWith("\r\n", i)) {
      return i + 2;
    }
    if (src.startsWith("\n", i)) {
      return i + 1;
    }
    return i;
  }

  /** With lstripBlocks: removes the spaces/tabs between the last line start and the tag. */
  private static String lstrip(String text, StringBuilder before) {
    int k = text.length();
    while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
      k--;
    }
    boolean lineStart = k > 0 ? text.charAt(k - 1) == '\n'
        : before.length() == 0 || before.charAt(before.length() - 1) == '\n';
    return lineStart ? text.substring(0, k) : text;
  }

  private String tag(String name, String body) {
    switch (name) {
      case "if":
      case "elif":
      case "elseif": {
        String expr = body.substring(name.length()).strip();
        return (name.equals("if") ? "if" : "elseif") + " (" + expression(expr) + ") is __truthy";
      }
      case "for": {
        Matcher m = FOR_PAIRS.matcher(body);
        if (m.matches()) {
          String var = "__pair" + (pairCounter++);
          return "for " + var + " in (" + expression(m.group(3)) + ") | __pairs %}{% set " + m.group(1)
              + " = " + var + "[0] %}{% set " + m.group(2) + " = " + var + "[1]";
        }
        Matcher one = FOR_ONE.matcher(body);
        if (one.matches()) {
          return "for " + one.group(1) + " in (" + expression(one.group(2)) + ") | __iter";
        }
        return code(body);
      }
      case "set": {
        int eq = topLevelAssign(body);
        return eq < 0 ? code(body)
            : code(body.substring(0, eq + 1)) + " " + expression(body.substring(eq + 1));
      }
      default:
        return code(body);
    }
  }

  /** How deep brackets may nest in one expression (the rewriting recurses per level). */
  static final int MAX_NESTING = 100;

  /** A Nunjucks expression in Pebble's dialect. */
  String expression(String expr) {
    checkNesting(expr);
    return code(inOperator(inlineIf(expr)));
  }

  private static void checkNesting(String code) {
    int depth = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(code, i);
      } else if (c == '(' || c == '[' || c == '{') {
        if (++depth > MAX_NESTING) {
          throw new RenderException("expression nested more than " + MAX_NESTING
              + " levels deep");
        }
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
    }
  }

  /**
   * Nunjucks' {@code a in b} (which Pebble lacks) as Pebble's {@code (b) contains (a)}; {@code not
   * a in b} is {@code not (a in b)}, as Nunjucks parses it. Applied at the top level and inside
   * parentheses; operands end at {@code and}, {@code or}, {@code ?}, {@code :} and {@code ,}.
   */
  static String inOperator(String code) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    int groupStart = -1;
    StringBuilder seg = new StringBuilder();
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        int j = skipString(code, i);
        if (depth == 0) {
          seg.append(code, i, Math.min(j + 1, code.length()));
        }
        i = j;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        if (depth == 0) {
          groupStart = i;
        }
        depth++;
        continue;
      }
      if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          if (groupStart < 0) {
            seg.append(c); // unbalanced: Pebble will say so
          } else if (c == ')') {
            seg.append('(').append(inOperator(code.substring(groupStart + 1, i))).append(')');
          } else {
            seg.append(code, groupStart, i + 1);
          }
          groupStart = -1;
        }
        continue;
      }
      if (depth > 0) {
        continue;
      }
      boolean boundary = c == '?' || c == ':' || c == ',';
      int wordLen = isWord(code, i, "and") ? 3 : isWord(code, i, "or") ? 2 : 0;
      if (boundary || wordLen > 0) {
        out.append(rewriteIn(seg.toString()));
        seg.setLength(0);
        int len = boundary ? 1 : wordLen;
        out.append(code, i, i + len);
        i += len - 1;
        continue;
      }
      seg.append(c);
    }
    out.append(rewriteIn(seg.toString()));
    return out.toString();
  }

  private static String rewriteIn(String seg) {
    int at = -1;
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(seg, i);
        continue;
      }
      if (isWord(seg, i, "in")) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return seg;
    }
    String left = seg.substring(0, at).strip();
    String right = seg.substring(at + 2).strip();
    int nots = 0;
    while (left.startsWith("not ") || left.startsWith("not(")) {
      left = left.substring(3).strip();
      nots++;
    }
    if (left.isEmpty() || right.isEmpty()) {
      return seg;
    }
    String r = "((" + rewriteIn(right) + ") contains (" + left + "))";
    return " " + "not ".repeat(nots) + r + " ";
  }

  /** The index of the first top-level {@code =} that is an assignment, or -1. */
  private static int topLevelAssign(String code) {
    int depth = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(code, i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == '=' && depth == 0) {
        boolean cmp = (i + 1 < code.length() && code.charAt(i + 1) == '=')
            || (i > 0 && "=!<>".indexOf(code.charAt(i - 1)) >= 0);
        if (!cmp) {
          return i;
        }
      }
    }
    return -1;
  }

  private static int skipString(String code, int i) {
    char q = code.charAt(i);
    int j = i + 1;
    while (j < code.length() && code.charAt(j) != q) {
      if (code.charAt(j) == '\\') {
        j++;
      }
      j++;
    }
    return j;
  }

  /**
   * Nunjucks' inline if, {@code a if cond else b} (the {@code else} part optional), which Pebble
   * lacks, as a Pebble conditional: {@code ((cond) is __truthy ? (a) : (b))}. Applied at the top
   * level of an expression and inside parentheses, where Nunjucks parses it.
   */
  static String inlineIf(String code) {
    int depth = 0;
    int ifAt = -1;
    int elseAt = -1;
    StringBuilder rebuilt = new StringBuilder();
    int groupStart = -1;
    int last = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(code, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        if (depth == 0 && c == '(') {
          groupStart = i;
        }
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0 && c == ')' && groupStart >= 0) {
          rebuilt.append(code, last, groupStart + 1)
              .append(inlineIf(code.substring(groupStart + 1, i)));
          last = i;
          groupStart = -1;
        }
      } else if (depth == 0 && isWord(code, i, "if") && ifAt < 0) {
        ifAt = i;
      } else if (depth == 0 && isWord(code, i, "else") && ifAt >= 0 && elseAt < 0) {
        elseAt = i;
      }
    }
    if (ifAt < 0) {
      return rebuilt.append(code.substring(last)).toString();
    }
    String a = code.substring(0, ifAt);
    String cond = elseAt < 0 ? code.substring(ifAt + 2) : code.substring(ifAt + 2, elseAt);
    // no else: the empty string, as Nunjucks compiles it (nunjitsu too)
    String b = elseAt < 0 ? "''" : code.substring(elseAt + 4);
    if (a.isBlank() || cond.isBlank() || b.isBlank()) {
      return code;
    }
    return "((" + inlineIf(cond) + ") is __truthy ? (" + inlineIf(a) + ") : (" + inlineIf(b) + "))";
  }

  private static boolean isWord(String code, int i, String word) {
    if (!code.startsWith(word, i)) {
      return false;
    }
    boolean before = i == 0 || !Character.isJavaIdentifierPart(code.charAt(i - 1))
        && code.charAt(i - 1) != '.';
    int end = i + word.length();
    boolean after = end >= code.length() || !Character.isJavaIdentifierPart(code.charAt(end));
    return before && after;
  }

  /** Rewrites code outside string literals. */
  String code(String code) {
    StringBuilder out = new StringBuilder(code.length() + 16);
    StringBuilder plain = new StringBuilder();
    int i = 0;
    while (i < code.length()) {
      char ch = code.charAt(i);
      if (ch == '"' || ch == '\'') {
        out.append(plainCode(plain.toString()));
        plain.setLength(0);
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != ch) {
          if (code.charAt(j) == '\\') {
            j++;
          }
          j++;
        }
        if (j >= code.length()) {
          throw new RenderException("unterminated string literal in expression: " + code.strip());
        }
        out.append(singleQuoted(code.substring(i + 1, j), ch));
        i = j + 1;
      } else {
        plain.append(ch);
        i++;
      }
    }
    out.append(plainCode(plain.toString()));
    return arrayLiteralReceivers(out.toString());
  }

  private static final java.util.Set<String> WORDS_BEFORE_VALUES =
      java.util.Set.of("in", "and", "or", "not", "if", "else", "is", "return");

  /**
   * {@code [1, 2].pop()} becomes {@code ([1, 2]).pop()}: Pebble's parser takes a method call on a
   * parenthesised array literal only. A {@code [} after a name, {@code )} or {@code ]} is a
   * subscript and left alone. {@code code} is Pebble code, its strings single-quoted.
   */
  private static String arrayLiteralReceivers(String code) {
    java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>(); // literal starts; -1 subscripts
    java.util.List<int[]> wraps = new java.util.ArrayList<>();
    for (int i = 0; i < code.length(); i++) {
      char ch = code.charAt(i);
      if (ch == '\'') {
        for (i++; i < code.length() && code.charAt(i) != '\''; i++) {
          if (code.charAt(i) == '\\') {
            i++;
          }
        }
      } else if (ch == '[') {
        open.push(isLiteralStart(code, i) ? i : -1);
      } else if (ch == ']' && !open.isEmpty()) {
        int start = open.pop();
        int next = i + 1;
        while (next < code.length() && Character.isWhitespace(code.charAt(next))) {
          next++;
        }
        if (start >= 0 && next < code.length() && code.charAt(next) == '.') {
          wraps.add(new int[] {start, i + 1});
        }
      }
    }
    if (wraps.isEmpty()) {
      return code;
    }
    StringBuilder b = new StringBuilder(code);
    wraps.sort((x, y) -> Integer.compare(y[0], x[0])); // from the end, so indices stay valid
    for (int[] w : wraps) {
      b.insert(w[1] + (int) wraps.stream().filter(o -> o[0] > w[0] && o[1] <= w[1]).count() * 2,
          ')');
      b.insert(w[0], '(');
    }
    return b.toString();
  }

  private static boolean isLiteralStart(String code, int at) {
    int k = at - 1;
    while (k >= 0 && Character.isWhitespace(code.charAt(k))) {
      k--;
    }
    if (k < 0) {
      return true;
    }
    char p = code.charAt(k);
    if (p == ')' || p == ']' || p == '}' || p == '\'') {
      return false;
    }
    if (!Character.isLetterOrDigit(p) && p != '_' && p != '$') {
      return true;
    }
    int w = k;
    while (w >= 0 && (Character.isLetterOrDigit(code.charAt(w)) || code.charAt(w) == '_')) {
      w--;
    }
    return WORDS_BEFORE_VALUES.contains(code.substring(w + 1, k + 1));
  }

  /**
   * A string literal as Pebble gets it: always single-quoted, because Pebble interpolates {@code
   * #{...}} in double-quoted strings and Nunjucks does not.
   */
  private static String singleQuoted(String body, char quote) {
    if (quote == '\'') {
      return "'" + body + "'";
    }
    StringBuilder b = new StringBuilder("'");
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c == '\\' && k + 1 < body.length()) {
        char nx = body.charAt(k + 1);
        if (nx == '"') {
          b.append('"');
        } else {
          b.append(c).append(nx);
        }
        k++;
      } else if (c == '\'') {
        b.append("\\'");
      } else {
        b.append(c);
      }
    }
    return b.append('\'').toString();
  }

  private String plainCode(String s) {
    if (s.isEmpty()) {
      return s;
    }
    String r = s.replace("===", "==").replace("!==", "!=").replace("&&", " and ")
        .replace("||", " or ");
    StringBuilder b = new StringBuilder(r.length());
    for (int k = 0; k < r.length(); k++) {
      char ch = r.charAt(k);
      if (ch == '!' && (k + 1 >= r.length() || r.charAt(k + 1) != '=')) {
        b.append(" not ");
      } else {
        b.append(ch);
      }
    }
    r = b.toString();
    r = MAP_KEY.matcher(r).replaceAll("$1'$2'$3");
    r = LOOP_INDEX0.matcher(r).replaceAll("loop.$1");
    r = LOOP_INDEX.matcher(r).replaceAll("(loop.$1 + 1)");
    if (jinjaCompat) {
      r = JINJA_WORDS.matcher(r).replaceAll(mr -> switch (mr.group(1)) {
        case "True" -> "true";
        case "False" -> "false";
        default -> "none";
      });
    }
    // JavaScript's null, apart from undefined (Pebble's null literal is Java null: undefined)
    r = NULL_LITERAL.matcher(r).replaceAll(PebbleSandbox.NULL_NAME);
    return r;
  }

  /** The index of {@code close} ending the code that starts at {@code from}, skipping strings. */
  private static int findClose(String src, int from, String close) {
    int i = from;
    while (i < src.length()) {
      char ch = src.charAt(i);
      if (ch == '"' || ch == '\'') {
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != ch && src.charAt(j) != '\n') {
          if (src.charAt(j) == '\\') {
            j++;
          }
          j++;
        }
        i = j + 1;
        continue;
      }
      if (src.startsWith(close, i)) {
        return i;
      }
      i++;
    }
    throw new RenderException("expected " + close + " to close the expression starting at offset "
        + (from - 2) + ": " + abbreviate(src.substring(Math.max(0, from - 3))));
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static int min(int a, int b) {
    if (a < 0) {
      return b;
    }
    if (b < 0) {
      return a;
    }
    return Math.min(a, b);
  }
}
