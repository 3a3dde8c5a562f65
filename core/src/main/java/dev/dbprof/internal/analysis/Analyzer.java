package dev.dbprof.internal.analysis;

import dev.dbprof.options.AnalysisOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.Event;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.EventKind;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Finding;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.IndexAdvice;
import dev.dbprof.model.InputFormat;
import dev.dbprof.model.InputSummary;
import dev.dbprof.model.Profile;
import dev.dbprof.model.QueryRow;
import dev.dbprof.model.Report;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.Summary;
import dev.dbprof.model.UnitOfWork;
import dev.dbprof.rules.BuiltinRules;
import dev.dbprof.rules.Match;
import dev.dbprof.rules.Matches;
import dev.dbprof.rules.ProfileRule;
import dev.dbprof.rules.Rule;
import dev.dbprof.rules.RuleContext;
import dev.dbprof.rules.UnitRule;
import dev.dbprof.internal.sql.Fingerprinter;
import dev.dbprof.internal.sql.NormalizedSql;
import dev.dbprof.internal.sql.SqlDialect;
import dev.dbprof.internal.sql.StatementAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streaming engine: events in, ranked report out. Fingerprints each statement, parses each
 * distinct shape once, cuts units of work and runs the unit rules on each as it closes, so memory
 * grows with distinct shapes and open sessions, never with the number of statements.
 *
 * <p>Feed events with {@link #accept}, then call {@link #finish} once. Not thread-safe.
 */
public final class Analyzer {

  private static final int MAX_ADVISOR_NOTES = 10;
  static final int MAX_OPENED_SESSIONS = 100_000;

  private final AnalysisOptions options;
  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final StatementAnalyzer statementAnalyzer = new StatementAnalyzer();
  private final Map<String, Shape> shapes = new HashMap<>();
  private final List<InputFormat> inputs = new ArrayList<>();
  /** Per input: the library its SQL has shown most so far, and the counts behind it (fix texts of writes). */
  private final List<OrmStyle> orms = new ArrayList<>();
  private final List<EnumMap<OrmStyle, long[]>> ormCounts = new ArrayList<>();
  private final List<String> scopes = new ArrayList<>();
  /**
   * Statements per connection whose opening was seen, until it closes. Bounded: past
   * {@link #MAX_OPENED_SESSIONS} the least recently used is counted as at the end of the input
   * and forgotten (connection-per-request logs often show no disconnections).
   */
  private final Map<SessionKey, int[]> openedSessions = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SessionKey, int[]> eldest) {
      if (size() <= MAX_OPENED_SESSIONS) {
        return false;
      }
      statementsOnOpened += eldest.getValue()[0];
      return true;
    }
  };
  private final FindingCollector findings;
  private final UnitsOfWork units;
  private final RuleContext context;
  private final UnitSampler sampler = new UnitSampler();
  private final Matches unitMatches;
  /** The grade of the unit being checked, for matches its rules did not grade. */
  private Evidence unitEvidence = Evidence.LIKELY;
  private final List<UnitRule> unitRules;
  /**
   * Parse and bind time per session waiting for the execution it prepared; bounded like
   * {@link #openedSessions} (time pushed out still counts in the totals).
   */
  private final Map<SessionKey, long[]> prepared = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SessionKey, long[]> eldest) {
      return size() > MAX_OPENED_SESSIONS;
    }
  };
  private long statements;
  private long statementNanos;
  private long transactionEndNanos;
  private long transactionEndsTimed;
  private long parseBindNanos;
  private long parseBindsTimed;
  private long connectionsOpened;
  private long connectNanos;
  private long connectsTimed;
  private long startupUnits;
  private long startupStatements;
  private long startupNanos;
  private long shortLivedConnections;
  private long statementsOnOpened;
  private long foldedShapes;
  private long foldedStatements;
  private long foldedNanos;

  public Analyzer(AnalysisOptions options) {
    this.options = options;
    this.findings = new FindingCollector();
    this.units = new UnitsOfWork(options.idleGapMicros(), options.maxUnitExecutions(), this::checkUnit);
    this.context = new RuleContext(options.ruleOptions(), inputs, orms);
    this.unitMatches = new Matches(match -> findings.add(match, unitEvidence));
    this.unitRules = options.rules().stream()
        .filter(UnitRule.class::isInstance).map(UnitRule.class::cast).toList();
  }

  /** Declares the next input, its format not yet known; returns its index for {@link #accept}. */
  public int addInput() {
    return addInput(null);
  }

  /** Declares the next input; returns its index for {@link #accept}. */
  public int addInput(InputFormat format) {
    inputs.add(format);
    orms.add(OrmStyle.PLAIN);
    ormCounts.add(new EnumMap<>(OrmStyle.class));
    scopes.add(scopeOf(inputs.size() - 1, format));
    return inputs.size() - 1;
  }

  /** Sets an input's format once a reader has detected it (rules read it while units close). */
  public void inputFormat(int input, InputFormat format) {
    inputs.set(input, format);
    scopes.set(input, scopeOf(input, format));
  }

  public void accept(int input, Event event) {
    accept(input, event, null);
  }

  /**
   * As {@link #accept(int, Event)}, with the statement's fingerprint when the reader computed it
   * ahead (null otherwise); it must be what this analyzer's fingerprinter would compute.
   */
  public void accept(int input, Event event, NormalizedSql fingerprinted) {
    switch (event.kind()) {
      case STATEMENT, BATCH -> execution(input, event, event.sql(), fingerprinted);
      // a transaction end is an execution of its unit, with its time: it ends no unit
      // (one text per kind: END, COMMIT WORK and a failed COMMIT are the same two rows)
      case COMMIT, ROLLBACK -> execution(input, event, event.kind().name(), null);
      case CONNECT -> connect(input, event);
      case DISCONNECT -> disconnect(input, event);
      case UNIT_BEGIN -> units.begin(input, scope(input), event);
      case UNIT_END -> units.end(scope(input), event);
      case PREPARE -> prepare(input, event);
      // a pool lending a connection: neither a physical connection nor a boundary of the work
      case CHECKOUT, CHECKIN -> { }
      default -> throw new IllegalArgumentException(event.kind().name());
    }
  }

  private void prepare(int input, Event event) {
    if (event.elapsedNanos() > 0) {
      parseBindNanos += event.elapsedNanos();
      parseBindsTimed++;
      prepared.computeIfAbsent(sessionKey(input, event.session()), k -> new long[1])[0] += event.elapsedNanos();
    }
  }

  private void execution(int input, Event event, String sql, NormalizedSql fingerprinted) {
    if (sql == null || sql.isBlank()) {
      return;
    }
    InputFormat format = inputs.get(input);
    NormalizedSql normalized = fingerprinted != null ? fingerprinted
        : fingerprinter.normalize(sql, SqlDialect.of(format));
    Shape shape = shapes.get(normalized.fingerprint());
    if (shape == null) {
      shape = new Shape(normalized.fingerprint(), normalized.queryId(), normalized.kind(), sql,
          normalized.literals() > 0);
      shape.facts(statementAnalyzer.analyze(sql, normalized));
      if (shapes.size() >= options.maxFingerprints()) {
        foldLeastUseful();
      }
      shapes.put(normalized.fingerprint(), shape);
    }
    countOrm(input, shape);
    int batch = event.kind() == EventKind.BATCH ? Math.max(1, event.batchSize()) : 0;
    long elapsed = event.elapsedNanos();
    if (!prepared.isEmpty()) {
      long[] preparing = prepared.remove(sessionKey(input, event.session()));
      if (preparing != null) {
        elapsed = Math.max(0, elapsed) + preparing[0];
      }
    }
    shape.record(elapsed, batch, event.failed());
    statements += Math.max(1, batch);
    if (event.elapsedNanos() > 0) {
      if (event.isExecution()) {
        statementNanos += event.elapsedNanos();
      } else {
        transactionEndNanos += event.elapsedNanos();
      }
    }
    if (!event.isExecution() && event.elapsedNanos() >= 0) {
      transactionEndsTimed++;
    }
    if (!openedSessions.isEmpty() && event.isExecution()) { // only inputs that show connections opening count them
      int[] opened = openedSessions.get(sessionKey(input, event.session()));
      if (opened != null && !ConnectionSetup.is(shape) && shape.kind() != StatementKind.TRANSACTION) { // BEGIN, COMMIT: no work of their own
        opened[0]++;
      }
    }
    units.execution(input, scope(input), event, new Execution(shape, event.startMicros(), elapsed,
        paramsKey(event, normalized), batch, normalized.longestInList(), normalized.valuesRows(),
        event.failed(), event.callSite(), event.line(), 0));
  }

  /** Database time of everything timed: statements, transaction ends, connecting, parse and bind. */
  private long totalNanos() {
    return statementNanos + transactionEndNanos + connectNanos + parseBindNanos;
  }

  /** Keeps {@link #orms} on the library the input's statements show most: O(1) per statement. */
  private void countOrm(int input, Shape shape) {
    OrmStyle style = shape.facts() == null ? null : shape.facts().orm();
    if (style == null || style == OrmStyle.PLAIN) {
      return;
    }
    EnumMap<OrmStyle, long[]> counts = ormCounts.get(input);
    long count = ++counts.computeIfAbsent(style, k -> new long[1])[0];
    OrmStyle leader = orms.get(input);
    if (leader != style && (leader == OrmStyle.PLAIN || count > counts.get(leader)[0])) {
      orms.set(input, style);
    }
  }

  /**
   * What tells equal parameter values apart: captured values, else the inline literals' hash;
   * "" when the statement has no parameters, null when its values are unknown.
   */
  private static String paramsKey(Event event, NormalizedSql normalized) {
    if (event.params() != null) {
      return event.params();
    }
    if (normalized.literals() > 0) {
      return Long.toHexString(normalized.literalsHash());
    }
    return normalized.fingerprint().indexOf('?') >= 0 ? null : "";
  }

  /**
   * Folds the less useful half of the shapes into "other", in one pass so that the cost per new
   * shape stays O(log n) amortised. Shapes that are, or will be, part of a finding are kept first
   * (a finding's shape belongs in the query list), then the costliest by total time (what the
   * profile rules look for), then the most run. Open units keep the folded shapes they ran, so
   * the unit rules still see them; a folded shape seen again starts over.
   */
  private void foldLeastUseful() {
    List<Shape> byUse = new ArrayList<>(shapes.values());
    byUse.sort(Comparator.comparing((Shape s) -> !s.inFinding()).thenComparing(Profile.BY_TOTAL_TIME));
    int keep = Math.max(1, options.maxFingerprints() / 2);
    for (Shape shape : byUse.subList(keep, byUse.size())) {
      shapes.remove(shape.fingerprint());
      foldedShapes++;
      foldedStatements += shape.executions();
      foldedNanos += shape.totalNanos();
    }
  }

  private void connect(int input, Event event) {
    connectionsOpened++;
    if (event.elapsedNanos() >= 0) {
      connectNanos += event.elapsedNanos();
      connectsTimed++;
    }
    units.connection(scope(input), event);
    int[] previous = openedSessions.put(sessionKey(input, event.session()), new int[1]);
    if (previous != null) {
      statementsOnOpened += previous[0];
    }
  }

  private void disconnect(int input, Event event) {
    units.connection(scope(input), event);
    int[] opened = openedSessions.remove(sessionKey(input, event.session()));
    if (opened != null) {
      statementsOnOpened += opened[0];
      if (opened[0] <= Profile.Connections.SHORT_LIVED_STATEMENTS) {
        shortLivedConnections++;
      }
    }
  }

  private void checkUnit(UnitOfWork unit) {
    if (unit.boundary() == UnitOfWork.Boundary.STARTUP) {
      // schema scripts, migrations and seeds: reported apart, never checked nor ranked
      startupUnits++;
      for (Execution e : unit.executions()) {
        startupStatements += Math.max(1, e.batchSize());
        if (e.timed()) {
          startupNanos += e.elapsedNanos();
        }
      }
      return;
    }
    unitEvidence = Match.unitEvidence(unit);
    for (UnitRule rule : unitRules) {
      rule.check(unit, context, unitMatches);
    }
    findings.endUnit();
    sampler.offer(unit);
  }

  /** Ends the analysis: closes open units, runs the profile rules, ranks the findings. */
  public Report finish(List<InputSummary> inputInfos) {
    units.finish();
    for (int[] opened : openedSessions.values()) {
      statementsOnOpened += opened[0];
    }
    List<Shape> byTime = new ArrayList<>(shapes.values());
    byTime.sort(Profile.BY_TOTAL_TIME);
    Profile profile = new Profile(List.copyOf(byTime), statements, units.count(), totalNanos(),
        new Profile.Connections(connectionsOpened, connectNanos, shortLivedConnections, statementsOnOpened));
    List<String> notes = new ArrayList<>();
    RuleContext profileContext = context.withAdvice(adviseIndexes(byTime, notes));
    Matches matches = new Matches(findings::add);
    for (Rule rule : options.rules()) {
      if (rule instanceof ProfileRule profileRule) {
        profileRule.check(profile, profileContext, matches);
      }
    }
    findings.endUnit();
    List<Finding> ranked = findings.ranked(inputInfos);
    List<QueryRow> rows = byTime.stream().map(Analyzer::row).toList();
    long dropped = inputInfos.stream().mapToLong(InputSummary::droppedEvents).sum();
    Summary summary = new Summary(statements, shapes.size(), units.count(), totalNanos() / 1e6,
        List.copyOf(inputInfos), dropped,
        new Summary.Folded(foldedShapes, foldedStatements, foldedNanos / 1e6, foldedShapes > 0 ? options.maxFingerprints() : 0),
        new Summary.Time(statementNanos / 1e6, transactionEndsTimed > 0 ? transactionEndNanos / 1e6 : null,
            connectsTimed > 0 ? connectNanos / 1e6 : null, parseBindsTimed > 0 ? parseBindNanos / 1e6 : null),
        new Summary.Startup(startupStatements, startupNanos / 1e6, startupUnits));
    notes.addAll(0, Notes.about(inputs, ranked));
    return new Report(options.version(), summary, ranked, rows, List.copyOf(notes))
        .withUnits(sampler.busiest(inputInfos))
        .withRules(BuiltinRules.catalog(options.rules()));
  }

  /**
   * Asks the advisor (when there is one) about the shapes worth it: the costliest by total time and
   * every query of an N+1 loop. Nothing touches a database without {@code --explain-url}.
   */
  private Map<String, IndexAdvice> adviseIndexes(List<Shape> byTime, List<String> notes) {
    if (options.advisor() == null) {
      return Map.of();
    }
    Set<Shape> worthIt = new LinkedHashSet<>(findings.shapesOf("n-plus-one"));
    byTime.stream().filter(s -> s.kind() != StatementKind.OTHER && s.kind() != StatementKind.TRANSACTION)
        .limit(options.explainTop()).forEach(worthIt::add);
    List<Candidate> candidates = worthIt.stream()
        .map(s -> new Candidate(s.queryId(), s.fingerprint(), s.sample(), s.sampleHasValues(), s.facts(),
            s.totalNanos() / 1e6, s.executions()))
        .toList();
    Map<String, IndexAdvice> advice = new HashMap<>();
    for (IndexAdvice a : options.advisor().advise(candidates)) {
      advice.put(a.queryId(), a);
      if (!a.suggested()) {
        notes.add("No index suggested for " + a.queryId() + " on " + a.table() + ": " + a.reason());
      }
    }
    options.advisor().notes().stream().limit(MAX_ADVISOR_NOTES)
        .forEach(n -> notes.add(n.queryId() == null ? "Index advisor: " + n.message()
            : "Not explained: " + n.queryId() + ": " + n.message()));
    return advice;
  }

  private static QueryRow row(Shape shape) {
    return new QueryRow(shape.queryId(), shape.fingerprint(), shape.kind().name().toLowerCase(java.util.Locale.ROOT),
        shape.executions(), shape.totalNanos() / 1e6, shape.quantileNanos(0.5) / 1e6,
        shape.quantileNanos(0.95) / 1e6, shape.maxNanos() / 1e6, shape.errors());
  }

  private SessionKey sessionKey(int input, String session) {
    return new SessionKey(scope(input), session);
  }

  private record SessionKey(String scope, String session) {}

  private String scope(int input) {
    return scopes.get(input);
  }

  /**
   * Whose session ids an input's are: a capture file's or p6spy log's own (two JVMs both have a
   * connection 1), but one server's logs share them, so a session continues across rotated files.
   */
  private static String scopeOf(int input, InputFormat format) {
    if (format != null && !format.knowsBatches()) {
      return format.id().substring(0, format.id().indexOf('-'));
    }
    return Integer.toString(input);
  }
}
