package domain

import (
	"context"
	"time"
)

// POI is a place of the place/* group (place.md): a row of its own, with
// counters the check-ins, tips, photos and todos move.
type POI struct {
	ID       string // poiid: 20 upper-case hex characters
	Title    string
	Address  string
	Category int
	City     string // 4-digit city code, "" when unknown
	Province string
	Country  string
	Phone    string
	Postcode string
	Extra    string
	Lat, Lng float64 // GCJ-02
	Cell     int64   // S2 leaf cell of the point (geo.Cell)
	UserID   int64   // who created it
	AppID    int64
	Created  time.Time

	CheckinNum     int
	CheckinUserNum int
	TipNum         int
	PhotoNum       int
	TodoNum        int
	LastCheckin    time.Time // zero when none
}

// LocationPOI is a POI an app submitted through location/pois/add under
// its own id: the place row is POI, the rest is what only the location
// service's shape carries.
type LocationPOI struct {
	AppID, SrcID int64
	UserID       int64
	CityName     string
	CategoryName string
	PicURL, URL  string
	Tags         string
	Description  string
	Intro        string
	Traffic      string
	Created      time.Time
	POI          POI
}

// CellRange is an inclusive range of stored S2 cell ids.
type CellRange struct{ Lo, Hi int64 }

// PlaceReader reads places.
type PlaceReader interface {
	// POIByID finds one POI (KindNotFound, ReasonPOINotFound when absent).
	POIByID(ctx context.Context, id string) (*POI, error)
	// SearchPOIs finds POIs whose title or address contains keyword, in
	// city when not "", of category when not 0, most checked-in first.
	SearchPOIs(ctx context.Context, keyword, city string, category int, p Page) ([]POI, int, error)
	// POIsInCells lists at most limit POIs whose cell lies in one of the
	// ranges (the candidates of a nearby search), in no particular order.
	POIsInCells(ctx context.Context, ranges []CellRange, limit int) ([]POI, error)
	// LocationPOIs finds the POIs an app added under the srcids, with
	// their place rows; an unknown srcid is simply absent.
	LocationPOIs(ctx context.Context, appID int64, srcids []int64) ([]LocationPOI, error)
	PlaceStatusReader
	NearbyPeopleReader
}

// PlaceWriter writes places.
type PlaceWriter interface {
	// InsertPOI stores a new POI (its ID already chosen).
	InsertPOI(ctx context.Context, p *POI) error
	// InsertLocationPOI keys a POI (already inserted) by its app's srcid;
	// a srcid the app used before is KindConflict.
	InsertLocationPOI(ctx context.Context, l *LocationPOI) error
	PlaceStatusWriter
	NearbyPeopleWriter
}

// PlaceKind is what a place status is: the write of place.md that posted it.
type PlaceKind int

const (
	PlaceCheckin PlaceKind = 1 // place/pois/add_checkin
	PlaceTip     PlaceKind = 2 // place/pois/add_tip
	PlacePhoto   PlaceKind = 3 // place/pois/add_photo
	PlaceTodo    PlaceKind = 4 // place/pois/add_todo
)

// PlaceStatus ties a status (an ordinary one, carrying the place
// annotation and geo) to the POI it was posted at.
type PlaceStatus struct {
	StatusID  int64
	POIID     string
	UserID    int64
	AppID     int64
	Kind      PlaceKind
	Photo     bool // the status shows a picture
	CreatedAt time.Time
}

// PlaceStatusQuery selects place statuses, newest first. Zero fields do not
// filter.
type PlaceStatusQuery struct {
	POIID  string
	UserID int64
	Kind   PlaceKind
	Photo  bool  // only those showing a picture
	AppID  int64 // base_app: only those posted through this app
	Page   Page
}

// PlaceVisit is one user's check-ins at one POI: how many, and the newest.
type PlaceVisit struct {
	POIID    string
	UserID   int64
	Checkins int
	Last     time.Time
}

// POICounts is a change to a POI's counters, applied atomically.
// LastCheckin, when not zero, moves the last check-in time forward.
type POICounts struct {
	Checkins, CheckinUsers, Tips, Photos, Todos int
	LastCheckin                                 time.Time
}

// GeoStatus is a status with a point, as the nearby index holds it: every
// status that carries geo has one, until it is deleted.
type GeoStatus struct {
	StatusID int64
	UserID   int64
	AppID    int64
	Lat, Lng float64
	Cell     int64 // geo.Cell of the point
	Public   bool  // visible to everyone (domain.VisiblePublic)
	Photo    bool  // shows a picture
}

// GeoQuery narrows a scan of the geo index.
type GeoQuery struct {
	PhotoOnly bool
	AppID     int64 // base_app
	// SinceID/MaxID bound the status ids (time): starttime and endtime.
	SinceID, MaxID int64
}

// GeoSelect chooses whose located statuses a place timeline lists: one
// of the fields is set.
type GeoSelect struct {
	Public bool  // everyone's public ones (place/public_timeline)
	UserID int64 // one author's (place/user_timeline)
	// FriendsOf: the people this user follows and the user
	// (place/friends_timeline); with Mutual, only mutual followers.
	FriendsOf int64
	Mutual    bool
}

// UserPlaceCounts are a user's place statuses by kind, and their located
// statuses (place/users/show).
type UserPlaceCounts struct {
	Checkins, Tips, Photos, Todos, GeoStatuses int
}

// PlaceStatusReader reads place statuses and the geo index.
type PlaceStatusReader interface {
	// GeoStatusIDs lists the located statuses sel chooses, newest first,
	// under StatusQuery's rules (visibility, filter, page); total counts
	// every match.
	GeoStatusIDs(ctx context.Context, sel GeoSelect, q StatusQuery) (ids []int64, total int, err error)
	// UserPlaceCounts counts a user's place statuses and, of their located
	// statuses, the public ones (all of them with own set); appID, when not
	// 0, counts only those posted through that app.
	UserPlaceCounts(ctx context.Context, userID int64, own bool, appID int64) (UserPlaceCounts, error)
	// PlaceStatusOf is the place a status was posted at, or KindNotFound.
	PlaceStatusOf(ctx context.Context, statusID int64) (*PlaceStatus, error)
	// PlaceStatusIDs selects place statuses; total counts every match.
	PlaceStatusIDs(ctx context.Context, q PlaceStatusQuery) (ids []int64, total int, err error)
	// POIVisitors lists the users who checked in at a POI, latest first.
	POIVisitors(ctx context.Context, poiID string, c Cursor) ([]PlaceVisit, int, error)
	// UserVisits lists the POIs a user checked in at, latest first.
	UserVisits(ctx context.Context, userID int64, c Cursor) ([]PlaceVisit, int, error)
	// POIsByIDs loads POIs; missing ids are absent.
	POIsByIDs(ctx context.Context, ids []string) (map[string]*POI, error)
	// PublicGeoStatusesInCells lists at most limit public located statuses
	// whose cell lies in one of the ranges, in no particular order (the
	// candidates of a nearby search); the work is bounded by limit.
	PublicGeoStatusesInCells(ctx context.Context, ranges []CellRange, q GeoQuery, limit int) ([]GeoStatus, error)
}

// PlaceStatusWriter writes place statuses and the geo index.
type PlaceStatusWriter interface {
	InsertPlaceStatus(ctx context.Context, p *PlaceStatus) error
	// DeletePlaceStatus removes the row of a status (KindNotFound if none).
	DeletePlaceStatus(ctx context.Context, statusID int64) error
	AddPOICounts(ctx context.Context, poiID string, d POICounts) error
	// RecordVisit counts a check-in of userID at poiID made at at; first
	// reports the user had none there before.
	RecordVisit(ctx context.Context, poiID string, userID int64, at time.Time) (first bool, err error)
	// RecountVisit recounts userID's check-ins at poiID from the place
	// statuses after one was deleted; gone reports none are left.
	RecountVisit(ctx context.Context, poiID string, userID int64) (gone bool, err error)
	IndexStatusGeo(ctx context.Context, g *GeoStatus) error
	// UnindexStatusGeo drops a status from the geo index (none: no error).
	UnindexStatusGeo(ctx context.Context, statusID int64) error
}

// NearbyPosition is a position a user published for "people nearby"
// (place/nearby_users/create), shown until it expires.
type NearbyPosition struct {
	UserID    int64
	Lat, Lng  float64 // GCJ-02
	Cell      int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// NearbyPeopleReader reads published positions.
type NearbyPeopleReader interface {
	// NearbyPositions lists at most limit positions unexpired at now
	// whose cell lies in one of the ranges, in no particular order.
	NearbyPositions(ctx context.Context, ranges []CellRange, now time.Time, limit int) ([]NearbyPosition, error)
}

// NearbyPeopleWriter publishes and withdraws positions.
type NearbyPeopleWriter interface {
	// SetNearbyPosition publishes p, replacing the user's previous one.
	SetNearbyPosition(ctx context.Context, p *NearbyPosition) error
	// DeleteNearbyPosition withdraws the user's position; found reports
	// there was one.
	DeleteNearbyPosition(ctx context.Context, userID int64) (found bool, err error)
}

// Router plans drives over a road network an operator runs and points the
// server at (location/line/drive_route; --routing-url). No server ships a
// road network offline, so without one the core answers that it has none
// and never invents a route. Points are WGS-84 [lng, lat], as road data
// is; the core converts to and from the GCJ-02 the APIs speak.
type Router interface {
	// Drive answers the routes (one, or a few alternatives) from one point
	// to another, fastest first; avoidTolls leaves toll roads out. No road
	// between the points is ReasonGeoNoData; a failing router is
	// ReasonGeoUpstream.
	Drive(ctx context.Context, from, to [2]float64, avoidTolls bool) ([]Route, error)
}

// Route is one way from a start to an end.
type Route struct {
	Distance float64 // metres
	Duration float64 // seconds
	Path     [][2]float64
	Steps    []RouteStep
}

// RouteStep is one stretch of a Route along one road.
type RouteStep struct {
	Road      string // the road's name, "" when it has none
	Distance  float64
	Duration  float64
	Action    string // what the driver does where it starts: depart, turn, merge, arrive, ...
	Direction string // which way: left, right, straight, slight left, ...
	Path      [][2]float64
}
