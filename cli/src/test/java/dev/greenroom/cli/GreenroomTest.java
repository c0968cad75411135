package dev.greenroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GreenroomTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Greenroom.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void h2sStringCacheIsOffUnlessTheCommandLineSaysOtherwise() {
    java.util.Properties none = new java.util.Properties();
    Greenroom.h2Defaults(none);
    assertThat(none).containsEntry("h2.objectCache", "false");
    java.util.Properties given = new java.util.Properties();
    given.setProperty("h2.objectCache", "true");
    Greenroom.h2Defaults(given);
    assertThat(given).containsEntry("h2.objectCache", "true");
  }

  @Test
  void version() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("greenroom ");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: greenroom", "--version", "help");
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand", "Usage: greenroom");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("frobnicate");
  }
}
