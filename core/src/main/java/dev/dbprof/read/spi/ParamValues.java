package dev.dbprof.read.spi;

import java.util.List;

/**
 * The canonical text of a statement's parameter values ({@link dev.dbprof.model.Event#params()}):
 * SQL literals joined by {@code ", "}. Only equality matters: equal values give equal text within
 * one input, different values give different text.
 */
public final class ParamValues {

  private ParamValues() {
  }

  /** Values as strings (null for SQL NULL), each quoted as an SQL string literal. */
  public static String ofValues(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      if (out.length() > 0) {
        out.append(", ");
      }
      appendQuoted(out, value);
    }
    return out.toString();
  }

  /** Literals already in SQL form ({@code 42}, {@code 'O''Brien'}, {@code NULL}), kept as they are. */
  public static String ofLiterals(List<String> literals) {
    return String.join(", ", literals);
  }

  static void appendQuoted(StringBuilder out, String value) {
    if (value == null) {
      out.append("NULL");
      return;
    }
    out.append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c);
      if (c == '\'') {
        out.append('\'');
      }
    }
    out.append('\'');
  }
}
