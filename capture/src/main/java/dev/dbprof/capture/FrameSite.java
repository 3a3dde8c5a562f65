package dev.dbprof.capture;

/**
 * The first application frame of a statement, and the start-up runner seen above it on the stack
 * ({@link StartupRunners}), if any. Immutable; its JSON is built once.
 */
final class FrameSite {

  static final FrameSite UNKNOWN = new FrameSite("", "", null, -1, null);

  final String className;
  final String method;
  final String file;
  final int line;
  /** The start-up runner on the stack ({@code flyway}, {@code hibernate-schema}…), or null. */
  final String startup;
  private volatile String json;

  FrameSite(String className, String method, String file, int line, String startup) {
    this.className = className;
    this.method = method;
    this.file = file;
    this.line = line;
    this.startup = startup;
  }

  static FrameSite of(StackWalker.StackFrame frame, String startup) {
    return new FrameSite(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
        frame.getLineNumber(), startup);
  }

  /** Whether an application frame was found (else only {@link #startup} may be known). */
  boolean known() {
    return !className.isEmpty();
  }

  String json() {
    String j = json;
    if (j == null) {
      StringBuilder sb = new StringBuilder(96);
      sb.append("{\"" + CaptureFormat.SITE_CLASS + "\":");
      Json.string(sb, className);
      sb.append(",\"" + CaptureFormat.SITE_METHOD + "\":");
      Json.string(sb, method);
      if (file != null) {
        sb.append(",\"" + CaptureFormat.SITE_FILE + "\":");
        Json.string(sb, file);
      }
      if (line >= 0) {
        sb.append(",\"" + CaptureFormat.SITE_LINE + "\":").append(line);
      }
      j = sb.append('}').toString();
      json = j;
    }
    return j;
  }

  @Override
  public String toString() {
    return className + "." + method + "(" + file + ":" + line + ")";
  }

  /** Whether {@code other} names the same place (for telling a cached site from a fresh walk's). */
  boolean samePlace(FrameSite other) {
    return line == other.line && className.equals(other.className) && method.equals(other.method)
        && java.util.Objects.equals(startup, other.startup);
  }
}
