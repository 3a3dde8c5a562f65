package dev.dbprof.capture;

/** The first application frame of a statement. Immutable; its JSON is built once. */
final class FrameSite {

  static final FrameSite UNKNOWN = new FrameSite("", "", null, -1);

  final String className;
  final String method;
  final String file;
  final int line;
  private volatile String json;

  FrameSite(String className, String method, String file, int line) {
    this.className = className;
    this.method = method;
    this.file = file;
    this.line = line;
  }

  static FrameSite of(StackWalker.StackFrame frame) {
    return new FrameSite(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
        frame.getLineNumber());
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
}
