package dev.dbprof.read.mysql;

import dev.dbprof.event.Event;
import dev.dbprof.event.EventKind;
import dev.dbprof.read.LogReader;
import dev.dbprof.read.ReadContext;
import dev.dbprof.read.pg.TransactionStatements;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MySQL/MariaDB general query log: {@code <time>\t<id> <Command>\t<argument>}, the
 * time column blank while it does not change, a statement's further lines unprefixed. Every
 * {@code Query} and {@code Execute} is an execution ({@code Prepare} is not); {@code Connect} and
 * {@code Quit} open and close sessions. The log has no durations and no errors.
 */
public final class MySqlGeneralLogReader implements LogReader {

  private static final Pattern ENTRY = Pattern.compile(
      "^(?<time>\\d{6}\\s+\\d{1,2}:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)?)?"
          + "\\t+ *(?<id>\\d+) (?<cmd>[A-Z][A-Za-z_]*(?: [A-Za-z_]+)?)(?:\\t(?<arg>.*))?$",
      Pattern.DOTALL);

  /** Command names the servers print (MySQL {@code command_name[]}, MariaDB additions). */
  private static final Set<String> COMMANDS = Set.of("Sleep", "Quit", "Init DB", "Query",
      "Field List", "Create DB", "Drop DB", "Refresh", "Shutdown", "Statistics", "Processlist",
      "Connect", "Kill", "Debug", "Ping", "Time", "Delayed insert", "Change user", "Binlog Dump",
      "Table Dump", "Connect Out", "Register Slave", "Prepare", "Execute", "Long Data",
      "Close stmt", "Reset stmt", "Set option", "Fetch", "Daemon", "Reset Connection", "Error",
      "Clone", "Bulk_execute", "Slave_worker", "Slave_IO", "Slave_SQL", "Com_multi");

  /** A statement longer than this is given up, so that a broken file cannot fill the memory. */
  static final int MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    MySqlLogTimes times = new MySqlLogTimes();
    long lastTime = Event.UNKNOWN;
    long number = 0;
    Pending pending = null;
    String line;
    while ((line = in.readLine()) != null) {
      number++;
      if (MySqlBanner.isBanner(line)) {
        emit(pending, context);
        pending = null;
        continue;
      }
      Matcher m = ENTRY.matcher(line);
      if (m.matches() && !COMMANDS.contains(m.group("cmd"))) {
        emit(pending, context);
        pending = null;
        context.skip(number, "unknown command " + m.group("cmd"));
      } else if (m.matches()) {
        emit(pending, context);
        String time = m.group("time");
        if (time != null) {
          long parsed = times.parse(time);
          if (parsed < 0) {
            context.skip(number, "unreadable time");
          } else {
            lastTime = parsed;
          }
        }
        String arg = m.group("arg");
        pending = new Pending(number, lastTime, m.group("id"), m.group("cmd"),
            new StringBuilder(arg == null ? "" : arg));
      } else if (pending != null && pending.takesMoreLines()) {
        pending.lines++;
        if (pending.text.length() + line.length() > MAX_STATEMENT_CHARS) {
          pending.tooLong = true;
        } else {
          pending.text.append('\n').append(line);
        }
      } else {
        context.skip(number, "line is neither a general log entry nor part of a statement");
      }
    }
    emit(pending, context);
  }

  /** The entry being read: it may go on over the following lines. */
  private static final class Pending {
    final long line;
    final long time;
    final String session;
    final String command;
    final StringBuilder text;
    long lines = 1;
    boolean tooLong;

    Pending(long line, long time, String session, String command, StringBuilder text) {
      this.line = line;
      this.time = time;
      this.session = session;
      this.command = command;
      this.text = text;
    }

    boolean takesMoreLines() {
      return switch (command) {
        case "Query", "Execute", "Prepare" -> true;
        default -> false;
      };
    }
  }

  private static void emit(Pending p, ReadContext context) {
    if (p == null) {
      return;
    }
    if (p.tooLong) {
      context.skip(p.line, p.lines, "statement longer than " + MAX_STATEMENT_CHARS + " characters");
      return;
    }
    switch (p.command) {
      case "Connect" -> {
        if (!p.text.toString().contains("Access denied")) {
          context.emit(Event.marker(EventKind.CONNECT, p.session, p.time, p.line));
        }
      }
      case "Quit" -> context.emit(Event.marker(EventKind.DISCONNECT, p.session, p.time, p.line));
      case "Query", "Execute" -> {
        String sql = p.text.toString();
        switch (TransactionStatements.classify(sql)) {
          case BEGIN -> { }
          case COMMIT -> context.emit(Event.marker(EventKind.COMMIT, p.session, p.time, p.line));
          case ROLLBACK -> context.emit(Event.marker(EventKind.ROLLBACK, p.session, p.time, p.line));
          default -> context.emit(Event.statement(p.session, p.time, Event.UNKNOWN, sql, p.line));
        }
      }
      default -> { }
    }
  }
}
