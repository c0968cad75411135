package dev.greenroom.cli;

import dev.greenroom.cli.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code greenroom} command: {@code java -jar greenroom.jar serve [--config FILE]...}, {@code
 * validate PATH...}, {@code graph REF}, {@code template diff|upgrade|fleet}. Each
 * subcommand is a class of its own in this package.
 */
@Command(
    name = "greenroom",
    mixinStandardHelpOptions = true,
    versionProvider = Greenroom.Version.class,
    description = "A Backstage-compatible software catalog backend.",
    subcommands = {
      ServeCommand.class, ValidateCommand.class, GraphCommand.class, TemplateCommand.class,
      CommandLine.HelpCommand.class})
public final class Greenroom implements Runnable {
  @Spec private CommandSpec spec;

  /** Entry point; exits with the command's status. */
  public static void main(String[] args) {
    h2Defaults(System.getProperties()); // before H2 reads its system properties
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The H2 system properties this process sets unless the command line gives them: {@code
   * h2.objectCache=false}. H2 otherwise looks every text value it reads up in a process-wide
   * cache of 1,024 strings, hashing and comparing the whole value, and the values the catalog reads
   * most are entity bodies of a kilobyte or more; the cache saves memory only for repeated short
   * strings. Turning it off took the owner page's CPU per call to 0.7x at 100,000 entities
   * ({@code OwnerPageBenchmark}, benchmarks/README.md). A library cannot set this for its host,
   * as it is global to the JVM: hosts that embed the catalog on H2 set it themselves.
   */
  static void h2Defaults(java.util.Properties properties) {
    properties.putIfAbsent("h2.objectCache", "false");
  }

  /** Runs the command line in this process and returns its exit status. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line (for tests and hosts). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Greenroom());
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigException) {
        line.getErr().println(line.getColorScheme().errorText(e.getMessage()));
        return 2;
      }
      if (e instanceof UncheckedIOException || e instanceof IOException) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        line.getErr().println(line.getColorScheme().errorText(
            e.getMessage() + (cause != e ? ": " + cause.getMessage() : "")));
        return 1;
      }
      throw e;
    });
    return cl;
  }

  /** Without a subcommand: a usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Greenroom.class.getPackage().getImplementationVersion();
      return new String[] {"greenroom " + (v == null ? "(development build)" : v),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
