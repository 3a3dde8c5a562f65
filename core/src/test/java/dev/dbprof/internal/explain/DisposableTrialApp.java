package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import dev.dbprof.model.Candidate;
import java.util.List;

/**
 * A child JVM for {@link DisposableTrialShutdownTest}: validates one suggestion on a disposable
 * MariaDB database and stops while the trial index exists, until it is terminated.
 */
public final class DisposableTrialApp {

  private DisposableTrialApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String database = url.substring(url.lastIndexOf('/') + 1);
    AdvisorOptions options = AdvisorOptions.defaults().withAllowSuperuser(true)
        .withDisposableDatabase(database).withBudget(java.time.Duration.ofSeconds(600));
    try (IndexAdvisor advisor = IndexAdvisor.open(url, "root", "", options)) {
      advisor.whileTrialIndexesExist(() -> {
        System.out.println("TRIAL INDEX EXISTS");
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      String sql = "SELECT * FROM orders WHERE customer_id = ?";
      advisor.advise(List.of(new Candidate("0xA", sql, sql, false, null, 100, 10)));
    }
    System.out.println("WRONG: the trial ended by itself");
  }
}
