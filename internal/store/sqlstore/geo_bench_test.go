package sqlstore

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
)

// BenchmarkNearby1M is the nearby-statuses read of place/nearby_timeline
// (core's readRings: geo.Rings nearest first, each ring one
// PublicGeoStatusesInCells call, stopping at 5 000 candidates) over a
// million geotagged statuses: 70% around the 40 busiest prefectures'
// centres (normal, σ 15 km), the rest anywhere in China's box. Queries come
// from the same mix, so most land where the points are dense. Besides
// ns/op it reports the p50 and p99 of one query and the rows it read.
//
//	go test -run x -bench Nearby1M -benchtime 400x ./internal/store/sqlstore/
//
// WEIBO_BENCH_GEO_ROWS changes the million; WEIBO_TEST_POSTGRES adds
// PostgreSQL.
func BenchmarkNearby1M(b *testing.B) {
	rows := 1_000_000
	if n, err := strconv.Atoi(os.Getenv("WEIBO_BENCH_GEO_ROWS")); err == nil && n > 0 {
		rows = n
	}
	benchStores(b, func(b *testing.B, s *Store) {
		start := time.Now()
		seedGeo(b, s, rows)
		b.Logf("%d geotagged statuses seeded in %s", rows, time.Since(start).Round(time.Second))
		for _, radius := range []float64{500, 2000, 11132} {
			b.Run("radius="+strconv.Itoa(int(radius)), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(7, uint64(radius)))
				ctx := context.Background()
				var lat []time.Duration
				read := 0
				for b.Loop() {
					qlat, qlng := geoPoint(rng)
					t0 := time.Now()
					n := 0
					for _, ring := range geo.Rings(qlat, qlng, radius) {
						got, err := s.PublicGeoStatusesInCells(ctx, ring, domain.GeoQuery{}, 5000-n)
						if err != nil {
							b.Fatal(err)
						}
						if n += len(got); n >= 5000 {
							break
						}
					}
					lat = append(lat, time.Since(t0))
					read += n
				}
				slices.Sort(lat)
				pct := func(p float64) float64 {
					return float64(lat[min(len(lat)-1, int(math.Ceil(p*float64(len(lat))))-1)].Microseconds()) / 1000
				}
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.99), "p99-ms")
				b.ReportMetric(float64(read)/float64(len(lat)), "rows/op")
			})
		}
	})
}

// geoCentres are the centres points cluster around: the 40 prefectures
// (and municipal districts) first in the table with a city code.
var geoCentres = func() [][2]float64 {
	var out [][2]float64
	for _, u := range geo.Units() {
		if u.Tel != "" && len(out) < 40 {
			out = append(out, [2]float64{u.Lat, u.Lng})
		}
	}
	return out
}()

// geoPoint draws a point of the benchmark's mix.
func geoPoint(rng *rand.Rand) (lat, lng float64) {
	if rng.Float64() < 0.7 {
		c := geoCentres[rng.IntN(len(geoCentres))]
		const sigma = 15000.0 / 111320 // 15 km in degrees of latitude
		return c[0] + rng.NormFloat64()*sigma, c[1] + rng.NormFloat64()*sigma/math.Cos(c[0]*math.Pi/180)
	}
	return 18 + rng.Float64()*35, 75 + rng.Float64()*59
}

// seedGeo writes rows public located statuses, ids ascending as time is,
// 20% with a photo, by 100 000 authors, 500 rows a statement.
func seedGeo(b *testing.B, s *Store, rows int) {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	const batch = 500
	for done := 0; done < rows; {
		n := min(batch, rows-done)
		var q strings.Builder
		q.WriteString("INSERT INTO geo_statuses (status_id, user_id, app_id, lat, lng, cell, public, photo) VALUES ")
		args := make([]any, 0, n*7)
		for i := 0; i < n; i++ {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, 0, ?, ?, ?, 1, ?)")
			lat, lng := geoPoint(rng)
			photo := 0
			if rng.IntN(5) == 0 {
				photo = 1
			}
			args = append(args, int64(1_000_000+done+i), 1+rng.Int64N(100_000), lat, lng, geo.Cell(lat, lng), photo)
		}
		if _, err := s.write.ExecContext(ctx, s.d.rebind(q.String()), args...); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	if _, err := s.write.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

func TestScanShapes(t *testing.T) {
	for _, c := range []struct{ in, want int }{{1, 16}, {16, 16}, {17, 20}, {100, 112}, {5000, 5120}, {5120, 5120}, {4097, 5120}, {4096, 4096}} {
		if got := scanLimit(c.in); got != c.want || got < c.in || float64(got) > 1.25*float64(max(c.in, 13)) {
			t.Errorf("scanLimit(%d) = %d, want %d", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want int }{{0, 4}, {1, 4}, {4, 4}, {5, 8}, {17, 32}} {
		if got := paddedScans(c.in); got != c.want {
			t.Errorf("paddedScans(%d) = %d, want %d", c.in, got, c.want)
		}
	}
}
