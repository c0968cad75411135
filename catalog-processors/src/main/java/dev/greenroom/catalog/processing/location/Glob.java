package dev.greenroom.catalog.processing.location;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Glob patterns with the semantics of node's {@code glob} and {@code minimatch}, which Backstage
 * uses: {@code *} and {@code ?} stay within one path segment, a {@code **} segment matches zero or
 * more segments, {@code [abc]}/{@code [!abc]} are character classes and {@code {a,b}} alternatives
 * (nested allowed). Without {@code dot}, wildcards do not match a segment's leading dot.
 *
 * <p>Public so that readers for SCM hosts ({@code greenroom-integrations}) match repository paths
 * the way file locations are matched.
 *
 * <p>Java's {@code PathMatcher("glob:")} is not used because its {@code a/**}{@code /b} requires at
 * least one folder between {@code a} and {@code b}, while node's glob also matches {@code a/b}.
 */
public final class Glob {
  /** Most alternatives one pattern's braces may expand to. */
  static final int MAX_EXPANSIONS = 1_000;

  private Glob() {}

  /** True if {@code s} holds a glob character: {@code *}, {@code ?}, {@code [} or <code>&#123;</code>. */
  public static boolean hasMagic(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return true;
      }
    }
    return false;
  }

  /**
   * Compiles a glob over {@code /}-separated strings into a regular expression matching the whole
   * string.
   *
   * @param nocase match ignoring case
   * @param dot let wildcards match a leading dot of a segment
   * @throws IllegalArgumentException when braces expand to too many alternatives
   */
  public static Pattern compile(String glob, boolean nocase, boolean dot) {
    List<String> alternatives = new ArrayList<>();
    expandBraces(glob, alternatives);
    StringBuilder sb = new StringBuilder();
    for (String alt : alternatives) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append("(?:").append(toRegex(alt, dot)).append(')');
    }
    int flags = nocase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    return Pattern.compile(sb.toString(), flags);
  }

  private static void expandBraces(String s, List<String> out) {
    int open = -1;
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        if (depth++ == 0) {
          open = i;
        }
      } else if (c == '}' && depth > 0) {
        if (--depth == 0) {
          List<String> parts = splitTopLevel(s.substring(open + 1, i));
          if (parts.size() < 2) {
            // "{a}" is literal in minimatch; keep the braces as text
            String literal = s.substring(0, open) + "\\{" + s.substring(open + 1, i) + "\\}";
            expandBraces(literal + s.substring(i + 1), out);
            return;
          }
          String prefix = s.substring(0, open);
          String suffix = s.substring(i + 1);
          for (String p : parts) {
            expandBraces(prefix + p + suffix, out);
            if (out.size() > MAX_EXPANSIONS) {
              throw new IllegalArgumentException(
                  "glob " + s + " expands to more than " + MAX_EXPANSIONS + " alternatives");
            }
          }
          return;
        }
      }
    }
    out.add(s);
  }

  private static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static String toRegex(String glob, boolean dot) {
    String[] segments = glob.split("/", -1);
    String any = dot ? "(?!\\.\\.?(?:/|$))[^/]+" : "(?!\\.)[^/]+";
    StringBuilder sb = new StringBuilder();
    boolean skipSeparator = true;
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      if (seg.equals("**")) {
        if (segments.length == 1) {
          sb.append("(?:").append(any).append("(?:/").append(any).append(")*)?");
        } else if (i == 0) {
          sb.append("(?:").append(any).append("/)*");
          skipSeparator = true;
          continue;
        } else {
          sb.append("(?:/").append(any).append(")*");
        }
        skipSeparator = false;
        continue;
      }
      if (!skipSeparator) {
        sb.append('/');
      }
      skipSeparator = false;
      sb.append(segmentRegex(seg, dot));
    }
    return sb.toString();
  }

  private static String segmentRegex(String seg, boolean dot) {
    StringBuilder sb = new StringBuilder();
    if (!dot && !seg.isEmpty() && (seg.charAt(0) == '*' || seg.charAt(0) == '?' || seg.charAt(0) == '[')) {
      sb.append("(?!\\.)");
    }
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      switch (c) {
        case '*' -> {
          while (i + 1 < seg.length() && seg.charAt(i + 1) == '*') {
            i++;
          }
          sb.append("[^/]*");
        }
        case '?' -> sb.append("[^/]");
        case '\\' -> {
          if (i + 1 < seg.length()) {
            sb.append(Pattern.quote(String.valueOf(seg.charAt(++i))));
          } else {
            sb.append("\\\\");
          }
        }
        case '[' -> {
          int close = seg.indexOf(']', i + 2);
          if (close < 0) {
            sb.append("\\[");
          } else {
            String body = seg.substring(i + 1, close);
            boolean negate = body.startsWith("!") || body.startsWith("^");
            if (negate) {
              body = body.substring(1);
            }
            sb.append('[').append(negate ? "^/" : "");
            for (char b : body.toCharArray()) {
              if (b == '\\' || b == '[' || b == ']' || b == '&' || b == '^') {
                sb.append('\\');
              }
              sb.append(b);
            }
            sb.append(']');
            i = close;
          }
        }
        default -> {
          if ("().+|^$]{}".indexOf(c) >= 0) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.toString();
  }
}
