package dev.greenroom.catalog.validation;

import java.util.regex.Pattern;

/**
 * Backstage's default field-format functions ({@code KubernetesValidatorFunctions}, {@code
 * CommonValidatorFunctions}), restated by hand. Lengths are UTF-16 code units, as in JavaScript.
 * All methods are pure; the name, label, tag and version checks are hand-written scanners that
 * neither allocate nor run a regex.
 */
public final class FieldValidators {
  static final String OBJECT_NAME_EXPECTATION =
      "a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters"
          + " in total";

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");

  private FieldValidators() {}

  /** DNS label: 1..63, lower-case alphanumeric runs joined by runs of {@code -}. */
  public static boolean isValidDnsLabel(String value) {
    return isDnsLabel(value, 0, value.length());
  }

  /** DNS subdomain: 1..253, every {@code .}-separated part a DNS label. */
  public static boolean isValidDnsSubdomain(String value) {
    return isDnsSubdomain(value, 0, value.length());
  }

  /** Kubernetes object name (also entity names and label values): 1..63. */
  public static boolean isValidObjectName(String value) {
    return isObjectName(value, 0, value.length());
  }

  /** Kind: 1..63, a letter then letters and digits. */
  public static boolean isValidKind(String value) {
    int n = value.length();
    if (n < 1 || n > 63 || !isLetter(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (!isAlnum(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** apiVersion: optional DNS-subdomain prefix, {@code /}, suffix of 1..63 letters and digits. */
  public static boolean isValidApiVersion(String value) {
    int n = value.length();
    int slash = value.indexOf('/');
    if (slash < 0) {
      return isApiSuffix(value, 0, n);
    }
    if (value.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return isDnsSubdomain(value, 0, slash) && isApiSuffix(value, slash + 1, n);
  }

  /** Label and annotation keys: optional DNS-subdomain prefix, {@code /}, object-name suffix. */
  public static boolean isValidLabelKey(String value) {
    int n = value.length();
    int slash = value.indexOf('/');
    if (slash < 0) {
      return isObjectName(value, 0, n);
    }
    if (value.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return isDnsSubdomain(value, 0, slash) && isObjectName(value, slash + 1, n);
  }

  // The scanners below are the patterns [a-z0-9]+(?:-+[a-z0-9]+)* (DNS label),
  // (?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] (object name), [a-z0-9A-Z]+ (API suffix) and
  // [a-z0-9:+#]+(?:-[a-z0-9:+#]+)* (tag), written out over s[from, to) so that the common case
  // neither allocates nor runs a regex. FieldValidatorsTest checks them against the patterns.

  private static boolean isDnsLabel(String s, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(isLowerOrDigit(c) || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDnsSubdomain(String s, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 253) {
      return false;
    }
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (!isDnsLabel(s, start, i)) {
          return false;
        }
        start = i + 1;
      }
    }
    return true;
  }

  private static boolean isObjectName(String s, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 63 || !isAlnum(s.charAt(from)) || !isAlnum(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isApiSuffix(String s, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 63) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isAlnum(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isLowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean isAlnum(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isTagChar(char c) {
    return isLowerOrDigit(c) || c == ':' || c == '+' || c == '#';
  }

  /** Label value: empty, or an object name. */
  public static boolean isValidLabelValue(String value) {
    return value.isEmpty() || isValidObjectName(value);
  }

  /** Tag: 1..63, {@code [a-z0-9:+#]} runs separated by single dashes. */
  public static boolean isValidTag(String value) {
    int n = value.length();
    if (n < 1 || n > 63 || value.charAt(0) == '-' || value.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '-') {
        if (value.charAt(i - 1) == '-') {
          return false;
        }
      } else if (!isTagChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** Non-empty after trimming white space (link title and icon). */
  public static boolean isNonEmptyString(String value) {
    return !value.strip().isEmpty();
  }

  /**
   * Link URL: an approximation of "{@code new URL(value)} does not throw" (WHATWG URL). Accepted:
   * after trimming leading/trailing C0 controls and spaces, a scheme ({@code [A-Za-z][A-Za-z0-9+.-]*})
   * and {@code :}; for the special schemes http, https, ws, wss and ftp a non-empty host after the
   * slashes, without controls, spaces or WHATWG's forbidden host code points ({@code #/:<>?@[\\]^|}), and a port of digits at most 65535; for
   * {@code file} and other schemes anything. Known differences from WHATWG: IPv6 and IPv4 host
   * syntax and IDNA mapping are not checked (WHATWG rejects {@code http://[::1} or some Unicode
   * hosts that we accept), and tabs/newlines inside are not stripped.
   */
  public static boolean isValidUrl(String value) {
    String v = trimC0(value);
    int colon = v.indexOf(':');
    if (colon <= 0 || !SCHEME.matcher(v.substring(0, colon)).matches()) {
      return false;
    }
    String scheme = v.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    switch (scheme) {
      case "http", "https", "ws", "wss", "ftp" -> {
        int i = colon + 1;
        while (i < v.length() && (v.charAt(i) == '/' || v.charAt(i) == '\\')) {
          i++;
        }
        int end = i;
        while (end < v.length() && "/\\?#".indexOf(v.charAt(end)) < 0) {
          end++;
        }
        String authority = v.substring(i, end);
        int at = authority.lastIndexOf('@');
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String host = hostPort;
        int portColon = hostPort.lastIndexOf(':');
        if (portColon >= 0 && !hostPort.startsWith("[")) {
          host = hostPort.substring(0, portColon);
          String port = hostPort.substring(portColon + 1);
          if (!port.isEmpty()) {
            if (!port.chars().allMatch(Character::isDigit) || port.length() > 5
                || Integer.parseInt(port) > 65535) {
              return false;
            }
          }
        }
        if (host.isEmpty()) {
          return false;
        }
        if (host.startsWith("[")) {
          return host.endsWith("]") && host.length() > 2;
        }
        for (int k = 0; k < host.length(); k++) {
          char c = host.charAt(k);
          if (c <= ' ' || c == 0x7f || "#/:<>?@[\\]^|".indexOf(c) >= 0) {
            return false;
          }
        }
        return true;
      }
      default -> {
        return true;
      }
    }
  }

  private static String trimC0(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    return s.substring(a, b);
  }
}
