package dev.greenroom.scaffolder.render.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Nunjucks' built-in filters with Nunjucks' behaviour (they replace Pebble's filters of the same
 * name, whose arguments and results differ), plus {@code dump}, which Backstage templates use most.
 */
final class NunjucksFilters {
  private NunjucksFilters() {}

  static Map<String, JsFilter> all() {
    Map<String, JsFilter> m = new LinkedHashMap<>();
    add(m, "__out", (in, a) -> JsValues.print(in));
    add(m, "__pairs", (in, a) -> {
      RenderBudget.current().countIterations(JsValues.nullish(in) ? 0 : length(in));
      return RenderBudget.current().timed(pairs(in));
    });
    // what a one-variable Nunjucks for loop visits: array items, string characters; nothing for
    // undefined, null and objects (Nunjucks reads .length, which objects lack)
    add(m, "__iter", (in, a) -> {
      RenderBudget budget = RenderBudget.current();
      if (in instanceof Collection<?> c) {
        budget.countIterations(c.size());
        List<Object> items = c instanceof List<?> l ? List.class.cast(l) : new ArrayList<>(c);
        return budget.timed(items);
      }
      if (in instanceof String s) {
        budget.countIterations(s.length()); // before the characters are split out
        return budget.timed(characters(s));
      }
      return List.of();
    });
    add(m, "dump", (in, a) -> {
      Object indent = JsFilter.arg(a, 0);
      return JsValues.dump(in, indent instanceof Number n ? n.intValue()
          : indent instanceof String s ? s.length() : 0);
    });
    add(m, "safe", (in, a) -> in);
    add(m, "lower", (in, a) -> str(in).toLowerCase(Locale.ROOT));
    add(m, "upper", (in, a) -> str(in).toUpperCase(Locale.ROOT));
    add(m, "capitalize", (in, a) -> {
      String s = str(in);
      return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT)
          + s.substring(1).toLowerCase(Locale.ROOT);
    });
    add(m, "title", (in, a) -> {
      String[] words = str(in).split(" ", -1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < words.length; i++) {
        String w = words[i];
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(w.isEmpty() ? w : w.substring(0, 1).toUpperCase(Locale.ROOT)
            + w.substring(1).toLowerCase(Locale.ROOT));
      }
      return sb.toString();
    });
    add(m, "trim", (in, a) -> str(in).strip());
    add(m, "string", (in, a) -> JsValues.print(in));
    add(m, "replace", NunjucksFilters::replace);
    add(m, "default", NunjucksFilters::dflt);
    add(m, "d", NunjucksFilters::dflt);
    add(m, "length", (in, a) -> (long) length(in));
    add(m, "count", (in, a) -> (long) length(in));
    add(m, "first", (in, a) -> in instanceof List<?> l ? (l.isEmpty() ? null : l.get(0))
        : in instanceof String s ? (s.isEmpty() ? "" : s.substring(0, 1)) : null);
    add(m, "last", (in, a) -> in instanceof List<?> l ? (l.isEmpty() ? null : l.get(l.size() - 1))
        : in instanceof String s ? (s.isEmpty() ? "" : s.substring(s.length() - 1)) : null);
    add(m, "join", (in, a) -> {
      String sep = a.isEmpty() || a.get(0) == null ? "" : JsValues.print(a.get(0));
      Object attr = JsFilter.arg(a, 1);
      RenderBudget.Text sb = RenderBudget.current().text("join result");
      boolean first = true;
      for (Object x : list(in)) {
        Object v = attr != null && x instanceof Map<?, ?> mm ? mm.get(String.valueOf(attr)) : x;
        if (!first) {
          sb.append(sep);
        }
        first = false;
        sb.append(JsValues.print(v));
      }
      return sb.toString();
    });
    add(m, "int", (in, a) -> {
      Double d = parseNumber(in, true);
      if (d == null || d.isNaN()) {
        Object def = JsFilter.arg(a, 0);
        return def == null ? 0L : def;
      }
      return (long) d.doubleValue();
    });
    add(m, "float", (in, a) -> {
      Double d = parseNumber(in, false);
      if (d == null || d.isNaN()) {
        Object def = JsFilter.arg(a, 0);
        return def == null ? 0.0 : def;
      }
      return JsValues.narrow(d);
    });
    add(m, "abs", (in, a) -> {
      Double d = JsValues.toNumber(in);
      return d == null ? Double.NaN : JsValues.narrow(Math.abs(d));
    });
    add(m, "round", (in, a) -> {
      Double d = JsValues.toNumber(in);
      if (d == null) {
        return Double.NaN;
      }
      // Nunjucks computes with Math.pow(10, precision): beyond 300 digits a double has nothing left
      int precision = JsFilter.arg(a, 0) instanceof Number n
          ? Math.max(-300, Math.min(300, n.intValue())) : 0;
      String method = JsFilter.arg(a, 1) == null ? "common" : String.valueOf(a.get(1));
      RoundingMode mode = switch (method) {
        case "ceil" -> RoundingMode.CEILING;
        case "floor" -> RoundingMode.FLOOR;
        default -> RoundingMode.HALF_UP;
      };
      return JsValues.narrow(BigDecimal.valueOf(d).setScale(precision, mode).doubleValue());
    });
    add(m, "list", (in, a) -> {
      if (in instanceof String s) {
        RenderBudget.current().charge((long) s.length() * RenderBudget.ELEMENT_COST);
        return characters(s);
      }
      if (in instanceof Map<?, ?> mm) {
        List<Object> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : mm.entrySet()) {
          Map<String, Object> kv = new LinkedHashMap<>();
          kv.put("key", e.getKey());
          kv.put("value", e.getValue());
          out.add(kv);
        }
        return out;
      }
      return new ArrayList<>(list(in));
    });
    add(m, "reverse", (in, a) -> {
      if (in instanceof String s) {
        return new StringBuilder(s).reverse().toString();
      }
      List<Object> l = new ArrayList<>(list(in));
      java.util.Collections.reverse(l);
      return l;
    });
    add(m, "sort", (in, a) -> {
      boolean reverse = JsValues.truthy(JsFilter.arg(a, 0));
      boolean caseSensitive = JsValues.truthy(JsFilter.arg(a, 1));
      Object attr = JsFilter.arg(a, 2);
      List<Object> l = new ArrayList<>(list(in));
      Comparator<Object> c = (x, y) -> compare(
          attr != null && x instanceof Map<?, ?> mx ? mx.get(String.valueOf(attr)) : x,
          attr != null && y instanceof Map<?, ?> my ? my.get(String.valueOf(attr)) : y,
          caseSensitive);
      l.sort(reverse ? c.reversed() : c);
      return l;
    });
    add(m, "sum", (in, a) -> {
      Object attr = JsFilter.arg(a, 0);
      double total = JsFilter.arg(a, 1) instanceof Number n ? n.doubleValue() : 0;
      for (Object x : list(in)) {
        Object v = attr != null && x instanceof Map<?, ?> mm ? mm.get(String.valueOf(attr)) : x;
        Double d = JsValues.toNumber(v);
        total += d == null ? Double.NaN : d;
      }
      return JsValues.narrow(total);
    });
    add(m, "selectattr", (in, a) -> filterAttr(in, a, true));
    add(m, "rejectattr", (in, a) -> filterAttr(in, a, false));
    add(m, "indent", (in, a) -> {
      int width = JsFilter.arg(a, 0) instanceof Number n ? n.intValue() : 4;
      boolean first = JsValues.truthy(JsFilter.arg(a, 1));
      String pad = " ".repeat(Math.max(0, Math.min(width, 1000)));
      String s = str(in);
      RenderBudget.Text sb = RenderBudget.current().text("indent result");
      int start = 0;
      for (int i = 0; start <= s.length(); i++) {
        int nl = s.indexOf('\n', start);
        int end = nl < 0 ? s.length() : nl;
        if (i > 0) {
          sb.append('\n');
        }
        if (end > start && (i > 0 || first)) {
          sb.append(pad);
        }
        sb.append(s, start, end);
        start = end + 1;
      }
      return sb.toString();
    });
    add(m, "truncate", (in, a) -> {
      String s = str(in);
      int length = JsFilter.arg(a, 0) instanceof Number n ? n.intValue() : 255;
      boolean kill = JsValues.truthy(JsFilter.arg(a, 1));
      String end = JsFilter.arg(a, 2) == null ? "..." : JsValues.print(a.get(2));
      if (s.length() <= length) {
        return s;
      }
      if (kill) {
        return s.substring(0, length) + end;
      }
      String cut = s.substring(0, length);
      int idx = cut.lastIndexOf(' ');
      return (idx < 0 ? cut : cut.substring(0, idx)) + end;
    });
    add(m, "wordcount", (in, a) -> {
      // counted without splitting: a long string would become millions of word strings
      String s = str(in);
      long words = 0;
      boolean inWord = false;
      for (int i = 0; i < s.length(); i++) {
        boolean space = Character.isWhitespace(s.charAt(i));
        if (!space && !inWord) {
          words++;
        }
        inWord = !space;
      }
      return words;
    });
    add(m, "urlencode", (in, a) -> URLEncoder.encode(reserveUrlEncoded(str(in)), StandardCharsets.UTF_8)
        .replace("+", "%20").replace("%21", "!").replace("%27", "'").replace("%28", "(")
        .replace("%29", ")").replace("%7E", "~"));
    add(m, "escape", (in, a) -> escape(str(in)));
    add(m, "e", (in, a) -> escape(str(in)));
    add(m, "forceescape", (in, a) -> escape(str(in)));
    add(m, "dictsort", (in, a) -> {
      boolean caseSensitive = JsValues.truthy(JsFilter.arg(a, 0));
      boolean byValue = "value".equals(JsFilter.arg(a, 1));
      if (!(in instanceof Map<?, ?> mm)) {
        throw new IllegalArgumentException("dictsort filter: val must be an object");
      }
      List<Object> out = new ArrayList<>();
      for (Map.Entry<?, ?> e : mm.entrySet()) {
        List<Object> kv = new ArrayList<>();
        kv.add(e.getKey());
        kv.add(e.getValue());
        out.add(kv);
      }
      out.sort((x, y) -> compare(((List<?>) x).get(byValue ? 1 : 0),
          ((List<?>) y).get(byValue ? 1 : 0), caseSensitive));
      return out;
    });
    add(m, "batch", (in, a) -> {
      int size = JsFilter.arg(a, 0) instanceof Number n ? n.intValue() : 1;
      if (size < 1) {
        throw new IllegalArgumentException("batch size must be positive");
      }
      Object fill = JsFilter.arg(a, 1);
      List<Object> out = new ArrayList<>();
      List<Object> row = new ArrayList<>();
      for (Object x : list(in)) {
        row.add(x);
        if (row.size() == size) {
          out.add(row);
          row = new ArrayList<>();
        }
      }
      if (!row.isEmpty()) {
        if (a.size() > 1) {
          RenderBudget.current().charge((long) (size - row.size()) * RenderBudget.ELEMENT_COST);
        }
        while (a.size() > 1 && row.size() < size) {
          row.add(fill);
        }
        out.add(row);
      }
      return out;
    });
    add(m, "slice", (in, a) -> {
      int slices = JsFilter.arg(a, 0) instanceof Number n ? n.intValue() : 1;
      if (slices < 1) {
        throw new IllegalArgumentException("slice count must be positive");
      }
      RenderBudget.current().charge((long) slices * RenderBudget.ELEMENT_COST);
      List<Object> items = new ArrayList<>(list(in));
      int per = items.size() / slices;
      int extra = items.size() % slices;
      List<Object> out = new ArrayList<>();
      int offset = 0;
      for (int i = 0; i < slices; i++) {
        int start = offset + i * per;
        if (i < extra) {
          offset++;
        }
        int end = offset + (i + 1) * per;
        List<Object> part = new ArrayList<>(items.subList(start, end));
        if (a.size() > 1 && i >= extra) {
          part.add(a.get(1));
        }
        out.add(part);
      }
      return out;
    });
    add(m, "groupby", (in, a) -> {
      String attr = JsValues.print(JsFilter.arg(a, 0));
      Map<String, Object> out = new LinkedHashMap<>();
      for (Object x : list(in)) {
        Object key = BackstageFilters.pick(x, attr);
        @SuppressWarnings("unchecked")
        List<Object> group = (List<Object>) out.computeIfAbsent(JsValues.jsString(key, true),
            k -> new ArrayList<>());
        group.add(x);
      }
      return out;
    });
    add(m, "center", (in, a) -> {
      String s = str(in);
      int width = JsFilter.arg(a, 0) instanceof Number n ? n.intValue() : 80;
      if (s.length() >= width) {
        return s;
      }
      RenderBudget.current().reserve(width, "center result"); // before the padding is built
      int spaces = width - s.length();
      String pre = " ".repeat(spaces / 2 - spaces % 2);
      String post = " ".repeat(spaces / 2);
      return pre + s + post;
    });
    add(m, "striptags", (in, a) -> str(in).replaceAll("<[^>]*>", "").replaceAll("\\s+", " ")
        .strip());
    add(m, "nl2br", (in, a) -> {
      String s = str(in);
      long lines = s.chars().filter(c -> c == '\n').count();
      RenderBudget.current().reserve(s.length() + 6 * lines, "nl2br result");
      return s.replace("\r\n", "<br />\n").replace("\n", "<br />\n");
    });
    return m;
  }

  static void add(Map<String, JsFilter> m, String name,
      BiFunction<@Nullable Object, List<@Nullable Object>, @Nullable Object> fn) {
    m.put(name, new JsFilter(name) {
      @Override
      @Nullable Object apply(@Nullable Object input, List<@Nullable Object> args) {
        return fn.apply(input, args);
      }
    });
  }

  static String str(@Nullable Object v) {
    return JsValues.print(v);
  }

  /** The characters (code points) of a string, one string each. */
  private static List<Object> characters(String s) {
    List<Object> out = new ArrayList<>(s.length());
    s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    return out;
  }

  /**
   * Checks that the URL encoding of {@code s} fits the size cap before it is built: an unreserved
   * character stays one character, any other becomes {@code %XX} per UTF-8 byte (up to 12).
   */
  private static String reserveUrlEncoded(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += Character.isLetterOrDigit(c) || "-_.*!'()~".indexOf(c) >= 0 ? 1 : 3;
      } else {
        n += c < 0x800 ? 6 : 9;
      }
    }
    RenderBudget.current().reserve(n, "urlencode result");
    return s;
  }

  static Collection<?> list(@Nullable Object v) {
    if (JsValues.nullish(v)) {
      return List.of();
    }
    if (v instanceof Collection<?> c) {
      return c;
    }
    if (v instanceof Map<?, ?> m) {
      return m.values();
    }
    throw new IllegalArgumentException("expected an array, got " + JsValues.print(v));
  }

  static int length(@Nullable Object v) {
    if (JsValues.nullish(v)) {
      return 0;
    }
    if (v instanceof String s) {
      return s.length();
    }
    if (v instanceof Collection<?> c) {
      return c.size();
    }
    if (v instanceof Map<?, ?> m) {
      return m.size();
    }
    return 0;
  }

  private static @Nullable Object replace(@Nullable Object in, List<@Nullable Object> a) {
    String s = str(in);
    String old = JsValues.print(JsFilter.arg(a, 0));
    String rep = JsValues.print(JsFilter.arg(a, 1));
    int max = JsFilter.arg(a, 2) instanceof Number n ? n.intValue() : -1;
    if (old.isEmpty()) {
      // Nunjucks: an empty search string puts the replacement between every character
      RenderBudget.Text sb = RenderBudget.current().text("replace result").append(rep);
      int count = 0;
      for (int i = 0; i < s.length(); i++) {
        sb.append(s.charAt(i));
        if (max < 0 || ++count < max) {
          sb.append(rep);
        }
      }
      return sb.toString();
    }
    RenderBudget.Text sb = RenderBudget.current().text("replace result");
    int from = 0;
    int count = 0;
    while (true) {
      int idx = s.indexOf(old, from);
      if (idx < 0 || (max >= 0 && count >= max)) {
        break;
      }
      sb.append(s, from, idx).append(rep);
      from = idx + old.length();
      count++;
    }
    sb.append(s, from, s.length());
    return sb.toString();
  }

  private static @Nullable Object dflt(@Nullable Object in, List<@Nullable Object> a) {
    Object def = JsFilter.arg(a, 0);
    boolean bool = JsValues.truthy(JsFilter.arg(a, 1));
    if (bool) {
      return JsValues.truthy(in) ? in : def;
    }
    return in == null ? def : in;
  }

  private static List<Object> pairs(@Nullable Object in) {
    List<Object> out = new ArrayList<>();
    if (in instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        List<Object> kv = new ArrayList<>(2);
        kv.add(e.getKey());
        kv.add(e.getValue());
        out.add(kv);
      }
    } else if (!JsValues.nullish(in)) {
      out.addAll(list(in));
    }
    return out;
  }

  private static List<Object> filterAttr(@Nullable Object in, List<@Nullable Object> a,
      boolean keep) {
    String attr = JsValues.print(JsFilter.arg(a, 0));
    List<Object> out = new ArrayList<>();
    for (Object x : list(in)) {
      Object v = x instanceof Map<?, ?> mm ? mm.get(attr) : null;
      if (JsValues.truthy(v) == keep) {
        out.add(x);
      }
    }
    return out;
  }

  private static @Nullable Double parseNumber(@Nullable Object in, boolean integer) {
    if (in instanceof Number n) {
      return n.doubleValue();
    }
    if (in instanceof String s) {
      String t = s.strip();
      java.util.regex.Matcher mt = (integer
          ? java.util.regex.Pattern.compile("^[+-]?\\d+")
          : java.util.regex.Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"))
          .matcher(t);
      return mt.find() ? Double.parseDouble(mt.group()) : Double.NaN;
    }
    return Double.NaN;
  }

  private static int compare(@Nullable Object x, @Nullable Object y, boolean caseSensitive) {
    if (x instanceof Number a && y instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    String a = JsValues.print(x);
    String b = JsValues.print(y);
    if (!caseSensitive) {
      a = a.toLowerCase(Locale.ROOT);
      b = b.toLowerCase(Locale.ROOT);
    }
    return a.compareTo(b);
  }

  private static String escape(String s) {
    RenderBudget.Text sb = RenderBudget.current().text("escaped string");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
