package sinaspec

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
