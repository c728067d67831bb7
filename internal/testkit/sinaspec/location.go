package sinaspec

// Location and common groups (location.md, common.md).

// GeoPlace is one element of "geos" of ip_to_geo, address_to_geo and
// geo_to_address (location.md §2–4): every value a string.
type GeoPlace struct {
	IP           string `json:"ip" spec:"optional"`
	Longitude    string `json:"longitude"`
	Latitude     string `json:"latitude"`
	City         string `json:"city"`
	Province     string `json:"province"`
	CityName     string `json:"city_name"`
	ProvinceName string `json:"province_name"`
	Address      string `json:"address"`
	Pinyin       string `json:"pinyin" spec:"optional"`
	More         string `json:"more" spec:"optional"`
}

// Geos is the envelope {"geos": [...]}.
type Geos struct {
	Geos []GeoPlace `json:"geos"`
}

// OffsetGeos is gps_to_offset's answer.
type OffsetGeos struct {
	Geos []struct {
		Longitude string `json:"longitude"`
		Latitude  string `json:"latitude"`
	} `json:"geos"`
}

// Domestic is one value of is_domestic's object, keyed by the caller's tags.
type Domestic struct {
	Type    int    `json:"type"`
	Address string `json:"address"`
}

// MobileLocation is location/mobile/get_location's answer.
type MobileLocation struct {
	Location struct {
		Longitude        string `json:"longitude"`
		Latitude         string `json:"latitude"`
		Accuracy         string `json:"accuracy"`
		Altitude         string `json:"altitude"`
		AltitudeAccuracy string `json:"altitude_accuracy"`
		Address          *struct {
			City         string `json:"city"`
			Province     string `json:"province"`
			CityName     string `json:"city_name"`
			ProvinceName string `json:"province_name"`
		} `json:"address" spec:"optional"`
	} `json:"location"`
}

// CodeNames is the common/* dynamic-key array: [{"001011": "北京"}, ...],
// each element exactly one key.
type CodeNames []map[string]string

// LocPOI is a POI of location/pois/search/* (location.md §7): every value
// a string; distance only around a centre (by_geo).
type LocPOI struct {
	PID          string `json:"pid"`
	Longitude    string `json:"longitude"`
	Latitude     string `json:"latitude"`
	Name         string `json:"name"`
	CityName     string `json:"city_name"`
	ProvinceName string `json:"province_name"`
	Address      string `json:"address"`
	Telephone    string `json:"telephone"`
	Category     string `json:"category"`
	Navigator    string `json:"navigator"`
	PicURL       string `json:"pic_url"`
	Distance     string `json:"distance" spec:"optional"`
}

// LocPOIs is the searches' envelope; by_area echoes its box.
type LocPOIs struct {
	Coordinates string   `json:"coordinates" spec:"optional"`
	POIs        []LocPOI `json:"pois"`
	TotalNumber int      `json:"total_number"`
}

// AppPOI is a POI an app added (location/pois/show_batch, pois/add).
type AppPOI struct {
	SrcID       string `json:"srcid"`
	Longitude   string `json:"longitude"`
	Latitude    string `json:"latitude"`
	Name        string `json:"name"`
	CityName    string `json:"city_name"`
	Address     string `json:"address"`
	Telephone   string `json:"telephone"`
	Category    string `json:"category"`
	Description string `json:"description"`
	Intro       string `json:"intro"`
	Tags        string `json:"tags"`
	URL         string `json:"url"`
	Traffic     string `json:"traffic"`
	Deal        string `json:"deal"`
	PID         string `json:"pid"`
}

// AppPOIs is show_batch's envelope.
type AppPOIs struct {
	POIs        []AppPOI `json:"pois"`
	TotalNumber int      `json:"total_number"`
}

// DriveRoute is location/line/drive_route's answer (location.md §13):
// numbers as strings; roads[] fields are inferred.
type DriveRoute struct {
	Type             string      `json:"type"`
	RoadNumber       string      `json:"road_number"`
	Distance         string      `json:"distance"`
	DriveTime        string      `json:"drive_time"`
	DriveCoordinates string      `json:"drive_coordinates"`
	PassCoordinates  string      `json:"pass_coordinates"`
	BeginCoordinate  string      `json:"begin_coordinate"`
	EndCoordinate    string      `json:"end_coordinate"`
	ExtensionInfo    string      `json:"extension_info"`
	Roads            []DriveRoad `json:"roads"`
}

// DriveRoad is one stretch of a DriveRoute.
type DriveRoad struct {
	Name        string `json:"name"`
	Distance    string `json:"distance"`
	DriveTime   string `json:"drive_time"`
	Action      string `json:"action"`
	Direction   string `json:"direction"`
	Coordinates string `json:"coordinates"`
}
