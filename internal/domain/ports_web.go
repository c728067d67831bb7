package domain

import (
	"context"
	"time"
)

// Session is a person signed in through a browser: the OAuth consent page
// now, the web site later. Only the hash of its secret is stored.
type Session struct {
	IDHash    string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SessionReader reads sessions.
type SessionReader interface {
	// SessionByHash returns the session, expired or not, or KindNotFound.
	SessionByHash(ctx context.Context, hash string) (*Session, error)
}

// SessionWriter writes sessions.
type SessionWriter interface {
	CreateSession(ctx context.Context, s *Session) error
	// DeleteSession ends one session; an unknown one is no error.
	DeleteSession(ctx context.Context, hash string) error
}
