package staticmap

//go:generate go run genfont.go
