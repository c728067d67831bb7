package loadgen

import (
	"math"
	"math/bits"
	"time"
)

// Histogram records durations in log-linear buckets, the HDR histogram idea
// in fifty lines: 128 linear sub-buckets per power of two keep every
// percentile within 1% of the true value from 1 ns to hours, in a fixed
// ~60 KB, with Record costing a few nanoseconds and no allocation. Not safe
// for concurrent use: each worker keeps its own and Merge combines them.
type Histogram struct {
	counts [buckets]uint64
	n      uint64
	sum    time.Duration
	min    time.Duration
	max    time.Duration
}

const (
	subBits    = 7
	subBuckets = 1 << subBits
	buckets    = (65 - subBits) * subBuckets // up to bits.Len64 = 64
)

// bucketOf maps v ≥ 0 to its bucket: values below 128 exactly, above that
// by their top 8 significant bits.
func bucketOf(v uint64) int {
	if v < subBuckets {
		return int(v)
	}
	e := bits.Len64(v) - subBits - 1 // v>>e is in [128, 256)
	return (e+1)*subBuckets + int(v>>e) - subBuckets
}

// bucketValue is the midpoint of bucket i's range.
func bucketValue(i int) uint64 {
	if i < subBuckets {
		return uint64(i)
	}
	e := i/subBuckets - 1
	lo := uint64(i%subBuckets+subBuckets) << e
	return lo + (uint64(1)<<e)/2
}

// Record adds one duration (negative ones count as 0).
func (h *Histogram) Record(d time.Duration) {
	d = max(d, 0)
	h.counts[bucketOf(uint64(d))]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	h.max = max(h.max, d)
	h.n++
	h.sum += d
}

// Merge adds o's records to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.n += o.n
	h.sum += o.sum
}

// Count is the number of records.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the largest record, exactly.
func (h *Histogram) Max() time.Duration { return h.max }

// Mean is the mean of the records, exactly.
func (h *Histogram) Mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return h.sum / time.Duration(h.n)
}

// Percentile returns the value at or below which p percent (0–100) of the
// records lie, to within 1%; never more than Max.
func (h *Histogram) Percentile(p float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	// Nearest rank: the smallest record with at least p% of records at or below it.
	rank := max(uint64(math.Ceil(p/100*float64(h.n))), 1)
	if rank >= h.n {
		return h.max
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(time.Duration(bucketValue(i)), h.max)
		}
	}
	return h.max
}
