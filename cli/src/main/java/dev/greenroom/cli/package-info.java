/** The {@code greenroom.jar} command line: {@code serve} (issue 4), {@code validate}, {@code graph} (issue 8). */
@NullMarked
package dev.greenroom.cli;

import org.jspecify.annotations.NullMarked;
