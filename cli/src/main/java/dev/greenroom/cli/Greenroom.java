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
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
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
