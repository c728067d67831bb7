package geo

import "math"

// The GCJ-02 ("offset", 火星坐标) transform of geo-data.md §3: the
// public formula with Krasovsky's ellipsoid.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
	// EarthRadius is the mean radius (IUGG) used for distances, in metres.
	EarthRadius = 6371008.8
)

// OutOfChinaBox reports whether a point is outside the rectangle the
// offset is applied in (npm coordtransform's out_of_china, which computed
// the test vectors): the offset decision only. InChina is the real test.
func OutOfChinaBox(lng, lat float64) bool {
	return lng < 73.66 || lng > 135.05 || lat < 3.86 || lat > 53.55
}

func transformLat(x, y float64) float64 {
	r := -100 + 2*x + 3*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*math.Pi*x) + 20*math.Sin(2*math.Pi*x)) * 2 / 3
	r += (20*math.Sin(math.Pi*y) + 40*math.Sin(math.Pi*y/3)) * 2 / 3
	r += (160*math.Sin(math.Pi*y/12) + 320*math.Sin(math.Pi*y/30)) * 2 / 3
	return r
}

func transformLng(x, y float64) float64 {
	r := 300 + x + 2*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20*math.Sin(6*math.Pi*x) + 20*math.Sin(2*math.Pi*x)) * 2 / 3
	r += (20*math.Sin(math.Pi*x) + 40*math.Sin(math.Pi*x/3)) * 2 / 3
	r += (150*math.Sin(math.Pi*x/12) + 300*math.Sin(math.Pi*x/30)) * 2 / 3
	return r
}

// delta is the offset GCJ-02 adds at a WGS-84 point.
func delta(lng, lat float64) (dlng, dlat float64) {
	dlat = transformLat(lng-105, lat-35)
	dlng = transformLng(lng-105, lat-35)
	rad := lat / 180 * math.Pi
	m := 1 - gcjEE*math.Sin(rad)*math.Sin(rad)
	s := math.Sqrt(m)
	dlat = dlat * 180 / ((gcjA * (1 - gcjEE)) / (m * s) * math.Pi)
	dlng = dlng * 180 / (gcjA / s * math.Cos(rad) * math.Pi)
	return dlng, dlat
}

// WGSToGCJ converts raw GPS coordinates to the offset system Chinese maps
// use; points outside China's box are returned unchanged.
func WGSToGCJ(lng, lat float64) (float64, float64) {
	if OutOfChinaBox(lng, lat) {
		return lng, lat
	}
	dlng, dlat := delta(lng, lat)
	return lng + dlng, lat + dlat
}

// GCJToWGS inverts WGSToGCJ by fixed-point iteration (there is no closed
// form); a few rounds reach well below a centimetre.
func GCJToWGS(lng, lat float64) (float64, float64) {
	if OutOfChinaBox(lng, lat) {
		return lng, lat
	}
	wlng, wlat := lng, lat
	for range 8 {
		glng, glat := WGSToGCJ(wlng, wlat)
		dx, dy := glng-lng, glat-lat
		wlng, wlat = wlng-dx, wlat-dy
		if math.Abs(dx) < 1e-10 && math.Abs(dy) < 1e-10 {
			break
		}
	}
	return wlng, wlat
}

// Distance is the great-circle distance between two points, in metres.
func Distance(lat1, lng1, lat2, lng2 float64) float64 {
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lng2-lng1)*math.Pi/180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * EarthRadius * math.Asin(math.Min(1, math.Sqrt(h)))
}

// ValidPoint reports whether lat/lng are numbers within the globe.
func ValidPoint(lng, lat float64) bool {
	return !math.IsNaN(lng) && !math.IsNaN(lat) && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90
}
