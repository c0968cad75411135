package dev.greenroom.catalog.validation;

import java.util.regex.Pattern;

/**
 * Backstage's default field-format functions ({@code KubernetesValidatorFunctions}, {@code
 * CommonValidatorFunctions}), restated by hand. Lengths are UTF-16 code units, as in JavaScript.
 * All methods are pure and allocation-light; patterns are compiled once.
 */
public final class FieldValidators {
  static final String OBJECT_NAME_EXPECTATION =
      "a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters"
          + " in total";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]+(?:-+[a-z0-9]+)*");
  private static final Pattern OBJECT_NAME = Pattern.compile("(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern KIND = Pattern.compile("[a-zA-Z][a-z0-9A-Z]*");
  private static final Pattern API_SUFFIX = Pattern.compile("[a-z0-9A-Z]+");
  private static final Pattern TAG = Pattern.compile("[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*");
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");

  private FieldValidators() {}

  /** DNS label: 1..63, lower-case alphanumeric runs joined by runs of {@code -}. */
  public static boolean isValidDnsLabel(String value) {
    int n = value.length();
    return n >= 1 && n <= 63 && DNS_LABEL.matcher(value).matches();
  }

  /** DNS subdomain: 1..253, every {@code .}-separated part a DNS label. */
  public static boolean isValidDnsSubdomain(String value) {
    int n = value.length();
    if (n < 1 || n > 253) {
      return false;
    }
    for (String part : value.split("\\.", -1)) {
      if (!isValidDnsLabel(part)) {
        return false;
      }
    }
    return true;
  }

  /** Kubernetes object name (also entity names and label values): 1..63. */
  public static boolean isValidObjectName(String value) {
    int n = value.length();
    return n >= 1 && n <= 63 && OBJECT_NAME.matcher(value).matches();
  }

  /** Kind: 1..63, a letter then letters and digits. */
  public static boolean isValidKind(String value) {
    int n = value.length();
    return n >= 1 && n <= 63 && KIND.matcher(value).matches();
  }

  /** apiVersion: optional DNS-subdomain prefix, {@code /}, suffix of 1..63 letters and digits. */
  public static boolean isValidApiVersion(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return isApiSuffix(value);
    }
    if (value.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return isValidDnsSubdomain(value.substring(0, slash)) && isApiSuffix(value.substring(slash + 1));
  }

  private static boolean isApiSuffix(String s) {
    return s.length() >= 1 && s.length() <= 63 && API_SUFFIX.matcher(s).matches();
  }

  /** Label and annotation keys: optional DNS-subdomain prefix, {@code /}, object-name suffix. */
  public static boolean isValidLabelKey(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return isValidObjectName(value);
    }
    if (value.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return isValidDnsSubdomain(value.substring(0, slash))
        && isValidObjectName(value.substring(slash + 1));
  }

  /** Label value: empty, or an object name. */
  public static boolean isValidLabelValue(String value) {
    return value.isEmpty() || isValidObjectName(value);
  }

  /** Tag: 1..63, {@code [a-z0-9:+#]} runs separated by single dashes. */
  public static boolean isValidTag(String value) {
    int n = value.length();
    return n >= 1 && n <= 63 && TAG.matcher(value).matches();
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
