package dev.greenroom.catalog.processing.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * When a recurring task runs: Backstage's {@code SchedulerServiceTaskScheduleDefinition}, as
 * written under {@code schedule} in {@code app-config.yaml}.
 *
 * <pre>{@code
 * schedule:
 *   frequency: { minutes: 30 }     # or PT30M, or { cron: '0 * * * *' }, or { trigger: manual }
 *   timeout: { minutes: 3 }
 *   initialDelay: { seconds: 15 }  # optional
 * }</pre>
 *
 * <p>Durations are Backstage's: an object of units ({@code years} to {@code milliseconds}), an
 * ISO-8601 duration string, or a number of milliseconds. A cron expression has five fields (Unix)
 * or six (with seconds first); it runs in UTC. Immutable.
 *
 * @param frequency the period between the starts of two runs, or {@code null} for cron or manual
 * @param cron the cron expression, or {@code null}
 * @param timeout how long one run may take before it is interrupted
 * @param initialDelay how long after start the first run waits
 */
public record TaskSchedule(
    @Nullable Duration frequency, @Nullable String cron, Duration timeout, Duration initialDelay) {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
  private static final Set<String> FIELDS = Set.of("frequency", "timeout", "initialDelay", "scope");

  public TaskSchedule {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialDelay, "initialDelay");
    if (frequency != null && cron != null) {
      throw new IllegalArgumentException("a schedule has a frequency or a cron expression, not both");
    }
    if (frequency != null && (frequency.isNegative() || frequency.isZero())) {
      throw new IllegalArgumentException("frequency must be positive, was " + frequency);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
    }
    if (cron != null) {
      parseCron(cron);
    }
  }

  /** Runs every {@code frequency}, each run limited to {@code timeout}, the first at once. */
  public static TaskSchedule every(Duration frequency, Duration timeout) {
    return new TaskSchedule(frequency, null, timeout, Duration.ZERO);
  }

  /** Runs only when triggered. */
  public static TaskSchedule manual(Duration timeout) {
    return new TaskSchedule(null, null, timeout, Duration.ZERO);
  }

  /** The same schedule with the first run {@code delay} after start. */
  public TaskSchedule withInitialDelay(Duration delay) {
    return new TaskSchedule(frequency, cron, timeout, delay);
  }

  /** Whether the task runs only when triggered. */
  public boolean isManual() {
    return frequency == null && cron == null;
  }

  /**
   * Reads a {@code schedule} object. {@code key} is the config path of the object; errors name
   * the field under it ({@code catalog.providers.github.schedule.frequency is ...}).
   *
   * @throws IllegalArgumentException naming the field when the object is not a schedule
   */
  public static TaskSchedule fromConfig(String key, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(key + " must be an object with frequency and timeout");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!FIELDS.contains(e.getKey())) {
        throw new IllegalArgumentException(key + "." + e.getKey()
            + " is not a schedule field (frequency, timeout, initialDelay, scope)");
      }
    }
    JsonNode freq = node.path("frequency");
    if (freq.isMissingNode() || freq.isNull()) {
      throw new IllegalArgumentException(key + ".frequency is required");
    }
    JsonNode timeoutNode = node.path("timeout");
    if (timeoutNode.isMissingNode() || timeoutNode.isNull()) {
      throw new IllegalArgumentException(key + ".timeout is required");
    }
    Duration timeout = duration(key + ".timeout", timeoutNode);
    JsonNode delayNode = node.path("initialDelay");
    Duration delay = delayNode.isMissingNode() || delayNode.isNull()
        ? Duration.ZERO : duration(key + ".initialDelay", delayNode);
    if (freq.isObject() && freq.has("cron")) {
      String expr = freq.path("cron").asString("");
      try {
        parseCron(expr);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(key + ".frequency.cron '" + expr
            + "' is not a cron expression: " + ex.getMessage(), ex);
      }
      return new TaskSchedule(null, expr, timeout, delay);
    }
    if (freq.isObject() && freq.has("trigger")) {
      if (!"manual".equals(freq.path("trigger").asString(""))) {
        throw new IllegalArgumentException(key + ".frequency.trigger must be 'manual'");
      }
      return new TaskSchedule(null, null, timeout, delay);
    }
    return new TaskSchedule(duration(key + ".frequency", freq), null, timeout, delay);
  }

  /**
   * Reads one of Backstage's durations: {@code {minutes: 30}}, {@code PT30M} or a number of
   * milliseconds.
   *
   * @throws IllegalArgumentException naming {@code key} when {@code node} is not a positive
   *     duration
   */
  public static Duration duration(String key, JsonNode node) {
    if (node.isObject()) {
      Duration total = Duration.ZERO;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isNumber()) {
          throw new IllegalArgumentException(key + "." + e.getKey() + " must be a number");
        }
        Duration unit = switch (e.getKey()) {
          case "years" -> Duration.ofDays(365);
          case "months" -> Duration.ofDays(30);
          case "weeks" -> Duration.ofDays(7);
          case "days" -> Duration.ofDays(1);
          case "hours" -> Duration.ofHours(1);
          case "minutes" -> Duration.ofMinutes(1);
          case "seconds" -> Duration.ofSeconds(1);
          case "milliseconds" -> Duration.ofMillis(1);
          default -> throw new IllegalArgumentException(key + "." + e.getKey()
              + " is not a duration unit (years, months, weeks, days, hours, minutes, seconds,"
              + " milliseconds)");
        };
        total = total.plusNanos(Math.round(unit.toNanos() * e.getValue().asDouble()));
      }
      return positive(key, total);
    }
    if (node.isNumber()) {
      return positive(key, Duration.ofMillis(node.asLong()));
    }
    if (node.isString()) {
      String s = node.asString().trim();
      try {
        return positive(key, Duration.parse(s));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(key + " '" + s
            + "' is not a duration (use an ISO-8601 duration such as PT30M, or {minutes: 30})", e);
      }
    }
    throw new IllegalArgumentException(key + " must be a duration ({minutes: 30} or PT30M)");
  }

  /** When the next run starts after {@code after}; empty for a manual schedule. */
  public Optional<ZonedDateTime> nextRunAfter(ZonedDateTime after) {
    if (frequency != null) {
      return Optional.of(after.plus(frequency));
    }
    if (cron != null) {
      return ExecutionTime.forCron(parseCron(cron)).nextExecution(after);
    }
    return Optional.empty();
  }

  private static Cron parseCron(String expression) {
    String trimmed = expression.trim();
    int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    if (fields != 5 && fields != 6) {
      throw new IllegalArgumentException("a cron expression has 5 fields (or 6 with seconds), '"
          + expression + "' has " + fields);
    }
    return (fields == 5 ? UNIX : WITH_SECONDS).parse(trimmed).validate();
  }

  private static Duration positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration");
    }
    return d;
  }
}
