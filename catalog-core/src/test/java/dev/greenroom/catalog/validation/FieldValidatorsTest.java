package dev.greenroom.catalog.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanners of {@link FieldValidators} give the same answers as the regular
 * expressions they replaced (kept here as the reference, restating Backstage's
 * KubernetesValidatorFunctions).
 */
class FieldValidatorsTest {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]+(?:-+[a-z0-9]+)*");
  private static final Pattern OBJECT_NAME =
      Pattern.compile("(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern KIND = Pattern.compile("[a-zA-Z][a-z0-9A-Z]*");
  private static final Pattern API_SUFFIX = Pattern.compile("[a-z0-9A-Z]+");
  private static final Pattern TAG = Pattern.compile("[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*");

  static boolean dnsLabel(String v) {
    return v.length() >= 1 && v.length() <= 63 && DNS_LABEL.matcher(v).matches();
  }

  static boolean dnsSubdomain(String v) {
    if (v.length() < 1 || v.length() > 253) {
      return false;
    }
    for (String part : v.split("\\.", -1)) {
      if (!dnsLabel(part)) {
        return false;
      }
    }
    return true;
  }

  static boolean objectName(String v) {
    return v.length() >= 1 && v.length() <= 63 && OBJECT_NAME.matcher(v).matches();
  }

  static boolean apiSuffix(String s) {
    return s.length() >= 1 && s.length() <= 63 && API_SUFFIX.matcher(s).matches();
  }

  static boolean apiVersion(String v) {
    int slash = v.indexOf('/');
    if (slash < 0) {
      return apiSuffix(v);
    }
    if (v.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return dnsSubdomain(v.substring(0, slash)) && apiSuffix(v.substring(slash + 1));
  }

  static boolean labelKey(String v) {
    int slash = v.indexOf('/');
    if (slash < 0) {
      return objectName(v);
    }
    if (v.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    return dnsSubdomain(v.substring(0, slash)) && objectName(v.substring(slash + 1));
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> shortOnes =
        Arbitraries.strings().withChars("aZ09-_./:+# éK\u0130\n").ofMinLength(0).ofMaxLength(12);
    Arbitrary<String> longOnes =
        Arbitraries.strings().withChars("ab-.").ofMinLength(55).ofMaxLength(260);
    Arbitrary<String> anyChars = Arbitraries.strings().ofMaxLength(8);
    return Arbitraries.oneOf(shortOnes, shortOnes, longOnes, anyChars);
  }

  @Property(tries = 5000)
  void scannersMatchTheRegularExpressions(@ForAll("names") String v) {
    assertThat(FieldValidators.isValidDnsLabel(v)).as(v).isEqualTo(dnsLabel(v));
    assertThat(FieldValidators.isValidDnsSubdomain(v)).as(v).isEqualTo(dnsSubdomain(v));
    assertThat(FieldValidators.isValidObjectName(v)).as(v).isEqualTo(objectName(v));
    assertThat(FieldValidators.isValidKind(v))
        .as(v)
        .isEqualTo(v.length() >= 1 && v.length() <= 63 && KIND.matcher(v).matches());
    assertThat(FieldValidators.isValidApiVersion(v)).as(v).isEqualTo(apiVersion(v));
    assertThat(FieldValidators.isValidLabelKey(v)).as(v).isEqualTo(labelKey(v));
    assertThat(FieldValidators.isValidTag(v))
        .as(v)
        .isEqualTo(v.length() >= 1 && v.length() <= 63 && TAG.matcher(v).matches());
  }

  @Test
  void edgeCases() {
    for (String v :
        List.of("", "-", "a", "a-", "-a", "a--b", "a.b", "a..b", ".a", "a.", "a/b", "a/b/c", "/a",
            "a/", "backstage.io/v1alpha1", "Backstage.io/v1", "a".repeat(63), "a".repeat(64),
            "a_b", "_a", "a_", "k8s:tag", "c++", "c#", "#", ":", "a-b-c", "é", "A")) {
      scannersMatchTheRegularExpressions(v);
    }
  }
}
