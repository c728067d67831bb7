package geo

import (
	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
	"github.com/weibo-server/weibo/internal/domain"
)

// Nearby search (DEPENDENCIES.md §9): every located row stores the S2 leaf
// cell of its point as a signed int64 in an indexed column; a radius is
// covered by at most maxCells cells, each a range of leaf ids, so the query
// is a few BETWEENs on a B-tree on SQLite and PostgreSQL alike, then the
// exact distance filters. A cell's range never spans two cube faces, so the
// sign flip of faces 4 and 5 in int64 keeps every range ordered.

// CellRange is an inclusive range of leaf cell ids, as stored.
type CellRange = domain.CellRange

const maxCells = 16

// Cell is the stored cell id of a point.
func Cell(lat, lng float64) int64 {
	return int64(s2.CellIDFromLatLng(s2.LatLngFromDegrees(lat, lng)))
}

// Cover is the ranges of leaf cells that cover the disc of radius metres
// around a point.
func Cover(lat, lng, radius float64) []CellRange {
	center := s2.PointFromLatLng(s2.LatLngFromDegrees(lat, lng))
	capr := s2.CapFromCenterAngle(center, s1.Angle(radius/EarthRadius))
	rc := &s2.RegionCoverer{MinLevel: 4, MaxLevel: 20, MaxCells: maxCells}
	return ranges(rc.Covering(capr))
}

// Rings splits the cover of a disc into rings read nearest first: the
// covers of discs of growing radius (doubling up to radius), each less the
// cells an inner one already covered, so the rings are disjoint and their
// union is Cover's area. A nearby search reads ring after ring and stops
// once it has enough rows: its work is bounded by what it keeps, not by
// how crowded the whole disc is.
func Rings(lat, lng, radius float64) [][]CellRange {
	center := s2.PointFromLatLng(s2.LatLngFromDegrees(lat, lng))
	rc := &s2.RegionCoverer{MinLevel: 4, MaxLevel: 20, MaxCells: maxCells}
	r := radius
	for range ringSteps - 1 {
		if r/2 < minRing {
			break
		}
		r /= 2
	}
	var done s2.CellUnion
	var out [][]CellRange
	for {
		cov := rc.Covering(s2.CapFromCenterAngle(center, s1.Angle(r/EarthRadius)))
		if ring := s2.CellUnionFromDifference(cov, done); len(ring) > 0 {
			out = append(out, ranges(ring))
		}
		if r >= radius {
			return out
		}
		done = s2.CellUnionFromUnion(done, cov)
		r = min(2*r, radius)
	}
}

// The rings of a disc: at most ringSteps, the first no smaller than
// minRing metres (below that a cover is a handful of leaf-ish cells).
const (
	ringSteps = 7
	minRing   = 100.0
)

// CoverRect is the ranges of leaf cells that cover a latitude-longitude
// box (location/pois/search/by_area). A box may be as large as a country,
// so no minimum level: the coverer's 16 cells stay 16 ranges at most.
func CoverRect(south, west, north, east float64) []CellRange {
	r := s2.RectFromLatLng(s2.LatLngFromDegrees(south, west)).AddPoint(s2.LatLngFromDegrees(north, east))
	rc := &s2.RegionCoverer{MaxLevel: 20, MaxCells: maxCells}
	return ranges(rc.Covering(r))
}

// InRect reports whether a point lies in the box (edges included).
func InRect(lat, lng, south, west, north, east float64) bool {
	return lat >= south && lat <= north && lng >= west && lng <= east
}

func ranges(cu s2.CellUnion) []CellRange {
	var out []CellRange
	for _, c := range cu {
		r := CellRange{Lo: int64(c.RangeMin()), Hi: int64(c.RangeMax())}
		if n := len(out); n > 0 && out[n-1].Hi+1 == r.Lo && out[n-1].Lo < r.Lo {
			out[n-1].Hi = r.Hi // neighbours merge into one range
			continue
		}
		out = append(out, r)
	}
	return out
}

// CellPoint is the centre of a stored leaf cell, about a centimetre from
// the point it was made from: nearby reads measure distances from it
// without loading the point.
func CellPoint(cell int64) (lat, lng float64) {
	ll := s2.CellID(uint64(cell)).LatLng()
	return ll.Lat.Degrees(), ll.Lng.Degrees()
}
