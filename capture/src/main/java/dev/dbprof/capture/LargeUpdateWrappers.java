package dev.dbprof.capture;

import com.p6spy.engine.common.ConnectionInformation;
import com.p6spy.engine.common.PreparedStatementInformation;
import com.p6spy.engine.common.StatementInformation;
import com.p6spy.engine.event.JdbcEventListener;
import com.p6spy.engine.wrapper.ConnectionWrapper;
import com.p6spy.engine.wrapper.PreparedStatementWrapper;
import com.p6spy.engine.wrapper.StatementWrapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * p6spy 3.9.1's wrappers do not override JDBC 4.2's {@code executeLargeUpdate},
 * {@code executeLargeBatch}, {@code getLargeUpdateCount} and {@code setLargeMaxRows}, so the
 * interface defaults throw {@code UnsupportedOperationException} where the driver would answer.
 * These subclasses pass them to the driver (and record the executions).
 */
final class LargeUpdateWrappers {

    private LargeUpdateWrappers() {
    }

    static Connection wrap(Connection raw, JdbcEventListener listener, ConnectionInformation info) {
        CapturedConnection c = new CapturedConnection(raw, listener, info);
        listener.onConnectionWrapped(info);
        return c;
    }

    private interface LongUpdate {
        long run() throws SQLException;
    }

    private static long update(JdbcEventListener listener, StatementInformation info, String sql, LongUpdate call)
            throws SQLException {
        long start = System.nanoTime();
        if (info instanceof PreparedStatementInformation p && sql == null) {
            listener.onBeforeExecuteUpdate(p);
        } else {
            listener.onBeforeExecuteUpdate(info, sql);
        }
        SQLException failure = null;
        long rows = 0;
        try {
            rows = call.run();
            return rows;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            long ns = System.nanoTime() - start;
            int count = (int) Math.min(rows, Integer.MAX_VALUE);
            if (info instanceof PreparedStatementInformation p && sql == null) {
                listener.onAfterExecuteUpdate(p, ns, count, failure);
            } else {
                listener.onAfterExecuteUpdate(info, ns, sql, count, failure);
            }
        }
    }

    private static long[] batch(JdbcEventListener listener, StatementInformation info, Statement delegate)
            throws SQLException {
        long start = System.nanoTime();
        listener.onBeforeExecuteBatch(info);
        SQLException failure = null;
        long[] counts = null;
        try {
            counts = delegate.executeLargeBatch();
            return counts;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            int[] asInts = null;
            if (counts != null) {
                asInts = new int[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    asInts[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(counts[i], Integer.MAX_VALUE));
                }
            }
            listener.onAfterExecuteBatch(info, System.nanoTime() - start, asInts, failure);
        }
    }

    static final class CapturedConnection extends ConnectionWrapper {
        private final Connection delegate;
        private final JdbcEventListener listener;
        private final ConnectionInformation info;

        CapturedConnection(Connection delegate, JdbcEventListener listener, ConnectionInformation info) {
            super(delegate, listener, info);
            this.delegate = delegate;
            this.listener = listener;
            this.info = info;
        }

        private Statement statement(Statement s) {
            return new CapturedStatement(s, new StatementInformation(info), listener);
        }

        private PreparedStatement prepared(PreparedStatement s, String sql) {
            return new CapturedPreparedStatement(s, new PreparedStatementInformation(info, sql), listener);
        }

        @Override
        public Statement createStatement() throws SQLException {
            return statement(delegate.createStatement());
        }

        @Override
        public Statement createStatement(int type, int concurrency) throws SQLException {
            return statement(delegate.createStatement(type, concurrency));
        }

        @Override
        public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
            return statement(delegate.createStatement(type, concurrency, holdability));
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            return prepared(delegate.prepareStatement(sql), sql);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
            return prepared(delegate.prepareStatement(sql, type, concurrency), sql);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
                throws SQLException {
            return prepared(delegate.prepareStatement(sql, type, concurrency, holdability), sql);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
            return prepared(delegate.prepareStatement(sql, autoGeneratedKeys), sql);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
            return prepared(delegate.prepareStatement(sql, columnIndexes), sql);
        }

        @Override
        public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
            return prepared(delegate.prepareStatement(sql, columnNames), sql);
        }
    }

    static final class CapturedStatement extends StatementWrapper {
        private final Statement delegate;
        private final StatementInformation info;
        private final JdbcEventListener listener;

        CapturedStatement(Statement delegate, StatementInformation info, JdbcEventListener listener) {
            super(delegate, info, listener);
            this.delegate = delegate;
            this.info = info;
            this.listener = listener;
        }

        @Override
        public long executeLargeUpdate(String sql) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql));
        }

        @Override
        public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
        }

        @Override
        public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, columnIndexes));
        }

        @Override
        public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, columnNames));
        }

        @Override
        public long[] executeLargeBatch() throws SQLException {
            return batch(listener, info, delegate);
        }

        @Override
        public long getLargeUpdateCount() throws SQLException {
            return delegate.getLargeUpdateCount();
        }

        @Override
        public void setLargeMaxRows(long max) throws SQLException {
            delegate.setLargeMaxRows(max);
        }

        @Override
        public long getLargeMaxRows() throws SQLException {
            return delegate.getLargeMaxRows();
        }
    }

    static final class CapturedPreparedStatement extends PreparedStatementWrapper {
        private final PreparedStatement delegate;
        private final PreparedStatementInformation info;
        private final JdbcEventListener listener;

        CapturedPreparedStatement(PreparedStatement delegate, PreparedStatementInformation info,
                JdbcEventListener listener) {
            super(delegate, info, listener);
            this.delegate = delegate;
            this.info = info;
            this.listener = listener;
        }

        @Override
        public long executeLargeUpdate() throws SQLException {
            return update(listener, info, null, delegate::executeLargeUpdate);
        }

        @Override
        public long executeLargeUpdate(String sql) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql));
        }

        @Override
        public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
        }

        @Override
        public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, columnIndexes));
        }

        @Override
        public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
            return update(listener, info, sql, () -> delegate.executeLargeUpdate(sql, columnNames));
        }

        @Override
        public long[] executeLargeBatch() throws SQLException {
            return batch(listener, info, delegate);
        }

        @Override
        public long getLargeUpdateCount() throws SQLException {
            return delegate.getLargeUpdateCount();
        }

        @Override
        public void setLargeMaxRows(long max) throws SQLException {
            delegate.setLargeMaxRows(max);
        }

        @Override
        public long getLargeMaxRows() throws SQLException {
            return delegate.getLargeMaxRows();
        }
    }
}
