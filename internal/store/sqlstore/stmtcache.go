package sqlstore

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
)

// The SQLite driver compiles every query text it is given, every time:
// sqlite3_prepare was a quarter of the CPU of a post (status, mentions,
// topics, counters, outbox) and of the fan-out reading followers. pgx keeps a
// statement cache per connection; this gives SQLite connections the same. It
// sits under database/sql, on the driver connection, so a cached statement
// belongs to exactly one connection and is used by one goroutine at a time
// (database/sql never shares a driver connection), inside and outside
// transactions alike.

// stmtCacheSize bounds the statements kept per connection. The store's query
// texts are a few hundred at most (IN lists come in a few lengths); past the
// bound the least recently used idle statement is finalized.
const stmtCacheSize = 512

// stmtCacheConnector opens connections through the driver's own connector
// (sqlite.NewConnector: the registered driver, with whatever is registered
// on it) and wraps each so that it caches its statements.
type stmtCacheConnector struct {
	inner driver.Connector
	size  int
}

func (c stmtCacheConnector) Connect(ctx context.Context) (driver.Conn, error) {
	inner, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if !implements[driver.ConnPrepareContext](inner) || !implements[driver.ConnBeginTx](inner) {
		_ = inner.Close()
		return nil, errors.New("sqlstore: driver connection lacks PrepareContext or BeginTx")
	}
	return &stmtCacheConn{inner: inner, size: c.size, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

func (c stmtCacheConnector) Driver() driver.Driver { return c.inner.Driver() }

func implements[T any](v any) bool { _, ok := v.(T); return ok }

// stmtCacheConn wraps a driver connection. Exec and Query run through a
// prepared statement kept per query text; a statement still reading rows
// when the same text is run again (a query nested in a row loop) is not
// reused: that call prepares a statement of its own, as the driver would.
type stmtCacheConn struct {
	inner driver.Conn
	size  int
	stmts map[string]*list.Element // of *cachedStmt, most recently used at the front
	lru   *list.List
}

type cachedStmt struct {
	query string
	st    driver.Stmt
	busy  bool // rows from it are open
}

var (
	_ driver.ExecerContext      = (*stmtCacheConn)(nil)
	_ driver.QueryerContext     = (*stmtCacheConn)(nil)
	_ driver.ConnPrepareContext = (*stmtCacheConn)(nil)
	_ driver.ConnBeginTx        = (*stmtCacheConn)(nil)
	_ driver.SessionResetter    = (*stmtCacheConn)(nil)
	_ driver.Validator          = (*stmtCacheConn)(nil)
	_ driver.Pinger             = (*stmtCacheConn)(nil)
)

// stmt returns the cached statement for query, preparing it on a miss; nil
// (and no error) when it is busy.
func (c *stmtCacheConn) stmt(ctx context.Context, query string) (*cachedStmt, error) {
	if e, ok := c.stmts[query]; ok {
		cs := e.Value.(*cachedStmt)
		if cs.busy {
			return nil, nil
		}
		c.lru.MoveToFront(e)
		return cs, nil
	}
	st, err := c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if !implements[driver.StmtExecContext](st) || !implements[driver.StmtQueryContext](st) {
		_ = st.Close()
		return nil, errors.New("sqlstore: driver statement lacks ExecContext or QueryContext")
	}
	cs := &cachedStmt{query: query, st: st}
	c.stmts[query] = c.lru.PushFront(cs)
	c.evict()
	return cs, nil
}

// evict finalizes idle statements beyond the bound, oldest first.
func (c *stmtCacheConn) evict() {
	for e := c.lru.Back(); e != nil && c.lru.Len() > c.size; {
		prev := e.Prev()
		if cs := e.Value.(*cachedStmt); !cs.busy {
			_ = cs.st.Close()
			delete(c.stmts, cs.query)
			c.lru.Remove(e)
		}
		e = prev
	}
}

func (c *stmtCacheConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.inner.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	return cs.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *stmtCacheConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	cs, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		return c.inner.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := cs.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	cs.busy = true
	return &cachedRows{Rows: rows, cs: cs}, nil
}

// cachedRows frees its statement for reuse when closed (the driver resets
// it then).
type cachedRows struct {
	driver.Rows
	cs *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.cs.busy = false
	return err
}

func (c *stmtCacheConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *stmtCacheConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }

func (c *stmtCacheConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

// Begin is required by driver.Conn; database/sql calls BeginTx.
//
//lint:ignore SA1019 driver.Conn still declares Begin
func (c *stmtCacheConn) Begin() (driver.Tx, error) { return c.inner.Begin() }

// Close finalizes the cached statements, then closes the connection.
func (c *stmtCacheConn) Close() error {
	var errs []error
	for e := c.lru.Front(); e != nil; e = e.Next() {
		errs = append(errs, e.Value.(*cachedStmt).st.Close())
	}
	c.stmts, c.lru = nil, list.New()
	return errors.Join(append(errs, c.inner.Close())...)
}

func (c *stmtCacheConn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *stmtCacheConn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c *stmtCacheConn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}
