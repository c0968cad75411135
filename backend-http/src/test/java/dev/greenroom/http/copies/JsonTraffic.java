package dev.greenroom.http.copies;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import tools.jackson.databind.JsonNode;

/**
 * Test-only instrumentation that counts what happens to one watched entity's JSON: parses (YAML
 * or JSON text into a tree), serialisations (a tree written as text) and deep copies of its whole
 * tree. Byte Buddy's agent adds advice to Jackson's {@code ObjectMapper}/{@code ObjectWriter}
 * ({@code readTree}, {@code writeValue*}), {@code ObjectNode.deepCopy}, {@code
 * BaseJsonNode.toString} and Greenroom's {@code EntityYamlReader.read}; production code carries no
 * hook. Only the outermost call of each kind on a thread counts (a deep copy copies its children by
 * calling {@code deepCopy} on them; that is still one copy), and only when its subject is, or holds,
 * the watched entity (an object with {@code kind} and {@code metadata.name} equal to the watched
 * ones). Each count is filed under a stage, named from the Greenroom frames on the stack, and under
 * the innermost Greenroom frames, so that a test can print where each copy is made.
 */
public final class JsonTraffic {
  /** What happened to the entity's JSON. */
  public enum Op {
    PARSE,
    SERIALISE,
    DEEP_COPY
  }

  /** Stage: reading the YAML file and emitting the entity (the Location's run). */
  public static final String READ = "1 read";
  /** Stage: the entity's own processing run (pre-processing, validation, post-processing). */
  public static final String PROCESS = "2 process";
  /** Stage: the engine's loop and processing-state store around the runs. */
  public static final String BOOKKEEPING = "2b engine bookkeeping";
  /** Stage: stitching and writing the final entity to the entity store. */
  public static final String STITCH = "3 stitch and store";

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[3]);
  private static final Map<String, int[]> BY_STAGE = new ConcurrentHashMap<>();
  private static final Map<String, Integer> BY_SITE = new ConcurrentHashMap<>();
  private static volatile String watchedKind = "";
  private static volatile String watchedName = "";
  private static volatile String phase = "";
  private static boolean installed;

  private JsonTraffic() {}

  /** Installs the agent once per JVM. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    Instrumentation inst = ByteBuddyAgent.install();
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
        .type(named("tools.jackson.databind.ObjectMapper")
            .or(named("tools.jackson.databind.ObjectReader")))
        .transform((b, type, loader, module, pd) -> b.visit(
            Advice.to(ParseAdvice.class).on(concrete(named("readTree")))))
        .type(named("tools.jackson.databind.ObjectMapper")
            .or(named("tools.jackson.databind.ObjectWriter")))
        .transform((b, type, loader, module, pd) -> b.visit(
            Advice.to(WriteAdvice.class).on(concrete(nameStartsWith("writeValue")))))
        .type(named("tools.jackson.databind.node.BaseJsonNode"))
        .transform((b, type, loader, module, pd) -> b.visit(
            Advice.to(ToStringAdvice.class)
                .on(concrete(named("toString").or(named("toPrettyString")))
                    .and(takesArguments(0)))))
        .type(named("tools.jackson.databind.node.ObjectNode")
            .or(named("tools.jackson.databind.node.ArrayNode")))
        .transform((b, type, loader, module, pd) -> b.visit(
            Advice.to(CopyAdvice.class).on(concrete(named("deepCopy")).and(takesArguments(0)))))
        .type(named("dev.greenroom.catalog.io.EntityYamlReader"))
        .transform((b, type, loader, module, pd) -> b.visit(
            Advice.to(ParseAdvice.class).on(concrete(named("read")))))
        .installOn(inst);
    installed = true;
  }

  private static ElementMatcher.Junction<MethodDescription> concrete(
      ElementMatcher.Junction<MethodDescription> m) {
    return m.and(not(isAbstract()));
  }

  /** Watches the entity of this kind and name; clears the counts. */
  public static void watch(String kind, String name) {
    watchedKind = kind;
    watchedName = name;
    reset();
    for (String stage : List.of(READ, PROCESS, BOOKKEEPING, STITCH)) {
      BY_STAGE.put(stage, new int[3]);
    }
  }

  /**
   * Stops counting (the advice stays installed for the JVM's life, and costs a counter update per
   * call while nothing is watched).
   */
  public static void stop() {
    watchedKind = "";
    watchedName = "";
    phase = "";
  }

  /** Clears the counts. */
  public static void reset() {
    BY_STAGE.clear();
    BY_SITE.clear();
  }

  /**
   * Files every following count under {@code name} instead of the stage read from the stack (for
   * REST requests, where the whole answer is one stage); an empty name goes back to the stack.
   */
  public static void phase(String name) {
    if (!name.isEmpty()) {
      BY_STAGE.computeIfAbsent(name, k -> new int[3]);
    }
    phase = name;
  }

  /** Counts per stage: stage to {parses, serialisations, deep copies}. */
  public static Map<String, int[]> byStage() {
    Map<String, int[]> out = new TreeMap<>();
    BY_STAGE.forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** The count of one operation in one stage. */
  public static int count(String stage, Op op) {
    int[] c = BY_STAGE.get(stage);
    return c == null ? 0 : c[op.ordinal()];
  }

  /** One line per call site (operation, stage, the innermost Greenroom frames), with counts. */
  public static List<String> sites() {
    return BY_SITE.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue() + " x " + e.getKey())
        .collect(Collectors.toCollection(ArrayList::new));
  }

  // ---- called from the inlined advice -------------------------------------------------------

  /** Enters a counted method. */
  public static void enter(int op) {
    DEPTH.get()[op]++;
  }

  /** Leaves a counted method; counts when it was the outermost and concerned the entity. */
  public static void exit(int op, Object subject) {
    int[] depth = DEPTH.get();
    if (--depth[op] != 0 || watchedName.isEmpty()) {
      return;
    }
    if (!concerns(subject, 0)) {
      return;
    }
    record(Op.values()[op]);
  }

  private static boolean concerns(Object subject, int level) {
    if (subject instanceof JsonNode n) {
      if (n.isObject() && watchedName.equals(n.path("metadata").path("name").asString(""))
          && watchedKind.equals(n.path("kind").asString(""))) {
        return true;
      }
      if (level < 4 && n.isContainer()) {
        for (JsonNode child : n.values()) {
          if (concerns(child, level + 1)) {
            return true;
          }
        }
      }
      return false;
    }
    if (subject instanceof Iterable<?> it && level < 2) {
      for (Object o : it) {
        if (concerns(o, level + 1)) {
          return true;
        }
      }
      return false;
    }
    if (subject != null && subject.getClass().getSimpleName().equals("RawDocument")) {
      try {
        return concerns(subject.getClass().getMethod("root").invoke(subject), level + 1);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return false;
  }

  private static void record(Op op) {
    List<String> frames =
        StackWalker.getInstance()
            .walk(s -> s.map(f -> f.getClassName() + "." + f.getMethodName())
                .filter(f -> f.startsWith("dev.greenroom.")
                    && !f.startsWith(JsonTraffic.class.getName()))
                .collect(Collectors.toList()));
    String stage = phase.isEmpty() ? stageOf(frames) : phase;
    int[] counts = BY_STAGE.computeIfAbsent(stage, k -> new int[3]);
    synchronized (counts) {
      counts[op.ordinal()]++;
    }
    String site = op + " [" + stage + "] "
        + frames.stream().limit(4).map(JsonTraffic::shortName).collect(Collectors.joining(" < "));
    BY_SITE.merge(site, 1, Integer::sum);
  }

  private static String shortName(String frame) {
    int dot = frame.lastIndexOf('.', frame.lastIndexOf('.') - 1);
    return frame.substring(dot + 1);
  }

  /** The stage a count belongs to, from the Greenroom frames on the stack (innermost first). */
  static String stageOf(List<String> frames) {
    boolean any = false;
    for (String f : frames) {
      if (f.contains(".processing.location.") || f.contains(".catalog.io.")
          || f.contains("builtin.FileReaderProcessor") || f.contains("Orchestrator$Run.accept")
          || f.contains("Orchestrator$Run.readLocations")) {
        return READ;
      }
    }
    for (String f : frames) {
      if (f.contains("engine.Orchestrator")) {
        return PROCESS;
      }
    }
    for (String f : frames) {
      if (f.contains("engine.FinalEntities") || f.contains("store.Stitcher")
          || f.contains("catalog.store.")) {
        return STITCH;
      }
      any = true;
    }
    return any ? BOOKKEEPING : "other";
  }

  /** Parses: counts the returned tree(s). */
  public static final class ParseAdvice {
    private ParseAdvice() {}

    @Advice.OnMethodEnter
    static void enter() {
      JsonTraffic.enter(0);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign
        .Assigner.Typing.DYNAMIC) Object result) {
      JsonTraffic.exit(0, result);
    }
  }

  /** Serialisations: counts the value written (the last argument). */
  public static final class WriteAdvice {
    private WriteAdvice() {}

    @Advice.OnMethodEnter
    static void enter() {
      JsonTraffic.enter(1);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.AllArguments Object[] args) {
      JsonTraffic.exit(1, args.length == 0 ? null : args[args.length - 1]);
    }
  }

  /** {@code JsonNode.toString()} is a serialisation too. */
  public static final class ToStringAdvice {
    private ToStringAdvice() {}

    @Advice.OnMethodEnter
    static void enter() {
      JsonTraffic.enter(1);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Object self) {
      JsonTraffic.exit(1, self);
    }
  }

  /** Deep copies: counts the node copied. */
  public static final class CopyAdvice {
    private CopyAdvice() {}

    @Advice.OnMethodEnter
    static void enter() {
      JsonTraffic.enter(2);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.This Object self) {
      JsonTraffic.exit(2, self);
    }
  }
}
