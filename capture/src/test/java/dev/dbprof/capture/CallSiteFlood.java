package dev.dbprof.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link CallSiteFinderMemoryTest} in a JVM with a small heap: {@code THREADS} threads each find
 * the call sites of {@code TEXTS} distinct SQL texts of {@code MB} megabytes, as a host application
 * sending huge literal statements would. Exits 0 when every thread got through.
 */
public final class CallSiteFlood {

  private CallSiteFlood() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int texts = Integer.parseInt(args[1]);
    int megabytes = Integer.parseInt(args[2]);
    CallSiteFinder sites = new CallSiteFinder(List.of());
    List<Thread> running = new ArrayList<>();
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        try {
          for (int i = 0; i < texts; i++) {
            String literal = "x".repeat(megabytes * 1024 * 1024);
            sites.find("select '" + literal + "' /* thread " + thread + " text " + i + " */");
          }
        } catch (Throwable e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      });
      worker.start();
      running.add(worker);
    }
    for (Thread worker : running) {
      worker.join();
    }
    if (failure[0] != null) {
      System.out.println("failed: " + failure[0]);
      System.exit(1);
    }
    System.out.println("done");
  }
}
