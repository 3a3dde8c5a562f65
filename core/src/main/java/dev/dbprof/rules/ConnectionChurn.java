package dev.dbprof.rules;

import dev.dbprof.model.Profile;
import dev.dbprof.model.Severity;
import java.util.List;
import java.util.Locale;

/** A new physical connection per statement or per short unit of work: no pool. */
@RuleInfo(
    id = "connection-churn",
    severity = Severity.WARNING,
    title = "New connection for every few statements (no pool)",
    explanation = "Opening a database connection costs a TCP handshake, authentication and a new server"
        + " process or thread, often more than the statements it then runs. A pool keeps a few connections"
        + " open and lends them out.",
    fix = "Use a connection pool and keep connections open across statements: HikariCP (Spring Boot's"
        + " default), SQLAlchemy's QueuePool, Django's `CONN_MAX_AGE`, or PgBouncer in front of PostgreSQL.")
final class ConnectionChurn implements ProfileRule {

  static final RuleOption<Integer> MIN_CONNECTIONS = RuleOption.wholeNumber("minConnections", 10, 1,
      Integer.MAX_VALUE, "Fewest connections opened in the run for churn to be reported.");
  static final RuleOption<Double> MIN_SHORT_SHARE = RuleOption.number("minShortShare", 0.5, 0, 1,
      "Share of the opened connections that must close after " + Profile.Connections.SHORT_LIVED_STATEMENTS + " statements or fewer.");

  @Override
  public List<RuleOption<?>> options() {
    return List.of(MIN_CONNECTIONS, MIN_SHORT_SHARE);
  }

  @Override
  public void check(Profile profile, RuleContext context, Matches matches) {
    int minConnections = context.get(MIN_CONNECTIONS);
    double minShortShare = context.get(MIN_SHORT_SHARE);
    Profile.Connections connections = profile.connections();
    if (connections.opened() < minConnections
        || connections.shortLived() < minShortShare * connections.opened()) {
      return;
    }
    long saved = connections.opened() == 0 ? 0
        : connections.connectNanos() * connections.shortLived() / connections.opened();
    String detail = String.format(Locale.ROOT, "%d connections opened for %d statements; %d closed after at most"
        + " %d statements; %.1f ms spent connecting", connections.opened(), connections.statementsOnOpened(),
        connections.shortLived(), Profile.Connections.SHORT_LIVED_STATEMENTS, connections.connectNanos() / 1e6);
    matches.report(new Match(this, null, null, connections.opened(), saved, detail, null, List.of(), -1, 0));
  }
}
