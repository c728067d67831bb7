// Package redis implements domain.Feed in Redis, so that every node of a
// cluster reads and writes the same home windows. The semantics are
// feed/memory's, pinned by the same conformance suite (feed/feedtest):
// capped windows of the newest ids, complete or not, a total kept on write,
// and pushes delivered at least once counted once.
//
// One window is ONE key, a sorted set: the ids as members (their decimal
// form) scored by themselves, plus one meta member scored -1 that holds
// "m|complete|total|filledAt|,counted,ids,". One key per window means a
// window is created, read, changed and evicted as a whole: an eviction
// policy such as allkeys-lru can only drop a window entirely (it is then
// rebuilt from the store on the next read), never leave a total without its
// ids; and every window lives in one Cluster slot, so each operation is a
// single-key Lua script, atomic on every kind of deployment. Ids are below
// 2^53 (DESIGN §4), so sorted-set scores and Lua numbers hold them exactly;
// members keep their decimal form, which is what is read back.
package redis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/weibo-server/weibo/internal/domain"
)

// Options configure a Feed. Zero values take the defaults.
type Options struct {
	// Cap is the most ids a window holds; default 800 (feed/memory's).
	Cap int
	// Prefix starts every key; default "weibo:".
	Prefix string
	// IdleTTL is how long a window nobody reads lives (reads and fills
	// renew it; pushes do not, as in feed/memory); default 7 days. Redis's
	// maxmemory policy may evict sooner: a window is rebuilt from the store.
	IdleTTL time.Duration
	// Batch is how many users one pipelined round trip of a fan-out
	// carries; default 500.
	Batch int
}

// Feed is a domain.Feed in Redis.
type Feed struct {
	c    redis.UniversalClient
	opts Options
	cap  string // opts.Cap, formatted once
	ttl  string // opts.IdleTTL in ms, formatted once
}

var _ domain.Feed = (*Feed)(nil)

// New returns a Feed over c. Scripts are loaded lazily (EVALSHA, falling
// back to EVAL when a server does not know them yet, or any more).
func New(c redis.UniversalClient, opts Options) *Feed {
	if opts.Cap <= 0 {
		opts.Cap = 800
	}
	if opts.Prefix == "" {
		opts.Prefix = "weibo:"
	}
	if opts.IdleTTL <= 0 {
		opts.IdleTTL = 7 * 24 * time.Hour
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	return &Feed{c: c, opts: opts, cap: strconv.Itoa(opts.Cap), ttl: strconv.FormatInt(opts.IdleTTL.Milliseconds(), 10)}
}

// key is the window of uid. The braces are a Cluster hash tag; with one key
// per window it changes nothing today, but keeps a user's keys together
// should a window ever be split.
func (f *Feed) key(uid int64) string {
	return f.opts.Prefix + "feed:{" + strconv.FormatInt(uid, 10) + "}"
}

// lib is the prelude of every script: reading and writing the meta member.
const lib = `
local function meta(key)
  local m = redis.call('ZRANGE', key, 0, 0)[1]
  if not m then return nil end
  local c, t, f, n = string.match(m, '^m|(%d)|(%-?%d+)|(%d+)|(.*)$')
  if not c then return nil end
  return {raw = m, complete = (c == '1'), total = tonumber(t), filled = f, counted = n}
end
local function setmeta(key, m)
  redis.call('ZREM', key, m.raw)
  m.raw = 'm|' .. (m.complete and '1' or '0') .. '|' .. string.format('%d', m.total) .. '|' .. m.filled .. '|' .. m.counted
  redis.call('ZADD', key, -1, m.raw)
end
local function wascounted(m, id)
  return string.find(m.counted, ',' .. id .. ',', 1, true) ~= nil
end
-- countout records that id is counted by total but not held (feed/memory's
-- window.countOut): at most 64, oldest dropped first.
local function countout(m, id)
  if tonumber(id) <= tonumber(m.filled) then return end
  local _, commas = string.gsub(m.counted, ',', ',')
  if commas - 1 >= 64 then
    m.counted = ',' .. string.sub(m.counted, string.find(m.counted, ',', 2, true) + 1)
  end
  m.counted = m.counted .. id .. ','
end
local function oldest(key, held)
  if held == 0 then return nil end
  return redis.call('ZRANGE', key, 1, 1)[1]
end
`

// rangeScript answers a page (feed/memory's window.page). ARGV: max_id,
// since_id, offset, count, idle TTL in ms. Reply: nil (no window), {0}
// (the window cannot answer), or {1, ids...}.
var rangeScript = redis.NewScript(lib + `
local key = KEYS[1]
local m = meta(key)
if not m then return false end
redis.call('PEXPIRE', key, ARGV[5])
local maxid, sinceid = ARGV[1], ARGV[2]
local off, count = tonumber(ARGV[3]), tonumber(ARGV[4])
local held = redis.call('ZCARD', key) - 1
local start = 0
if maxid ~= '0' then start = redis.call('ZCOUNT', key, '(' .. maxid, '+inf') end
local stop = held
if sinceid ~= '0' then stop = math.max(start, redis.call('ZCOUNT', key, '(' .. sinceid, '+inf')) end
local avail = stop - start
if count <= 0 then return {1} end
if off < 0 then off = avail + 1 end
local full = off <= avail and count <= avail - off
local inside = false
if sinceid ~= '0' and held > 0 then inside = tonumber(sinceid) >= tonumber(oldest(key, held)) end
if not full and not m.complete and not inside then return {0} end
if off >= avail then return {1} end
local n = math.min(count, avail - off)
local ids = redis.call('ZREVRANGE', key, start + off, start + off + n - 1)
table.insert(ids, 1, 1)
return ids
`)

// sizeScript describes a window. ARGV: idle TTL in ms. Reply: nil, or
// {held, complete, total, filledAt}.
var sizeScript = redis.NewScript(lib + `
local key = KEYS[1]
local m = meta(key)
if not m then return false end
redis.call('PEXPIRE', key, ARGV[1])
return {redis.call('ZCARD', key) - 1, m.complete and 1 or 0, m.total, m.filled}
`)

// pushScript inserts one id (feed/memory's window.insert). ARGV: id, cap.
var pushScript = redis.NewScript(lib + `
local key, id, cap = KEYS[1], ARGV[1], tonumber(ARGV[2])
local m = meta(key)
if not m then return 0 end
if redis.call('ZSCORE', key, id) then return 0 end
local idn = tonumber(id)
local held = redis.call('ZCARD', key) - 1
local old = oldest(key, held)
local below = (held == 0) or (idn < tonumber(old))
if below and not m.complete then
  -- Older than everything in an incomplete window: the store's. Still in
  -- the list: counted unless Fill counted it or this is a repeat.
  if idn > tonumber(m.filled) and not wascounted(m, id) then
    m.total = m.total + 1
    countout(m, id)
    setmeta(key, m)
  end
  return 1
end
if held >= cap then
  m.complete = false
  if below then
    if not wascounted(m, id) then
      m.total = m.total + 1
      countout(m, id)
    end
    setmeta(key, m)
    return 1
  end
  m.total = m.total + 1
  countout(m, old)
  -- ranks 1.. are the oldest ids (rank 0 is the meta member)
  redis.call('ZREMRANGEBYRANK', key, 1, held - cap + 1)
  redis.call('ZADD', key, id, id)
  setmeta(key, m)
  return 1
end
m.total = m.total + 1
redis.call('ZADD', key, id, id)
setmeta(key, m)
return 1
`)

// removeScript drops one id. ARGV: id.
var removeScript = redis.NewScript(lib + `
local key, id = KEYS[1], ARGV[1]
local m = meta(key)
if not m then return 0 end
if redis.call('ZREM', key, id) == 1 then
  m.total = m.total - 1
  setmeta(key, m)
  return 1
end
local s = string.find(m.counted, ',' .. id .. ',', 1, true)
if s then
  m.counted = string.sub(m.counted, 1, s) .. string.sub(m.counted, s + #id + 2)
  m.total = m.total - 1
  setmeta(key, m)
  return 1
end
return 0
`)

// Range answers p from userID's window, renewing its idle TTL.
func (f *Feed) Range(ctx context.Context, userID int64, p domain.Page) ([]int64, bool, error) {
	res, err := rangeScript.Run(ctx, f.c, []string{f.key(userID)},
		p.MaxID, p.SinceID, p.Offset(), p.Count, f.ttl).Slice()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("feed range: %w", err)
	}
	if len(res) == 0 || res[0] != int64(1) {
		return nil, false, nil
	}
	if len(res) == 1 {
		return nil, true, nil
	}
	ids := make([]int64, len(res)-1)
	for i, v := range res[1:] {
		if ids[i], err = member(v); err != nil {
			return nil, false, err
		}
	}
	return ids, true, nil
}

func member(v any) (int64, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("feed: unexpected reply %T", v)
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("feed: bad member %q: %w", s, err)
	}
	return id, nil
}

// Fill replaces userID's window in one MULTI: nobody sees it half-written.
func (f *Feed) Fill(ctx context.Context, userID int64, ids []int64, total int) error {
	complete := total <= len(ids) // as given: duplicates do not make a list incomplete
	ids = normalize(ids)
	if complete {
		total = len(ids)
	}
	var filledAt int64
	if len(ids) > 0 {
		filledAt = ids[0]
	}
	if len(ids) > f.opts.Cap {
		ids, complete = ids[:f.opts.Cap], false
	}
	members := make([]redis.Z, 0, len(ids)+1)
	c := "0"
	if complete {
		c = "1"
	}
	members = append(members, redis.Z{Score: -1, Member: "m|" + c + "|" + strconv.Itoa(total) + "|" + strconv.FormatInt(filledAt, 10) + "|,"})
	for _, id := range ids {
		members = append(members, redis.Z{Score: float64(id), Member: strconv.FormatInt(id, 10)})
	}
	key := f.key(userID)
	_, err := f.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, key)
		p.ZAdd(ctx, key, members...)
		p.PExpire(ctx, key, f.opts.IdleTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("feed fill: %w", err)
	}
	return nil
}

// normalize returns a copy of ids, strictly decreasing.
func normalize(ids []int64) []int64 {
	out := slices.Clone(ids)
	for i := 1; i < len(out); i++ {
		if out[i] >= out[i-1] {
			slices.Sort(out)
			slices.Reverse(out)
			return slices.Compact(out)
		}
	}
	return out
}

// Push inserts statusID into the windows of those of userIDs that have one,
// Batch users per pipelined round trip.
func (f *Feed) Push(ctx context.Context, userIDs []int64, statusID int64) error {
	if err := f.each(ctx, pushScript, userIDs, strconv.FormatInt(statusID, 10), f.cap); err != nil {
		return fmt.Errorf("feed push: %w", err)
	}
	return nil
}

// Remove deletes statusID from the windows of userIDs that have one.
func (f *Feed) Remove(ctx context.Context, userIDs []int64, statusID int64) error {
	if err := f.each(ctx, removeScript, userIDs, strconv.FormatInt(statusID, 10)); err != nil {
		return fmt.Errorf("feed remove: %w", err)
	}
	return nil
}

// each runs s on the window of every user in userIDs, pipelined. Scripts go
// by EVALSHA; if a server answers NOSCRIPT (restarted, failed over, or a
// new cluster shard), the batch's failed commands are sent again as EVAL,
// which also teaches the server the script.
func (f *Feed) each(ctx context.Context, s *redis.Script, userIDs []int64, args ...any) error {
	for batch := range slices.Chunk(userIDs, f.opts.Batch) {
		cmds, err := f.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, uid := range batch {
				s.EvalSha(ctx, p, []string{f.key(uid)}, args...)
			}
			return nil
		})
		if err == nil {
			continue
		}
		var again []int64
		for i, c := range cmds {
			if e := c.Err(); e != nil {
				if !isNoScript(e) {
					return e
				}
				again = append(again, batch[i])
			}
		}
		if _, err := f.c.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, uid := range again {
				s.Eval(ctx, p, []string{f.key(uid)}, args...)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func isNoScript(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT")
}

// Size describes userID's window, renewing its idle TTL.
func (f *Feed) Size(ctx context.Context, userID int64) (domain.WindowSize, bool, error) {
	res, err := sizeScript.Run(ctx, f.c, []string{f.key(userID)}, f.ttl).Slice()
	if errors.Is(err, redis.Nil) {
		return domain.WindowSize{}, false, nil
	}
	if err != nil {
		return domain.WindowSize{}, false, fmt.Errorf("feed size: %w", err)
	}
	if len(res) != 4 {
		return domain.WindowSize{}, false, fmt.Errorf("feed size: unexpected reply %v", res)
	}
	held, _ := res[0].(int64)
	complete, _ := res[1].(int64)
	total, _ := res[2].(int64)
	filled, err := member(res[3])
	if err != nil {
		return domain.WindowSize{}, false, err
	}
	return domain.WindowSize{Held: int(held), Complete: complete == 1, Total: int(total), FilledAt: filled}, true, nil
}

// Drop forgets userID's window; the next read rebuilds it from the store.
func (f *Feed) Drop(ctx context.Context, userID int64) error {
	if err := f.c.Del(ctx, f.key(userID)).Err(); err != nil {
		return fmt.Errorf("feed drop: %w", err)
	}
	return nil
}
