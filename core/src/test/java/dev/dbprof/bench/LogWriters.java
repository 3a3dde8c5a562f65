package dev.dbprof.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Writes generated statements as each input format's real writer would. */
final class LogWriters {

  static final String[] FORMATS = {"dbprof", "p6spy", "pg-stderr", "pg-csvlog", "pg-jsonlog", "mysql-slow", "mysql-general"};

  private LogWriters() {
  }

  /** The file name a format is written to. */
  static String fileName(String format) {
    return switch (format) {
      case "dbprof" -> "capture.jsonl";
      case "p6spy" -> "spy.log";
      case "pg-stderr" -> "postgresql.log";
      case "pg-csvlog" -> "postgresql.csv";
      case "pg-jsonlog" -> "postgresql.json";
      case "mysql-slow" -> "mysql-slow.log";
      case "mysql-general" -> "mysql-general.log";
      default -> throw new IllegalArgumentException("unknown format " + format);
    };
  }

  static LogWriter create(String format, Writer out) throws IOException {
    LogWriter writer = switch (format) {
      case "dbprof" -> new Capture(out);
      case "p6spy" -> new P6spy(out);
      case "pg-stderr" -> new PgStderr(out);
      case "pg-csvlog" -> new PgCsv(out);
      case "pg-jsonlog" -> new PgJson(out);
      case "mysql-slow" -> new MySqlSlow(out);
      case "mysql-general" -> new MySqlGeneral(out);
      default -> throw new IllegalArgumentException("unknown format " + format);
    };
    writer.header();
    return writer;
  }

  /** One format's writer. */
  abstract static class LogWriter implements Closeable {
    final Writer out;
    final boolean[] seen = new boolean[Workload.CONNECTIONS];

    LogWriter(Writer out) {
      this.out = out;
    }

    void header() throws IOException {
    }

    abstract void write(Statement s) throws IOException;

    /** True the first time a connection is used. */
    boolean firstUse(int connection) {
      boolean first = !seen[connection];
      seen[connection] = true;
      return first;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  // ---- formats ---------------------------------------------------------------------------------

  /** dbprof's own capture file, parameters in mode raw. */
  static final class Capture extends LogWriter {
    Capture(Writer out) {
      super(out);
    }

    @Override
    void header() throws IOException {
      out.write("{\"type\":\"header\",\"format\":\"dbprof-capture/1\",\"tool\":\"dbprof-capture\",\"version\":\"0.1.0\","
          + "\"start\":" + Workload.START_MICROS + ",\"db\":\"PostgreSQL 17.6\",\"url\":\"jdbc:postgresql://127.0.0.1:5432/shop\","
          + "\"params\":\"raw\",\"pid\":4242}\n");
    }

    @Override
    void write(Statement s) throws IOException {
      String common = ",\"ts\":" + s.startMicros() + ",\"conn\":" + s.connection() + ",\"thread\":\"http-nio-8080-exec-"
          + s.slot() + "\",\"ns\":";
      if (firstUse(s.connection())) {
        out.write("{\"type\":\"open\"" + common + "812000}\n");
      }
      if (s.kind() != Statement.Kind.SQL) {
        out.write("{\"type\":\"" + (s.kind() == Statement.Kind.COMMIT ? "commit" : "rollback") + "\"" + common
            + s.elapsedMicros() * 1000 + "}\n");
        return;
      }
      StringBuilder b = new StringBuilder(256);
      b.append("{\"type\":\"stmt\"").append(common).append(s.elapsedMicros() * 1000).append(",\"sql\":");
      Text.json(b, s.sql());
      b.append(",\"params\":[");
      Object[] params = s.params();
      for (int i = 0; i < params.length; i++) {
        if (i > 0) {
          b.append(',');
        }
        if (params[i] == null) {
          b.append("null");
        } else {
          Text.json(b, params[i] instanceof Workload.Timestamp t ? Text.isoMicros(t.micros(), ' ') : params[i].toString());
        }
      }
      String site = s.site();
      int dot = site.indexOf('.');
      b.append("],\"rows\":").append(s.rows()).append(",\"site\":{\"class\":\"shop.").append(site, 0, dot)
          .append("\",\"method\":\"").append(site, dot + 1, site.length()).append("\",\"file\":\"")
          .append(site, 0, dot).append(".java\",\"line\":").append(10 + Math.floorMod(site.hashCode(), 300)).append("}}\n");
      out.write(b.toString());
    }
  }

  /** p6spy 3.9's SingleLineFormat: {@code now|elapsed|category|connection N|url U|prepared|sql}. */
  static final class P6spy extends LogWriter {
    private static final String URL = "url jdbc:postgresql://127.0.0.1:5432/shop";

    P6spy(Writer out) {
      super(out);
    }

    @Override
    void write(Statement s) throws IOException {
      String head = s.startMicros() / 1000 + "|" + s.elapsedMicros() / 1000 + "|";
      if (s.kind() != Statement.Kind.SQL) {
        out.write(head + (s.kind() == Statement.Kind.COMMIT ? "commit" : "rollback") + "|connection " + s.connection()
            + "|" + URL + "||\n");
        return;
      }
      out.write(head + "statement|connection " + s.connection() + "|" + URL + "|" + Text.singleLine(s.sql()) + "|"
          + Text.singleLine(Text.inline(s.sql(), s.params(), Text.Dialect.P6SPY)) + "\n");
    }
  }

  /** PostgreSQL stderr with {@code log_line_prefix = '%m [%p] %q%u@%d '} and {@code log_min_duration_statement = 0}. */
  static final class PgStderr extends LogWriter {
    PgStderr(Writer out) {
      super(out);
    }

    @Override
    void write(Statement s) throws IOException {
      out.write(Text.pgTime(s.startMicros()) + " [" + PgIds.pid(s) + "] app@shop LOG:  duration: " + Text.millis3(s.elapsedMicros())
          + " ms  statement: " + PgIds.text(s).replace("\n", "\n\t") + "\n");
    }
  }

  /** PostgreSQL csvlog (26 columns, PostgreSQL 14 and later). */
  static final class PgCsv extends LogWriter {
    private final long[] lineNumbers = new long[Workload.CONNECTIONS];

    PgCsv(Writer out) {
      super(out);
    }

    @Override
    void write(Statement s) throws IOException {
      int pid = PgIds.pid(s);
      String text = PgIds.text(s);
      out.write(Text.pgTime(s.startMicros()) + ",\"app\",\"shop\"," + pid + ",\"127.0.0.1:" + (40000 + s.connection())
          + "\"," + PgIds.session(pid) + "," + ++lineNumbers[s.connection()] + ",\"" + PgIds.tag(text) + "\","
          + Text.pgTime(Workload.START_MICROS).substring(0, 19) + " UTC,3/" + lineNumbers[s.connection()] + ",0,LOG,00000,"
          + Text.csv("duration: " + Text.millis3(s.elapsedMicros()) + " ms  statement: " + text)
          + ",,,,,,,,,\"shop-app\",\"client backend\",,0\n");
    }
  }

  /** PostgreSQL jsonlog (PostgreSQL 15 and later). */
  static final class PgJson extends LogWriter {
    private final long[] lineNumbers = new long[Workload.CONNECTIONS];

    PgJson(Writer out) {
      super(out);
    }

    @Override
    void write(Statement s) throws IOException {
      int pid = PgIds.pid(s);
      String text = PgIds.text(s);
      StringBuilder b = new StringBuilder(256);
      b.append("{\"timestamp\":\"").append(Text.pgTime(s.startMicros())).append("\",\"user\":\"app\",\"dbname\":\"shop\",\"pid\":")
          .append(pid).append(",\"remote_host\":\"127.0.0.1\",\"remote_port\":").append(40000 + s.connection())
          .append(",\"session_id\":\"").append(PgIds.session(pid)).append("\",\"line_num\":").append(++lineNumbers[s.connection()])
          .append(",\"ps\":\"").append(PgIds.tag(text)).append("\",\"vxid\":\"3/").append(lineNumbers[s.connection()])
          .append("\",\"txid\":0,\"error_severity\":\"LOG\",\"message\":");
      Text.json(b, "duration: " + Text.millis3(s.elapsedMicros()) + " ms  statement: " + text);
      b.append(",\"application_name\":\"shop-app\",\"backend_type\":\"client backend\",\"query_id\":0}\n");
      out.write(b.toString());
    }
  }

  /** MySQL 8's slow query log with {@code long_query_time = 0}. */
  static final class MySqlSlow extends LogWriter {
    MySqlSlow(Writer out) {
      super(out);
    }

    @Override
    void header() throws IOException {
      out.write(MySqlIds.BANNER);
    }

    @Override
    void write(Statement s) throws IOException {
      long examined = s.elapsedMicros() > 20_000 ? s.rows() + s.elapsedMicros() * 50 : s.rows();
      StringBuilder b = new StringBuilder(300);
      b.append("# Time: ").append(Text.isoMicros(s.startMicros(), 'T')).append("Z\n# User@Host: app[app] @ localhost [127.0.0.1]  Id: ")
          .append(String.format(Locale.ROOT, "%5d", MySqlIds.id(s))).append("\n# Query_time: ")
          .append(String.format(Locale.ROOT, "%.6f", s.elapsedMicros() / 1e6)).append("  Lock_time: 0.000002 Rows_sent: ")
          .append(s.kind() == Statement.Kind.SQL && MySqlIds.isSelect(s.sql()) ? s.rows() : 0)
          .append("  Rows_examined: ").append(examined).append('\n');
      if (firstUse(s.connection())) {
        b.append("use shop;\n");
      }
      b.append("SET timestamp=").append(s.startMicros() / 1_000_000).append(";\n").append(MySqlIds.text(s)).append(";\n");
      out.write(b.toString());
    }
  }

  /** MySQL 8's general query log. */
  static final class MySqlGeneral extends LogWriter {
    MySqlGeneral(Writer out) {
      super(out);
    }

    @Override
    void header() throws IOException {
      out.write(MySqlIds.BANNER);
    }

    @Override
    void write(Statement s) throws IOException {
      String time = Text.isoMicros(s.startMicros(), 'T') + "Z\t" + String.format(Locale.ROOT, "%5d", MySqlIds.id(s));
      if (firstUse(s.connection())) {
        out.write(time + " Connect\tapp@localhost on shop using TCP/IP\n");
      }
      out.write(time + " Query\t" + MySqlIds.text(s) + "\n");
    }
  }

  private static final class PgIds {
    static int pid(Statement s) {
      return 4000 + s.connection();
    }

    static String session(int pid) {
      return "6b051d1f." + Integer.toHexString(pid);
    }

    static String text(Statement s) {
      return switch (s.kind()) {
        case COMMIT -> "COMMIT";
        case ROLLBACK -> "ROLLBACK";
        case SQL -> Text.inline(s.sql(), s.params(), Text.Dialect.POSTGRES);
      };
    }

    static String tag(String text) {
      int space = 0;
      while (space < text.length() && Character.isLetter(text.charAt(space))) {
        space++;
      }
      return text.substring(0, space).toUpperCase(Locale.ROOT);
    }
  }

  private static final class MySqlIds {
    static final String BANNER = "/usr/sbin/mysqld, Version: 8.0.40 (MySQL Community Server - GPL). started with:\n"
        + "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\nTime                 Id Command    Argument\n";

    static int id(Statement s) {
      return 10 + s.connection();
    }

    static boolean isSelect(String sql) {
      return sql.startsWith("select") || sql.startsWith("with");
    }

    static String text(Statement s) {
      return switch (s.kind()) {
        case COMMIT -> "commit";
        case ROLLBACK -> "rollback";
        case SQL -> Text.inline(s.sql(), s.params(), Text.Dialect.MYSQL);
      };
    }
  }

  /** Literal and timestamp rendering shared by the writers. */
  static final class Text {
    enum Dialect { POSTGRES, MYSQL, P6SPY }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static long cachedSecond = Long.MIN_VALUE;
    private static String cachedText;

    private Text() {
    }

    /** {@code yyyy-MM-dd HH:mm:ss} of an epoch second, cached (statements come a few ms apart). */
    static String second(long epochSecond) {
      if (epochSecond != cachedSecond) {
        cachedSecond = epochSecond;
        cachedText = SECONDS.format(Instant.ofEpochSecond(epochSecond));
      }
      return cachedText;
    }

    /** PostgreSQL's {@code %m}: {@code 2026-11-24 05:00:00.123 UTC}. */
    static String pgTime(long micros) {
      return second(micros / 1_000_000) + "." + pad(micros / 1000 % 1000, 3) + " UTC";
    }

    /** {@code 2026-11-24<sep>05:00:00.123456}. */
    static String isoMicros(long micros, char separator) {
      String s = second(micros / 1_000_000);
      return s.substring(0, 10) + separator + s.substring(11) + "." + pad(micros % 1_000_000, 6);
    }

    static String millis3(long micros) {
      return micros / 1000 + "." + pad(micros % 1000, 3);
    }

    private static String pad(long value, int width) {
      String s = Long.toString(value);
      return "0".repeat(width - s.length()) + s;
    }

    /** The statement with its {@code ?} replaced by literals, as the dialect writes them. */
    static String inline(String sql, Object[] params, Dialect dialect) {
      if (params.length == 0) {
        return sql;
      }
      StringBuilder b = new StringBuilder(sql.length() + 16 * params.length);
      int p = 0;
      for (int i = 0; i < sql.length(); i++) {
        char c = sql.charAt(i);
        if (c == '?' && p < params.length) {
          literal(b, params[p++], dialect);
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }

    private static void literal(StringBuilder b, Object value, Dialect dialect) {
      if (value == null) {
        b.append("NULL");
      } else if (value instanceof Boolean flag) {
        b.append(dialect == Dialect.MYSQL ? (flag ? "1" : "0") : flag.toString());
      } else if (value instanceof Long || value instanceof Workload.Decimal) {
        b.append(value);
      } else if (value instanceof Workload.Timestamp t) {
        String text = dialect == Dialect.P6SPY
            ? isoMicros(t.micros(), 'T').substring(0, 23) + "+0000" : isoMicros(t.micros(), ' ');
        b.append('\'').append(text).append('\'');
      } else {
        String s = value.toString();
        b.append('\'');
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (dialect == Dialect.MYSQL) {
            switch (c) {
              case '\\' -> b.append("\\\\");
              case '\'' -> b.append("\\'");
              case '"' -> b.append("\\\"");
              case '\n' -> b.append("\\n");
              default -> b.append(c);
            }
          } else {
            b.append(c == '\'' ? "''" : String.valueOf(c));
          }
        }
        b.append('\'');
      }
    }

    /** p6spy's {@code P6Util.singleLine}: runs of line breaks become one space. */
    static String singleLine(String s) {
      return s.indexOf('\n') < 0 ? s : s.replaceAll("(\r?\n)+", " ");
    }

    static void json(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\t' -> b.append("\\t");
          case '\r' -> b.append("\\r");
          default -> {
            if (c < 0x20) {
              b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }

    static String csv(String s) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
  }
}
