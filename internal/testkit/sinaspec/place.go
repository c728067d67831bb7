package sinaspec

import (
	"fmt"
	"time"
)

// Place group objects (place.md).

// POI is the place object; province and country may be null.
type POI struct {
	POIID          string  `json:"poiid"`
	Title          string  `json:"title"`
	Address        string  `json:"address"`
	Lon            string  `json:"lon"`
	Lat            string  `json:"lat"`
	Category       string  `json:"category"`
	City           string  `json:"city"`
	Province       *string `json:"province"`
	Country        *string `json:"country"`
	URL            string  `json:"url"`
	Phone          string  `json:"phone"`
	Postcode       string  `json:"postcode"`
	WeiboID        string  `json:"weibo_id"`
	Icon           string  `json:"icon"`
	Extra          string  `json:"extra"`
	RID            string  `json:"rid"`
	Categorys      string  `json:"categorys"`
	CategoryName   string  `json:"category_name"`
	CheckinNum     int     `json:"checkin_num"`
	CheckinUserNum int     `json:"checkin_user_num"`
	CheckinTime    string  `json:"checkin_time"`
	TipNum         int     `json:"tip_num"`
	PhotoNum       int     `json:"photo_num"`
	TodoNum        int     `json:"todo_num"`
	Distance       int     `json:"distance" spec:"optional"`
}

// POIs is the POI list.
type POIs struct {
	POIs        []POI `json:"pois"`
	TotalNumber int   `json:"total_number"`
}

// PlaceCategory is one element of place/pois/category.
type PlaceCategory struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	PID  string `json:"pid"`
}

// PlaceUser is a user of place/pois/users, with the time of their latest
// check-in there.
type PlaceUser struct {
	User
	CheckinAt string `json:"checkin_at"`
}

// Validate checks checkin_at is the place group's time layout.
func (u *PlaceUser) Validate() error {
	if _, err := time.Parse("2006-01-02 15:04:05", u.CheckinAt); err != nil {
		return fmt.Errorf("checkin_at %q: %w", u.CheckinAt, err)
	}
	return nil
}

// PlaceUsers is the place group's user list.
type PlaceUsers struct {
	Users       []*PlaceUser `json:"users"`
	TotalNumber int          `json:"total_number"`
}

// NearbyUser is a user of place/nearby/users, with the distance in metres.
type NearbyUser struct {
	User
	Distance int `json:"distance"`
}

// NearbyUsers is place/nearby/users' list.
type NearbyUsers struct {
	Users       []*NearbyUser `json:"users"`
	TotalNumber int           `json:"total_number"`
}

// UserPlaces is place/users/show: a user with the place counters.
type UserPlaces struct {
	User
	UID            int64 `json:"uid"`
	CheckinNum     int   `json:"checkin_num"`
	TipNum         int   `json:"tip_num"`
	PhotoNum       int   `json:"photo_num"`
	TodoNum        int   `json:"todo_num"`
	GeoStatusesNum int   `json:"geo_statuses_num"`
}
