/**
 * The {@code greenroom.jar} command line: {@link dev.greenroom.cli.Greenroom} (picocli) and one
 * class per subcommand — {@code serve} (issue 4); {@code validate} and {@code graph} (issue 8)
 * join it the same way, reusing {@code CatalogSetup} and {@code config.AppConfig}.
 */
@NullMarked
package dev.greenroom.cli;

import org.jspecify.annotations.NullMarked;
