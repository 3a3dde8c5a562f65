package dev.dbprof.rules;

import dev.dbprof.model.CallSite;
import dev.dbprof.model.Evidence;
import dev.dbprof.model.Execution;
import dev.dbprof.model.Shape;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.StatementKind;
import dev.dbprof.model.UnitOfWork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Small shared helpers for rule evidence. */
final class RuleEvidence {

  private static final int SHORT = 90;

  /**
   * A pause between two runs longer than this could be a request boundary the clock cannot prove:
   * half the engine's smallest boundary gap (50 ms, see docs/units-of-work.md). Measured on the real
   * ORM logs (core/src/test/resources/orm): inside a loop statements follow each other in 1–25 ms,
   * with rare single pauses up to 72 ms; requests on one pooled connection came 30–180 ms apart, so
   * 30–50 ms is where the two overlap and only the grade can say so.
   */
  static final long TIGHT_GAP_MICROS = 25_000;

  /** Logs whose clock has whole seconds only (MariaDB's) cannot show a pause shorter than one. */
  private static final long SECOND_MICROS = 1_000_000;

  /** Share of a loop's runs that must each have a transaction of their own for "one transaction per iteration". */
  private static final double OWN_TRANSACTION = 0.9;

  /** A statement shape issued from one place in the code (the site may be unknown). */
  record Place(Shape shape, CallSite site) {}

  private RuleEvidence() {}

  /** A fingerprint cut to one readable line. */
  static String brief(Shape shape) {
    String text = shape.fingerprint();
    return text.length() <= SHORT ? text : text.substring(0, SHORT - 1) + "…";
  }

  /** Whether a shape reads or writes a table (so {@code select 1} and {@code set …} are left alone). */
  static boolean touchesTable(Shape shape) {
    StatementFacts facts = shape.facts();
    if (facts != null && !facts.tables().isEmpty()) {
      return true;
    }
    String text = shape.fingerprint();
    return text.contains(" from ") || text.contains("into ") || text.startsWith("update ");
  }

  /** How many executions pass {@code test}: a rule's cheap first look before it builds anything. */
  static int count(List<Execution> executions, Predicate<Execution> test) {
    int count = 0;
    for (Execution e : executions) {
      if (test.test(e)) {
        count++;
      }
    }
    return count;
  }

  /** The time a group of executions took, less the slowest one: what one round trip instead of n saves. */
  static long allButOne(List<Execution> executions) {
    long total = 0;
    long max = 0;
    for (Execution e : executions) {
      if (e.timed()) {
        total += e.elapsedNanos();
        max = Math.max(max, e.elapsedNanos());
      }
    }
    return total - max;
  }

  static long total(List<Execution> executions) {
    long total = 0;
    for (Execution e : executions) {
      if (e.timed()) {
        total += e.elapsedNanos();
      }
    }
    return total;
  }

  /** Whether at least two runs carried provably different values (unknown values prove nothing). */
  static boolean provablyDifferent(List<Execution> runs) {
    String first = null;
    for (Execution e : runs) {
      if (e.paramsKey() != null) {
        if (first == null) {
          first = e.paramsKey();
        } else if (!first.equals(e.paramsKey())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether no pause between consecutive runs is longer than one request's rhythm ({@link
   * #TIGHT_GAP_MICROS}); unknown times are no evidence of a pause.
   */
  static boolean tightRhythm(List<Execution> runs) {
    for (int i = 1; i < runs.size(); i++) {
      if (pause(runs.get(i - 1), runs.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The ORM's look-ups of the schema (one per table or type): start-up work, not the application's. */
  static boolean readsCatalog(Shape shape) {
    List<String> tables = shape.facts() == null ? List.of() : shape.facts().tables();
    return !tables.isEmpty() && tables.stream().allMatch(t -> t.startsWith("pg_") || t.startsWith("information_schema.")
        || t.startsWith("mysql.") || t.startsWith("performance_schema.") || t.startsWith("sys."));
  }

  /**
   * Whether only time tells this unit from the next request: a session's, or a tag's (a tag names a
   * kind of work, and the next request of the same kind carries the same tag).
   */
  private static boolean timedApartOnly(UnitOfWork unit) {
    return unit.boundary() == UnitOfWork.Boundary.SESSION || unit.boundary() == UnitOfWork.Boundary.TAG;
  }

  /**
   * Whether the runs' clock shows whole seconds at best (MariaDB's logs; a general log's statements
   * between two time lines have none): a session's requests can then not be told apart by time, so
   * what looks like one unit may be several.
   */
  static boolean wholeSeconds(List<Execution> runs) {
    for (Execution run : runs) {
      long start = run.startMicros();
      // a slow log stamps the end in whole seconds and gives the duration: the start is computed
      long end = run.timed() ? start + run.elapsedNanos() / 1000 : start;
      if (start >= 0 && start % SECOND_MICROS != 0 && end % SECOND_MICROS != 0) {
        return false; // a finer clock (no clock at all, a general log's statement between its time lines, is blind too)
      }
    }
    return true;
  }

  /** Whether {@code next} began longer after {@code previous} ended than one request's rhythm allows. */
  static boolean pause(Execution previous, Execution next) {
    if (previous.startMicros() < 0 || next.startMicros() < 0) {
      return false;
    }
    long end = previous.startMicros() + Math.max(0, previous.elapsedNanos()) / 1000;
    boolean wholeSeconds = previous.startMicros() % SECOND_MICROS == 0 && next.startMicros() % SECOND_MICROS == 0;
    long allowed = wholeSeconds ? SECOND_MICROS + TIGHT_GAP_MICROS : TIGHT_GAP_MICROS;
    return next.startMicros() - end > allowed;
  }

  /**
   * The grade of a loop (a query or a write repeated with different values): proven when the
   * application marked the unit or one known call site issued every run with provably different
   * values; suspect when a pause between runs could be two requests merged, or when a server session
   * with no boundary signal shows no source query either; likely otherwise.
   *
   * @param sourceQuery whether something besides the unit ties the runs together (the source query of
   *     an N+1; a run of writes needs none)
   */
  static Evidence loopGrade(UnitOfWork unit, List<Execution> runs, boolean sourceQuery) {
    if (unit.boundary().explicit() || sameKnownSite(runs) && provablyDifferent(runs)) {
      return Evidence.PROVEN;
    }
    if (!tightRhythm(runs)) {
      return Evidence.SUSPECT;
    }
    return unit.boundary() == UnitOfWork.Boundary.SESSION && !sourceQuery || timedApartOnly(unit) && wholeSeconds(runs)
        ? Evidence.SUSPECT : Evidence.LIKELY;
  }

  /**
   * The grade of a repeat of the same question (same values): a call site proves nothing here, the
   * same code runs in every request; proven only in a marked unit, likely in one tight burst.
   */
  static Evidence repeatGrade(UnitOfWork unit, List<Execution> runs) {
    if (unit.boundary().explicit()) {
      return Evidence.PROVEN;
    }
    boolean blindClock = timedApartOnly(unit) && wholeSeconds(runs);
    return tightRhythm(runs) && !blindClock ? Evidence.LIKELY : Evidence.SUSPECT;
  }

  private static boolean sameKnownSite(List<Execution> runs) {
    CallSite site = runs.get(0).callSite();
    if (site == null) {
      return false;
    }
    for (Execution e : runs) {
      if (!Objects.equals(site, e.callSite())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The commits and rollbacks that ended a loop's own transactions, when (nearly) every run ran in a
   * transaction of its own (none when each statement committed itself, in autocommit); null otherwise.
   */
  record OwnTransactions(List<Execution> ends) {

    long nanos() {
      return total(ends);
    }

    /** What one transaction around the loop saves: every end but one. */
    long savedNanos() {
      return allButOne(ends);
    }

    /** ", one transaction per iteration (120 COMMITs, 403.2 ms)". */
    String evidence() {
      if (ends.isEmpty()) {
        return ", one transaction per iteration (autocommit: each statement commits itself)";
      }
      long rollbacks = ends.stream().filter(e -> e.shape().fingerprint().startsWith("rollback")).count();
      long commits = ends.size() - rollbacks;
      List<String> parts = new ArrayList<>();
      if (commits > 0) {
        parts.add(commits + (commits == 1 ? " COMMIT" : " COMMITs"));
      }
      if (rollbacks > 0) {
        parts.add(rollbacks + (rollbacks == 1 ? " ROLLBACK" : " ROLLBACKs"));
      }
      String time = ends.stream().anyMatch(Execution::timed)
          ? String.format(Locale.ROOT, ", %.1f ms", nanos() / 1e6) : "";
      return ", one transaction per iteration (" + String.join(" and ", parts) + time + ")";
    }
  }

  /**
   * Whether the runs at {@code positions} of {@code executions} each ran in their own transaction, and
   * the transaction ends between and right after them.
   */
  static OwnTransactions ownTransactions(List<Integer> positions, List<Execution> executions) {
    Set<Integer> transactions = new HashSet<>();
    for (int position : positions) {
      transactions.add(executions.get(position).transaction());
    }
    if (positions.size() < 2 || transactions.size() < OWN_TRANSACTION * positions.size()) {
      return null;
    }
    List<Execution> ends = new ArrayList<>();
    int last = positions.get(positions.size() - 1);
    for (int i = positions.get(0) + 1; i < executions.size(); i++) {
      Execution e = executions.get(i);
      if (e.endsTransaction()) {
        ends.add(e);
        if (i > last) {
          break; // the end of the last iteration's transaction
        }
      }
    }
    return new OwnTransactions(List.copyOf(ends)); // no end seen: in autocommit each statement commits itself
  }

  /**
   * Whether a SELECT shape is a page of a walk through a table: it skips rows ({@code OFFSET}, MySQL's
   * {@code LIMIT offset, count}), or it is a limited, ordered read with no filter of its own (the
   * fingerprint folds {@code LIMIT ? OFFSET ?} into {@code LIMIT ?}, so a walk whose first page had no
   * OFFSET shows none in its shape). Keyset pages filter on a range: not a walk by offset.
   */
  static boolean pageOfAWalk(Shape shape) {
    StatementFacts facts = shape.facts();
    return facts != null && (facts.hasOffset() || facts.hasLimit() && !facts.orderColumns().isEmpty()
        && facts.equalityColumns().isEmpty() && facts.rangeColumns().isEmpty());
  }

  /** Whether an execution only opens, ends or marks a transaction (BEGIN, COMMIT, SAVEPOINT…). */
  static boolean transactionStatement(Execution e) {
    return e.shape().kind() == StatementKind.TRANSACTION;
  }
}
