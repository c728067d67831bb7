package sina

import (
	"context"
	"image/color"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/geo"
	"github.com/weibo-server/weibo/internal/media"
	"github.com/weibo-server/weibo/internal/staticmap"
)

// mapImage is location/base/get_map_image (location.md §1): it draws the
// schematic map the request describes (package staticmap: graticule, place
// names, the caller's markers, line and polygon, scale bar; no borders,
// no tiles) and answers the URL of the picture, stored like an unattached
// upload for the media retention. Every parameter is read before any is
// judged, so that a bad one does not hide the others from the route check.
func (a *API) mapImage(ctx context.Context, c *call) (any, error) {
	center, city := strings.TrimSpace(c.p.String("center_coordinate")), strings.TrimSpace(c.p.String("city"))
	pts, names := strings.TrimSpace(c.p.String("coordinates")), c.p.String("names")
	lines, polys := strings.TrimSpace(c.p.String("lines")), strings.TrimSpace(c.p.String("polygons"))
	size, format, font := strings.TrimSpace(c.p.String("size")), strings.TrimSpace(c.p.String("format")), strings.TrimSpace(c.p.String("font"))
	zoom, errZoom := c.p.IntIn("zoom", 0, staticmap.MinZoom, staticmap.MaxZoom)
	offX, errX := c.p.IntIn("offset_x", 0, -100, 100)
	offY, errY := c.p.IntIn("offset_y", 0, -100, 100)
	scale, errScale := c.p.Bool01("scale", false)
	traffic, errTraffic := c.p.Bool01("traffic", false)
	for _, err := range []error{errZoom, errX, errY, errScale, errTraffic} {
		if err != nil {
			return nil, err
		}
	}
	r := staticmap.Request{Zoom: zoom, OffsetX: offX, OffsetY: offY, Scale: scale, Font: staticmap.DefaultFont}
	switch {
	case center != "":
		lng, lat, err := parseLngLat("center_coordinate", center)
		if err != nil {
			return nil, err
		}
		r.Center = staticmap.Point{Lng: lng, Lat: lat}
	case city != "":
		code, err := locCity(city, false)
		if err != nil {
			return nil, err
		}
		u, _ := geo.UnitByCityCode(code)
		r.Center = staticmap.Point{Lng: u.Lng, Lat: u.Lat}
	default:
		return nil, &domain.Error{Kind: domain.KindInvalid, Reason: domain.ReasonGeoNeedCenter, Param: "center_coordinate",
			Msg: "need center_coordinate or city"}
	}
	if pts != "" {
		items := strings.Split(pts, "|")
		if len(items) > staticmap.MaxPoints {
			return nil, domain.BadParam("coordinates", "at most 10 points", strconv.Itoa(len(items))+" points")
		}
		var labels []string
		if names != "" {
			labels = strings.Split(names, ",")
			if len(labels) > staticmap.MaxPoints {
				return nil, domain.BadParam("names", "at most 10 labels", names)
			}
		}
		for i, it := range items {
			lng, lat, err := parseLngLat("coordinates", it)
			if err != nil {
				return nil, err
			}
			m := staticmap.Marker{At: staticmap.Point{Lng: lng, Lat: lat}}
			if i < len(labels) {
				m.Label = strings.TrimSpace(labels[i])
			}
			r.Markers = append(r.Markers, m)
		}
	} else if len(strings.Split(names, ",")) > staticmap.MaxPoints {
		return nil, domain.BadParam("names", "at most 10 labels", names)
	}
	var err error
	if r.Line, err = parseShape("lines", lines, false); err != nil {
		return nil, err
	}
	if r.Polygon, err = parseShape("polygons", polys, true); err != nil {
		return nil, err
	}
	if r.Width, r.Height, err = parseMapSize(size); err != nil {
		return nil, err
	}
	f := media.PNG
	switch format {
	case "", "png":
	case "jpg", "jpeg":
		f = media.JPEG
	case "gif":
		f = media.GIF
	default:
		return nil, domain.BadParam("format", "png, jpg or gif", format)
	}
	if font != "" {
		if r.Font, err = parseMapFont(font); err != nil {
			return nil, err
		}
	}
	if traffic {
		return nil, core.NoGeoService("location/base/get_map_image traffic=true", "live traffic data")
	}
	u, err := a.svc.MapImage(ctx, c.v, r, f)
	if err != nil {
		return nil, err
	}
	return MapImageResult{Map: []MapImageURL{{ImageURL: u}}}, nil
}

// MapImageResult is get_map_image's answer: the URL, not the bytes.
type MapImageResult struct {
	Map []MapImageURL `json:"map"`
}

// MapImageURL is one picture of a MapImageResult.
type MapImageURL struct {
	ImageURL string `json:"image_url"`
}

// parseMapSize reads size: "WxH" (lower-case x), or one number for a
// square; each side 1–800; absent is the spec's 240.
func parseMapSize(s string) (w, h int, err error) {
	if s == "" {
		return 240, 240, nil
	}
	ws, hs, ok := strings.Cut(s, "x")
	if !ok {
		hs = ws
	}
	w, e1 := strconv.Atoi(ws)
	h, e2 := strconv.Atoi(hs)
	if e1 != nil || e2 != nil || w < 1 || h < 1 || w > staticmap.MaxSize || h > staticmap.MaxSize {
		return 0, 0, domain.BadParam("size", "WxH, each 1 to 800", s)
	}
	return w, h, nil
}

// parseShape reads lines (colour,width,lng,lat|lng,lat…) or polygons
// (borderColour,borderWidth,fillColour,fillAlpha,lng,lat|…): a style
// prefix on the first vertex, at most 10 vertices. Empty style fields take
// the defaults: blue, 3 px for a line; border 1 px, alpha 50 for a polygon.
func parseShape(param, v string, polygon bool) (*staticmap.Shape, error) {
	if v == "" {
		return nil, nil
	}
	items := strings.Split(v, "|")
	if len(items) > staticmap.MaxPoints {
		return nil, domain.BadParam(param, "at most 10 vertices", strconv.Itoa(len(items))+" vertices")
	}
	nStyle, want := 2, "colour,width,lng,lat|lng,lat…"
	if polygon {
		nStyle, want = 4, "borderColour,borderWidth,fillColour,fillAlpha,lng,lat|lng,lat…"
	}
	head := strings.Split(items[0], ",")
	if len(head) != nStyle+2 {
		return nil, domain.BadParam(param, want, v)
	}
	sh := &staticmap.Shape{Stroke: staticmap.RGB(0x0000FF), Width: 3}
	if polygon {
		sh.Stroke, sh.Width, sh.Fill = staticmap.RGB(0x0000FF), 1, staticmap.RGB(0x0000FF)
	}
	bad := func() error { return domain.BadParam(param, want, v) }
	if s := strings.TrimSpace(head[0]); s != "" {
		c, ok := parseColour(s)
		if !ok {
			return nil, bad()
		}
		sh.Stroke = c
	}
	if s := strings.TrimSpace(head[1]); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > staticmap.MaxWidth {
			return nil, domain.BadParam(param, "a width of 0 to 50", s)
		}
		sh.Width = n
	}
	if polygon {
		if s := strings.TrimSpace(head[2]); s != "" {
			c, ok := parseColour(s)
			if !ok {
				return nil, bad()
			}
			sh.Fill = c
		}
		alpha := 50
		if s := strings.TrimSpace(head[3]); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n > 100 {
				return nil, domain.BadParam(param, "a fill alpha of 0 to 100", s)
			}
			alpha = n
		}
		sh.Fill.A = uint8((alpha*255 + 50) / 100)
	}
	items[0] = head[nStyle] + "," + head[nStyle+1]
	for _, it := range items {
		lng, lat, err := parseLngLat(param, it)
		if err != nil {
			return nil, err
		}
		sh.Points = append(sh.Points, staticmap.Point{Lng: lng, Lat: lat})
	}
	if min := 2 + btoi(polygon); len(sh.Points) < min {
		return nil, domain.BadParam(param, strconv.Itoa(min)+" vertices or more", v)
	}
	return sh, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// parseMapFont reads font: face,style,size,colour,bgcolour,hasBg. The
// server has one label face (GNU Unifont, which draws Chinese), so face
// and style name what a client would like, not what it gets; size (1–72,
// drawn at a whole multiple of 16 px), the colours and hasBg are honoured.
func parseMapFont(s string) (staticmap.Font, error) {
	const want = "face,style,size,colour,bgcolour,hasBg"
	f := strings.Split(s, ",")
	if len(f) != 6 {
		return staticmap.Font{}, domain.BadParam("font", want, s)
	}
	if _, err := strconv.Atoi(strings.TrimSpace(f[1])); err != nil {
		return staticmap.Font{}, domain.BadParam("font", "a numeric style: "+want, s)
	}
	size, err := strconv.Atoi(strings.TrimSpace(f[2]))
	if err != nil || size < 1 || size > staticmap.MaxFontSize {
		return staticmap.Font{}, domain.BadParam("font", "a size of 1 to 72: "+want, s)
	}
	fg, ok1 := parseColour(strings.TrimSpace(f[3]))
	bg, ok2 := parseColour(strings.TrimSpace(f[4]))
	if !ok1 || !ok2 {
		return staticmap.Font{}, domain.BadParam("font", "colours as 0XRRGGBB: "+want, s)
	}
	var hasBg bool
	switch strings.TrimSpace(f[5]) {
	case "0":
	case "1":
		hasBg = true
	default:
		return staticmap.Font{}, domain.BadParam("font", "hasBg 0 or 1: "+want, s)
	}
	return staticmap.Font{Size: size, Color: fg, Background: bg, HasBackground: hasBg}, nil
}

// parseColour reads 0XRRGGBB (the spec's form; 0x and a bare RRGGBB too).
func parseColour(s string) (color.RGBA, bool) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0X"), "0x")
	if len(s) != 6 {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return staticmap.RGB(uint32(v)), true
}
