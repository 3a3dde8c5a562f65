package dev.dbprof.internal.explain;

import dev.dbprof.model.AdvisorNote;
import dev.dbprof.model.PlanAdvisor;
import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import dev.dbprof.model.IndexAdvice;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the indexes a workload is missing by asking the database for plans.
 *
 * <p>Safety: only one statement of an explainable kind per candidate reaches the server, and only
 * when {@link PlanningGuard} finds that planning it can run no user or denied code; every
 * EXPLAIN runs in a read-only transaction with a statement timeout and is rolled back; ANALYZE
 * only when allowed and never for a write; indexes are built only on request (PostgreSQL: inside
 * a transaction that is rolled back; MySQL/MariaDB: on the database named disposable).
 */
public final class IndexAdvisor implements PlanAdvisor, AutoCloseable {

  private final AdvisorConnection connection;
  private final DatabaseSession session;
  private final AdvisorOptions options;
  private final Watchdog watchdog;
  private final ScanDiagnosis diagnosis;
  private final IndexValidation validation;
  private final List<AdvisorNote> notes = new ArrayList<>();
  private final List<AdvisorNote> openingNotes;

  private IndexAdvisor(AdvisorConnection connection, AdvisorOptions options) {
    this.connection = connection;
    this.session = connection.session;
    this.options = options;
    this.watchdog = connection.watchdog;
    this.openingNotes = connection.openingNotes;
    this.diagnosis = new ScanDiagnosis(session, options);
    this.validation = new IndexValidation(session, options);
  }

  /**
   * Connects to the database behind {@code jdbcUrl} ({@code jdbc:dbprof:} and {@code jdbc:p6spy:}
   * prefixes are removed). The options' budget bounds the advisor's work from here on, connecting
   * included, the time between {@link #advise} calls excluded: when it runs out, the connection is
   * aborted.
   *
   * @throws AdvisorException with a one-sentence message (no password) when it cannot connect, when
   *     the budget runs out first, or when the account is privileged and that is not allowed
   */
  public static IndexAdvisor open(String jdbcUrl, String user, String password, AdvisorOptions options) {
    return new IndexAdvisor(AdvisorConnection.open(jdbcUrl, user, password, options), options);
  }

  public Dialect dialect() {
    return session.dialect();
  }

  /** Why candidates of the last {@link #advise} call produced no advice, in candidate order. */
  @Override
  public List<AdvisorNote> notes() {
    return List.copyOf(notes);
  }

  /** Package-private hook for tests: runs while trial indexes exist (inside the trial transaction on PostgreSQL). */
  void whileTrialIndexesExist(Runnable hook) {
    session.whileTrialIndexesExist = hook;
  }

  /** Package-private hook for tests: the session's shutdown action (MySQL/MariaDB disposable trials). */
  Runnable trialCleanup() {
    return session.trialCleanup();
  }

  /** Package-private hook for tests: plan placeholders with PREPARE even on PostgreSQL 16+. */
  void forcePreparedGenericPlan() {
    if (session instanceof PostgresSession pg) {
      pg.forcePreparedGenericPlan = true;
    }
  }

  @Override
  public List<IndexAdvice> advise(List<Candidate> candidates) {
    watchdog.working();
    try {
      return adviseWithin(candidates, watchdog.deadlineNanos());
    } finally {
      watchdog.idle();
    }
  }

  private List<IndexAdvice> adviseWithin(List<Candidate> candidates, long deadline) {
    notes.clear();
    notes.addAll(openingNotes);
    List<Candidate> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingDouble(Candidate::totalMs).reversed()
        .thenComparing(Candidate::queryId, Comparator.nullsLast(Comparator.naturalOrder())));
    List<ScanFinding> findings = new ArrayList<>();
    int explained = 0;
    for (Candidate candidate : ordered) {
      if (explained >= options.maxStatements() || System.nanoTime() > deadline || watchdog.fired()) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.NOT_EXPLAINED_BUDGET_SPENT));
        continue;
      }
      StatementGuard.Checked stmt;
      try {
        stmt = StatementGuard.check(candidate.sqlText(), session.dialect());
      } catch (StatementGuard.Refused refused) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.refused(refused)));
        continue;
      }
      boolean write = stmt.write() || (candidate.facts() != null && candidate.facts().kind().isWrite());
      boolean analyze = options.allowAnalyze() && !write;
      try {
        PlanningGuard.Verdict verdict = PlanningGuard.check(stmt, session.codeCatalog(), analyze);
        if (analyze && verdict.analyzeRefusal() != null) {
          analyze = false;
          notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.withoutAnalyze(verdict.analyzeRefusal())));
        }
      } catch (StatementGuard.Refused refused) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.refusedByPlanningGuard(refused)));
        continue;
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.codeCatalogUnreadable(e)));
        continue;
      }
      DatabaseSession.Explained before;
      try {
        explained++;
        before = session.explain(stmt, analyze);
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.couldNotExplain(e)));
        continue;
      }
      try {
        findings.addAll(diagnosis.diagnose(candidate, stmt, before, notes));
      } catch (SQLException | RuntimeException e) {
        notes.add(new AdvisorNote(candidate.queryId(), AdvisorTexts.catalogUnreadable(e)));
      }
    }
    ScanDiagnosis.merge(findings);
    List<IndexAdvice> advice = new ArrayList<>();
    for (ScanFinding finding : findings) {
      advice.add(validation.validate(finding, deadline));
    }
    validation.validateTogether(findings, advice, deadline);
    if (watchdog.fired()) {
      notes.add(openingNotes.size(), new AdvisorNote(null, AdvisorTexts.budgetRanOut(options.budget())));
    }
    return advice;
  }

  @Override
  public void close() {
    connection.close();
  }
}
