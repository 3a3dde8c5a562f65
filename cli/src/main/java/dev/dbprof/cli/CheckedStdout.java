package dev.dbprof.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Standard output that remembers why a write failed: {@code PrintStream} and {@code PrintWriter}
 * only keep a flag, and a report lost to a full disk or a closed pipe must not end with exit 0.
 */
final class CheckedStdout extends FilterOutputStream {

  private volatile IOException failure;

  CheckedStdout(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    try {
      out.write(b);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      throw remember(e);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw remember(e);
    }
  }

  private IOException remember(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /** The reason of the first failed write, or null. */
  String failure() {
    IOException e = failure;
    if (e == null) {
      return null;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : OutputFiles.lowerFirst(e.getMessage());
  }

  /** A writer on standard output that can tell why its writes failed. */
  static final class Writer extends PrintWriter {
    private final CheckedStdout stdout;

    Writer(java.io.PrintStream stream, CheckedStdout stdout) {
      super(stream, true, java.nio.charset.StandardCharsets.UTF_8);
      this.stdout = stdout;
    }
  }

  /**
   * Flushes {@code out} and, when something written to it was lost, the sentence that says so
   * (with the reason when {@code out} is standard output), else null.
   */
  static String failureOf(PrintWriter out) {
    if (!out.checkError()) {
      return null;
    }
    String reason = out instanceof Writer w ? w.stdout.failure() : null;
    return "Cannot write to standard output" + (reason == null ? "" : ": " + reason) + ".";
  }
}
