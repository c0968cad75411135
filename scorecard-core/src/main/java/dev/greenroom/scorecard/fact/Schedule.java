package dev.greenroom.scorecard.fact;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Objects;

/**
 * When a retriever runs: a five-field cron expression (minute hour day-of-month month day-of-week,
 * with {@code *}, lists, ranges and {@code /} steps; Sunday is 0 or 7) in a time zone, or a fixed
 * interval.
 */
public sealed interface Schedule {
  /** The first run time strictly after {@code after}. */
  Instant next(Instant after);

  /** A fixed interval. */
  static Schedule every(Duration interval) {
    return new Every(interval);
  }

  /**
   * A cron expression in UTC.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  static Schedule cron(String expression) {
    return Cron.parse(expression, ZoneId.of("UTC"));
  }

  /**
   * A schedule as definitions write it: a cron expression, or an ISO-8601 duration ({@code PT1H}).
   *
   * @throws IllegalArgumentException when it is neither
   */
  static Schedule parse(String text) {
    String t = text.strip();
    if (t.startsWith("P") || t.startsWith("p")) {
      return every(Duration.parse(t));
    }
    return cron(t);
  }

  /** Runs every {@code interval}. */
  record Every(Duration interval) implements Schedule {
    /** Validates the interval. */
    public Every {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("schedule interval must be positive: " + interval);
      }
    }

    @Override
    public Instant next(Instant after) {
      return after.plus(interval);
    }
  }

  /**
   * A cron expression.
   *
   * @param expression the text as given
   * @param zone the zone the fields are read in
   */
  record Cron(String expression, ZoneId zone, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, boolean anyDay, boolean anyWeekday)
      implements Schedule {
    private static final int MAX_SEARCH_DAYS = 366 * 5;

    /** Parses five fields. */
    static Cron parse(String expression, ZoneId zone) {
      Objects.requireNonNull(expression, "expression");
      String[] f = expression.strip().split("\\s+");
      if (f.length != 5) {
        throw new IllegalArgumentException(
            "cron expression '" + expression + "' must have 5 fields (minute hour day month weekday)");
      }
      BitSet wd = field(expression, "weekday", f[4], 0, 7);
      if (wd.get(7)) {
        wd.set(0);
        wd.clear(7);
      }
      return new Cron(
          expression,
          zone,
          field(expression, "minute", f[0], 0, 59),
          field(expression, "hour", f[1], 0, 23),
          field(expression, "day", f[2], 1, 31),
          field(expression, "month", f[3], 1, 12),
          wd,
          f[2].equals("*"),
          f[4].equals("*"));
    }

    private static BitSet field(String expr, String name, String text, int min, int max) {
      BitSet bits = new BitSet();
      for (String part : text.split(",", -1)) {
        try {
          int step = 1;
          String range = part;
          int slash = part.indexOf('/');
          if (slash >= 0) {
            step = Integer.parseInt(part.substring(slash + 1));
            range = part.substring(0, slash);
            if (step < 1) {
              throw new NumberFormatException();
            }
          }
          int lo;
          int hi;
          if (range.equals("*")) {
            lo = min;
            hi = max;
          } else if (range.contains("-")) {
            lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
            hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
          } else {
            lo = Integer.parseInt(range);
            hi = slash >= 0 ? max : lo;
          }
          if (lo < min || hi > max || lo > hi) {
            throw new NumberFormatException();
          }
          for (int i = lo; i <= hi; i += step) {
            bits.set(i);
          }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(
              "cron expression '" + expr + "': bad " + name + " field '" + text + "' (" + min + "-" + max + ")");
        }
      }
      return bits;
    }

    private boolean dayMatches(ZonedDateTime t) {
      boolean dom = days.get(t.getDayOfMonth());
      boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
      if (anyDay && anyWeekday) {
        return true;
      }
      if (anyDay) {
        return dow;
      }
      if (anyWeekday) {
        return dom;
      }
      return dom || dow; // cron's rule: either restricted field matches
    }

    @Override
    public Instant next(Instant after) {
      ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
      ZonedDateTime limit = t.plusDays(MAX_SEARCH_DAYS);
      while (t.isBefore(limit)) {
        if (!months.get(t.getMonthValue())) {
          t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
        } else if (!dayMatches(t)) {
          t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        } else if (!hours.get(t.getHour())) {
          t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        } else if (!minutes.get(t.getMinute())) {
          t = t.plusMinutes(1);
        } else {
          return t.toInstant();
        }
      }
      throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
    }
  }
}
