package sinaspec

import (
	"strings"
	"testing"
)

const goodUser = `{"id":5,"idstr":"5","screen_name":"a","name":"a","province":"11","city":"5","location":"","description":"",
"url":"","profile_image_url":"","profile_url":"u/5","domain":"","weihao":"","gender":"n","followers_count":0,
"friends_count":0,"statuses_count":0,"favourites_count":0,"created_at":"Tue May 31 17:46:55 +0800 2011",
"following":false,"allow_all_act_msg":true,"geo_enabled":true,"verified":false,"verified_type":-1,"remark":"",
"allow_all_comment":true,"avatar_large":"","avatar_hd":"","verified_reason":"","follow_me":false,"online_status":0,
"bi_followers_count":0,"lang":"zh-cn"}`

// The checker must reject every kind of deviation it claims to catch, or
// tests built on it prove nothing.
func TestCheckRejectsDeviations(t *testing.T) {
	var ok User
	if err := Check([]byte(goodUser), &ok); err != nil {
		t.Fatalf("good user rejected: %v", err)
	}
	bad := map[string]string{
		"unknown key":      strings.Replace(goodUser, `"lang"`, `"extra":1,"lang"`, 1),
		"missing key":      strings.Replace(goodUser, `"weihao":"",`, ``, 1),
		"id as string":     strings.Replace(goodUser, `"id":5`, `"id":"5"`, 1),
		"idstr mismatch":   strings.Replace(goodUser, `"idstr":"5"`, `"idstr":"6"`, 1),
		"count as string":  strings.Replace(goodUser, `"friends_count":0`, `"friends_count":"0"`, 1),
		"bad date":         strings.Replace(goodUser, `Tue May 31 17:46:55 +0800 2011`, `2011-05-31T17:46:55Z`, 1),
		"bad gender":       strings.Replace(goodUser, `"gender":"n"`, `"gender":"x"`, 1),
		"province not num": strings.Replace(goodUser, `"province":"11"`, `"province":"北京"`, 1),
		"trailing data":    goodUser + `{}`,
	}
	for name, body := range bad {
		var u User
		if err := Check([]byte(body), &u); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Nested required keys are checked too, and null arrays are refused.
	var l Users
	if err := Check([]byte(`{"users":[`+strings.Replace(goodUser, `"remark":"",`, ``, 1)+`],"next_cursor":0,"previous_cursor":0,"total_number":1}`), &l); err == nil {
		t.Error("nested missing key accepted")
	}
	if err := Check([]byte(`{"users":null,"next_cursor":0,"previous_cursor":0,"total_number":0}`), &l); err == nil {
		t.Error("null users accepted")
	}
}
