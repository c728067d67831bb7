package sinaspec

// Notification is notification/send's answer (notification.md).
type Notification struct {
	Notification struct {
		NotificationID int64  `json:"notification_id"`
		Title          string `json:"title"`
		Content        string `json:"content"`
		CreatedAt      string `json:"created_at"`
		SenderApp      struct {
			AppKey62 string `json:"appkey62"`
		} `json:"sender_app"`
		SenderUID int64 `json:"sender_uid"`
	} `json:"notification"`
	FailedUID []string `json:"failed_uid"`
}

// School is one entry of account/profile/school_list (account.md §2).
type School struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ReceivedNotification is one notice of notification/receive_list
// (inferred: notification/send's object, the link, the kind, unread).
type ReceivedNotification struct {
	NotificationID int64  `json:"notification_id"`
	Title          string `json:"title"`
	Content        string `json:"content"`
	CreatedAt      string `json:"created_at"`
	SenderApp      struct {
		AppKey62 string `json:"appkey62"`
	} `json:"sender_app"`
	SenderUID int64  `json:"sender_uid"`
	ActionURL string `json:"action_url"`
	Type      string `json:"type"`
	Unread    bool   `json:"unread"`
}

// ReceiveList is notification/receive_list and receive_list_by_app.
type ReceiveList struct {
	Notifications []ReceivedNotification `json:"notifications"`
	TotalNumber   int                    `json:"total_number"`
	Unread        int                    `json:"unread"`
}
