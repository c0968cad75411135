package dev.greenroom.scaffolder.render.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * JavaScript's number formatting for {@code toFixed}, {@code toExponential}, {@code toPrecision}
 * and {@code toString(radix)}, as ECMA-262 defines them and V8 prints them. Digits come from the
 * exact binary value of the double ({@code new BigDecimal(double)}), rounded half up as the
 * standard's "pick the larger n" asks ({@code (1.005).toFixed(2)} is {@code "1.00"}, {@code
 * (2.5).toFixed(0)} is {@code "3"}). Callers check the argument ranges and pass finite values only.
 */
final class JsNumbers {
  private JsNumbers() {}

  /** {@code x.toFixed(digits)} for a finite {@code |x| < 1e21}. */
  static String toFixed(double x, int digits) {
    String sign = x < 0 ? "-" : ""; // -0 prints as 0; -0.0001 as "-0.00"
    return sign + new BigDecimal(Math.abs(x)).setScale(digits, RoundingMode.HALF_UP).toPlainString();
  }

  /**
   * {@code x.toExponential(fractionDigits)} for a finite {@code x}; {@code fractionDigits} -1 for
   * as many digits as it takes to tell the number apart (JavaScript's shortest form).
   */
  static String toExponential(double x, int fractionDigits) {
    Digits d = fractionDigits < 0 ? shortest(x) : rounded(x, fractionDigits + 1);
    return exponential(x, d);
  }

  /** {@code x.toPrecision(precision)} for a finite {@code x}. */
  static String toPrecision(double x, int precision) {
    Digits d = rounded(x, precision);
    String sign = x < 0 ? "-" : "";
    if (d.exponent < -6 || d.exponent >= precision) {
      return exponential(x, d);
    }
    String digits = d.digits;
    if (d.exponent == precision - 1) {
      return sign + digits;
    }
    if (d.exponent >= 0) {
      return sign + digits.substring(0, d.exponent + 1) + "." + digits.substring(d.exponent + 1);
    }
    return sign + "0." + "0".repeat(-(d.exponent + 1)) + digits;
  }

  /**
   * {@code x.toString(radix)} for a finite {@code x} and a radix 2..36 other than 10: V8's
   * algorithm (DoubleToRadixCString), fraction digits until the value is told apart from its
   * neighbours.
   */
  static String toRadix(double x, int radix) {
    final String chars = "0123456789abcdefghijklmnopqrstuvwxyz";
    boolean negative = x < 0;
    double value = Math.abs(x);
    double integer = Math.floor(value);
    double fraction = value - integer;
    double delta = Math.max(0.5 * (Math.nextUp(value) - value), Double.MIN_VALUE);
    StringBuilder frac = new StringBuilder();
    if (fraction >= delta) {
      do {
        fraction *= radix;
        delta *= radix;
        int digit = (int) fraction;
        frac.append(chars.charAt(digit));
        fraction -= digit;
        if ((fraction > 0.5 || (fraction == 0.5 && (digit & 1) == 1)) && fraction + delta > 1) {
          // round up, carrying into the integer part when every digit overflows
          while (true) {
            int last = frac.length() - 1;
            if (last < 0) {
              integer += 1;
              break;
            }
            int c = Character.digit(frac.charAt(last), radix);
            frac.setLength(last);
            if (c + 1 < radix) {
              frac.append(chars.charAt(c + 1));
              break;
            }
          }
          break;
        }
      } while (fraction >= delta);
    }
    StringBuilder whole = new StringBuilder();
    // beyond 2^53 the low digits are not representable: V8 prints them as zeros
    while (Math.getExponent(integer / radix) - 52 > 0) {
      integer /= radix;
      whole.append('0');
    }
    do {
      double remainder = integer % radix;
      whole.append(chars.charAt((int) remainder));
      integer = (integer - remainder) / radix;
    } while (integer > 0);
    whole.reverse();
    return (negative ? "-" : "") + whole + (frac.length() == 0 ? "" : "." + frac);
  }

  /** JavaScript's Number::toString for a finite {@code x}: plain from 1e-7 to 1e21, else exponential. */
  static String toJsString(double x) {
    if (x == 0) {
      return "0";
    }
    String sign = x < 0 ? "-" : "";
    Digits d = shortest(x);
    String digits = d.digits;
    int k = digits.length();
    int n = d.exponent + 1;
    if (k <= n && n <= 21) {
      return sign + digits + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return sign + digits.substring(0, n) + "." + digits.substring(n);
    }
    if (-6 < n && n <= 0) {
      return sign + "0." + "0".repeat(-n) + digits;
    }
    return exponential(x, d);
  }

  /** Significant digits (no sign, first digit non-zero unless the value is 0) and exponent. */
  private record Digits(String digits, int exponent) {}

  private static String exponential(double x, Digits d) {
    String sign = x < 0 ? "-" : "";
    String digits = d.digits;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (d.exponent >= 0 ? "+" : "-") + Math.abs(d.exponent);
  }

  /** {@code |x|} rounded half up to {@code n} significant digits, zero-padded to {@code n}. */
  private static Digits rounded(double x, int n) {
    if (x == 0) {
      return new Digits("0".repeat(n), 0);
    }
    BigDecimal r = new BigDecimal(Math.abs(x)).round(new MathContext(n, RoundingMode.HALF_UP));
    String digits = r.unscaledValue().toString();
    int exponent = digits.length() - 1 - r.scale();
    if (digits.length() > n) {
      digits = digits.substring(0, n); // trailing zeros of an integer unscaled value
    }
    return new Digits(digits + "0".repeat(n - digits.length()), exponent);
  }

  /** The fewest digits that read back as {@code |x|} (Java's shortest decimal form). */
  private static Digits shortest(double x) {
    if (x == 0) {
      return new Digits("0", 0);
    }
    BigDecimal b = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
    String digits = b.unscaledValue().toString();
    return new Digits(digits, digits.length() - 1 - b.scale());
  }
}
