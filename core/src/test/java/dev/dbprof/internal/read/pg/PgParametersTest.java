package dev.dbprof.internal.read.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.internal.read.spi.TransactionStatements.Control;
import dev.dbprof.internal.read.spi.TransactionStatements;
import org.junit.jupiter.api.Test;

class PgParametersTest {

  @Test
  void parameterListsBecomeJsonArrays() {
    assertThat(PgParameters.canonical("parameters: $1 = '10'")).isEqualTo("[\"10\"]");
    assertThat(PgParameters.canonical("Parameters: $1 = 'a''b, $2 = c', $2 = NULL, $3 = '\"\\'"))
        .isEqualTo("[\"a'b, $2 = c\",null,\"\\\"\\\\\"]");
    assertThat(PgParameters.canonical("parameters: $1 = 'line\none\ttab'"))
        .isEqualTo("[\"line\\none\\ttab\"]");
  }

  @Test
  void cutOrUnknownDetailsStillTellValuesApart() {
    // log_parameter_max_length cuts values and appends "..."
    assertThat(PgParameters.canonical("parameters: $1 = 'abcdef...'")).isEqualTo("[\"abcdef...\"]");
    assertThat(PgParameters.canonical("parameters: $1 = 'never closed"))
        .isEqualTo("[\"$1 = 'never closed\"]");
    assertThat(PgParameters.canonical("parameters: $1 = 'never closed"))
        .isNotEqualTo(PgParameters.canonical("parameters: $1 = 'other"));
    assertThat(PgParameters.canonical("Key (id)=(1) already exists.")).isNull();
    assertThat(PgParameters.canonical(null)).isNull();
  }

  @Test
  void transactionStatements() {
    assertThat(TransactionStatements.classify("BEGIN")).isEqualTo(Control.BEGIN);
    assertThat(TransactionStatements.classify("begin isolation level serializable")).isEqualTo(Control.BEGIN);
    assertThat(TransactionStatements.classify("START TRANSACTION READ ONLY")).isEqualTo(Control.BEGIN);
    assertThat(TransactionStatements.classify(" commit ; ")).isEqualTo(Control.COMMIT);
    assertThat(TransactionStatements.classify("END")).isEqualTo(Control.COMMIT);
    assertThat(TransactionStatements.classify("ROLLBACK")).isEqualTo(Control.ROLLBACK);
    assertThat(TransactionStatements.classify("abort")).isEqualTo(Control.ROLLBACK);
    assertThat(TransactionStatements.classify("ROLLBACK TO SAVEPOINT s1")).isEqualTo(Control.NONE);
    assertThat(TransactionStatements.classify("COMMIT PREPARED 'tx'")).isEqualTo(Control.NONE);
    assertThat(TransactionStatements.classify("begin; delete from t")).isEqualTo(Control.NONE);
    assertThat(TransactionStatements.classify("select 1")).isEqualTo(Control.NONE);
  }

  @Test
  void transactionStatementsWithATagCommentAreStillTransactionStatements() {
    // rails-pg tagged_requests (marginalia tags every statement the adapter runs), typeorm-pg (a query hook)
    assertThat(TransactionStatements.classify("BEGIN /*application:Shop,controller:customers,action:index*/"))
        .isEqualTo(Control.BEGIN);
    assertThat(TransactionStatements.classify("COMMIT /*db_driver='typeorm%3A0.3.31',route='%2Fcustomers',"
        + "traceparent='00-fac7e1d846968a736f7bb3606897e506-2e8557cbf3207e85-01'*/")).isEqualTo(Control.COMMIT);
    assertThat(TransactionStatements.classify("/* controller='orders',action='show' */ ROLLBACK"))
        .isEqualTo(Control.ROLLBACK);
    assertThat(TransactionStatements.classify("START TRANSACTION; /*route='%2Fx'*/")).isEqualTo(Control.BEGIN);
    assertThat(TransactionStatements.classify("COMMIT /*unclosed")).isEqualTo(Control.NONE);
    assertThat(TransactionStatements.classify("/*route='x'*/ select 1")).isEqualTo(Control.NONE);
    assertThat(TransactionStatements.classify("commit /* a */ ; delete from t /* b */")).isEqualTo(Control.NONE);
  }
}
