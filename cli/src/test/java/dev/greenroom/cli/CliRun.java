package dev.greenroom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process and keeps what it printed. */
final class CliRun {
  final int status;
  final String out;
  final String err;

  private CliRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Greenroom.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  /** A test resource as a path relative to the working directory (the module folder). */
  static String rel(String resource) {
    try {
      Path p = Path.of(CliRun.class.getResource("/" + resource).toURI());
      return Path.of("").toAbsolutePath().relativize(p).toString().replace('\\', '/');
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path resource(String resource) {
    try {
      return Path.of(CliRun.class.getResource("/" + resource).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
