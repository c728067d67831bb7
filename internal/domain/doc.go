// Package domain holds the entities, value rules, error kinds and ports of Weibo
// Server. It imports nothing of ours and nothing that speaks a wire format or a
// database: every other package may depend on it, and it on none of them.
package domain
