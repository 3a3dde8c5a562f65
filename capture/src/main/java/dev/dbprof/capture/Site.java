package dev.dbprof.capture;

/** The first application frame of a statement. Immutable; its JSON is built once. */
final class Site {

  static final Site UNKNOWN = new Site("", "", null, -1);

  final String className;
  final String method;
  final String file;
  final int line;
  private volatile String json;

  Site(String className, String method, String file, int line) {
    this.className = className;
    this.method = method;
    this.file = file;
    this.line = line;
  }

  static Site of(StackWalker.StackFrame frame) {
    return new Site(frame.getClassName(), frame.getMethodName(), frame.getFileName(),
        frame.getLineNumber());
  }

  String json() {
    String j = json;
    if (j == null) {
      StringBuilder sb = new StringBuilder(96);
      sb.append("{\"class\":");
      Json.string(sb, className);
      sb.append(",\"method\":");
      Json.string(sb, method);
      if (file != null) {
        sb.append(",\"file\":");
        Json.string(sb, file);
      }
      if (line >= 0) {
        sb.append(",\"line\":").append(line);
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
