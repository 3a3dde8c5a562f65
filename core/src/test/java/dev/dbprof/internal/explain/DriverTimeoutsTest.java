package dev.dbprof.internal.explain;

import dev.dbprof.options.AdvisorOptions;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The driver timeouts the advisor connects with: the user's where set, never beyond the budget. */
class DriverTimeoutsTest {

  private static final AdvisorOptions BUDGET_3S = AdvisorOptions.defaults().withBudget(Duration.ofSeconds(3));

  @Test
  void postgresGetsConnectLoginAndSocketTimeoutsInSecondsWithinTheBudget() {
    Properties props = new Properties();
    String url = AdvisorConnection.boundedTimeouts("jdbc:postgresql://db/shop", props, BUDGET_3S);
    assertThat(url).isEqualTo("jdbc:postgresql://db/shop");
    assertThat(props).containsEntry("connectTimeout", "3").containsEntry("loginTimeout", "3")
        .containsEntry("socketTimeout", "3");
    Properties roomy = new Properties();
    AdvisorConnection.boundedTimeouts("jdbc:postgresql://db/shop", roomy, AdvisorOptions.defaults());
    // a budget of 60 s: 10 s to connect, the 5 s statement timeout and 5 s more for the answer
    assertThat(roomy).containsEntry("connectTimeout", "10").containsEntry("socketTimeout", "10");
  }

  @Test
  void theUsersOwnValuesAreKeptButNeverBeyondTheBudget() {
    Properties props = new Properties();
    String url = AdvisorConnection.boundedTimeouts(
        "jdbc:postgresql://db/shop?connectTimeout=2&socketTimeout=3600&loginTimeout=0", props, BUDGET_3S);
    assertThat(url).isEqualTo("jdbc:postgresql://db/shop?connectTimeout=2&socketTimeout=3&loginTimeout=3");
    assertThat(props).doesNotContainKeys("connectTimeout", "socketTimeout", "loginTimeout");
  }

  @Test
  void mariaDbAndMySqlCountInMilliseconds() {
    Properties props = new Properties();
    String url = AdvisorConnection.boundedTimeouts("jdbc:mariadb://db/shop?socketTimeout=0", props, BUDGET_3S);
    assertThat(url).isEqualTo("jdbc:mariadb://db/shop?socketTimeout=3000");
    assertThat(props).containsEntry("connectTimeout", "3000").doesNotContainKey("socketTimeout");
    Properties mysql = new Properties();
    AdvisorConnection.boundedTimeouts("jdbc:mysql://db/shop", mysql, AdvisorOptions.defaults());
    assertThat(mysql).containsEntry("connectTimeout", "10000").containsEntry("socketTimeout", "10000");
  }
}
