package dev.greenroom.scorecard.report;

import java.util.List;

/** RFC 4180 CSV: fields with comma, quote, CR or LF are quoted; a leading = + - @ is prefixed with '. */
public final class Csv {
  private final StringBuilder sb = new StringBuilder();

  /** A document starting with a header row. */
  public Csv(List<String> header) {
    row(header);
  }

  /** Appends one row. */
  public Csv row(List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object f = fields.get(i);
      sb.append(field(f == null ? "" : f.toString()));
    }
    sb.append("\r\n");
    return this;
  }

  static String field(String s) {
    // spreadsheet formula injection: auditors open these files in spreadsheets
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !isNumber(s)) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
