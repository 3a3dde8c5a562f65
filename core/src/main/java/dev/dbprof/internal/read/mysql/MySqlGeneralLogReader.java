package dev.dbprof.internal.read.mysql;

import dev.dbprof.model.Event;
import dev.dbprof.model.EventKind;
import dev.dbprof.internal.read.spi.LogReader;
import dev.dbprof.internal.read.spi.ReadContext;
import dev.dbprof.internal.read.spi.TextPool;
import dev.dbprof.internal.read.spi.TransactionStatements;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads the MySQL/MariaDB general query log: {@code <time>\t<id> <Command>\t<argument>}, the
 * time column blank while it does not change, a statement's further lines unprefixed. Every
 * {@code Query} and {@code Execute} is an execution ({@code Prepare} is not); {@code Connect} and
 * {@code Quit} open and close sessions. The log has no durations and no errors.
 */
public final class MySqlGeneralLogReader implements LogReader {

  /** Command names the servers print (MySQL {@code command_name[]}, MariaDB additions). */
  private static final String[] COMMANDS = {"Sleep", "Quit", "Init DB", "Query",
      "Field List", "Create DB", "Drop DB", "Refresh", "Shutdown", "Statistics", "Processlist",
      "Connect", "Kill", "Debug", "Ping", "Time", "Delayed insert", "Change user", "Binlog Dump",
      "Table Dump", "Connect Out", "Register Slave", "Prepare", "Execute", "Long Data",
      "Close stmt", "Reset stmt", "Set option", "Fetch", "Daemon", "Reset Connection", "Error",
      "Clone", "Bulk_execute", "Slave_worker", "Slave_IO", "Slave_SQL", "Com_multi"};

  /** A statement longer than this is given up, so that a broken file cannot fill the memory. */
  static final int MAX_STATEMENT_CHARS = 16 * 1024 * 1024;

  @Override
  public void read(BufferedReader in, ReadContext context) throws IOException {
    MySqlLogTimes times = new MySqlLogTimes();
    GeneralLogEntry entry = new GeneralLogEntry();
    TextPool sessions = new TextPool();
    Pending pending = new Pending();
    long lastTime = Event.UNKNOWN;
    long number = 0;
    String line;
    while ((line = in.readLine()) != null) {
      number++;
      if (MySqlBanner.isBanner(line)) {
        emit(pending, context);
        continue;
      }
      if (entry.parse(line)) {
        emit(pending, context);
        String command = command(line, entry.commandFrom, entry.commandTo);
        if (command == null) {
          context.skip(number, "unknown command "
              + line.substring(entry.commandFrom, entry.commandTo));
          continue;
        }
        if (entry.timeEnd > 0) {
          long parsed = times.parse(line.substring(0, entry.timeEnd));
          if (parsed < 0) {
            context.skip(number, "unreadable time");
          } else {
            lastTime = parsed;
          }
        }
        pending.start(number, lastTime, sessions.get(line, entry.idFrom, entry.idTo), command,
            entry.argumentFrom < 0 ? "" : line.substring(entry.argumentFrom));
      } else if (pending.active && pending.takesMoreLines()) {
        pending.append(line);
      } else {
        context.skip(number, "line is neither a general log entry nor part of a statement");
      }
    }
    emit(pending, context);
  }

  /** The known command spelled at {@code line[from, to)}, or null. */
  private static String command(String line, int from, int to) {
    int length = to - from;
    char first = line.charAt(from);
    for (String command : COMMANDS) {
      if (command.length() == length && command.charAt(0) == first
          && line.startsWith(command, from)) {
        return command;
      }
    }
    return null;
  }

  /** The entry being read: it may go on over the following lines. One per read, reused. */
  private static final class Pending {
    boolean active;
    long line;
    long time;
    String session;
    String command;
    /** The text while it is one line; {@link #more} holds it once it has more. */
    String first;
    final StringBuilder more = new StringBuilder();
    boolean multiLine;
    long lines;
    boolean tooLong;

    void start(long line, long time, String session, String command, String text) {
      active = true;
      this.line = line;
      this.time = time;
      this.session = session;
      this.command = command;
      first = text;
      multiLine = false;
      lines = 1;
      tooLong = false;
    }

    boolean takesMoreLines() {
      return switch (command) {
        case "Query", "Execute", "Prepare" -> true;
        default -> false;
      };
    }

    void append(String next) {
      lines++;
      int length = multiLine ? more.length() : first.length();
      if (length + next.length() > MAX_STATEMENT_CHARS) {
        tooLong = true;
        return;
      }
      if (!multiLine) {
        more.setLength(0);
        more.append(first);
        multiLine = true;
        first = null;
      }
      more.append('\n').append(next);
    }

    String text() {
      return multiLine ? more.toString() : first;
    }
  }

  private static void emit(Pending p, ReadContext context) {
    if (!p.active) {
      return;
    }
    p.active = false;
    if (p.tooLong) {
      context.skip(p.line, p.lines, "statement longer than " + MAX_STATEMENT_CHARS + " characters");
      return;
    }
    switch (p.command) {
      case "Connect" -> {
        if (!p.text().contains("Access denied")) {
          context.emit(Event.marker(EventKind.CONNECT, p.session, p.time, p.line));
        }
      }
      case "Quit" -> context.emit(Event.marker(EventKind.DISCONNECT, p.session, p.time, p.line));
      case "Query", "Execute" -> {
        String sql = p.text();
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
