package dev.dbprof.internal.sql;

import dev.dbprof.model.ColumnRef;
import dev.dbprof.model.OrmStyle;
import dev.dbprof.model.StatementFacts;
import dev.dbprof.model.StatementKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Walks one parsed statement and collects its tables and the columns it filters, joins and
 * sorts on, with aliases resolved to table names. One instance per statement.
 */
final class FactCollector {

  /** Where an expression sits: only predicates in WHERE, ON and HAVING say what to index. */
  private enum Place { PREDICATE, OTHER }

  /** Marks an alias that names a derived table (a subquery), not a real table. */
  private static final String DERIVED = "";

  private final Set<String> tables = new LinkedHashSet<>();
  private final Set<String> cteNames = new HashSet<>();
  private final Map<String, String> aliases = new HashMap<>();
  private final Deque<List<String>> scopes = new ArrayDeque<>();
  private final Set<ColumnRef> equality = new LinkedHashSet<>();
  private final Set<ColumnRef> range = new LinkedHashSet<>();
  private final Set<ColumnRef> join = new LinkedHashSet<>();
  private final Set<ColumnRef> order = new LinkedHashSet<>();
  private final Walker walker = new Walker();
  private boolean leadingWildcardLike;

  private StatementKind kind;
  private boolean countOverSubquery;
  private boolean hasWhere;
  private boolean hasLimit;
  private boolean hasOffset;

  StatementFacts collect(Statement statement, StatementKind tokenKind, OrmStyle orm) {
    kind = tokenKind;
    if (statement instanceof Select select) {
      kind = StatementKind.SELECT;
      topLevelSelect(select);
      select(select);
    } else if (statement instanceof Insert insert) {
      kind = StatementKind.INSERT;
      insert(insert);
    } else if (statement instanceof Update update) {
      kind = StatementKind.UPDATE;
      update(update);
    } else if (statement instanceof Delete delete) {
      kind = StatementKind.DELETE;
      delete(delete);
    } else if (statement instanceof Merge merge) {
      kind = StatementKind.MERGE;
      merge(merge);
    }
    tables.removeAll(cteNames);
    return new StatementFacts(kind, true, List.copyOf(tables), List.copyOf(equality),
        List.copyOf(range), List.copyOf(join), List.copyOf(order), countOverSubquery, hasWhere,
        hasLimit, hasOffset, leadingWildcardLike, orm);
  }

  // ---- statements ----

  private void topLevelSelect(Select select) {
    Select body = select;
    while (body instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
      body = parenthesed.getSelect();
    }
    hasLimit = select.getLimit() != null || select.getFetch() != null || body.getLimit() != null
        || body.getFetch() != null;
    hasOffset = select.getOffset() != null || body.getOffset() != null
        || select.getLimit() != null && select.getLimit().getOffset() != null
        || body.getLimit() != null && body.getLimit().getOffset() != null;
    if (body instanceof PlainSelect plain) {
      hasWhere = plain.getWhere() != null;
      hasLimit |= plain.getTop() != null;
      countOverSubquery = isCountOverSubquery(plain);
    } else if (body instanceof SetOperationList union) {
      for (Select branch : union.getSelects()) {
        if (branch instanceof PlainSelect plain && plain.getWhere() != null) {
          hasWhere = true;
        }
      }
    }
  }

  /**
   * {@code select count(*) from (select …) x}, as ORM {@code .count()} helpers write it — unless the
   * inner select limits its rows ({@code LIMIT}, {@code OFFSET}, {@code FETCH}, {@code TOP}: Rails'
   * {@code .limit(50).count}, Django's {@code qs[:50].count()}) or is a set operation: a direct
   * count would then give another number, so the subquery is needed.
   */
  private static boolean isCountOverSubquery(PlainSelect plain) {
    if (!(plain.getFromItem() instanceof ParenthesedSelect inner)
        || (plain.getJoins() != null && !plain.getJoins().isEmpty())
        || plain.getSelectItems() == null || plain.getSelectItems().size() != 1
        || limitsItsRows(inner.getSelect())) {
      return false;
    }
    Expression item = plain.getSelectItems().get(0).getExpression();
    return item instanceof Function function && function.getName() != null
        && function.getName().equalsIgnoreCase("count");
  }

  private static boolean limitsItsRows(Select select) {
    if (select == null || select instanceof SetOperationList) {
      return true;
    }
    if (select instanceof ParenthesedSelect parenthesed) {
      return limitsItsRows(parenthesed.getSelect());
    }
    return select.getLimit() != null || select.getOffset() != null || select.getFetch() != null
        || select instanceof PlainSelect plain && plain.getTop() != null;
  }

  private void select(Select select) {
    if (select == null) {
      return;
    }
    withItems(select.getWithItemsList());
    if (select instanceof PlainSelect plain) {
      plain(plain);
    } else if (select instanceof SetOperationList union) {
      for (Select branch : union.getSelects()) {
        select(branch);
      }
      orderBy(union.getOrderByElements(), List.of());
    } else if (select instanceof ParenthesedSelect parenthesed) {
      select(parenthesed.getSelect());
    }
  }

  private void withItems(List<WithItem<?>> items) {
    if (items == null) {
      return;
    }
    for (WithItem<?> item : items) {
      if (item.getAliasName() != null) {
        cteNames.add(name(item.getAliasName()));
      }
      if (item.getSelect() != null) {
        select(item.getSelect());
      } else if (item.getInsert() != null) {
        insert(item.getInsert().getInsert());
      } else if (item.getUpdate() != null) {
        update(item.getUpdate().getUpdate());
      } else if (item.getDelete() != null) {
        delete(item.getDelete().getDelete());
      }
    }
  }

  private void plain(PlainSelect plain) {
    scopes.push(new ArrayList<>());
    try {
      fromItem(plain.getFromItem());
      joins(plain.getJoins());
      predicate(plain.getWhere());
      predicate(plain.getHaving());
      if (plain.getSelectItems() != null) {
        for (SelectItem<?> item : plain.getSelectItems()) {
          other(item.getExpression());
        }
      }
      orderBy(plain.getOrderByElements(), plain.getSelectItems());
    } finally {
      scopes.pop();
    }
  }

  private void insert(Insert insert) {
    if (insert == null) {
      return;
    }
    withItems(insert.getWithItemsList());
    scopes.push(new ArrayList<>());
    try {
      table(insert.getTable());
      if (insert.getSelect() != null && !(insert.getSelect() instanceof Values)) {
        select(insert.getSelect());
      }
    } finally {
      scopes.pop();
    }
  }

  private void update(Update update) {
    if (update == null) {
      return;
    }
    withItems(update.getWithItemsList());
    scopes.push(new ArrayList<>());
    try {
      table(update.getTable());
      joins(update.getStartJoins());
      fromItem(update.getFromItem());
      joins(update.getJoins());
      if (update.getUpdateSets() != null) {
        for (UpdateSet set : update.getUpdateSets()) {
          if (set.getValues() != null) {
            for (Expression value : set.getValues()) {
              other(value);
            }
          }
        }
      }
      predicate(update.getWhere());
      orderBy(update.getOrderByElements(), List.of());
      hasWhere = update.getWhere() != null;
      hasLimit = update.getLimit() != null;
    } finally {
      scopes.pop();
    }
  }

  private void delete(Delete delete) {
    if (delete == null) {
      return;
    }
    withItems(delete.getWithItemsList());
    scopes.push(new ArrayList<>());
    try {
      if (delete.getTables() != null) {
        delete.getTables().forEach(this::table);
      }
      table(delete.getTable());
      if (delete.getUsingList() != null) {
        delete.getUsingList().forEach(this::table);
      }
      joins(delete.getJoins());
      predicate(delete.getWhere());
      orderBy(delete.getOrderByElements(), List.of());
      hasWhere = delete.getWhere() != null;
      hasLimit = delete.getLimit() != null;
    } finally {
      scopes.pop();
    }
  }

  private void merge(Merge merge) {
    withItems(merge.getWithItemsList());
    scopes.push(new ArrayList<>());
    try {
      table(merge.getTable());
      fromItem(merge.getFromItem());
      predicate(merge.getOnCondition());
    } finally {
      scopes.pop();
    }
  }

  // ---- FROM and JOIN ----

  private void fromItem(FromItem item) {
    if (item instanceof Table table) {
      table(table);
    } else if (item instanceof ParenthesedSelect derived) {
      if (derived.getAlias() != null) {
        aliases.put(name(derived.getAlias().getName()), DERIVED);
      }
      select(derived.getSelect());
    } else if (item instanceof ParenthesedFromItem nested) {
      fromItem(nested.getFromItem());
      joins(nested.getJoins());
    }
  }

  private void table(Table table) {
    if (table == null || table.getName() == null) {
      return;
    }
    String name = tableName(table);
    if (cteNames.contains(name)) {
      // a CTE reference: its columns are not a real table's
      if (table.getAlias() != null) {
        aliases.put(name(table.getAlias().getName()), DERIVED);
      }
      aliases.putIfAbsent(name, DERIVED);
      return;
    }
    tables.add(name);
    aliases.put(name, name);
    aliases.putIfAbsent(name(table.getName()), name);
    if (table.getAlias() != null && table.getAlias().getName() != null) {
      aliases.put(name(table.getAlias().getName()), name);
    }
    if (!scopes.isEmpty()) {
      scopes.peek().add(name);
    }
  }

  private void joins(List<Join> joins) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      fromItem(join.getRightItem());
    }
    for (Join join : joins) {
      if (join.getOnExpressions() != null) {
        for (Expression on : join.getOnExpressions()) {
          predicate(on);
        }
      }
      if (join.getUsingColumns() != null && join.getRightItem() instanceof Table right) {
        List<String> scope = scopes.isEmpty() ? List.of() : scopes.peek();
        String left = scope.isEmpty() ? null : scope.get(0);
        for (Column column : join.getUsingColumns()) {
          String columnName = name(column.getColumnName());
          if (left != null) {
            this.join.add(new ColumnRef(left, columnName));
          }
          this.join.add(new ColumnRef(tableName(right), columnName));
        }
      }
    }
  }

  private void orderBy(List<OrderByElement> elements, List<SelectItem<?>> selectItems) {
    if (elements == null) {
      return;
    }
    Set<String> labels = new HashSet<>();
    if (selectItems != null) {
      for (SelectItem<?> item : selectItems) {
        if (item.getAlias() != null && item.getAlias().getName() != null) {
          labels.add(name(item.getAlias().getName()));
        }
      }
    }
    for (OrderByElement element : elements) {
      if (element.getExpression() instanceof Column column && !(column.getTable() == null
          && labels.contains(name(column.getColumnName())))) {
        ColumnRef ref = resolve(column);
        if (ref != null) {
          order.add(ref);
        }
      } else {
        other(element.getExpression());
      }
    }
  }

  // ---- expressions ----

  private void predicate(Expression expression) {
    if (expression != null) {
      expression.accept(walker, Place.PREDICATE);
    }
  }

  private void other(Expression expression) {
    if (expression != null) {
      expression.accept(walker, Place.OTHER);
    }
  }

  private void comparison(BinaryExpression expression, Set<ColumnRef> valueTarget, Place place) {
    if (place != Place.PREDICATE) {
      return;
    }
    Expression left = expression.getLeftExpression();
    Expression right = expression.getRightExpression();
    if (left instanceof Column a && right instanceof Column b) {
      if (!isBareIdentifierLiteral(b)) {
        // "o.customer_id = c.id" joins two tables, in ON or in WHERE alike
        add(join, a);
        add(join, b);
        return;
      }
    }
    if (left instanceof Column column) {
      add(valueTarget, column);
    } else if (right instanceof Column column) {
      add(valueTarget, column);
    }
  }

  /** JSqlParser reads {@code true} and MySQL "strings" in some positions as columns. */
  private static boolean isBareIdentifierLiteral(Column column) {
    String name = column.getColumnName();
    return column.getTable() == null && name != null
        && (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false") || name.startsWith("\""));
  }

  private void add(Set<ColumnRef> target, Expression expression) {
    if (expression instanceof Column column) {
      ColumnRef ref = resolve(column);
      if (ref != null) {
        target.add(ref);
      }
    } else if (expression instanceof ExpressionList<?> list) {
      for (Expression element : list) {
        add(target, element); // "(a, b) in ((1, 2))" filters on a and on b
      }
    }
  }

  private ColumnRef resolve(Column column) {
    String columnName = column.getColumnName();
    if (columnName == null || columnName.isEmpty()) {
      return null;
    }
    columnName = name(columnName);
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      String alias = name(qualifier.getName());
      String table = aliases.get(alias);
      if (table == null) {
        table = aliases.get(tableName(qualifier));
      }
      if (table == null) {
        return new ColumnRef(alias, columnName); // an outer alias we never saw: keep it as written
      }
      return new ColumnRef(table.isEmpty() ? null : table, columnName);
    }
    List<String> scope = scopes.isEmpty() ? List.of() : scopes.peek();
    return new ColumnRef(scope.size() == 1 ? scope.get(0) : null, columnName);
  }

  private static String tableName(Table table) {
    String name = name(table.getName());
    String schema = table.getSchemaName();
    return schema == null || schema.isEmpty() ? name : name(schema) + "." + name;
  }

  /** Unquoted, lower-case: "Orders", `orders` and [orders] name one table. */
  static String name(String raw) {
    if (raw == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '"' && c != '`' && c != '[' && c != ']') {
        text.append(c);
      }
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }

  /** Visits every expression node; the overrides note predicates and enter subqueries. */
  private final class Walker extends ExpressionVisitorAdapter<Void> {

    @Override
    public <S> Void visit(EqualsTo expression, S context) {
      comparison(expression, equality, (Place) context);
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(GreaterThan expression, S context) {
      comparison(expression, range, (Place) context);
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(GreaterThanEquals expression, S context) {
      comparison(expression, range, (Place) context);
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(MinorThan expression, S context) {
      comparison(expression, range, (Place) context);
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(MinorThanEquals expression, S context) {
      comparison(expression, range, (Place) context);
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(Between expression, S context) {
      if (context == Place.PREDICATE && !expression.isNot()) {
        add(range, expression.getLeftExpression());
      }
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(InExpression expression, S context) {
      if (context == Place.PREDICATE && !expression.isNot()) {
        add(equality, expression.getLeftExpression());
      }
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(IsNullExpression expression, S context) {
      if (context == Place.PREDICATE && !expression.isNot()) {
        add(equality, expression.getLeftExpression());
      }
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(LikeExpression expression, S context) {
      Expression pattern = expression.getRightExpression();
      boolean leadingWildcard = pattern instanceof StringValue literal
          && (literal.getValue().startsWith("%") || literal.getValue().startsWith("_"));
      if (leadingWildcard) {
        leadingWildcardLike = true; // "like '%x'" can use no b-tree index
      } else if (context == Place.PREDICATE && !expression.isNot()
          && expression.getLikeKeyWord() == LikeExpression.KeyWord.LIKE) {
        add(range, expression.getLeftExpression()); // "like 'abc%'" is a prefix range
      }
      return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      select(select);
      return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
      select(select);
      return null;
    }
  }
}
