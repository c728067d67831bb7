package sinaspec

import (
	"strings"
	"testing"
)

const goodUser = `{"id":5,"idstr":"5","screen_name":"a","name":"a","province":"11","city":"5","location":"","description":"",
"url":"","profile_image_url":"http://h/media/avatar/50/d.png","profile_url":"u/5","domain":"","weihao":"","gender":"n","followers_count":0,
"friends_count":0,"statuses_count":0,"favourites_count":0,"created_at":"Tue May 31 17:46:55 +0800 2011",
"following":false,"allow_all_act_msg":true,"geo_enabled":true,"verified":false,"verified_type":-1,"remark":"",
"allow_all_comment":true,"avatar_large":"http://h/media/avatar/180/d.png","avatar_hd":"http://h/media/avatar/hd/d.png","verified_reason":"","follow_me":false,"online_status":0,
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
		"no avatar":        strings.Replace(goodUser, `"profile_image_url":"http://h/media/avatar/50/d.png"`, `"profile_image_url":""`, 1),
		"one avatar size":  strings.Replace(goodUser, `avatar/180/`, `avatar/hd/`, 1),
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

const goodStatus = `{"created_at":"Tue May 31 17:46:55 +0800 2011","id":7,"mid":"7","idstr":"7","text":"t",
"source":"<a href=\"/\">x</a>","favorited":false,"truncated":false,"in_reply_to_status_id":"",
"in_reply_to_user_id":"","in_reply_to_screen_name":"",
"thumbnail_pic":"http://h/media/thumbnail/a1.jpg","bmiddle_pic":"http://h/media/bmiddle/a1.jpg",
"original_pic":"http://h/media/large/a1.jpg",
"pic_urls":[{"thumbnail_pic":"http://h/media/thumbnail/a1.jpg"},{"thumbnail_pic":"http://h/media/thumbnail/b2.png"}],
"pic_ids":["a1","b2"],"geo":null,"reposts_count":0,"comments_count":0,"attitudes_count":0,"mlevel":0,
"visible":{"type":0,"list_id":0}}`

// The picture rules of objects.md §1 are checked as strictly.
func TestCheckPictures(t *testing.T) {
	var ok Status
	if err := Check([]byte(goodStatus), &ok); err != nil {
		t.Fatalf("good status rejected: %v", err)
	}
	bad := map[string]string{
		"first is not thumbnail_pic": strings.Replace(goodStatus, `"thumbnail_pic":"http://h/media/thumbnail/a1.jpg","bmiddle`, `"thumbnail_pic":"http://h/media/thumbnail/b2.png","bmiddle`, 1),
		"bmiddle of another picture": strings.Replace(goodStatus, `bmiddle/a1.jpg`, `bmiddle/b2.jpg`, 1),
		"original not large":         strings.Replace(goodStatus, `large/a1.jpg`, `bmiddle/a1.jpg`, 1),
		"ids out of order":           strings.Replace(goodStatus, `["a1","b2"]`, `["b2","a1"]`, 1),
		"ids fewer than urls":        strings.Replace(goodStatus, `["a1","b2"]`, `["a1"]`, 1),
		"pic_urls not thumbnails":    strings.Replace(goodStatus, `{"thumbnail_pic":"http://h/media/thumbnail/b2.png"}`, `{"thumbnail_pic":"http://h/media/large/b2.png"}`, 1),
		"fields without pic_urls": strings.Replace(strings.Replace(goodStatus, `,{"thumbnail_pic":"http://h/media/thumbnail/b2.png"}`, ``, 1),
			`[{"thumbnail_pic":"http://h/media/thumbnail/a1.jpg"}]`, `[]`, 1),
	}
	for name, body := range bad {
		var st Status
		if err := Check([]byte(body), &st); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
