package dev.dbprof.capture;

/** The few JSON writing primitives the capture needs (no library in the host application). */
final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, start, i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
      start = i + 1;
    }
    sb.append(s, start, n).append('"');
  }

  static void hex(StringBuilder sb, byte[] bytes, int count) {
    for (int i = 0; i < count; i++) {
      sb.append(HEX[(bytes[i] >> 4) & 0xf]).append(HEX[bytes[i] & 0xf]);
    }
  }
}
