package dev.dbprof.internal.read.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns PostgreSQL's {@code parameters: $1 = '10', $2 = NULL} detail into dbprof's canonical
 * parameter string: a JSON array of strings ({@code ["10",null]}), the same shape a capture file
 * carries, so equal values compare equal whatever the destination that logged them.
 */
final class PgParameters {

  private static final String PREFIX = "parameters: ";

  private PgParameters() {}

  /** The canonical string, or null when {@code detail} is not a parameter list. */
  static String canonical(String detail) {
    if (detail == null || detail.length() < PREFIX.length()
        || !detail.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    List<String> values = parse(detail, PREFIX.length());
    if (values == null) {
      // unparseable (cut by log_parameter_max_length and the like): the text still tells
      // equal from different values
      return toJson(List.of(detail.substring(PREFIX.length())));
    }
    return toJson(values);
  }

  private static List<String> parse(String text, int start) {
    List<String> values = new ArrayList<>();
    int i = start;
    int n = text.length();
    while (i < n) {
      if (text.charAt(i) != '$') {
        return null;
      }
      int eq = text.indexOf(" = ", i);
      if (eq < 0) {
        return null;
      }
      i = eq + 3;
      if (text.startsWith("NULL", i)) {
        values.add(null);
        i += 4;
      } else if (i < n && text.charAt(i) == '\'') {
        StringBuilder value = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i);
          if (c == '\'') {
            if (i + 1 < n && text.charAt(i + 1) == '\'') {
              value.append('\'');
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          value.append(c);
          i++;
        }
        if (!closed) {
          return null;
        }
        values.add(value.toString());
      } else {
        return null;
      }
      if (i == n) {
        break;
      }
      if (!text.startsWith(", ", i)) {
        return null;
      }
      i += 2;
    }
    return values;
  }

  static String toJson(List<String> values) {
    StringBuilder out = new StringBuilder(16 * values.size() + 2).append('[');
    for (int k = 0; k < values.size(); k++) {
      if (k > 0) {
        out.append(',');
      }
      String v = values.get(k);
      if (v == null) {
        out.append("null");
        continue;
      }
      out.append('"');
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
    return out.append(']').toString();
  }
}
